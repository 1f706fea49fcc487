//! Signed content packs as a clinic chain runs them: `patient-kiosk pack`, signed with the
//! real `minisign` (Debian's package), served over HTTP on 127.0.0.1 with ETags, pulled
//! with `patient-kiosk update`, and shown by the kiosk at its next start.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use common::machine_at;
use patient_kiosk::app::{Options, build_state};
use patient_kiosk::kiosk::ManualClock;

fn run(args: &[&str], dir: &Path) -> Output {
    common::kiosk_command(dir)
        .args(["--config"])
        .arg(dir.join("settings.toml"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A minisign key pair without a password (as a build server's would be).
fn keys(dir: &Path) -> String {
    let out = Command::new("minisign")
        .args(["-G", "-W", "-p"])
        .arg(dir.join("k.pub"))
        .arg("-s")
        .arg(dir.join("k.sec"))
        .output()
        .unwrap_or_else(|e| panic!("minisign (Debian package minisign): {e}"));
    assert!(out.status.success(), "{out:?}");
    let public = std::fs::read_to_string(dir.join("k.pub")).unwrap();
    public.lines().nth(1).unwrap().to_owned()
}

fn sign(dir: &Path, tar: &Path, trusted: &str) {
    let out = Command::new("minisign")
        .arg("-S")
        .arg("-s")
        .arg(dir.join("k.sec"))
        .arg("-m")
        .arg(tar)
        .args(["-t", trusted])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// The built-in content, with Aftercare's title changed, as a clinic's edit.
fn content(dir: &Path, title: &str) -> PathBuf {
    let content = dir.join(format!("content-{title}"));
    let out = common::kiosk_command(dir)
        .arg("export-content")
        .arg(&content)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let file = content.join("en/07-aftercare.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("title = \"Aftercare\"", &format!("title = \"{title}\""), 1),
    )
    .unwrap();
    content
}

/// Pack `content` as `seq`, sign it, and put it where the server serves it.
fn publish(dir: &Path, content: &Path, seq: u64) {
    let tar = dir.join("www/pack.tar");
    std::fs::create_dir_all(dir.join("www")).unwrap();
    let out = run(
        &[
            "pack",
            content.to_str().unwrap(),
            "--out",
            tar.to_str().unwrap(),
            "--seq",
            &seq.to_string(),
        ],
        dir,
    );
    assert!(out.status.success(), "{}", stdout(&out));
    sign(dir, &tar, &format!("seq={seq}"));
}

/// An HTTP server on 127.0.0.1 serving `www` with ETags (If-None-Match gets a 304); it
/// notes each request's path and status.
/// Each request the server answered: the path and the status.
type Requests = Arc<Mutex<Vec<(String, u16)>>>;

fn serve(www: PathBuf) -> (String, Requests) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().trim_start_matches('/').to_owned();
            let file = www.join(&path);
            let (status, body, etag) = match std::fs::read(&file) {
                Ok(bytes) => {
                    use std::hash::{Hash, Hasher};
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    bytes.hash(&mut h);
                    let etag = format!("\"{:x}\"", h.finish());
                    let matches = request
                        .headers()
                        .iter()
                        .any(|hd| hd.field.equiv("If-None-Match") && hd.value.as_str() == etag);
                    if matches {
                        (304, Vec::new(), Some(etag))
                    } else {
                        (200, bytes, Some(etag))
                    }
                }
                Err(_) => (404, b"not found".to_vec(), None),
            };
            seen.lock().unwrap().push((path, status));
            let mut response = tiny_http::Response::from_data(body).with_status_code(status);
            if let Some(etag) = etag {
                response = response
                    .with_header(tiny_http::Header::from_bytes("ETag", etag.as_bytes()).unwrap());
            }
            let _ = request.respond(response);
        }
    });
    (format!("http://127.0.0.1:{port}/pack.tar"), log)
}

/// One kiosk's folder with the chain's key pair and a server for its packs, the kiosk's
/// settings pointing at both.
struct Chain {
    dir: tempfile::TempDir,
    key: String,
    url: String,
    log: Requests,
}

