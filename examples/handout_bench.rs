//! How long one typical handout takes to build: the default six topics, three questions,
//! Letter paper. Not a timed test; it prints the median of N builds.
//!
//! Run it in the debug build (dependencies at opt-level 1, as in development):
//! `cargo run --example handout_bench` (set `HANDOUT_BENCH_RUNS` for more or fewer builds).
//! An example rather than a bench target, so the test build compiles (and CI lints) it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark: a failed build should stop it"
)]

use std::time::Instant;

use patient_kiosk::config::Settings;
use patient_kiosk::content::{self, EmbeddedSource};
use patient_kiosk::handout::{self, Paper, Request};

fn main() {
    let runs: usize = std::env::var("HANDOUT_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(15)
        .max(1);
    let library = content::load(&EmbeddedSource).unwrap();
    let settings = Settings {
        clinic_name: "Riverside Skin Clinic".into(),
        clinic_phone: "(555) 010-2030".into(),
        clinic_address: "12 Main Street, Springfield".into(),
        clinic_website: "riverside-skin.example".into(),
        ..Settings::default()
    };
    let mut req = Request::with_defaults(
        &library,
        &settings,
        "en",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    );
    req.paper = Paper::Letter;
    req.questions = ["good-candidate", "risks-for-me", "sessions-cost"]
        .map(String::from)
        .to_vec();

    let mut times = Vec::with_capacity(runs);
    let mut pages = 0;
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let made = handout::build(&library, &EmbeddedSource, &settings, &req).unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        pages = made.pages;
        bytes = made.pdf.len();
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "handout: {pages} pages, {} KB; median {median:.1} ms over {runs} builds (min {:.1}, max {:.1})",
        bytes / 1024,
        times[0],
        times[times.len() - 1]
    );
}
