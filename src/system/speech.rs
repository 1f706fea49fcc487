//! Read-aloud: speaks a page through the system's speech engine (espeak-ng on Linux, or the
//! clinic's `speech_command`). Patients who cannot read the screen hear everything it shows:
//! headings, text, list items with their step numbers, and what each picture shows.
//!
//! The engine is a child program the kiosk does not control, so nothing here waits for it
//! on the UI thread: it runs in a process group of its own through [`Processes`] (Stop ends
//! the whole group, a pipeline's sound player too, and escalates to SIGKILL in the
//! background), the page goes to its standard input from a thread of its own (an engine
//! that reads slowly or never cannot hold up drawing), and what it says on standard error
//! is collected by another. An utterance is bounded ([`MAX_UTTERANCE`]), so a runaway page
//! costs neither memory nor half a day of talking.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{ChildStderr, ChildStdin, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::processes::{Group, Processes};

/// The default speech engine's program name.
pub const ENGINE: &str = "espeak-ng";

/// The default `speech_command`: espeak-ng reading standard input with the language's voice.
pub const DEFAULT_COMMAND: [&str; 8] = [
    "espeak-ng",
    "-v",
    "{voice}",
    "-s",
    "{rate}",
    "-a",
    "{volume}",
    "--stdin",
];

/// The placeholders a `speech_command` argument may use.
pub const PLACEHOLDERS: [&str; 6] = [
    "{voice}",
    "{lang}",
    "{rate}",
    "{volume}",
    "{rate_percent}",
    "{volume_percent}",
];

/// Why speech did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpeechError {
    #[error("read aloud: the speech engine `{0}` is not installed (see speech_command)")]
    NotInstalled(String),
    #[error("read aloud: `{0}` failed: {1}")]
    Failed(String, String),
}

/// How fast and how loud: set by the patient's keys, back to normal for the next patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voice {
    /// Words per minute.
    pub rate: u16,
    /// Loudness in percent of the engine's normal (espeak-ng's amplitude, 100 = normal).
    pub volume: u16,
}

impl Voice {
    pub const NORMAL: Voice = Voice {
        rate: 150,
        volume: 100,
    };
    const RATES: std::ops::RangeInclusive<u16> = 90..=300;
    const VOLUMES: std::ops::RangeInclusive<u16> = 40..=200;
    const RATE_STEP: u16 = 25;
    const VOLUME_STEP: u16 = 20;

    /// One step faster (`up`) or slower, within bounds; `None` at the bound.
    pub fn rate_step(self, up: bool) -> Option<Voice> {
        let rate = step(self.rate, Self::RATE_STEP, up, &Self::RATES)?;
        Some(Voice { rate, ..self })
    }

    /// One step louder (`up`) or quieter, within bounds; `None` at the bound.
    pub fn volume_step(self, up: bool) -> Option<Voice> {
        let volume = step(self.volume, Self::VOLUME_STEP, up, &Self::VOLUMES)?;
        Some(Voice { volume, ..self })
    }
}

impl Default for Voice {
    fn default() -> Self {
        Self::NORMAL
    }
}

fn step(v: u16, by: u16, up: bool, bounds: &std::ops::RangeInclusive<u16>) -> Option<u16> {
    let next = if up {
        v.saturating_add(by).min(*bounds.end())
    } else {
        v.saturating_sub(by).max(*bounds.start())
    };
    (next != v).then_some(next)
}

