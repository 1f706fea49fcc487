//! A broken machine and a careless IT person: special files where content should be, links
//! that lead elsewhere, a printer name that looks like an option. The kiosk and `validate`
//! must answer at once with the file's name, never hang or fill memory.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{HD, kiosk_with, machine_at, shows_containing};
use egui::{Event, Key, Modifiers};
use patient_kiosk::config::Settings;
use patient_kiosk::kiosk::ManualClock;
use patient_kiosk::{Options, build_state};

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// The built-in content exported, with the file `rel` moved out of the content folder (to
/// `moved`, in a folder `outside` beside it) and `put(path, moved)` making something else in
/// its place: a FIFO, a link.
fn exported_with_in_place_of(
    rel: &str,
    put: impl FnOnce(&Path, &Path),
) -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = common::exported();
    let path = root.join(rel);
    let moved = dir.path().join("outside").join(path.file_name().unwrap());
    std::fs::create_dir(dir.path().join("outside")).unwrap();
    std::fs::rename(&path, &moved).unwrap();
    put(&path, &moved);
    (dir, root)
}

/// Start the kiosk as `patient-kiosk` does (its state from these options, settings file and
/// data folder); fail the test if that has not finished within 20 seconds. Returns how many
/// topics it shows and what it warned of.
fn start_bounded(opts: Options, config: PathBuf, data: PathBuf) -> (usize, Vec<String>) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let state =
            build_state(&opts, &machine_at(&ManualClock::default(), &config, &data)).unwrap();
        let warnings: Vec<String> = state.warnings().iter().map(ToString::to_string).collect();
        tx.send((state.content().topics.len(), warnings)).unwrap();
    });
    rx.recv_timeout(Duration::from_secs(20))
        .expect("the kiosk starts, not hangs")
}

/// Run `patient-kiosk ARGS`; fail the test if it has not finished within 20 seconds.
fn run_bounded(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut child = common::kiosk_command(home.path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("patient-kiosk {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn validate(root: &Path) -> String {
    let out = run_bounded(&["validate", root.to_str().unwrap()]);
    assert!(!out.status.success(), "a broken folder must not validate");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_fifo_named_topics_toml_is_refused_at_once() {
    let (_dir, root) = exported_with_in_place_of("topics.toml", |path, _| mkfifo(path));
    let said = validate(&root);
    assert!(
        said.contains("topics.toml") && said.contains("FIFO"),
        "{said}"
    );
}

#[test]
fn a_fifo_as_a_page_file_is_named_not_skipped() {
    let (_dir, root) = exported_with_in_place_of("en/07-aftercare.toml", |path, _| mkfifo(path));
    let said = validate(&root);
    assert!(
        said.contains("07-aftercare.toml") && said.contains("FIFO"),
        "{said}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_dev_zero_is_refused_without_reading_it() {
    let (_dir, root) = exported_with_in_place_of("en/09-cost.toml", |path, _| {
        std::os::unix::fs::symlink("/dev/zero", path).unwrap();
    });
    let said = validate(&root);
    assert!(
        said.contains("09-cost.toml") && said.contains("device"),
        "{said}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_content_folder_is_refused() {
    // The link leads to the very same page, moved out beside the content folder.
    let (_dir, root) = exported_with_in_place_of("en/09-cost.toml", |path, outside| {
        std::os::unix::fs::symlink(outside, path).unwrap();
    });
    let said = validate(&root);
    assert!(said.contains("outside the content folder"), "{said}");
}

#[test]
fn the_kiosk_given_a_fifo_starts_on_the_built_in_content_and_names_the_file() {
    let (dir, root) = exported_with_in_place_of("topics.toml", |path, _| mkfifo(path));
    let opts = Options {
        content: Some(root.clone()),
        ..Options::default()
    };
    let config = dir.path().join("none.toml");
    let data = dir.path().to_owned();
    let (topics, warnings) = start_bounded(opts, config, data);
    assert!(topics >= 12, "the built-in content runs");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("topics.toml") && w.contains("FIFO")),
        "{warnings:?}"
    );
}

#[cfg(unix)]
#[test]
fn export_content_never_writes_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    std::fs::create_dir_all(&root).unwrap();
    let precious = dir.path().join("settings.toml");
    std::fs::write(&precious, "pin_hash = \"keep me\"\n").unwrap();
    std::os::unix::fs::symlink(&precious, root.join("topics.toml")).unwrap();
    let out = run_bounded(&["export-content", root.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("topics.toml") && said.contains("link"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(&precious).unwrap(),
        "pin_hash = \"keep me\"\n",
        "the file behind the link is untouched"
    );
}

#[test]
fn the_pin_lock_holds_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    let settings = Settings {
        pin_hash: Some(patient_kiosk::kiosk::hash_pin("4821").unwrap()),
        ..Settings::default()
    };
    std::fs::write(&config, toml::to_string(&settings).unwrap()).unwrap();
    let opts = Options::default();
    let data = dir.path().join("data");
    let clock = ManualClock::default();
    let mut h = kiosk_with(
        HD,
        build_state(&opts, &machine_at(&clock, &config, &data)).unwrap(),
        clock,
    );
    h.key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::S);
    h.run();
    for _ in 0..5 {
        h.event(Event::Text("1111".into()));
        h.key_press(Key::Enter);
        h.run();
    }
    assert!(
        shows_containing(&h, "locked"),
        "five wrong tries lock the pad"
    );
    // The kiosk is killed and started again (a crash, or `kill -9`).
    drop(h);
    let lock_file = dir.path().join("data/pin-lock.toml");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&lock_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the kiosk's user reads it");
    }
    let again = build_state(&opts, &machine_at(&ManualClock::default(), &config, &data)).unwrap();
    let left = again.pin().locked_for(std::time::Duration::ZERO);
    assert!(
        left.is_some_and(|s| (50..=60).contains(&s)),
        "the restart did not lift the lock: {left:?}"
    );
}

#[test]
fn a_fifo_named_settings_toml_does_not_hang_the_kiosk() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    mkfifo(&config);
    let (_, warnings) = start_bounded(Options::default(), config, dir.path().to_owned());
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("settings.toml") && w.contains("FIFO")),
        "{warnings:?}"
    );
}

