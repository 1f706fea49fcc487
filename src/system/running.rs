//! The kiosks this user runs, found in `/proc`, for `patient-kiosk stop` (the systemd unit's
//! `ExecStop`). `systemctl stop` would otherwise send SIGTERM to cage and the kiosk at the
//! same moment: cage takes the window away before the kiosk can save the session's counts
//! and say "down" in its metrics. Asked first, the kiosk closes as "Exit kiosk" does, and
//! cage ends with it.
//!
//! A kiosk is this user's when it is the same program file (replaced by an upgrade or not),
//! run by the same user with the same home folder (its data folder and settings), with a
//! command line that opens the window.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Parser;
use rustix::process::{Pid, Signal};

/// A program's path as `/proc/PID/exe` says it, without the " (deleted)" of a program file
/// replaced by an upgrade.
fn program_path(link: &Path) -> Option<PathBuf> {
    let target = std::fs::read_link(link).ok()?;
    let text = target.to_string_lossy();
    Some(PathBuf::from(
        text.strip_suffix(" (deleted)").unwrap_or(&text).to_owned(),
    ))
}

/// The `HOME` a process was started with.
fn home_of(dir: &Path) -> Option<Vec<u8>> {
    let environ = std::fs::read(dir.join("environ")).ok()?;
    environ
        .split(|b| *b == 0)
        .find_map(|v| v.strip_prefix(b"HOME="))
        .map(<[u8]>::to_vec)
}

/// Who is asking: the program file, the user and the home folder.
struct Me {
    program: PathBuf,
    uid: u32,
    home: Option<Vec<u8>>,
}

/// Whether the process `pid` (under `proc`) is a kiosk window of this program run by this
/// user with this home: the same program file, owner and `HOME`, and a command line with
/// no subcommand.
fn is_kiosk(proc: &Path, pid: u32, me: &Me) -> bool {
    use std::os::unix::fs::MetadataExt;
    let dir = proc.join(pid.to_string());
    let owned = std::fs::metadata(&dir).is_ok_and(|m| m.uid() == me.uid);
    if !owned || program_path(&dir.join("exe")).as_deref() != Some(me.program.as_path()) {
        return false;
    }
    if home_of(&dir) != me.home {
        return false;
    }
    let Ok(cmdline) = std::fs::read(dir.join("cmdline")) else {
        return false;
    };
    let args = cmdline
        .split(|b| *b == 0)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8_lossy(a).into_owned());
    opens_the_kiosk(args)
}

/// Whether this command line opens the kiosk's window (no subcommand such as `doctor`).
fn opens_the_kiosk(args: impl IntoIterator<Item = String>) -> bool {
    crate::cli::Cli::try_parse_from(args).is_ok_and(|cli| cli.command.is_none())
}

/// Whether process `pid` is still running (a zombie waiting for its parent to collect it
/// is not).
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // "PID (comm) S ...": the state follows the last ')'.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

/// The kiosks of this program that this user runs with this home folder, by process id.
pub fn running_kiosks() -> Vec<u32> {
    let proc = Path::new("/proc");
    let Some(program) = program_path(&proc.join("self/exe")) else {
        return Vec::new();
    };
    let me = Me {
        program,
        uid: rustix::process::geteuid().as_raw(),
        home: std::env::var_os("HOME").map(std::os::unix::ffi::OsStringExt::into_vec),
    };
    let own = std::process::id();
    let Ok(entries) = std::fs::read_dir(proc) else {
        return Vec::new();
    };
    let mut found: Vec<u32> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .filter(|&pid| pid != own && is_kiosk(proc, pid, &me) && alive(pid))
        .collect();
    found.sort_unstable();
    found
}

/// What `stop` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Stopped {
    /// No kiosk of this user was running.
    NoneRunning,
    /// These closed within the time given.
    Closed(Vec<u32>),
    /// These were asked and are still running.
    StillRunning(Vec<u32>),
}

/// Ask each of this user's kiosks to close (SIGTERM: the kiosk closes as "Exit kiosk"
/// does) and wait up to `wait` for them to end.
pub fn stop_running(wait: Duration) -> Stopped {
    let pids = running_kiosks();
    if pids.is_empty() {
        return Stopped::NoneRunning;
    }
    for &pid in &pids {
        if let Some(p) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
            // One that ended meanwhile is simply gone.
            let _ = rustix::process::kill_process(p, Signal::TERM);
        }
    }
    let deadline = Instant::now() + wait;
    loop {
        let left: Vec<u32> = pids.iter().copied().filter(|&p| alive(p)).collect();
        if left.is_empty() {
            return Stopped::Closed(pids);
        }
        if Instant::now() >= deadline {
            return Stopped::StillRunning(left);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(args: &[&str]) -> bool {
        opens_the_kiosk(args.iter().map(|a| (*a).to_owned()))
    }

    #[test]
    fn only_a_command_line_that_opens_the_window_is_a_kiosk() {
        assert!(line(&["patient-kiosk"]));
        assert!(line(&["/usr/bin/patient-kiosk", "--content", "/var/lib/x"]));
        assert!(line(&["patient-kiosk", "--windowed", "--config", "s.toml"]));
        assert!(!line(&["patient-kiosk", "doctor"]));
        assert!(!line(&["patient-kiosk", "stop", "--wait", "5"]));
        assert!(!line(&["patient-kiosk", "--config", "s.toml", "update"]));
        assert!(!line(&["patient-kiosk", "--no-such-flag"]));
    }

    #[test]
    fn a_replaced_program_file_is_still_the_same_program() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let link = dir.path().join("exe");
        std::os::unix::fs::symlink("/usr/bin/patient-kiosk (deleted)", &link)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            program_path(&link),
            Some(PathBuf::from("/usr/bin/patient-kiosk"))
        );
    }
}