fn chain() -> Chain {
    let dir = tempfile::tempdir().unwrap();
    let key = keys(dir.path());
    let (url, log) = serve(dir.path().join("www"));
    settings(dir.path(), &url, &key);
    Chain { dir, key, url, log }
}

fn settings(dir: &Path, url: &str, key: &str) {
    std::fs::write(
        dir.join("settings.toml"),
        format!("pack_url = \"{url}\"\npack_public_key = \"{key}\"\n"),
    )
    .unwrap();
}

/// The kiosk as it starts on this machine: which Aftercare title it shows, and its pack.
fn kiosk_shows(dir: &Path) -> (String, Option<u64>, Vec<String>) {
    let opts = Options::default();
    let config = dir.join("settings.toml");
    let data = dir.join("data");
    let state = build_state(&opts, &machine_at(&ManualClock::default(), &config, &data)).unwrap();
    let title = state
        .content()
        .topic("aftercare")
        .map(|t| t.title.clone())
        .unwrap();
    let warnings = state.warnings().iter().map(ToString::to_string).collect();
    (title, state.pack().map(|p| p.seq), warnings)
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn a_signed_pack_is_installed_shown_and_an_unchanged_one_costs_one_304() {
    let c = chain();
    let (d, log) = (c.dir.path(), &c.log);
    assert_eq!(kiosk_shows(d).0, "Aftercare", "built in before any pack");

    publish(d, &content(d, "After your visit"), 1);
    let out = run(&["update"], d);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).starts_with("installed content pack 1 (signed by"),
        "{}",
        stdout(&out)
    );
    let (title, seq, warnings) = kiosk_shows(d);
    assert_eq!(
        (title.as_str(), seq),
        ("After your visit", Some(1)),
        "{warnings:?}"
    );

    // Nothing changed at the server: one conditional request, a 304, nothing downloaded.
    log.lock().unwrap().clear();
    let out = run(&["update"], d);
    assert!(out.status.success());
    assert_eq!(stdout(&out).trim(), "already current: content pack 1");
    assert_eq!(*log.lock().unwrap(), [("pack.tar".to_owned(), 304)]);

    // The staff menu's line and the metrics read the same last update.
    let last = patient_kiosk::packs::read_last(&d.join("data/packs")).unwrap();
    assert!(last.ok && last.last_ok > 0);

    // A newer pack replaces it; the one before is kept to roll back to.
    publish(d, &content(d, "Caring for your skin"), 2);
    let out = run(&["update"], d);
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(kiosk_shows(d).1, Some(2));
    assert!(d.join("data/packs/1").is_dir() && d.join("data/packs/2").is_dir());
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn a_tampered_pack_an_older_one_and_a_wrong_key_are_refused_naming_why() {
    let c = chain();
    let d = c.dir.path();
    publish(d, &content(d, "Pack two"), 2);
    assert!(run(&["update"], d).status.success());

    // One byte changed after signing.
    let tar = d.join("www/pack.tar");
    publish(d, &content(d, "Pack three"), 3);
    let mut bytes = std::fs::read(&tar).unwrap();
    let last = bytes.len() - 2000;
    bytes[last] ^= 1;
    std::fs::write(&tar, bytes).unwrap();
    let out = run(&["update"], d);
    assert!(!out.status.success());
    assert!(
        stdout(&out).contains("update failed: signature: does not match"),
        "{}",
        stdout(&out)
    );

    // An older pack, properly signed.
    publish(d, &content(d, "Pack one"), 1);
    let out = run(&["update"], d);
    assert!(!out.status.success());
    assert!(
        stdout(&out).contains("pack 1 is not newer than the installed pack 2"),
        "{}",
        stdout(&out)
    );

    // A signature whose trusted comment does not say the manifest's number.
    publish(d, &content(d, "Pack four"), 4);
    sign(d, &tar, "seq=40");
    let out = run(&["update"], d);
    assert!(
        stdout(&out).contains("the manifest says 4 but the signature says 40"),
        "{}",
        stdout(&out)
    );

    // Another key.
    let other = tempfile::tempdir().unwrap();
    let other_key = keys(other.path());
    settings(d, &c.url, &other_key);
    publish(d, &content(d, "Pack five"), 5);
    let out = run(&["update"], d);
    assert!(stdout(&out).contains("signature:"), "{}", stdout(&out));
    assert_eq!(kiosk_shows(d).1, Some(2), "still the last good pack");

    // The failure is kept for staff and the metrics.
    let last = patient_kiosk::packs::read_last(&d.join("data/packs")).unwrap();
    assert!(!last.ok && last.message.contains("signature"));
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn a_pack_with_a_content_error_is_refused_with_its_file_and_line() {
    let c = chain();
    let d = c.dir.path();
    let broken = content(d, "Broken");
    let file = broken.join("en/09-cost.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("title = ", "title = = ", 1)).unwrap();

    // `pack` refuses it outright.
    let out = run(
        &[
            "pack",
            broken.to_str().unwrap(),
            "--out",
            d.join("x.tar").to_str().unwrap(),
            "--seq",
            "1",
        ],
        d,
    );
    assert!(!out.status.success());
    assert!(stdout(&out).contains("09-cost.toml"), "{}", stdout(&out));
    assert!(!d.join("x.tar").exists());

    // Packed by hand with tar (no check) and signed anyway: the kiosk refuses to install it.
    std::fs::create_dir_all(d.join("www")).unwrap();
    let stage = d.join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(
        stage.join("manifest.toml"),
        "format = 1\nseq = 1\ncreated = \"2026-12-01T00:00:00+00:00\"\n",
    )
    .unwrap();
    std::fs::rename(&broken, stage.join("content")).unwrap();
    let tar = d.join("www/pack.tar");
    let status = Command::new("tar")
        .arg("-cf")
        .arg(&tar)
        .arg("-C")
        .arg(&stage)
        .args(["manifest.toml", "content"])
        .status()
        .unwrap();
    assert!(status.success());
    sign(d, &tar, "seq=1");
    let out = run(&["update"], d);
    assert!(!out.status.success());
    let said = stdout(&out);
    assert!(said.contains("the pack's content has errors"), "{said}");
    assert!(said.contains(" en/09-cost.toml:2: "), "{said}");
    assert_eq!(kiosk_shows(d).1, None, "nothing installed");
    let leftovers: Vec<_> = std::fs::read_dir(d.join("data/packs"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".incoming"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn kill_dash_nine_in_the_middle_of_an_install_leaves_the_old_pack_live() {
    let c = chain();
    let d = c.dir.path();
    publish(d, &content(d, "Old pack"), 1);
    assert!(run(&["update"], d).status.success());

    publish(d, &content(d, "New pack"), 2);
    let mut child = common::kiosk_command(d)
        .arg("--config")
        .arg(d.join("settings.toml"))
        .arg("--data-dir")
        .arg(d.join("data"))
        .arg("update")
        .env("PATIENT_KIOSK_TEST_PAUSE_BEFORE_SWITCH", "60")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    // Unpacked, loaded and tested, about to switch: kill it there.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("pausing") {
        line.clear();
        assert!(err.read_line(&mut line).unwrap() > 0, "update ended early");
    }
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(kiosk_shows(d).0, "Old pack");

    // The next update cleans up and installs.
    let out = run(&["update"], d);
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(kiosk_shows(d).0, "New pack");
    let names: Vec<String> = std::fs::read_dir(d.join("data/packs"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn a_pack_that_no_longer_loads_at_start_is_rolled_back_with_a_staff_warning() {
    let c = chain();
    let d = c.dir.path();
    publish(d, &content(d, "First"), 1);
    assert!(run(&["update"], d).status.success());
    publish(d, &content(d, "Second"), 2);
    assert!(run(&["update"], d).status.success());
    // The disk damaged pack 2 since.
    std::fs::write(d.join("data/packs/2/content/topics.toml"), "[[[").unwrap();
    let (title, seq, warnings) = kiosk_shows(d);
    assert_eq!((title.as_str(), seq), ("First", Some(1)));
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("content pack 2 did not load, so it was rolled back")),
        "{warnings:?}"
    );
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn a_pack_from_a_folder_such_as_a_usb_stick_installs_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = keys(d);
    publish(d, &content(d, "From the stick"), 1);
    settings(d, d.join("www/pack.tar").to_str().unwrap(), &key);
    let out = run(&["update"], d);
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(kiosk_shows(d).0, "From the stick");
    let out = run(&["update"], d);
    assert_eq!(stdout(&out).trim(), "already current: content pack 1");
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn the_running_kiosk_finds_a_new_pack_and_shows_it_only_once_the_patient_is_done() {
    use common::{HD, kiosk_with, open_topic, shows, tap, wait};
    use std::time::Duration;

    let c = chain();
    let d = c.dir.path();
    publish(d, &content(d, "Old words"), 1);
    assert!(run(&["update"], d).status.success());

    let clock = ManualClock::default();
    let opts = Options::default();
    let config = d.join("settings.toml");
    let data = d.join("data");
    let state = build_state(&opts, &machine_at(&clock, &config, &data)).unwrap();
    let mut h = kiosk_with(HD, state, clock.clone());
    tap(&mut h, "Touch to start");
    open_topic(&mut h, "Old words");

    // The chain publishes pack 2 while a patient reads; the kiosk finds it a minute later.
    publish(d, &content(d, "New words"), 2);
    wait(&mut h, &clock, Duration::from_secs(61));
    assert_eq!(h.state().state().pending_pack(), Some(2));
    assert!(
        shows(&h, "Old words"),
        "the patient's page does not change under them"
    );
    assert_eq!(h.state().state().pack().map(|p| p.seq), Some(1));

    // They finish: the next patient sees pack 2.
    tap(&mut h, "Finish");
    h.run();
    assert_eq!(h.state().state().pack().map(|p| p.seq), Some(2));
    assert_eq!(h.state().state().pending_pack(), None);
    tap(&mut h, "Touch to start");
    assert!(shows(&h, "New words"));
    let last = h.state().state().last_update().cloned().unwrap();
    assert!(
        last.ok && last.message.contains("installed content pack 2"),
        "{last:?}"
    );
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn the_staff_menu_shows_the_pack_and_which_file_set_each_setting() {
    use common::{HD, kiosk_with, shows_containing};
    use egui::{Event, Key, Modifiers};
    use patient_kiosk::config::Settings;

    let c = chain();
    let (d, key, url) = (c.dir.path(), &c.key, &c.url);
    // IT's machine-wide file sets the clinic, the pack and the PIN; the kiosk's own file
    // (here --config) sets the printer.
    let system = d.join("etc-settings.toml");
    let pin = patient_kiosk::kiosk::hash_pin("2468").unwrap();
    std::fs::write(
        &system,
        format!(
            "clinic_name = \"Chain Clinic\"\npack_url = \"{url}\"\npack_public_key = \"{key}\"\npin_hash = \"{}\"\n",
            pin.as_str()
        ),
    )
    .unwrap();
    std::fs::write(d.join("settings.toml"), "printer = \"KioskPDF\"\n").unwrap();
    publish(d, &content(d, "Signed words"), 3);
    // `update` reads the same layers; here the machine-wide file is given as --config.
    let out = common::kiosk_command(d)
        .arg("--config")
        .arg(&system)
        .arg("--data-dir")
        .arg(d.join("data"))
        .arg("update")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));

    let loaded = Settings::load_layers(&[system.clone(), d.join("settings.toml")]);
    assert_eq!(loaded.settings.clinic_name, "Chain Clinic");
    assert_eq!(loaded.settings.printer, "KioskPDF");
    let clock = ManualClock::default();
    let packs = d.join("data/packs");
    let (installed, content_dir) = patient_kiosk::packs::current(&packs).unwrap();
    let library = std::sync::Arc::new(patient_kiosk::packs::load_dir(&content_dir).unwrap());
    let state = patient_kiosk::model::AppState::new(
        library,
        std::sync::Arc::new(patient_kiosk::content::DirSource::new(&content_dir)),
        loaded.settings.clone(),
        patient_kiosk::storage::Usage::in_memory(),
        patient_kiosk::kiosk::Clock::now(&clock),
    )
    .with_settings_sources(loaded.sources.clone())
    .with_pack(
        Some(installed),
        patient_kiosk::packs::read_last(&packs),
        Some(packs),
    );
    let mut h = kiosk_with(HD, state, clock);
    h.key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::S);
    h.run();
    h.event(Event::Text("2468".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.run();
    assert!(shows_containing(&h, "Pack 3, "), "the pack's number");
    assert!(shows_containing(&h, "Last update ("));
    assert!(shows_containing(&h, "installed content pack 3"));
    let from_system = format!("Clinic: Chain Clinic (from {})", system.display());
    assert!(shows_containing(&h, &from_system), "{from_system}");
    let from_user = format!("(from {})", d.join("settings.toml").display());
    assert!(shows_containing(&h, &from_user));
    assert!(shows_containing(&h, "Paper: letter (default)"));
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn a_cron_update_beside_the_running_kiosk_is_shown_next_patient_and_never_pruned_under_it() {
    use common::{HD, kiosk_with, open_topic, shows, tap, wait};
    use std::time::Duration;

    let c = chain();
    let d = c.dir.path();
    publish(d, &content(d, "Words one"), 1);
    assert!(run(&["update"], d).status.success());
    let clock = ManualClock::default();
    let config = d.join("settings.toml");
    let data = d.join("data");
    let state = build_state(&Options::default(), &machine_at(&clock, &config, &data)).unwrap();
    let mut h = kiosk_with(HD, state, clock.clone());
    tap(&mut h, "Touch to start");
    open_topic(&mut h, "Words one");

    // A cron job installs two packs while the patient reads: the pack on screen stays.
    for (seq, title) in [(2, "Words two"), (3, "Words three")] {
        publish(d, &content(d, title), seq);
        let out = run(&["update"], d);
        assert!(out.status.success(), "{}", stdout(&out));
    }
    assert!(
        data.join("packs/1/content").is_dir(),
        "the pack on screen was pruned under the running kiosk"
    );
    // The kiosk's own check a minute later (the server says 304: nothing new to fetch)
    // still takes up what cron installed, for the next patient.
    wait(&mut h, &clock, Duration::from_secs(61));
    assert_eq!(h.state().state().pending_pack(), Some(3));
    assert!(shows(&h, "Words one"), "not under the patient's eyes");
    tap(&mut h, "Finish");
    h.run();
    assert_eq!(h.state().state().pack().map(|p| p.seq), Some(3));
    assert!(
        h.state()
            .state()
            .metrics_text(true)
            .contains("patient_kiosk_content_seq 3\n")
    );
    tap(&mut h, "Touch to start");
    assert!(shows(&h, "Words three"));
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn a_new_pack_on_a_stick_is_found_even_with_the_same_size_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = keys(d);
    let stick = d.join("www/pack.tar");
    settings(d, stick.to_str().unwrap(), &key);
    publish(d, &content(d, "Stick AAA"), 1);
    assert!(run(&["update"], d).status.success());
    let size = std::fs::metadata(&stick).unwrap().len();
    let stamp = d.join("stamp");
    std::fs::copy(&stick, &stamp).unwrap();
    Command::new("touch")
        .arg("-r")
        .arg(&stick)
        .arg(&stamp)
        .status()
        .unwrap();
    // The next pack: a same-length edit, copied with the old time (cp -p, rsync -t, FAT).
    publish(d, &content(d, "Stick BBB"), 2);
    assert_eq!(std::fs::metadata(&stick).unwrap().len(), size, "same size");
    for file in [&stick, &d.join("www/pack.tar.minisig")] {
        let ok = Command::new("touch")
            .arg("-r")
            .arg(&stamp)
            .arg(file)
            .status()
            .unwrap();
        assert!(ok.success());
    }
    let out = run(&["update"], d);
    assert!(
        stdout(&out).contains("installed content pack 2"),
        "{}",
        stdout(&out)
    );
    assert_eq!(kiosk_shows(d).0, "Stick BBB");
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn who_signed_comes_from_signed_data_and_two_keys_can_be_trusted_during_a_rotation() {
    let c = chain();
    let d = c.dir.path();
    // The old key signs pack 1, with the approver in the trusted comment; someone then
    // edits the untrusted comment to another name.
    let tar = d.join("www/pack.tar");
    std::fs::create_dir_all(d.join("www")).unwrap();
    let made = run(
        &[
            "pack",
            content(d, "Signed").to_str().unwrap(),
            "--out",
            tar.to_str().unwrap(),
            "--seq",
            "1",
        ],
        d,
    );
    assert!(made.status.success());
    sign(d, &tar, "seq=1 approved by Dr Lee");
    let sig = d.join("www/pack.tar.minisig");
    let text = std::fs::read_to_string(&sig).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[0] = "untrusted comment: approved by Dr Mallory".into();
    std::fs::write(&sig, lines.join("\n") + "\n").unwrap();
    let out = run(&["update"], d);
    let said = stdout(&out);
    assert!(said.contains("(approved by Dr Lee)"), "{said}");
    assert!(!said.contains("Mallory"), "{said}");
    assert!(said.contains("signed by key "), "{said}");

    // Rotation: a new key pair; the kiosks trust both keys for a while.
    let new_dir = tempfile::tempdir().unwrap();
    let new_key = keys(new_dir.path());
    std::fs::write(
        d.join("settings.toml"),
        format!(
            "pack_url = \"{}\"\npack_public_key = \"\"\"\n{}\n{new_key}\n\"\"\"\n",
            c.url, c.key
        ),
    )
    .unwrap();
    let made = run(
        &[
            "pack",
            content(d, "Rotated").to_str().unwrap(),
            "--out",
            tar.to_str().unwrap(),
            "--seq",
            "2",
        ],
        d,
    );
    assert!(made.status.success());
    sign(new_dir.path(), &tar, "seq=2");
    let out = run(&["update"], d);
    let said = stdout(&out);
    assert!(said.contains("installed content pack 2"), "{said}");
    let public = std::fs::read_to_string(new_dir.path().join("k.pub")).unwrap();
    let id = public
        .lines()
        .next()
        .and_then(|l| l.rsplit(' ').next())
        .unwrap()
        .to_owned();
    assert!(said.contains(&format!("key {id}")), "{said} / {public}");
}

#[test]
fn a_content_folder_on_the_command_line_wins_and_pack_url_is_then_never_checked() {
    use common::{HD, kiosk_with, wait};
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_export, folder) = common::exported();
    std::fs::write(
        d.join("settings.toml"),
        "pack_url = \"http://127.0.0.1:9/pack.tar\"\n",
    )
    .unwrap();
    let clock = ManualClock::default();
    let opts = Options {
        content: Some(folder),
        ..Options::default()
    };
    let machine = machine_at(&clock, &d.join("settings.toml"), &d.join("data"));
    let state = build_state(&opts, &machine).unwrap();
    assert_eq!(state.packs_dir(), None);
    let mut h = kiosk_with(HD, state, clock.clone());
    wait(&mut h, &clock, Duration::from_secs(180));
    assert!(
        h.state().state().last_update().is_none(),
        "no update was tried"
    );
    assert!(!d.join("data/packs").exists());
}

/// A picture with a good header and broken data after it (a cut-off copy).
fn break_picture(file: &Path) {
    let bytes = std::fs::read(file).unwrap();
    std::fs::write(file, &bytes[..bytes.len() / 2]).unwrap();
}

#[test]
fn a_picture_broken_after_its_header_is_refused_by_validate_and_pack() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_export, folder) = common::exported();
    break_picture(&folder.join("images/cost.png"));
    let out = common::run_validate(&folder);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("images/cost.png (topic cost): the picture's data is broken"),
        "{said}"
    );
    let out = common::kiosk_command(d)
        .args(["pack"])
        .arg(&folder)
        .arg("--out")
        .arg(d.join("pack.tar"))
        .args(["--seq", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("images/cost.png"), "{said}");
    assert!(!d.join("pack.tar").exists());
}

/// Repack an unpacked pack folder (manifest.toml and content/) with the system's tar.
fn tar_folder(from: &Path, to: &Path) {
    let ok = Command::new("tar")
        .arg("-cf")
        .arg(to)
        .arg("-C")
        .arg(from)
        .args(["manifest.toml", "content"])
        .status()
        .unwrap();
    assert!(ok.success());
}

#[test]
#[ignore = "needs minisign: bash .ci/test installs it"]
fn a_signed_pack_with_a_broken_picture_junk_files_or_a_newer_format_is_refused() {
    let c = chain();
    let d = c.dir.path();
    publish(d, &content(d, "Base"), 1);
    assert!(run(&["update"], d).status.success());
    let unpacked = d.join("unpacked");
    std::fs::create_dir_all(&unpacked).unwrap();
    assert!(
        Command::new("tar")
            .arg("-xf")
            .arg(d.join("www/pack.tar"))
            .arg("-C")
            .arg(&unpacked)
            .status()
            .unwrap()
            .success()
    );
    let manifest = std::fs::read_to_string(unpacked.join("manifest.toml")).unwrap();
    let tar = d.join("www/pack.tar");
    let with_seq = |seq: u64| manifest.replace("seq = 1", &format!("seq = {seq}"));

    // A picture broken after its header.
    let broken = d.join("broken");
    Command::new("cp")
        .arg("-a")
        .arg(&unpacked)
        .arg(&broken)
        .status()
        .unwrap();
    break_picture(&broken.join("content/images/cost.png"));
    std::fs::write(broken.join("manifest.toml"), with_seq(2)).unwrap();
    tar_folder(&broken, &tar);
    sign(d, &tar, "seq=2");
    let out = run(&["update"], d);
    let said = String::from_utf8_lossy(&out.stderr).into_owned() + &stdout(&out);
    assert!(!out.status.success());
    assert!(said.contains("images/cost.png (topic cost)"), "{said}");

    // 3,000 junk files.
    let junk = d.join("junk");
    Command::new("cp")
        .arg("-a")
        .arg(&unpacked)
        .arg(&junk)
        .status()
        .unwrap();
    for i in 0..3000 {
        std::fs::write(junk.join(format!("content/junk-{i}.txt")), "x").unwrap();
    }
    std::fs::write(junk.join("manifest.toml"), with_seq(3)).unwrap();
    tar_folder(&junk, &tar);
    sign(d, &tar, "seq=3");
    let out = run(&["update"], d);
    let said = String::from_utf8_lossy(&out.stderr).into_owned() + &stdout(&out);
    assert!(!out.status.success());
    assert!(said.contains("more than 2000 files"), "{said}");

    // A format this kiosk does not know.
    let newer = d.join("newer");
    Command::new("cp")
        .arg("-a")
        .arg(&unpacked)
        .arg(&newer)
        .status()
        .unwrap();
    std::fs::write(
        newer.join("manifest.toml"),
        with_seq(4).replace("format = 1", "format = 99"),
    )
    .unwrap();
    tar_folder(&newer, &tar);
    sign(d, &tar, "seq=4");
    let out = run(&["update"], d);
    let said = String::from_utf8_lossy(&out.stderr).into_owned() + &stdout(&out);
    assert!(!out.status.success());
    assert!(said.contains("pack format 99"), "{said}");

    // Pack 1 is still the one shown, and what staff read of each failure is bounded.
    assert_eq!(kiosk_shows(d).1, Some(1));
    let last = std::fs::read_to_string(d.join("data/packs/last-update.toml")).unwrap();
    assert!(last.len() < 4_000, "{} bytes", last.len());
}