/// A 64 KiB file system in `dir`, filled up. Mounting needs root: the test runs itself again
/// inside a user and mount namespace of its own ([`in_own_mount_namespace`]), where it is root
/// and may mount, so no real root is needed; the mount goes with the namespace.
fn full_disk(dir: &Path) -> PathBuf {
    let mnt = dir.join("full");
    std::fs::create_dir_all(&mnt).unwrap();
    let out = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&mnt)
        .output()
        .expect("mount runs");
    assert!(
        out.status.success(),
        "cannot mount a small tmpfs in this namespace: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let filler = vec![0u8; 4096];
    let mut file = std::fs::File::create(mnt.join("filler")).unwrap();
    while std::io::Write::write_all(&mut file, &filler).is_ok() {}
    mnt
}

/// Set in the copy of a test that runs inside its own mount namespace.
const INSIDE: &str = "PATIENT_KIOSK_TEST_OWN_NAMESPACE";

/// Run the test `name` again, inside a new user and mount namespace (`unshare`, from
/// util-linux, which every Debian has); true in that copy, false in the outer run once the
/// copy passed.
fn in_own_mount_namespace(name: &str) -> bool {
    if std::env::var_os(INSIDE).is_some() {
        return true;
    }
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "--"])
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(INSIDE, "1")
        .output()
        .expect("unshare runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && said.contains("1 passed"),
        "{name} inside its own mount namespace: {said}"
    );
    false
}

#[test]
fn a_full_disk_is_named_and_nothing_stops() {
    if !in_own_mount_namespace("fault_injection::a_full_disk_is_named_and_nothing_stops") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let full = full_disk(dir.path());
    let (mut usage, _) = patient_kiosk::storage::Usage::load(&full.join("usage.toml"));
    usage.session_started();
    let err = usage.for_saving().save().unwrap_err().to_string();
    assert!(
        err.contains("usage.toml") && err.contains("in memory"),
        "{err}"
    );

    let err = patient_kiosk::system::print::save_for_staff(
        &full.join("handouts"),
        &vec![b'%'; 200_000],
        std::time::SystemTime::now(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("full") && err.contains("handouts"), "{err}");
    // Nothing half-written is left for staff to print.
    let left = std::fs::read_dir(full.join("handouts"))
        .map(|e| e.count())
        .unwrap_or(0);
    assert_eq!(left, 0);

    let lock = patient_kiosk::kiosk::PinLock {
        failures: 3,
        ..Default::default()
    };
    let err = patient_kiosk::storage::pin_lock::save(
        &full.join("pin-lock.toml"),
        lock,
        std::time::SystemTime::now(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("pin-lock.toml"), "{err}");
}
