//! The real window on a virtual X server: what happens when something outside the kiosk
//! destroys its window (a crashed window manager, `xdotool windowclose`). winit panics
//! then; the kiosk must end with one readable log line and its documented exit code (70),
//! so systemd restarts it and the journal stays readable.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SETUP_HINT: &str = "install xvfb and xdotool (apt-get install xvfb xdotool; .ci/run does)";

struct Xvfb(Child, String);

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _killed = self.0.kill();
        let _reaped = self.0.wait();
    }
}

fn start_xvfb() -> Xvfb {
    use std::io::BufRead;
    // Xvfb picks a free display itself and says which (-displayfd): a display number from
    // an earlier run's stale lock or socket can never be taken by mistake.
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("Xvfb: {e}; {SETUP_HINT}"));
    let mut line = String::new();
    let stdout = child.stdout.take().expect("Xvfb's standard output");
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("Xvfb says its display");
    let n: u32 = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("Xvfb did not start (it said {line:?})"));
    Xvfb(child, format!(":{n}"))
}

#[test]
fn destroying_the_window_from_outside_ends_with_one_line_and_code_70() {
    let x = start_xvfb();
    let dir = tempfile::tempdir().unwrap();
    let mut kiosk = Command::new(env!("CARGO_BIN_EXE_patient-kiosk"))
        .arg("--config")
        .arg(dir.path().join("none.toml"))
        .arg("--usage-file")
        .arg(dir.path().join("usage.toml"))
        .env("DISPLAY", &x.1)
        .env_remove("WAYLAND_DISPLAY")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `timeout`: a kiosk that never shows a window fails the test instead of hanging it.
    let found = Command::new("timeout")
        .args([
            "60",
            "xdotool",
            "search",
            "--sync",
            "--onlyvisible",
            "--pid",
        ])
        .arg(kiosk.id().to_string())
        .env("DISPLAY", &x.1)
        .output()
        .unwrap_or_else(|e| panic!("xdotool: {e}; {SETUP_HINT}"));
    let window = String::from_utf8_lossy(&found.stdout)
        .lines()
        .next()
        .expect("the kiosk's window appears")
        .to_owned();
    let closed = Command::new("xdotool")
        .args(["windowclose", &window])
        .env("DISPLAY", &x.1)
        .status()
        .unwrap();
    assert!(closed.success());
    let start = Instant::now();
    while kiosk.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            kiosk.kill().unwrap();
            panic!("the kiosk kept running without a window");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = kiosk.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(70), "{log}");
    let errors: Vec<&str> = log.lines().filter(|l| l.contains("ERROR")).collect();
    assert_eq!(errors.len(), 1, "{log}");
    assert!(errors[0].contains("patient-kiosk stopped at"), "{log}");
    assert!(
        !log.contains("panicked at") && !log.contains("stack backtrace"),
        "{log}"
    );
}

#[test]
fn kill_9_while_the_kiosk_saves_its_counts_leaves_a_valid_file() {
    let x = start_xvfb();
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        // `--bench-walk` opens every page of every topic, saving the counts at each one, in
        // a counts file under the temporary folder.
        let mut kiosk = Command::new(env!("CARGO_BIN_EXE_patient-kiosk"))
            .arg("--bench-walk")
            .arg("--config")
            .arg(dir.path().join("none.toml"))
            .env("DISPLAY", &x.1)
            .env("TMPDIR", dir.path())
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let counts = dir.path().join("patient-kiosk-bench-usage.toml");
        let start = Instant::now();
        while !counts.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no counts were saved"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // Let it save a few more times, then kill it without warning, mid-walk.
        std::thread::sleep(Duration::from_millis(100 + 150 * round));
        let killed = Command::new("kill")
            .args(["-9", &kiosk.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let _reaped = kiosk.wait();
        let (usage, warning) = patient_kiosk::storage::Usage::load(&counts);
        assert!(warning.is_none(), "round {round}: {warning:?}");
        assert!(
            usage.days().count() == 1,
            "round {round}: the counts survived"
        );
    }
}
