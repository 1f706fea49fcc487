//! A printer and a speech engine that only record what the kiosk asked of them: the parts
//! of a temporary [`Machine`](super::Machine) for tests and benchmarks, so no test prints
//! to a real printer or talks through a real sound card unless it is about them.

use std::sync::{Arc, Mutex, PoisonError};

use super::{Printer, SpeechEngine};
use crate::system::print::PrintError;
use crate::system::speech::{Speaker, SpeechError, Voice};

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One job a [`RecordingPrinter`] took: the queue it was sent to and its size in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub queue: Option<String>,
    pub bytes: usize,
}

/// Takes every job at once as `recorded-N`, keeping its size and queue.
#[derive(Debug, Clone, Default)]
pub struct RecordingPrinter {
    pub jobs: Arc<Mutex<Vec<Job>>>,
}

impl RecordingPrinter {
    /// How many jobs were printed.
    pub fn printed(&self) -> usize {
        lock(&self.jobs).len()
    }
}

impl Printer for RecordingPrinter {
    fn print(
        &self,
        pdf: &[u8],
        queue: Option<&str>,
        _wait: std::time::Duration,
    ) -> Result<String, PrintError> {
        let mut jobs = lock(&self.jobs);
        jobs.push(Job {
            queue: queue.map(str::to_owned),
            bytes: pdf.len(),
        });
        Ok(format!("recorded-{}", jobs.len()))
    }
}

/// A speech engine that records what the kiosk asked of it: "speak LANG: TEXT" and "stop"
/// when it silenced something still speaking. Every speaker it makes shares one log.
#[derive(Debug, Clone, Default)]
pub struct RecordingSpeaker {
    pub log: Arc<Mutex<Vec<String>>>,
    pub voices: Arc<Mutex<Vec<Voice>>>,
    pub speaking: Arc<Mutex<bool>>,
    /// Speaking fails at once, as with no engine installed.
    pub broken: bool,
    /// Starts, then fails (as espeak-ng does with no sound device).
    pub fails_later: bool,
}

impl RecordingSpeaker {
    /// Everything said, in order, without the stops.
    pub fn said(&self) -> Vec<String> {
        lock(&self.log)
            .iter()
            .filter_map(|l| l.split_once(": ").map(|(_, t)| t.to_owned()))
            .collect()
    }

    /// Everything asked of it, in order: "speak LANG: TEXT", "stop", "pause", "go on".
    pub fn log(&self) -> Vec<String> {
        lock(&self.log).clone()
    }

    /// The last thing said.
    pub fn last(&self) -> String {
        self.said().last().cloned().unwrap_or_default()
    }

    /// Speech finished (the engine reached the end of the text).
    pub fn finish_speaking(&self) {
        *lock(&self.speaking) = false;
    }
}

/// A speech engine that keeps nothing but how many times it spoke, and is done at once (as
/// an engine that exits straight away): for long runs (the soak), where a log of every
/// utterance would grow for ever.
#[derive(Debug, Clone, Default)]
pub struct MutedSpeaker {
    pub spoken: Arc<std::sync::atomic::AtomicU64>,
}

impl SpeechEngine for MutedSpeaker {
    fn speaker(&self, _command: &[String]) -> Box<dyn Speaker> {
        Box::new(self.clone())
    }
}

impl Speaker for MutedSpeaker {
    fn speak(&mut self, _lang: &str, _text: &str, _voice: Voice) -> Result<(), SpeechError> {
        self.spoken
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    fn stop(&mut self) {}

    fn is_speaking(&mut self) -> bool {
        false
    }

    fn pause(&mut self, _paused: bool) {}
}

impl SpeechEngine for RecordingSpeaker {
    fn speaker(&self, _command: &[String]) -> Box<dyn Speaker> {
        Box::new(self.clone())
    }
}

impl Speaker for RecordingSpeaker {
    fn speak(&mut self, lang: &str, text: &str, voice: Voice) -> Result<(), SpeechError> {
        if self.broken {
            return Err(SpeechError::NotInstalled("espeak-ng".into()));
        }
        // Like the real engine: a new request silences the old one first.
        self.stop();
        lock(&self.log).push(format!("speak {lang}: {text}"));
        lock(&self.voices).push(voice);
        *lock(&self.speaking) = true;
        Ok(())
    }

    fn stop(&mut self) {
        if std::mem::take(&mut *lock(&self.speaking)) {
            lock(&self.log).push("stop".into());
        }
    }

    fn is_speaking(&mut self) -> bool {
        *lock(&self.speaking)
    }

    fn pause(&mut self, paused: bool) {
        if *lock(&self.speaking) {
            lock(&self.log).push(if paused { "pause" } else { "go on" }.into());
        }
    }

    fn failure(&mut self) -> Option<SpeechError> {
        if self.fails_later && std::mem::take(&mut *lock(&self.speaking)) {
            return Some(SpeechError::Failed(
                "espeak-ng".into(),
                "no sound device".into(),
            ));
        }
        None
    }
}
