//! Metrics for a clinic chain's Prometheus: the kiosk writes `metrics_file` in the text
//! format, and Debian's real `prometheus-node-exporter` (its textfile collector, on
//! 127.0.0.1) serves it with no scrape error. Totals move only when a session ends.

#![allow(
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use std::io::{Read, Write};
use std::time::Duration;

use common::*;
use patient_kiosk::config::Settings;
use patient_kiosk::kiosk::ManualClock;
use patient_kiosk::storage::Usage;

const NODE_EXPORTER: &str = "/usr/bin/prometheus-node-exporter";

fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| {
        l.strip_prefix(series)?
            .strip_prefix(' ')?
            .trim()
            .parse()
            .ok()
    })
}

/// node_exporter on a free port of 127.0.0.1, reading `dir`; stopped when dropped.
struct Exporter {
    child: std::process::Child,
    port: u16,
}

impl Drop for Exporter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn exporter(dir: &std::path::Path) -> Exporter {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = std::process::Command::new(NODE_EXPORTER)
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--collector.disable-defaults")
        .arg("--collector.textfile")
        .arg(format!("--collector.textfile.directory={}", dir.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{NODE_EXPORTER} (Debian prometheus-node-exporter): {e}"));
    Exporter { child, port }
}

/// GET /metrics, as Prometheus scrapes it.
fn scrape(port: u16) -> String {
    for _ in 0..100 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            s.write_all(b"GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                .expect("request");
            let mut body = String::new();
            s.read_to_string(&mut body).expect("response");
            return body;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("node_exporter did not answer on 127.0.0.1:{port}");
}

#[test]
#[ignore = "needs prometheus-node-exporter: bash .ci/test installs it"]
fn node_exporter_serves_the_kiosks_totals_and_a_session_counts_only_once_it_ends() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("patient_kiosk.prom");
    let settings = Settings {
        metrics_file: file.display().to_string(),
        ..Settings::default()
    };
    let clock = ManualClock::default();
    let state = state_with(settings, Usage::in_memory(), &clock);
    let mut h = kiosk_with(HD, state, clock.clone());

    // Written at start.
    let read = || std::fs::read_to_string(&file).expect("the metrics file");
    let text = read();
    assert_eq!(sample(&text, "patient_kiosk_up"), Some(1.0));
    assert_eq!(
        sample(&text, "patient_kiosk_sessions_started_total"),
        Some(0.0)
    );

    // A patient reads Aftercare; a minute later the file is written again, and shows
    // nothing of them yet.
    tap(&mut h, "Touch to start");
    let lib = library();
    let aftercare = lib.lang("en").topic("aftercare").expect("aftercare");
    open_topic(&mut h, &aftercare.title);
    wait(&mut h, &clock, Duration::from_secs(61));
    let text = read();
    assert_eq!(
        sample(&text, "patient_kiosk_sessions_started_total"),
        Some(0.0)
    );
    assert_eq!(
        sample(
            &text,
            "patient_kiosk_topic_opens_total{topic=\"aftercare\"}"
        ),
        Some(0.0)
    );

    // They finish; the next minute's file counts their session, but not yet what they read:
    // topics are published five sessions at a time, so a quiet kiosk never shows one
    // patient's reading.
    tap(&mut h, "Finish");
    wait(&mut h, &clock, Duration::from_secs(61));
    let text = read();
    assert_eq!(
        sample(&text, "patient_kiosk_sessions_started_total"),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            "patient_kiosk_topic_opens_total{topic=\"aftercare\"}"
        ),
        Some(0.0)
    );
    for _ in 1..patient_kiosk::model::metrics::TOPIC_BATCH {
        tap(&mut h, "Touch to start");
        tap(&mut h, "Finish");
    }
    wait(&mut h, &clock, Duration::from_secs(61));
    let text = read();
    assert_eq!(
        sample(
            &text,
            "patient_kiosk_topic_opens_total{topic=\"aftercare\"}"
        ),
        Some(1.0)
    );
    assert!(sample(&text, "patient_kiosk_start_time_seconds").is_some_and(|t| t > 1.7e9));

    // A second patient walks away: the idle reset is counted.
    tap(&mut h, "Touch to start");
    for _ in 0..20 {
        wait(&mut h, &clock, Duration::from_secs(10));
    }
    assert!(shows(&h, "Touch to start"), "the idle reset came");
    wait(&mut h, &clock, Duration::from_secs(61));
    let text = read();
    assert_eq!(
        sample(&text, "patient_kiosk_idle_resets_total"),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, "patient_kiosk_sessions_started_total"),
        Some(1.0 + patient_kiosk::model::metrics::TOPIC_BATCH as f64)
    );