/// Something that can speak text and be stopped. The kiosk runs the clinic's
/// `speech_command` ([`CommandSpeaker`]); tests use a recording fake.
pub trait Speaker: Send {
    /// Speak `text`, stopping whatever is speaking first.
    fn speak(&mut self, lang: &str, text: &str, voice: Voice) -> Result<(), SpeechError>;
    fn stop(&mut self);
    fn is_speaking(&mut self) -> bool;
    /// Pause what is speaking, where it is (`true`), or let it go on. Speaking anew or
    /// stopping ends a pause.
    fn pause(&mut self, paused: bool);
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

/// The command line for one utterance: every placeholder filled in.
pub fn fill_command(command: &[String], lang: &str, voice: Voice) -> Vec<String> {
    let percent = |v: u16, normal: u16| {
        ((i32::from(v) - i32::from(normal)) * 100 / i32::from(normal)).clamp(-100, 100)
    };
    command
        .iter()
        .map(|arg| {
            arg.replace("{voice}", voice_for(lang))
                .replace("{lang}", lang)
                .replace(
                    "{rate_percent}",
                    &percent(voice.rate, Voice::NORMAL.rate).to_string(),
                )
                .replace(
                    "{volume_percent}",
                    &percent(voice.volume, Voice::NORMAL.volume).to_string(),
                )
                .replace("{rate}", &voice.rate.to_string())
                .replace("{volume}", &voice.volume.to_string())
        })
        .collect()
}

/// The most of a page one utterance speaks, in bytes: at a normal rate, over half an hour.
/// A longer text is cut (at a sentence end where there is one), so a runaway page takes
/// neither the memory nor the patient's afternoon.
pub const MAX_UTTERANCE: usize = 32 * 1024;

/// How much of the engine's standard error is kept for the failure message.
const ERRORS_KEPT: usize = 4 * 1024;

/// How long a failed engine's standard error is waited for before the failure is reported
/// without it (something it started may hold the pipe open).
const ERRORS_WAIT: Duration = Duration::from_millis(250);

/// `text`, cut to at most `max` bytes: at the last sentence end in the second half of
/// that, else at the last space there, else wherever a character ends (never losing more
/// than half to find a nicer place).
fn bounded(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text.get(..end).unwrap_or_default();
    let followed_by_space = |at: usize| {
        text.get(at..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_whitespace)
    };
    let sentence = head
        .char_indices()
        .rev()
        .map(|(i, c)| (i + c.len_utf8(), c))
        .take_while(|&(after, _)| after > max / 2)
        .find(|&(after, c)| matches!(c, '.' | '!' | '?') && followed_by_space(after))
        .map(|(after, _)| after);
    let cut = sentence
        .or_else(|| head.rfind(char::is_whitespace).filter(|&i| i > max / 2))
        .unwrap_or(end);
    text.get(..cut).unwrap_or(head)
}

/// What one utterance says: the text, cut to `max` bytes (logged, since the patient does
/// not hear the rest).
fn utterance_text(text: &str, max: usize) -> &str {
    let spoken = bounded(text, max);
    if spoken.len() < text.len() {
        log::warn!(
            "read aloud: the text is {} bytes; only its first {} are spoken",
            text.len(),
            spoken.len()
        );
    }
    spoken
}

/// Write `bytes` to an engine's standard input and close it (the end of input tells the
/// engine to finish). Runs on a thread of its own: an engine that never reads blocks only
/// this thread, and only until its group is ended, which breaks the pipe.
fn feed(mut stdin: ChildStdin, bytes: &[u8]) {
    match stdin.write_all(bytes) {
        Ok(()) => {}
        // Stopped before it had read everything: nothing went wrong.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => log::debug!("read aloud: writing to the engine: {e}"),
    }
}

/// The first [`ERRORS_KEPT`] bytes an engine writes to standard error; the rest is read
/// and dropped, so an engine that talks a lot there never blocks on it.
fn collect_errors(mut stderr: ChildStderr) -> String {
    let mut kept = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stderr.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                let room = ERRORS_KEPT.saturating_sub(kept.len()).min(n);
                kept.extend_from_slice(buf.get(..room).unwrap_or_default());
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&kept).trim().to_owned()
}

/// One utterance being spoken.
#[derive(Debug)]
struct Utterance {
    program: String,
    /// The engine's process group: dropping it ends the group.
    group: Group,
    /// Collects the engine's standard error until it closes it.
    errors: Option<JoinHandle<String>>,
    /// When the engine was seen to have failed: its message is waited for until a moment
    /// after.
    failed_at: Option<Instant>,
}

