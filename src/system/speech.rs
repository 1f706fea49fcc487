//! Read-aloud: speaks a page through the system's speech engine (espeak-ng on Linux, run as
//! a child process so Stop is instant and a crash cannot take the kiosk down). Patients who
//! cannot read the screen hear everything it shows: headings, text, list items with their
//! step numbers, and what each picture shows.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The speech engine's program name.
pub const ENGINE: &str = "espeak-ng";

/// Why speech did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpeechError {
    #[error(
        "read aloud: the speech engine `{ENGINE}` is not installed (install the espeak-ng package)"
    )]
    NotInstalled,
    #[error("read aloud: `{ENGINE}` failed: {0}")]
    Failed(String),
}

/// Something that can speak text and be stopped. The kiosk uses [`Espeak`]; tests use a
/// recording fake.
pub trait Speaker: Send {
    fn speak(&mut self, lang: &str, text: &str) -> Result<(), SpeechError>;
    fn stop(&mut self);
    fn is_speaking(&mut self) -> bool;
    /// Speech that started but then failed (say, no sound device), reported once.
    fn failure(&mut self) -> Option<SpeechError> {
        None
    }
}

/// The espeak-ng voice for a content language (Latin American Spanish for `es`).
pub fn voice_for(lang: &str) -> &str {
    match lang {
        "en" => "en-us",
        "es" => "es-419",
        other => other,
    }
}

/// Words per minute: a little slower than the engine's default, for clarity.
const RATE: &str = "150";

/// Join a page's pieces into one text with a pause after each.
pub fn page_script(pieces: &[String]) -> String {
    pieces
        .iter()
        .map(|p| {
            let p = p.trim();
            if p.ends_with(['.', '?', '!', ':']) {
                p.to_owned()
            } else {
                format!("{p}.")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Speaks through an `espeak-ng` child process.
#[derive(Debug, Default)]
pub struct Espeak {
    child: Option<Child>,
    failed: Option<SpeechError>,
}

fn spawn(args: &[&str], text: &str) -> Result<Child, SpeechError> {
    let mut child = Command::new(ENGINE)
        .args(args)
        .arg("--stdin")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SpeechError::NotInstalled,
            _ => SpeechError::Failed(e.to_string()),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| SpeechError::Failed(e.to_string()))?;
    }
    Ok(child)
}

impl Speaker for Espeak {
    fn speak(&mut self, lang: &str, text: &str) -> Result<(), SpeechError> {
        self.stop();
        self.child = Some(spawn(&["-v", voice_for(lang), "-s", RATE], text)?);
        Ok(())
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // Already finished is fine; either way, reap it.
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn is_speaking(&mut self) -> bool {
        let Some(child) = &mut self.child else {
            return false;
        };
        match child.try_wait() {
            Ok(None) => true,
            Ok(Some(status)) => {
                if !status.success() {
                    let mut said = String::new();
                    if let Some(mut err) = child.stderr.take() {
                        let _ = std::io::Read::read_to_string(&mut err, &mut said);
                    }
                    self.failed = Some(SpeechError::Failed(format!("{status}: {}", said.trim())));
                }
                self.child = None;
                false
            }
            Err(e) => {
                self.failed = Some(SpeechError::Failed(e.to_string()));
                self.child = None;
                false
            }
        }
    }

    fn failure(&mut self) -> Option<SpeechError> {
        self.failed.take()
    }
}

impl Drop for Espeak {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Render speech to a WAV file instead of the speakers (for checks and tests).
pub fn render_wav(lang: &str, text: &str, out: &Path) -> Result<(), SpeechError> {
    let out_s = out.display().to_string();
    let child = spawn(&["-v", voice_for(lang), "-s", RATE, "-w", &out_s], text)?;
    let status = child
        .wait_with_output()
        .map_err(|e| SpeechError::Failed(e.to_string()))?
        .status;
    if status.success() {
        Ok(())
    } else {
        Err(SpeechError::Failed(format!(
            "exit status {status} writing {out_s}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_script_pauses_after_every_piece() {
        let s = page_script(&["Aftercare".into(), "1. Your skin is cleaned.".into()]);
        assert_eq!(s, "Aftercare.\n1. Your skin is cleaned.");
    }
}