    // Debian's node_exporter reads the file with no error.
    let node = exporter(dir.path());
    let body = scrape(node.port);
    assert!(
        body.starts_with("HTTP/1.0 200") || body.starts_with("HTTP/1.1 200"),
        "{body}"
    );
    assert_eq!(
        sample(&body, "node_textfile_scrape_error"),
        Some(0.0),
        "{body}"
    );
    assert_eq!(
        sample(&body, "patient_kiosk_sessions_started_total"),
        Some(1.0 + patient_kiosk::model::metrics::TOPIC_BATCH as f64)
    );
    assert!(
        body.contains("patient_kiosk_build_info{content_seq=\"0\",version=\""),
        "{body}"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    assert_eq!(
        names,
        ["patient_kiosk.prom"],
        "no temporary file left for the collector"
    );
}

#[test]
fn a_metrics_file_that_cannot_be_written_is_a_staff_warning_and_the_kiosk_runs_on() {
    let dir = tempfile::tempdir().expect("dir");
    // Its folder is a file: nothing can be written there.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "").expect("file");
    let settings = Settings {
        metrics_file: blocker.join("patient_kiosk.prom").display().to_string(),
        ..Settings::default()
    };
    let clock = ManualClock::default();
    let state = state_with(settings, Usage::in_memory(), &clock);
    let mut h = kiosk_with(HD, state, clock);
    let warnings = h.state().state().warnings().to_vec();
    assert!(
        warnings
            .iter()
            .any(|w| w.to_string().contains("metrics: could not write")
                && w.to_string().contains("not-a-folder")),
        "{warnings:?}"
    );
    tap(&mut h, "Touch to start");
    assert!(shows(&h, "Pick a topic"));
}

#[test]
fn a_missing_metrics_folder_is_named_to_staff_and_never_made() {
    let dir = tempfile::tempdir().expect("dir");
    // As when node exporter is not installed: its textfile folder does not exist.
    let folder = dir.path().join("node-exporter");
    let settings = Settings {
        metrics_file: folder.join("patient_kiosk.prom").display().to_string(),
        ..Settings::default()
    };
    let clock = ManualClock::default();
    let state = state_with(settings, Usage::in_memory(), &clock);
    let h = kiosk_with(HD, state, clock);
    let warnings: Vec<String> = h
        .state()
        .state()
        .warnings()
        .iter()
        .map(ToString::to_string)
        .collect();
    let said = format!("the folder {} does not exist", folder.display());
    assert!(warnings.iter().any(|w| w.contains(&said)), "{warnings:?}");
    assert!(
        !folder.exists(),
        "the kiosk made node exporter's folder itself"
    );
}

#[test]
#[ignore = "needs promtool (Debian's prometheus package): bash .ci/test installs it"]
fn the_shipped_alerts_fire_for_real_failures_and_not_for_planned_stops_or_nights() {
    // deploy/prometheus/patient-kiosk.rules.test.yml: a planned stop, a PC off at night, a
    // dead PC, a crashed app, a crash loop, a quiet clinic out of paper, one speech hiccup,
    // updates failing across nights, each with the alerts it must (and must not) raise.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/prometheus");
    for args in [
        vec!["check", "rules", "patient-kiosk.rules.yml"],
        vec!["test", "rules", "patient-kiosk.rules.test.yml"],
    ] {
        let out = std::process::Command::new("promtool")
            .args(&args)
            .current_dir(dir)
            .output()
            .unwrap_or_else(|e| panic!("promtool: {e}; apt-get install prometheus"));
        assert!(
            out.status.success(),
            "promtool {args:?}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