impl Utterance {
    /// Start `argv` with `text` on its standard input, in a process group of its own (so a
    /// pipeline such as `sh -c "piper ... | aplay"` stops whole). Returns at once: the
    /// text is written, and standard error read, by threads of their own.
    fn start(
        processes: &Processes,
        argv: &[String],
        text: &str,
        max_text: usize,
    ) -> Result<Self, SpeechError> {
        let Some((program, args)) = argv.split_first() else {
            return Err(SpeechError::NotInstalled(String::new()));
        };
        let mut cmd = processes.command(program);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut group = processes.spawn_group(cmd).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SpeechError::NotInstalled(program.clone()),
            _ => SpeechError::Failed(program.clone(), e.to_string()),
        })?;
        // Should a thread not start, `group` is dropped on the way out, which ends it.
        let no_thread = |e: std::io::Error| {
            SpeechError::Failed(program.clone(), format!("cannot start a thread: {e}"))
        };
        if let Some(stdin) = group.stdin.take() {
            let bytes = utterance_text(text, max_text).as_bytes().to_vec();
            std::thread::Builder::new()
                .name("speech-input".into())
                .spawn(move || feed(stdin, &bytes))
                .map_err(no_thread)?;
        }
        let errors = match group.stderr.take() {
            Some(stderr) => Some(
                std::thread::Builder::new()
                    .name("speech-errors".into())
                    .spawn(move || collect_errors(stderr))
                    .map_err(no_thread)?,
            ),
            None => None,
        };
        Ok(Self {
            program: program.clone(),
            group,
            errors,
            failed_at: None,
        })
    }
}

/// Speaks through the clinic's `speech_command`, one child process group per utterance: a
/// new one stops the last, and a crash, a hang or a deaf engine cannot take the kiosk down.
#[derive(Debug)]
pub struct CommandSpeaker {
    command: Vec<String>,
    processes: Processes,
    utterance: Option<Utterance>,
    failed: Option<SpeechError>,
    /// [`MAX_UTTERANCE`]; tests lift it to give an engine more than a pipe holds.
    max_text: usize,
}

impl Default for CommandSpeaker {
    fn default() -> Self {
        Self::new(DEFAULT_COMMAND.iter().map(|s| (*s).to_owned()).collect())
    }
}

impl CommandSpeaker {
    /// Speaks with `command`, running it on the kiosk's own `PATH`.
    pub fn new(command: Vec<String>) -> Self {
        Self::with_processes(command, Processes::default())
    }

    /// Speaks with `command`, run by `processes` (whose `end_all` then ends the speech too).
    pub fn with_processes(command: Vec<String>, processes: Processes) -> Self {
        Self {
            command,
            processes,
            utterance: None,
            failed: None,
            max_text: MAX_UTTERANCE,
        }
    }
}

impl Speaker for CommandSpeaker {
    fn speak(&mut self, lang: &str, text: &str, voice: Voice) -> Result<(), SpeechError> {
        self.stop();
        let argv = fill_command(&self.command, lang, voice);
        self.utterance = Some(Utterance::start(
            &self.processes,
            &argv,
            text,
            self.max_text,
        )?);
        Ok(())
    }

    /// Ends the utterance's whole group and returns at once (the group's SIGKILL, if it
    /// needs one, and the waiting happen in the background).
    fn stop(&mut self) {
        self.utterance = None;
    }

    fn pause(&mut self, paused: bool) {
        if let Some(utterance) = &self.utterance {
            utterance.group.pause(paused);
        }
    }

    fn is_speaking(&mut self) -> bool {
        let Some(utterance) = &mut self.utterance else {
            return false;
        };
        let status = match utterance.group.status() {
            Ok(None) => return true,
            Ok(Some(status)) => status,
            Err(e) => {
                self.failed = Some(SpeechError::Failed(
                    utterance.program.clone(),
                    e.to_string(),
                ));
                self.utterance = None;
                return false;
            }
        };
        // Ended by someone else's `end_all` (the kiosk stopping): not the engine's fault.
        if status.success() || utterance.group.was_ended() {
            self.utterance = None;
            return false;
        }
        // Still "speaking" for a moment, so the kiosk looks again for the message.
        let failed_at = *utterance.failed_at.get_or_insert_with(Instant::now);
        let collected = utterance
            .errors
            .as_ref()
            .is_none_or(JoinHandle::is_finished);
        if !collected && failed_at.elapsed() < ERRORS_WAIT {
            return true;
        }
        let said = match utterance.errors.take() {
            Some(errors) if collected => errors.join().unwrap_or_default(),
            _ => String::new(),
        };
        let why = if said.is_empty() {
            status.to_string()
        } else {
            format!("{status}: {said}")
        };
        self.failed = Some(SpeechError::Failed(utterance.program.clone(), why));
        self.utterance = None;
        false
    }

    fn failure(&mut self) -> Option<SpeechError> {
        self.failed.take()
    }
}

