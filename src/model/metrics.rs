//! Metrics for Prometheus, in the text format node_exporter's textfile collector reads.
//! Only running totals since the kiosk started, each added when a patient's session ends
//! (Finish, the idle reset, staff back to patient), so no series moves at one patient's
//! moment: a scrape never shows that someone just opened "Risks" or printed. Topic counts
//! go further: they are published only [`TOPIC_BATCH`] sessions at a time, so even at a
//! quiet kiosk the change between two scrapes never shows what the patient who just left
//! read.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

/// Topic counts are published once this many sessions have ended since the last time.
pub const TOPIC_BATCH: u64 = 5;

/// How often the metrics file is written (and once at start).
pub const METRICS_EVERY: Duration = Duration::from_secs(60);

/// What one session did, counted while it runs and folded into [`Totals`] when it ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub(super) started: bool,
    pub(super) topics: Vec<String>,
    pub(super) printed: u64,
    pub(super) print_failed: u64,
    pub(super) speech_failed: u64,
}

/// Running totals since the kiosk started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub sessions: u64,
    /// Topic opens as published ([`TOPIC_BATCH`] sessions at a time).
    pub topic_opens: BTreeMap<String, u64>,
    /// Topic opens of the sessions since the last publication, and how many sessions.
    pending_topics: BTreeMap<String, u64>,
    pending_sessions: u64,
    pub printed: u64,
    pub print_failed: u64,
    pub speech_failures: u64,
    pub idle_resets: u64,
}

impl Totals {
    pub(super) fn add(&mut self, tally: Tally) {
        self.sessions += u64::from(tally.started);
        for t in tally.topics {
            *self.pending_topics.entry(t).or_default() += 1;
        }
        self.pending_sessions += u64::from(tally.started);
        if self.pending_sessions >= TOPIC_BATCH {
            for (t, n) in std::mem::take(&mut self.pending_topics) {
                *self.topic_opens.entry(t).or_default() += n;
            }
            self.pending_sessions = 0;
        }
        self.printed += tally.printed;
        self.print_failed += tally.print_failed;
        self.speech_failures += tally.speech_failed;
    }
}

/// What the file says besides the totals.
pub struct Snapshot<'a> {
    pub up: bool,
    /// When the kiosk process started (seconds since 1970).
    pub started: u64,
    pub version: &'a str,
    /// The installed content pack's sequence number, 0 for the built-in or a folder.
    pub content_seq: u64,
    pub warnings: usize,
    /// Every topic id, so a topic nobody opened shows 0 rather than nothing.
    pub topic_ids: &'a [String],
    /// When a content update last succeeded (seconds since 1970, 0: never), and whether
    /// the last one failed.
    pub update: (u64, bool),
}

