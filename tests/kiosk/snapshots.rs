//! Small pictures of the main screens, compared pixel by pixel (rendered with wgpu on
//! Mesa's software drivers). `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` rewrites them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use common::*;
use egui::accesskit::Role;

const SIZE: (f32, f32) = (1280.0, 800.0);

#[test]
fn snapshots_of_the_main_screens() {
    let (mut h, _clock) = kiosk(SIZE);
    h.snapshot("welcome");

    tap(&mut h, "Touch to start");
    h.snapshot("home");

    open_topic(&mut h, "What microneedling is");
    h.snapshot("text_page");
    tap(&mut h, "Home");

    open_topic(&mut h, "Your visit, step by step");
    h.snapshot("steps_page");
    tap(&mut h, "Home");

    let lib = library();
    let qs: Vec<_> = lib.lang("en").questions().take(2).cloned().collect();
    open_topic(&mut h, "Questions for your consultation");
    for q in &qs {
        tap_in_view(&mut h, Role::CheckBox, &q.text);
    }
    tap(&mut h, "My questions (2)");
    h.snapshot("my_questions");
}

#[test]
fn snapshot_of_a_page_in_high_contrast_at_the_largest_text() {
    let (mut h, _clock) = kiosk(SIZE);
    tap(&mut h, "High contrast");
    tap(&mut h, "Text size: normal");
    tap(&mut h, "Text size: large");
    tap(&mut h, "Touch to start");
    open_topic(&mut h, "Aftercare");
    tap(&mut h, "Next");
    h.snapshot("high_contrast_largest");
}