impl Drop for CommandSpeaker {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Render speech to a WAV file with espeak-ng instead of the speakers (checks and tests).
pub fn render_wav(lang: &str, text: &str, out: &Path) -> Result<(), SpeechError> {
    let out_s = out.display().to_string();
    let rate = Voice::NORMAL.rate.to_string();
    let argv: Vec<String> = [
        ENGINE,
        "-v",
        voice_for(lang),
        "-s",
        &rate,
        "-w",
        &out_s,
        "--stdin",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let Some((program, args)) = argv.split_first() else {
        return Err(SpeechError::NotInstalled(String::new()));
    };
    // Checks and tests only: this thread waits for the engine, but not on its input.
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SpeechError::NotInstalled(program.clone()),
            _ => SpeechError::Failed(program.clone(), e.to_string()),
        })?;
    let feeder = match child.stdin.take() {
        Some(stdin) => {
            let bytes = text.as_bytes().to_vec();
            Some(
                std::thread::Builder::new()
                    .name("speech-input".into())
                    .spawn(move || feed(stdin, &bytes))
                    .map_err(|e| SpeechError::Failed(ENGINE.to_owned(), e.to_string()))?,
            )
        }
        None => None,
    };
    let status = child
        .wait_with_output()
        .map_err(|e| SpeechError::Failed(ENGINE.to_owned(), e.to_string()))?
        .status;
    if let Some(feeder) = feeder {
        let _ = feeder.join();
    }
    if status.success() {
        Ok(())
    } else {
        Err(SpeechError::Failed(
            ENGINE.to_owned(),
            format!("exit status {status} writing {out_s}"),
        ))
    }
}

/// What is wrong with a `speech_command`, if anything: empty, a placeholder we do not
/// know, or a program that is not installed (looked up on `PATH` as the kiosk would).
pub fn check_command(command: &[String]) -> Result<(), String> {
    check_command_on(&Processes::default(), command)
}

/// [`check_command`], with the program looked up where `processes` would run it from.
pub fn check_command_on(processes: &Processes, command: &[String]) -> Result<(), String> {
    let Some(program) = command.first().filter(|p| !p.trim().is_empty()) else {
        return Err("speech_command is empty: it needs a program, such as espeak-ng".into());
    };
    check_placeholders(command)?;
    if processes.find(program).is_none() {
        return Err(format!(
            "speech_command: the program `{program}` is not installed (not found on PATH)"
        ));
    }
    Ok(())
}

/// Whether every `{...}` in the command is one of [`PLACEHOLDERS`].
pub fn check_placeholders(command: &[String]) -> Result<(), String> {
    for arg in command {
        let mut rest = arg.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open..open + close + 1];
            if !PLACEHOLDERS.contains(&name) {
                return Err(format!(
                    "{name} in {arg:?} is not a placeholder; they are {}",
                    PLACEHOLDERS.join(", ")
                ));
            }
            rest = &rest[open + close + 1..];
        }
    }
    Ok(())
}

