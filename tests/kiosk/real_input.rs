//! A patient's real pointer: it moves to a button, presses, then lets go, each in its own
//! frame (a kittest `click()` does all three at once). These stories failed on the kiosk
//! before the state machine: the move closed "Need more time?" and the press landed on
//! the question underneath.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use std::time::Duration;

use common::*;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use patient_kiosk::app::KioskApp;
use patient_kiosk::config::Settings;
use patient_kiosk::kiosk::{ManualClock, hash_pin};
use patient_kiosk::model::Screen;
use patient_kiosk::storage::Usage;

/// A patient on the questions page with one question ticked, left long enough for
/// "Need more time?" to appear over the list.
fn a_patient_asked_if_they_need_more_time() -> (Harness<'static, KioskApp>, ManualClock, String) {
    let (mut h, clock) = kiosk(HD);
    real_tap(&mut h, "Touch to start");
    let lib = library();
    let en = lib.lang("en");
    open_topic(&mut h, &en.topic("questions").unwrap().title);
    let first = en.questions().next().unwrap().clone();
    tap_in_view(&mut h, Role::CheckBox, &first.text);
    assert!(h.state().state().session().is_picked(&first.id));
    wait(&mut h, &clock, Duration::from_secs(90));
    assert!(shows(&h, "Need more time?"));
    (h, clock, first.id)
}

#[test]
fn start_over_now_with_a_real_pointer_forgets_everything() {
    let (mut h, _clock, _picked) = a_patient_asked_if_they_need_more_time();
    real_tap(&mut h, "Start over now");
    let s = h.state().state();
    assert_eq!(s.screen(), Screen::Welcome);
    assert!(
        s.session().picked().is_empty(),
        "nothing ticked, nothing kept"
    );
    assert!(!shows(&h, "Need more time?"));
    assert!(shows(&h, "Touch to start"));
}

#[test]
fn keep_reading_with_a_real_pointer_keeps_everything_and_ticks_nothing() {
    let (mut h, _clock, picked) = a_patient_asked_if_they_need_more_time();
    let screen = h.state().state().screen();
    real_tap(&mut h, "Yes, keep reading");
    let s = h.state().state();
    assert_eq!(s.screen(), screen);
    assert_eq!(
        s.session().picked(),
        [picked].as_slice(),
        "no tick went through"
    );
    assert!(!shows(&h, "Need more time?"));
}

#[test]
fn moving_the_pointer_does_not_answer_the_prompt() {
    let (mut h, clock, _picked) = a_patient_asked_if_they_need_more_time();
    let at = h.get_by_label("Start over now").rect().center();
    h.event(Event::PointerMoved(at));
    h.run();
    assert!(shows(&h, "Need more time?"), "a move is not an answer");
    // And the countdown still runs out.
    wait(&mut h, &clock, Duration::from_secs(30));
    assert_eq!(h.state().state().screen(), Screen::Welcome);
}

#[test]
fn a_tap_beside_the_prompt_keeps_reading_and_reaches_nothing_beneath() {
    let (mut h, _clock, picked) = a_patient_asked_if_they_need_more_time();
    // The top bar's "My questions" lies under the prompt's dimmed backdrop.
    let beneath = h.get_by_label("My questions (1)").rect().center();
    real_tap_at(&mut h, beneath);
    let s = h.state().state();
    assert!(
        matches!(s.screen(), Screen::Reader { .. }),
        "{:?}",
        s.screen()
    );
    assert_eq!(s.session().picked(), [picked].as_slice());
    assert!(!shows(&h, "Need more time?"));
}

/// Staff open the PIN pad with the keyboard chord; its first key has keyboard focus.
fn at_the_pin_pad() -> Harness<'static, KioskApp> {
    let clock = ManualClock::default();
    let settings = Settings {
        pin_hash: Some(hash_pin("4821").unwrap()),
        ..Settings::default()
    };
    let mut h = kiosk_with(HD, state_with(settings, Usage::in_memory(), &clock), clock);
    h.key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::S);
    h.run();
    assert_eq!(h.state().state().screen(), Screen::StaffPin);
    assert!(h.get_by_label("1").is_focused());
    h
}

#[test]
fn enter_on_the_pin_pad_submits_what_was_typed() {
    let mut h = at_the_pin_pad();
    // The pad's first key has keyboard focus; Enter must not press it.
    h.event(Event::Text("4821".into()));
    h.run();
    assert_eq!(h.state().state().pin().entered_len(), 4);
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().state().screen(), Screen::StaffMenu);
}

#[test]
fn a_wrong_pin_and_enter_says_so_without_typing_a_digit() {
    let mut h = at_the_pin_pad();
    h.event(Event::Text("1111".into()));
    h.key_press(Key::Enter);
    h.run();
    let s = h.state().state();
    assert_eq!(s.screen(), Screen::StaffPin);
    assert_eq!(s.pin().entered_len(), 0, "Enter typed no digit");
    assert!(shows_containing(&h, "4 tries left"));
}

#[test]
fn the_frame_that_sees_a_finger_lift_already_shows_the_new_screen() {
    // The patient's finger moves to "Touch to start", presses, then lifts, each in its own
    // frame. The lift's frame is the one put on screen with the topics in it: not a frame
    // later (on a PC without a GPU every frame costs the whole screen).
    let (mut h, _clock) = kiosk(HD);
    let at = h.get_by_label("Touch to start").rect().center();
    h.event(Event::PointerMoved(at));
    h.run();
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    assert_eq!(h.state().state().screen(), Screen::Home);
    assert!(
        shows(&h, "Pick a topic"),
        "the lift's own frame shows the topics"
    );
    assert!(!shows(&h, "Touch to start"));
}
