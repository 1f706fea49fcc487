//! The real window on a virtual X server: what happens when something outside the kiosk
//! destroys its window (a crashed window manager, `xdotool windowclose`). winit panics
//! then; the kiosk must end with one readable log line and its documented exit code (70),
//! so systemd restarts it and the journal stays readable. And what the screen shows when
//! a real pointer changes the look: the window, not a test harness, paints the page.

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
    start_xvfb_sized("1280x800x24")
}

fn start_xvfb_sized(screen: &str) -> Xvfb {
    use std::io::BufRead;
    // Xvfb picks a free display itself and says which (-displayfd): a display number from
    // an earlier run's stale lock or socket can never be taken by mistake. -noreset: an X
    // server resets when its last client leaves, and a client connecting meanwhile is
    // refused; in the AT-SPI test the bus launcher left just as the kiosk started, which
    // then found "no X server" in about one run of three while other tests loaded the CPU.
    let mut child = Command::new("Xvfb")
        .args([
            "-noreset",
            "-displayfd",
            "1",
            "-screen",
            "0",
            screen,
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

/// The kiosk's window, once it is on screen.
fn window_of(kiosk: &Child, x: &Xvfb) -> String {
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
    String::from_utf8_lossy(&found.stdout)
        .lines()
        .next()
        .expect("the kiosk's window appears")
        .to_owned()
}

/// The kiosk on this virtual screen, stopped when the test ends (passed or failed).
struct Kiosk(Child);

impl Drop for Kiosk {
    fn drop(&mut self) {
        let _killed = self.0.kill();
        let _reaped = self.0.wait();
    }
}

/// The kiosk on this virtual screen, with its settings and counts in `dir`.
fn kiosk_command(x: &Xvfb, dir: &std::path::Path) -> Command {
    let mut kiosk = crate::common::kiosk_command(dir);
    kiosk
        .arg("--config")
        .arg(dir.join("none.toml"))
        .arg("--usage-file")
        .arg(dir.join("usage.toml"))
        .env("DISPLAY", &x.1)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null());
    kiosk
}

/// The kiosk on this virtual screen, once its window shows.
fn kiosk_on(x: &Xvfb, dir: &std::path::Path) -> Kiosk {
    let kiosk = kiosk_command(x, dir).stderr(Stdio::null()).spawn().unwrap();
    let _window = window_of(&kiosk, x);
    Kiosk(kiosk)
}

/// One pixel of the screen as the X server holds it: red, green, blue.
fn pixel(x: &Xvfb, at: (i16, i16)) -> [u8; 3] {
    use x11rb::connection::Connection;
    use x11rb::protocol::xproto::{ConnectionExt, ImageFormat};
    let (conn, screen) = x11rb::connect(Some(&x.1)).unwrap();
    let root = conn.setup().roots[screen].root;
    let image = conn
        .get_image(ImageFormat::Z_PIXMAP, root, at.0, at.1, 1, 1, !0)
        .unwrap()
        .reply()
        .unwrap();
    // Depth 24: four bytes a pixel, blue first.
    [image.data[2], image.data[1], image.data[0]]
}

fn rgb(c: egui::Color32) -> [u8; 3] {
    [c.r(), c.g(), c.b()]
}

/// Wait (up to 30 s: a debug build on software GL) until the pixel shows `colour`.
fn wait_for_colour(x: &Xvfb, at: (i16, i16), colour: egui::Color32, what: &str) {
    let start = Instant::now();
    loop {
        let seen = pixel(x, at);
        if seen == rgb(colour) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{what}: pixel {at:?} is {seen:?}, not {:?}",
            rgb(colour)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A patient's tap: the pointer moves there, then presses and lifts.
fn tap(x: &Xvfb, at: (i32, i32)) {
    let (px, py) = (at.0.to_string(), at.1.to_string());
    let tapped = Command::new("xdotool")
        .args(["mousemove", &px, &py, "sleep", "0.2", "mousedown", "1"])
        .args(["sleep", "0.08", "mouseup", "1"])
        .env("DISPLAY", &x.1)
        .status()
        .unwrap_or_else(|e| panic!("xdotool: {e}; {SETUP_HINT}"));
    assert!(tapped.success());
}

#[test]
#[ignore = "needs Xvfb and xdotool: bash .ci/test installs them"]
fn high_contrast_turns_the_whole_page_black_and_back_on_the_real_window() {
    use patient_kiosk::theme::{HIGH_CONTRAST, STANDARD};
    // The kiosk's own size: its places are laid out for 1920x1080 points.
    let x = start_xvfb_sized("1920x1080x24");
    let dir = tempfile::tempdir().unwrap();
    let _kiosk = kiosk_on(&x, dir.path());
    // The page's left margin, beside the topic grid, and the top bar above it.
    let page = (8, 600);
    let top_bar = (8, 30);
    wait_for_colour(&x, page, STANDARD.background, "the welcome page");
    tap(&x, (960, 547)); // Touch to start
    wait_for_colour(&x, top_bar, STANDARD.surface, "the topic grid's top bar");
    assert_eq!(pixel(&x, page), rgb(STANDARD.background), "the topic grid");
    // The look changes in the frame that sees the tap, after the window was cleared to
    // the old page colour: the page must be the new colour all the same.
    tap(&x, (1279, 53)); // High contrast
    wait_for_colour(&x, page, HIGH_CONTRAST.background, "high contrast");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        pixel(&x, page),
        rgb(HIGH_CONTRAST.background),
        "high contrast, a second later"
    );
    tap(&x, (1279, 53)); // and back
    wait_for_colour(&x, page, STANDARD.background, "the normal look again");
}

#[test]
#[ignore = "needs Xvfb and xdotool: bash .ci/test installs them"]
fn destroying_the_window_from_outside_ends_with_one_line_and_code_70() {
    let x = start_xvfb();
    let dir = tempfile::tempdir().unwrap();
    let mut kiosk = kiosk_command(&x, dir.path())
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let window = window_of(&kiosk, &x);
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
#[ignore = "needs Xvfb and xdotool: bash .ci/test installs them"]
fn kill_9_while_the_kiosk_saves_its_counts_leaves_a_valid_file() {
    let x = start_xvfb();
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        // `--bench-walk` opens every page of every topic, saving the counts at each one, in
        // a counts file under the temporary folder.
        let mut kiosk = crate::common::kiosk_command(dir.path())
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

/// Whether the process `pid` still runs (a zombie left to init has ended).
fn running(pid: &str) -> bool {
    pid.parse().is_ok_and(patient_kiosk::system::running::alive)
}

#[test]
#[ignore = "needs Xvfb and xdotool: bash .ci/test installs them"]
fn sigterm_closes_the_kiosk_as_exit_kiosk_does_and_ends_the_speech_in_progress() {
    let x = start_xvfb();
    let dir = tempfile::tempdir().unwrap();
    let pids = dir.path().join("engine.pid");
    // An engine that never reads its text, ignores SIGTERM and speaks for ever.
    let engine = format!(
        "echo $$ >> {}; trap '' TERM; while :; do sleep 0.1; done",
        pids.display()
    );
    let metrics = dir.path().join("node-exporter/patient_kiosk.prom");
    std::fs::create_dir_all(metrics.parent().unwrap()).unwrap();
    std::fs::write(
        dir.path().join("none.toml"),
        format!(
            "speech_command = [\"sh\", \"-c\", {engine:?}]\nmetrics_file = {:?}\n",
            metrics.display().to_string()
        ),
    )
    .unwrap();
    let mut kiosk = kiosk_on(&x, dir.path());
    // The first arrow key turns the talking kiosk on: it speaks at once.
    let pressed = Command::new("xdotool")
        .args(["key", "Down"])
        .env("DISPLAY", &x.1)
        .status()
        .unwrap();
    assert!(pressed.success());
    let start = Instant::now();
    let pid = loop {
        let said = std::fs::read_to_string(&pids).unwrap_or_default();
        if let Some(pid) = said.lines().last().filter(|p| running(p)) {
            break pid.to_owned();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the engine never started"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // systemd's stop.
    let term = Command::new("kill")
        .args(["-TERM", &kiosk.0.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = kiosk.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the kiosk kept running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    // It closed itself, as Exit kiosk does: a clean exit, and Prometheus told it is down.
    assert!(status.success(), "{status}");
    let said = std::fs::read_to_string(&metrics).unwrap();
    assert!(said.contains("patient_kiosk_up 0\n"), "{said}");
    let start = Instant::now();
    while running(&pid) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the speech engine {pid} outlived the kiosk"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
#[ignore = "needs Xvfb and xdotool: bash .ci/test installs them"]
fn the_units_stop_command_closes_the_running_kiosk_cleanly_before_cage_goes() {
    let x = start_xvfb();
    let dir = tempfile::tempdir().unwrap();
    let metrics = dir.path().join("node-exporter/patient_kiosk.prom");
    std::fs::create_dir_all(metrics.parent().unwrap()).unwrap();
    std::fs::write(
        dir.path().join("none.toml"),
        format!("metrics_file = {:?}\n", metrics.display().to_string()),
    )
    .unwrap();
    let mut kiosk = kiosk_on(&x, dir.path());
    let start = Instant::now();
    while !std::fs::read_to_string(&metrics)
        .unwrap_or_default()
        .contains("patient_kiosk_up 1\n")
    {
        assert!(start.elapsed() < Duration::from_secs(30), "never said up");
        std::thread::sleep(Duration::from_millis(50));
    }
    // What systemd runs first on `systemctl stop` (ExecStop), as the same user.
    // A kiosk of the same user with another home (another test's) is not this one's.
    let stop = || {
        crate::common::kiosk_command(dir.path())
            .args(["stop", "--wait", "10"])
            .output()
            .unwrap()
    };
    let out = stop();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(&format!("the kiosk closed (process [{}])", kiosk.0.id())),
        "{said}"
    );
    // It had closed as Exit kiosk does before `stop` returned: cage may go now.
    let status = kiosk.0.try_wait().unwrap().expect("the kiosk has ended");
    assert!(status.success(), "{status}");
    let metrics = std::fs::read_to_string(&metrics).unwrap();
    assert!(metrics.contains("patient_kiosk_up 0\n"), "{metrics}");
    // With none left, stop has nothing to do, and says so.
    let again = stop();
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("no kiosk of this user is running"));
}

/// What the kiosk's `speech_command` (a script that records) was asked to say, a line each:
/// "LANG: TEXT".
fn heard(log: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Send keys as a keypad does (XTEST), then give the kiosk a moment to answer.
fn keys(x: &Xvfb, keys: &[&str]) {
    let sent = Command::new("xdotool")
        .arg("key")
        .args(["--delay", "120"])
        .args(keys)
        .env("DISPLAY", &x.1)
        .status()
        .unwrap_or_else(|e| panic!("xdotool: {e}; {SETUP_HINT}"));
    assert!(sent.success());
    std::thread::sleep(Duration::from_millis(300));
}

/// Press `key` until the last thing heard starts with `start`.
fn key_until(x: &Xvfb, log: &std::path::Path, key: &str, start: &str) {
    for _ in 0..60 {
        keys(x, &[key]);
        if heard(log).last().is_some_and(|l| l.starts_with(start)) {
            return;
        }
    }
    panic!("never heard {start:?}: {:?}", heard(log));
}

/// Wait until at least `n` utterances were heard.
fn heard_at_least(log: &std::path::Path, n: usize) -> Vec<String> {
    let start = Instant::now();
    loop {
        let lines = heard(log);
        if lines.len() >= n {
            return lines;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "heard only {lines:?}; the kiosk said: {}",
            std::fs::read_to_string(log.with_file_name("kiosk.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
#[ignore = "needs Xvfb and xdotool: bash .ci/test installs them"]
fn a_blind_patient_on_the_real_window_hears_the_kiosk_from_the_first_key_to_finish() {
    use patient_kiosk::theme::STANDARD;
    let x = start_xvfb_sized("1920x1080x24");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("heard.txt");
    let script = dir.path().join("say.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n{{ printf '%s: ' \"$1\"; tr '\\n' ' '; echo; }} >> '{}'\n",
            log.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .unwrap();
    std::fs::write(
        dir.path().join("none.toml"),
        format!(
            "clinic_name = \"Bright Skin Clinic\"\nspeech_command = [\"{}\", \"{{lang}}\"]\n",
            script.display()
        ),
    )
    .unwrap();
    let kiosk = kiosk_command(&x, dir.path())
        .env("RUST_LOG", "info")
        .stderr(std::fs::File::create(dir.path().join("kiosk.log")).unwrap())
        .spawn()
        .unwrap();
    let _window = window_of(&kiosk, &x);
    let _kiosk = Kiosk(kiosk);
    // Inside "Touch to start", left of its words.
    let start_button = (600, 547);
    wait_for_colour(&x, start_button, STANDARD.primary, "the welcome page");
    // The window takes keys once its first frames are up.
    std::thread::sleep(Duration::from_secs(1));

    // Enter, the keypad's green button: speech starts, and nothing is pressed.
    keys(&x, &["Return"]);
    let first = heard_at_least(&log, 2);
    assert!(first[0].starts_with("en: Speech is on."), "{first:?}");
    assert!(first[0].contains("Bright Skin Clinic"), "{first:?}");
    assert!(first[1].starts_with("es: Para español"), "{first:?}");
    assert_eq!(
        pixel(&x, start_button),
        rgb(STANDARD.primary),
        "still on the welcome screen"
    );

    // A held key acts once, not once per repeat.
    let before = heard(&log).len();
    let held = Command::new("xdotool")
        .args(["keydown", "Down", "sleep", "2", "keyup", "Down"])
        .env("DISPLAY", &x.1)
        .status()
        .unwrap();
    assert!(held.success());
    std::thread::sleep(Duration::from_millis(500));
    let during = heard(&log).len() - before;
    assert!(
        (1..=3).contains(&during),
        "holding Down 2 s: {during} utterances"
    );

    // Into the topic with a quiz, to a wrong answer: its verdict and why are heard.
    let lib = crate::common::library();
    let (topic, quiz) = crate::common::first_block(lib.lang("en"), |b| match b {
        patient_kiosk::content::Block::Quiz(q) => Some(q.clone()),
        _ => None,
    })
    .expect("a quiz");
    key_until(&x, &log, "Down", "en: Touch to start, button");
    keys(&x, &["Return"]);
    key_until(&x, &log, "Down", &format!("en: {}, button", topic.title));
    keys(&x, &["Return"]);
    let page = topic
        .pages
        .iter()
        .position(|p| {
            p.blocks
                .contains(&patient_kiosk::content::Block::Quiz(quiz.clone()))
        })
        .unwrap();
    for _ in 0..page {
        keys(&x, &["Right"]);
    }
    let wrong = (0..quiz.choices.len()).find(|&i| i != quiz.answer).unwrap();
    key_until(
        &x,
        &log,
        "Down",
        &format!("en: {}, button", quiz.choices[wrong]),
    );
    keys(&x, &["Return"]);
    let verdict = heard(&log).last().cloned().unwrap_or_default();
    assert!(verdict.contains("Not quite."), "{verdict}");
    assert!(verdict.contains(&quiz.explain), "{verdict}");

    // Finish is heard, and the kiosk is back at its welcome.
    key_until(&x, &log, "Up", "en: Finish, button");
    keys(&x, &["Return"]);
    let last = heard(&log).last().cloned().unwrap_or_default();
    assert!(last.starts_with("en: Starting over."), "{last}");
    wait_for_colour(&x, start_button, STANDARD.primary, "the welcome page again");

    // The emergency number is never handed to the engine as a number ("nine hundred...").
    for line in heard(&log) {
        assert!(!line.contains("911"), "{line}");
    }
}

#[test]
#[ignore = "needs Xvfb, dbus, at-spi2-core and python3-pyatspi: bash .ci/test installs them"]
fn a_desktop_screen_reader_gets_headings_a_named_modal_prompt_and_no_staff_hint() {
    let mut x = start_xvfb_sized("1920x1080x24");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    std::fs::write(
        &config,
        "clinic_name = \"Bright Skin Clinic\"\nidle_seconds = 15\ncountdown_seconds = 20\n",
    )
    .unwrap();
    let lib = crate::common::library();
    let topic = &lib.lang("en").topics[0];
    // The kiosk's tree, read as Orca reads it, by a script with its own session bus.
    let kiosk = env!("CARGO_BIN_EXE_patient-kiosk");
    let read = Command::new("timeout")
        .arg("120")
        .arg("dbus-run-session")
        .arg("--")
        .arg("/usr/bin/python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/access/atspi_tree.py"
        ))
        .arg(kiosk)
        .arg(&config)
        .arg(dir.path().join("data"))
        .arg(&topic.title)
        .arg("20")
        .env("DISPLAY", &x.1)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join(".config"))
        .env("PATIENT_KIOSK_SYSTEM_SETTINGS", dir.path().join("etc.toml"))
        .output()
        .unwrap_or_else(|e| panic!("dbus-run-session: {e}"));
    let text = String::from_utf8_lossy(&read.stdout);
    assert!(
        read.status.success(),
        "{text}\n{}\nXvfb {}: {:?}",
        String::from_utf8_lossy(&read.stderr),
        x.1,
        x.0.try_wait()
    );
    // (screen, role, modal, name) for every node the screen reader sees.
    let nodes: Vec<(&str, &str, bool, &str)> = text
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (screen, _depth, role, modal, name) =
                (f.next()?, f.next()?, f.next()?, f.next()?, f.next()?);
            Some((screen, role, modal == "modal", name))
        })
        .collect();
    let on = |screen: &'static str| nodes.iter().filter(move |n| n.0 == screen);
    // Welcome: the clinic's name is a heading; the staff gesture is not there.
    assert!(on("welcome").any(|n| n.1 == "heading" && n.3 == "Bright Skin Clinic"));
    assert!(!on("welcome").any(|n| n.3.contains("Staff")), "{text}");
    assert!(on("welcome").any(|n| n.1 == "frame" && n.3.contains("microneedling")));
    // Language help: every notice is a button named in its own script and in English.
    let notices: Vec<&str> = on("language-help")
        .filter(|n| n.1 == "push button" && n.3.contains("): "))
        .map(|n| n.3)
        .collect();
    for name in [
        "Tiếng Việt (Vietnamese):",
        "العربية (Arabic):",
        "Русский (Russian):",
    ] {
        assert!(
            notices.iter().any(|n| n.starts_with(name)),
            "{name} in {notices:?}"
        );
    }
    assert!(notices.len() >= 15, "{notices:?}");
    // A topic page: its title and its page's heading are headings.
    assert!(
        on("topic").any(|n| n.1 == "heading" && n.3 == topic.title),
        "{text}"
    );
    assert!(
        on("topic").any(|n| n.1 == "heading" && n.3 == topic.pages[0].heading),
        "{text}"
    );
    // The idle prompt: one named, modal dialog, and nothing of the page behind it.
    let dialogs: Vec<_> = on("prompt").filter(|n| n.1 == "dialog").collect();
    assert_eq!(dialogs.len(), 1, "{text}");
    assert_eq!(dialogs[0].3, "Need more time?");
    assert!(dialogs[0].2, "the prompt is modal");
    assert!(!on("prompt").any(|n| n.3 == "Next"), "{text}");
    assert!(on("prompt").any(|n| n.3 == "Yes, keep reading"));
}