/// Where `program` would be run from on the kiosk's own `PATH` (see [`Processes::find`]).
pub fn find_program(program: &str) -> Option<std::path::PathBuf> {
    Processes::default().find(program)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::system::processes::tests::{group_alive, our_zombie, within};

    fn owned(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn the_command_gets_the_voice_rate_and_volume_of_the_language() {
        let voice = Voice {
            rate: 200,
            volume: 60,
        };
        let argv = fill_command(&owned(&DEFAULT_COMMAND), "es", voice);
        assert_eq!(
            argv,
            owned(&[
                "espeak-ng",
                "-v",
                "es-419",
                "-s",
                "200",
                "-a",
                "60",
                "--stdin"
            ])
        );
        let spd = owned(&[
            "spd-say",
            "-l",
            "{lang}",
            "-r",
            "{rate_percent}",
            "-i",
            "{volume_percent}",
        ]);
        assert_eq!(
            fill_command(&spd, "en", voice),
            owned(&["spd-say", "-l", "en", "-r", "33", "-i", "-40"])
        );
    }

    #[test]
    fn rate_and_volume_stop_at_their_bounds() {
        let mut v = Voice::NORMAL;
        while let Some(next) = v.rate_step(true) {
            assert!(next.rate > v.rate);
            v = next;
        }
        assert_eq!(v.rate, 300);
        let mut v = Voice::NORMAL;
        while let Some(next) = v.volume_step(false) {
            v = next;
        }
        assert_eq!(v.volume, 40);
        assert_eq!(v.volume_step(false), None);
    }

    #[test]
    fn a_bad_command_is_named() {
        assert!(check_command(&[]).unwrap_err().contains("empty"));
        let e = check_command(&owned(&["sh", "-c", "{speed}"])).unwrap_err();
        assert!(e.contains("{speed}"), "{e}");
        let e = check_command(&owned(&["no-such-engine-here"])).unwrap_err();
        assert!(e.contains("no-such-engine-here"), "{e}");
        assert_eq!(
            check_command(&owned(&["sh", "-c", "cat > /dev/null"])),
            Ok(())
        );
    }

    /// A speaker running `sh -c script` (its text on standard input).
    fn shell(processes: &Processes, script: &str) -> CommandSpeaker {
        CommandSpeaker::with_processes(owned(&["sh", "-c", script]), processes.clone())
    }

    fn say(speaker: &mut CommandSpeaker, text: &str) {
        speaker.speak("en", text, Voice::NORMAL).unwrap();
    }

    /// The utterance's process group (its leader's id).
    fn group_of(speaker: &CommandSpeaker) -> u32 {
        speaker.utterance.as_ref().unwrap().group.id()
    }

    #[test]
    fn an_engine_that_never_reads_holds_up_neither_speak_nor_stop() {
        let processes = Processes::default();
        let mut speaker = shell(&processes, "sleep 30");
        // All of it, more than a pipe holds: only a writer of its own keeps speak quick.
        speaker.max_text = usize::MAX;
        let page = "Keep your skin clean and out of the sun. ".repeat(5_000);
        assert!(page.len() > 200_000);
        let start = Instant::now();
        say(&mut speaker, &page);
        assert!(start.elapsed() < Duration::from_millis(200), "speak waited");
        assert!(speaker.is_speaking());
        let pgid = group_of(&speaker);
        let start = Instant::now();
        speaker.stop();
        assert!(start.elapsed() < Duration::from_millis(200), "stop waited");
        assert!(!speaker.is_speaking());
        assert!(within(Duration::from_secs(2), || !group_alive(pgid)));
        assert!(within(Duration::from_secs(1), || processes.live() == 0));
        assert!(!our_zombie(pgid));
    }

    #[test]
    fn the_input_writer_ends_when_the_engine_is_stopped() {
        let processes = Processes::default();
        let mut cmd = processes.command("sleep");
        cmd.arg("30").stdin(Stdio::piped());
        let mut group = processes.spawn_group(cmd).unwrap();
        let stdin = group.stdin.take().unwrap();
        // Far more than any pipe holds: the writer blocks until the engine is gone.
        let writer = std::thread::spawn(move || feed(stdin, &vec![b'a'; 4 << 20]));
        std::thread::sleep(Duration::from_millis(100));
        assert!(!writer.is_finished(), "the pipe took 4 MB");
        drop(group);
        assert!(within(Duration::from_secs(2), || writer.is_finished()));
    }

    #[test]
    fn the_engine_hears_the_text() {
        let dir = tempfile::tempdir().unwrap();
        let heard = dir.path().join("heard");
        let processes = Processes::default();
        let mut speaker = shell(&processes, &format!("cat > '{}'", heard.display()));
        say(&mut speaker, "Aftercare.\nWash gently.");
        assert!(within(Duration::from_secs(5), || !speaker.is_speaking()));
        assert_eq!(speaker.failure(), None);
        assert_eq!(
            std::fs::read_to_string(&heard).unwrap(),
            "Aftercare.\nWash gently."
        );
        // A runaway page: the engine gets its first sentences, up to the bound.
        say(&mut speaker, &"Wash gently. ".repeat(10_000));
        assert!(within(Duration::from_secs(5), || !speaker.is_speaking()));
        let heard = std::fs::read_to_string(&heard).unwrap();
        assert!(heard.len() <= MAX_UTTERANCE && heard.len() > MAX_UTTERANCE / 2);
        assert!(heard.ends_with("gently."));
    }

    #[test]
    fn engines_that_exit_at_once_leave_no_zombies() {
        let processes = Processes::default();
        let mut speaker = shell(&processes, "exit 0");
        let mut started = Vec::new();
        for _ in 0..200 {
            say(&mut speaker, "Hello.");
            started.push(group_of(&speaker));
        }
        // Nobody asks the last ones how they went: the reaper waits for them anyway.
        assert!(within(Duration::from_secs(3), || processes.live() == 0));
        let zombies: Vec<u32> = started.into_iter().filter(|&p| our_zombie(p)).collect();
        assert!(zombies.is_empty(), "zombies: {zombies:?}");
        assert!(!speaker.is_speaking());
        assert_eq!(speaker.failure(), None);
    }

    #[test]
    fn engines_that_ignore_sigterm_are_killed_whole() {
        let processes = Processes::default();
        let mut speaker = shell(&processes, "trap '' TERM; while :; do sleep 0.1; done");
        let mut started = Vec::new();
        for _ in 0..50 {
            say(&mut speaker, "Hello.");
            started.push(group_of(&speaker));
            // Time for the shell to set its trap before the next utterance stops it.
            std::thread::sleep(Duration::from_millis(20));
        }
        speaker.stop();
        let last = *started.last().unwrap();
        std::thread::sleep(Duration::from_millis(100));
        assert!(group_alive(last), "the engine did not ignore SIGTERM");
        let left = || started.iter().copied().filter(|&p| group_alive(p));
        assert!(
            within(Duration::from_secs(3), || left().next().is_none()),
            "groups left: {:?}",
            left().collect::<Vec<_>>()
        );
        assert!(within(Duration::from_secs(1), || processes.live() == 0));
        assert!(!started.iter().any(|&p| our_zombie(p)));
    }

    #[test]
    fn end_all_ends_an_utterance_and_everything_it_started() {
        let processes = Processes::default();
        let mut speaker = shell(&processes, "sleep 30 | sleep 30");
        say(&mut speaker, "Hello.");
        let pgid = group_of(&speaker);
        let start = Instant::now();
        processes.end_all(crate::system::processes::GRACE);
        assert!(start.elapsed() < Duration::from_secs(2));
        assert!(!group_alive(pgid));
        assert!(!our_zombie(pgid));
        // The kiosk ended it: that is not the engine failing.
        assert!(!speaker.is_speaking());
        assert_eq!(speaker.failure(), None);
    }

    #[test]
    fn a_failing_engine_is_reported_once_with_what_it_said() {
        let processes = Processes::default();
        let mut speaker = shell(
            &processes,
            "cat > /dev/null; echo no sound device >&2; exit 1",
        );
        say(&mut speaker, "Hello.");
        assert!(within(Duration::from_secs(5), || !speaker.is_speaking()));
        match speaker.failure() {
            Some(SpeechError::Failed(program, why)) => {
                assert_eq!(program, "sh");
                assert!(why.contains("no sound device"), "{why}");
                assert!(why.contains('1'), "{why}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(speaker.failure(), None);
    }

    #[test]
    fn no_engine_on_the_path_is_not_installed() {
        let empty = tempfile::tempdir().unwrap();
        let processes = Processes::new(Some(empty.path().as_os_str().to_owned()));
        let mut speaker =
            CommandSpeaker::with_processes(owned(&DEFAULT_COMMAND), processes.clone());
        assert_eq!(
            speaker.speak("en", "Hello.", Voice::NORMAL),
            Err(SpeechError::NotInstalled(ENGINE.to_owned()))
        );
        assert!(!speaker.is_speaking());
        let e = check_command_on(&processes, &owned(&DEFAULT_COMMAND)).unwrap_err();
        assert!(e.contains(ENGINE), "{e}");
        assert_eq!(processes.live(), 0);
    }

    #[test]
    fn a_long_text_is_cut_at_a_sentence_end() {
        let page = "Wash gently. ".repeat(10_000);
        let cut = bounded(&page, MAX_UTTERANCE);
        assert!(cut.len() <= MAX_UTTERANCE && cut.len() > MAX_UTTERANCE - 20);
        assert!(cut.ends_with("gently."), "{:?}", &cut[cut.len() - 20..]);
        // No sentence end, and letters of two bytes: cut between words, never in a letter.
        let words = "mañana ".repeat(10_000);
        let cut = bounded(&words, 1001);
        assert!(cut.ends_with("mañana"), "{cut:?}");
        let letters = "ñ".repeat(1000);
        assert_eq!(bounded(&letters, 1001).len(), 1000);
        assert_eq!(bounded("Short.", MAX_UTTERANCE), "Short.");
    }

    #[test]
    fn a_page_script_pauses_after_every_piece() {
        let s = page_script(&["Aftercare".into(), "1. Your skin is cleaned.".into()]);
        assert_eq!(s, "Aftercare.\n1. Your skin is cleaned.");
    }
}
