//! Read-aloud: speaks a page through the system's speech engine (espeak-ng on Linux, run as
//! a child process so Stop is instant and a crash cannot take the kiosk down). Patients who
//! cannot read the screen hear everything it shows: headings, text, list items with their
//! step numbers, and what each picture shows.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};

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

/// Start `argv` with `text` on its standard input, in a process group of its own (so a
/// pipeline such as `sh -c "piper ... | aplay"` stops whole).
fn spawn(argv: &[String], text: &str) -> Result<Child, SpeechError> {
    use std::os::unix::process::CommandExt;
    let Some((program, args)) = argv.split_first() else {
        return Err(SpeechError::NotInstalled(String::new()));
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SpeechError::NotInstalled(program.clone()),
            _ => SpeechError::Failed(program.clone(), e.to_string()),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // Dropped at the end of this block: the engine sees the end of its input.
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| SpeechError::Failed(program.clone(), e.to_string()))?;
    }
    Ok(child)
}

/// Speaks through the clinic's `speech_command`, one child process per utterance: a new
/// one stops the last (its whole process group), and a crash cannot take the kiosk down.
#[derive(Debug)]
pub struct CommandSpeaker {
    command: Vec<String>,
    child: Option<Child>,
    failed: Option<SpeechError>,
}

impl Default for CommandSpeaker {
    fn default() -> Self {
        Self::new(DEFAULT_COMMAND.iter().map(|s| (*s).to_owned()).collect())
    }
}

impl CommandSpeaker {
    pub fn new(command: Vec<String>) -> Self {
        Self {
            command,
            child: None,
            failed: None,
        }
    }

    /// PLACEHOLDER until the speech-adapter branch: programs run through `processes`.
    pub fn with_processes(
        command: Vec<String>,
        _processes: crate::system::processes::Processes,
    ) -> Self {
        Self::new(command)
    }

    fn program(&self) -> String {
        self.command.first().cloned().unwrap_or_default()
    }
}

impl Speaker for CommandSpeaker {
    fn speak(&mut self, lang: &str, text: &str, voice: Voice) -> Result<(), SpeechError> {
        self.stop();
        self.child = Some(spawn(&fill_command(&self.command, lang, voice), text)?);
        Ok(())
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // The whole group: a shell pipeline's players too. Already finished is fine.
            let _ = Command::new("kill")
                .args(["-TERM", "--", &format!("-{}", child.id())])
                .stderr(Stdio::null())
                .status();
            // A moment to end cleanly (a sound player closes its device), then for sure.
            for _ in 0..20 {
                if !matches!(child.try_wait(), Ok(None)) {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
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
                    self.failed = Some(SpeechError::Failed(
                        self.program(),
                        format!("{status}: {}", said.trim()),
                    ));
                }
                self.child = None;
                false
            }
            Err(e) => {
                self.failed = Some(SpeechError::Failed(self.program(), e.to_string()));
                self.child = None;
                false
            }
        }
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
    let child = spawn(&argv, text)?;
    let status = child
        .wait_with_output()
        .map_err(|e| SpeechError::Failed(ENGINE.to_owned(), e.to_string()))?
        .status;
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
    let Some(program) = command.first().filter(|p| !p.trim().is_empty()) else {
        return Err("speech_command is empty: it needs a program, such as espeak-ng".into());
    };
    check_placeholders(command)?;
    if find_program(program).is_none() {
        return Err(format!(
            "speech_command: the program `{program}` is not installed (not found on PATH)"
        ));
    }
    Ok(())
}

/// As [`check_command`], looking the program up as `processes` would run it.
pub fn check_command_on(
    processes: &crate::system::processes::Processes,
    command: &[String],
) -> Result<(), String> {
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

/// Where `program` would be run from: itself when it names a path, else the first match
/// on `PATH` that is an executable file.
pub fn find_program(program: &str) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let runnable = |p: &Path| {
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if program.contains('/') {
        let p = Path::new(program);
        return runnable(p).then(|| p.to_owned());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| runnable(p))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_page_script_pauses_after_every_piece() {
        let s = page_script(&["Aftercare".into(), "1. Your skin is cleaned.".into()]);
        assert_eq!(s, "Aftercare.\n1. Your skin is cleaned.");
    }
}
