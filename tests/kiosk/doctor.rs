//! `patient-kiosk doctor` as a clinic's IT person runs it before opening: clean on a kiosk
//! set up as docs/deploy.md says, and naming each problem (with its fix) on a broken one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use std::path::Path;

use patient_kiosk::config::Settings;

/// A display socket that answers, as a compositor's would (WAYLAND_DISPLAY may be a path).
fn display(dir: &Path) -> (std::os::unix::net::UnixListener, std::path::PathBuf) {
    let socket = dir.join("wayland-0");
    (
        std::os::unix::net::UnixListener::bind(&socket).unwrap(),
        socket,
    )
}

fn doctor(dir: &Path, config: &Path, cupsd: &Path, socket: Option<&Path>) -> (bool, String) {
    let mut cmd = crate::common::kiosk_command(dir);
    cmd.arg("--config")
        .arg(config)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("doctor")
        .arg("--cupsd-conf")
        .arg(cupsd)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    if let Some(socket) = socket {
        cmd.env("WAYLAND_DISPLAY", socket);
    }
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn line<'a>(report: &'a str, name: &str) -> &'a str {
    report
        .lines()
        .find(|l| l[5..].starts_with(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no {name} line in:\n{report}"))
}

#[test]
#[ignore = "needs CUPS with its KioskPDF queue, espeak-ng, cage and xwayland: bash .ci/test sets them up"]
fn a_kiosk_set_up_as_the_guide_says_passes_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    let settings = Settings {
        pin_hash: Some(patient_kiosk::kiosk::hash_pin("4821").unwrap()),
        printer: "KioskPDF".into(),
        ..Settings::default()
    };
    std::fs::write(&config, toml::to_string(&settings).unwrap()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let cupsd = dir.path().join("cupsd.conf");
    std::fs::write(
        &cupsd,
        "LogLevel warn\nPreserveJobFiles No\nPreserveJobHistory No\n",
    )
    .unwrap();
    let (_listener, socket) = display(dir.path());
    let (ok, report) = doctor(dir.path(), &config, &cupsd, Some(&socket));
    assert!(ok, "{report}");
    assert!(report.contains("All 11 checks passed."), "{report}");
    assert!(line(&report, "printer").contains("KioskPDF"));
    assert!(line(&report, "kiosk session").contains("cage, Xwayland and pam_systemd"));
}

#[test]
fn a_broken_kiosk_gets_one_line_per_problem_with_its_fix() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    std::fs::write(
        &config,
        "idle_seconds = 5\nprinter = \"NoSuchKioskPrinter\"\n\
         speech_command = [\"no-such-speech-engine\", \"--stdin\"]\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let cupsd = dir.path().join("cupsd.conf");
    std::fs::write(&cupsd, "LogLevel warn\n").unwrap();
    let (ok, report) = doctor(dir.path(), &config, &cupsd, None);
    assert!(!ok, "{report}");
    let fails: Vec<&str> = report.lines().filter(|l| l.starts_with("FAIL")).collect();
    for (name, says) in [
        ("settings", "idle_seconds"),
        ("settings file mode", "chmod o-rwx"),
        ("staff PIN", "set-pin"),
        ("printer", "NoSuchKioskPrinter"),
        ("CUPS job files", "PreserveJobFiles No"),
        ("CUPS job history", "PreserveJobHistory No"),
        ("display", "cage"),
        ("speech", "no-such-speech-engine"),
    ] {
        let l = line(&report, name);
        assert!(l.starts_with("FAIL") && l.contains(says), "{l}");
    }
    // cage, Xwayland and pam_systemd: failed exactly when this machine lacks one (a kiosk
    // PC has them).
    let pam = std::process::Command::new("sh")
        .args([
            "-c",
            "ls /usr/lib/*/security/pam_systemd.so /lib/*/security/pam_systemd.so",
        ])
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    let session = pam
        && ["/usr/bin/cage", "/usr/bin/Xwayland"]
            .iter()
            .all(|p| Path::new(p).is_file());
    assert_eq!(
        line(&report, "kiosk session").starts_with("ok"),
        session,
        "{report}"
    );
    let expected = 8 + usize::from(!session);
    assert_eq!(fails.len(), expected, "{report}");
    assert!(line(&report, "content").starts_with("ok"));
    assert!(
        report.contains(&format!("{expected} of 11 checks failed.")),
        "{report}"
    );
}

#[test]
fn for_a_fleet_doctor_checks_the_installed_pack_its_updates_and_the_metrics_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // An installed pack (as `update` leaves it) whose picture broke on the disk, a failing
    // last update, and a metrics folder that is not there.
    let (_export, folder) = crate::common::exported();
    let pack = d.join("data/packs/7");
    std::fs::create_dir_all(&pack).unwrap();
    assert!(
        std::process::Command::new("cp")
            .arg("-a")
            .arg(&folder)
            .arg(pack.join("content"))
            .status()
            .unwrap()
            .success()
    );
    let cost = pack.join("content/images/cost.png");
    let bytes = std::fs::read(&cost).unwrap();
    std::fs::write(&cost, &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(
        d.join("data/packs/current.toml"),
        "seq = 7\ncreated = \"\"\nsigner = \"\"\ninstalled_at = \"\"\n",
    )
    .unwrap();
    std::fs::write(
        d.join("data/packs/last-update.toml"),
        "at = 1764770000\nok = false\nmessage = \"network: connection refused\"\nlast_ok = 0\n",
    )
    .unwrap();
    let config = d.join("settings.toml");
    std::fs::write(
        &config,
        format!(
            "pack_url = \"https://intranet.example/pack.tar\"\n\
             pack_public_key = \"RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\"\n\
             metrics_file = \"{}\"\n",
            d.join("no-such-folder/patient_kiosk.prom").display()
        ),
    )
    .unwrap();
    let cupsd = d.join("cupsd.conf");
    std::fs::write(&cupsd, "").unwrap();
    let (ok, report) = doctor(d, &config, &cupsd, None);
    assert!(!ok);
    let content = line(&report, "content");
    assert!(
        content.starts_with("FAIL")
            && content.contains("content pack 7")
            && content.contains("cost.png"),
        "{report}"
    );
    let updates = line(&report, "content pack updates");
    assert!(
        updates.starts_with("FAIL") && updates.contains("connection refused"),
        "{report}"
    );
    let metrics = line(&report, "metrics file");
    assert!(
        metrics.starts_with("FAIL") && metrics.contains("does not exist"),
        "{report}"
    );
}