/// A label value with `\`, `"` and newlines escaped, as the text format asks.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The file's text: `# HELP` and `# TYPE` for each series, then its samples.
pub fn render(totals: &Totals, s: &Snapshot<'_>) -> String {
    let mut out = String::new();
    let mut series = |name: &str, kind: &str, help: &str, samples: &[(String, u64)]| {
        let _ = writeln!(out, "# HELP patient_kiosk_{name} {help}");
        let _ = writeln!(out, "# TYPE patient_kiosk_{name} {kind}");
        for (labels, value) in samples {
            let _ = writeln!(out, "patient_kiosk_{name}{labels} {value}");
        }
    };
    series(
        "up",
        "gauge",
        "1 while the kiosk runs; 0 once it stopped cleanly (Exit kiosk, systemctl stop, a restart after an upgrade). A crash leaves 1 and the file stops changing.",
        &[(String::new(), u64::from(s.up))],
    );
    series(
        "start_time_seconds",
        "gauge",
        "When the kiosk process started, in seconds since 1970: a change is a restart.",
        &[(String::new(), s.started)],
    );
    series(
        "content_seq",
        "gauge",
        "The content pack on screen: its sequence number (0: the built-in content or a folder).",
        &[(String::new(), s.content_seq)],
    );
    series(
        "build_info",
        "gauge",
        "The kiosk's version and its content pack's sequence number (0: built in).",
        &[(
            format!(
                "{{version=\"{}\",content_seq=\"{}\"}}",
                label(s.version),
                s.content_seq
            ),
            1,
        )],
    );
    series(
        "sessions_started_total",
        "counter",
        "Patients who touched Start, counted when their session ended.",
        &[(String::new(), totals.sessions)],
    );
    let opens: Vec<(String, u64)> = s
        .topic_ids
        .iter()
        .map(|id| {
            (
                format!("{{topic=\"{}\"}}", label(id)),
                totals.topic_opens.get(id).copied().unwrap_or(0),
            )
        })
        .collect();
    series(
        "topic_opens_total",
        "counter",
        "Topics opened, by topic id, published 5 sessions at a time so no change shows one patient's reading.",
        &opens,
    );
    series(
        "handouts_printed_total",
        "counter",
        "Handouts CUPS accepted.",
        &[(String::new(), totals.printed)],
    );
    series(
        "handouts_failed_total",
        "counter",
        "Handouts that did not print.",
        &[(String::new(), totals.print_failed)],
    );
    series(
        "speech_failures_total",
        "counter",
        "Times the speech engine could not start or stopped with an error.",
        &[(String::new(), totals.speech_failures)],
    );
    series(
        "idle_resets_total",
        "counter",
        "Sessions ended by the idle timer (nobody answered Need more time?).",
        &[(String::new(), totals.idle_resets)],
    );
    series(
        "last_update_success_timestamp_seconds",
        "gauge",
        "When a content pack update last succeeded (0: never).",
        &[(String::new(), s.update.0)],
    );
    series(
        "last_update_failed",
        "gauge",
        "1 when the last content pack update failed.",
        &[(String::new(), u64::from(s.update.1))],
    );
    series(
        "staff_warnings",
        "gauge",
        "Warnings shown on the staff menu now.",
        &[(String::new(), s.warnings as u64)],
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_has_help_type_and_escaped_labels() {
        let mut totals = Totals::default();
        totals.add(Tally {
            started: true,
            topics: vec!["aftercare".into(), "aftercare".into()],
            printed: 1,
            ..Tally::default()
        });
        for _ in 1..TOPIC_BATCH {
            totals.add(Tally {
                started: true,
                ..Tally::default()
            });
        }
        let ids = ["aftercare".to_owned(), "cost".to_owned()];
        let text = render(
            &totals,
            &Snapshot {
                up: true,
                started: 1_699_999_000,
                version: "1.0 \"beta\"",
                content_seq: 7,
                warnings: 2,
                topic_ids: &ids,
                update: (1_700_000_000, true),
            },
        );
        assert!(text.contains("# TYPE patient_kiosk_sessions_started_total counter\n"));
        assert!(text.contains("patient_kiosk_sessions_started_total 5\n"));
        assert!(text.contains("patient_kiosk_start_time_seconds 1699999000\n"));
        assert!(text.contains("patient_kiosk_content_seq 7\n"));
        assert!(text.contains("patient_kiosk_topic_opens_total{topic=\"aftercare\"} 2\n"));
        assert!(text.contains("patient_kiosk_topic_opens_total{topic=\"cost\"} 0\n"));
        assert!(text.contains("version=\"1.0 \\\"beta\\\"\",content_seq=\"7\""));
        assert!(text.contains("patient_kiosk_staff_warnings 2\n"));
        assert!(text.contains("patient_kiosk_last_update_success_timestamp_seconds 1700000000\n"));
        assert!(text.contains("patient_kiosk_last_update_failed 1\n"));
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn topic_counts_move_only_five_sessions_at_a_time() {
        let mut totals = Totals::default();
        let one = |topic: &str| Tally {
            started: true,
            topics: vec![topic.to_owned()],
            ..Tally::default()
        };
        // A quiet morning: one patient reads "right-for-me" and leaves. Nothing shows.
        totals.add(one("right-for-me"));
        assert!(totals.topic_opens.is_empty());
        assert_eq!(totals.sessions, 1, "sessions still count at once");
        for _ in 1..TOPIC_BATCH - 1 {
            totals.add(one("cost"));
        }
        assert!(totals.topic_opens.is_empty());
        // The fifth session publishes all five together.
        totals.add(one("cost"));
        assert_eq!(totals.topic_opens.get("right-for-me"), Some(&1));
        assert_eq!(totals.topic_opens.get("cost"), Some(&4));
        // A session that never started (nobody touched Start) does not count towards five.
        totals.add(Tally {
            topics: vec!["risks".into()],
            ..Tally::default()
        });
        assert_eq!(totals.topic_opens.get("risks"), None);
    }
}
