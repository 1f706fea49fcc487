//! A seeded monkey: random taps, swipes, keys, idle periods and staff gestures against the
//! real app. After every event the kiosk must be in a valid state, and an idle reset must
//! always leave nothing behind. `SOAK_EVENTS=1000000 cargo test --release --test soak --
//! --nocapture` is the long run (it also checks memory growth); CI runs a few thousand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::NodeT;
use patient_kiosk::app::{Driver, KioskApp};
use patient_kiosk::config::Settings;
use patient_kiosk::kiosk::{ManualClock, hash_pin};
use patient_kiosk::machine::recording::MutedSpeaker;
use patient_kiosk::model::{Action, AppState, Screen, Session};
use patient_kiosk::storage::Usage;

const PIN: &str = "2468";
const KEYS: [Key; 10] = [
    Key::Tab,
    Key::ArrowUp,
    Key::ArrowDown,
    Key::ArrowLeft,
    Key::ArrowRight,
    Key::Enter,
    Key::Space,
    Key::Escape,
    Key::Backspace,
    Key::PageDown,
];

fn resident_kib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4)
}

fn press_at(h: &Harness<'_, KioskApp>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

fn random_point(rng: &mut fastrand::Rng) -> Pos2 {
    pos2(rng.f32() * HD.0, rng.f32() * HD.1)
}

fn check_invariants(h: &Harness<'_, KioskApp>, event: usize, what: &str) {
    let s = h.state().state();
    let content = s.content();
    if let Screen::Reader { topic, page } = s.screen() {
        let t = content.topics.get(topic);
        assert!(
            t.is_some_and(|t| page < t.pages.len()),
            "event {event} ({what}): reader at {topic}/{page}"
        );
    }
    let picked = s.session().picked();
    let ids = s.library().question_ids();
    for (i, id) in picked.iter().enumerate() {
        assert!(
            ids.contains(&id.as_str()),
            "event {event} ({what}): unknown pick {id}"
        );
        assert!(
            !picked[..i].contains(id),
            "event {event} ({what}): {id} picked twice"
        );
    }
    assert!(
        s.library().offers(s.session().lang()),
        "event {event}: language {}",
        s.session().lang()
    );
}

/// Walks every page in both languages at every text size, one action a frame.
struct WarmUp(Vec<Action>);

impl Driver for WarmUp {
    fn step(&mut self, _state: &AppState) -> Vec<Action> {
        self.0.pop().into_iter().collect()
    }

    fn done(&self) -> bool {
        self.0.is_empty()
    }

    fn quit_when_done(&self) -> bool {
        false
    }
}

/// The allocator setting of the systemd unit, which the kiosk runs with on a kiosk PC: glibc
/// hands freed memory back to the system (a handout's PDF, a picture) instead of keeping
/// it, so resident memory says what the kiosk holds.
const UNIT_MALLOC_TRIM: &str = "MALLOC_TRIM_THRESHOLD_";

/// Run the test `name` again with the unit's allocator setting (read from
/// `deploy/patient-kiosk.service`, so the two never differ): true in that copy, false in the
/// outer run once the copy passed. The allocator reads it only when the process starts.
fn as_deployed(name: &str) -> bool {
    let unit = include_str!("../deploy/patient-kiosk.service");
    let value = unit
        .lines()
        .find_map(|l| l.strip_prefix(&format!("Environment={UNIT_MALLOC_TRIM}=")))
        .expect("the unit sets the allocator's trim threshold");
    if std::env::var(UNIT_MALLOC_TRIM).is_ok_and(|v| v == value) {
        return true;
    }
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--nocapture", "--test-threads=1"])
        .env(UNIT_MALLOC_TRIM, value)
        .status()
        .expect("the soak runs again as deployed");
    assert!(status.success(), "the soak as deployed failed: {status}");
    false
}

/// The warm-up's actions, last first (the driver pops them).
fn warm_up_actions() -> Vec<Action> {
    let lib = library();
    let mut out = Vec::new();
    for lang in &lib.languages {
        for size in 0..3 {
            out.push(Action::Finish);
            out.push(Action::SetLanguage(lang.clone()));
            out.extend(std::iter::repeat_n(Action::CycleTextSize, size));
            if size == 0 {
                out.push(Action::ToggleContrast);
            }
            out.push(Action::Start);
            for (t, topic) in lib.lang(lang).topics.iter().enumerate() {
                out.push(Action::OpenTopic(t));
                out.extend(std::iter::repeat_n(Action::NextPage, topic.pages.len() - 1));
            }
            // Language help and every interpreter card: the notices' glyphs in every script.
            out.push(Action::OpenLanguageHelp);
            let (help, ..) = patient_kiosk::language_help::LanguageHelp::load(
                &patient_kiosk::content::EmbeddedSource,
                &Settings::default(),
            );
            for i in 0..help.languages().len() {
                out.push(Action::ShowInterpreterCard(i));
            }
        }
    }
    out.push(Action::Finish);
    out.reverse();
    out
}

#[test]
fn a_monkey_cannot_break_the_kiosk() {
    if !as_deployed("a_monkey_cannot_break_the_kiosk") {
        return;
    }
    let events: usize = std::env::var("SOAK_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    let seed: u64 = std::env::var("SOAK_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20261125);
    let mut rng = fastrand::Rng::with_seed(seed);
    let clock = ManualClock::default();
    let settings = Settings {
        pin_hash: Some(hash_pin(PIN).unwrap()),
        ..Settings::default()
    };
    let warm_up_steps = warm_up_actions().len();
    // A kiosk as the service starts it (and starts again after Exit kiosk), every cache warm.
    let start_kiosk = || {
        let state = state_with(settings.clone(), Usage::in_memory(), &clock);
        // A muted engine: a recorder's log of every utterance would be growth of its own.
        let machine = machine(&clock).with_speech(Arc::new(MutedSpeaker::default()));
        let mut h = kiosk_on(HD, state, machine, 0.25, |app| {
            app.with_driver(Box::new(WarmUp(warm_up_actions())))
        });
        h.run_steps(warm_up_steps + 2);
        h.run_ok();
        h
    };
    // Fill every cache first (fonts at each text size, pictures, both languages), so the
    // memory measured after it is growth, not warm-up, at any number of events.
    let mut h = start_kiosk();
    let mut restarts = 0;
    // Memory is compared from after a short random warm-up to the end.
    let warm_up = (events / 10).clamp(1, 200).min(events);
    let mut rss_start = None;
    let rss_before = resident_kib();
    let mut rss_half = None;
    let mut rss_end = None;
    // Each figure is the lowest of a window of events: a large block the allocator holds for
    // a moment (a frame's buffers) is not growth, while a leak raises even the lowest.
    let window = (events / 20).clamp(1, 200);
    let lowest = |seen: Option<u64>| match (seen, resident_kib()) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut resets_checked = 0;

    for event in 0..events {
        if event == warm_up {
            rss_start = resident_kib();
        }
        if (events / 2..events / 2 + window).contains(&event) {
            rss_half = lowest(rss_half);
        }
        if event + window >= events {
            rss_end = lowest(rss_end);
        }

        let what = match rng.u8(0..100) {
            // Tap a random control.
            0..=34 => {
                let controls: Vec<_> = h
                    .root()
                    .children_recursive()
                    .filter(|n| matches!(n.accesskit_node().role(), Role::Button | Role::CheckBox))
                    .map(|n| n.rect().center())
                    .collect();
                if controls.is_empty() {
                    "no control"
                } else {
                    let at = controls[rng.usize(..controls.len())];
                    h.hover_at(at);
                    press_at(&h, at, true);
                    press_at(&h, at, false);
                    "tap control"
                }
            }
            // Tap anywhere.
            35..=54 => {
                let at = random_point(&mut rng);
                h.hover_at(at);
                press_at(&h, at, true);
                press_at(&h, at, false);
                "tap"
            }
            // Swipe.
            55..=64 => {
                let (from, to) = (random_point(&mut rng), random_point(&mut rng));
                h.hover_at(from);
                press_at(&h, from, true);
                for i in 1..=4 {
                    h.hover_at(from + (to - from) * (i as f32 / 4.0));
                }
                press_at(&h, to, false);
                "swipe"
            }
            // A key, sometimes with Shift.
            65..=84 => {
                let key = KEYS[rng.usize(..KEYS.len())];
                if rng.bool() {
                    h.key_press(key);
                } else {
                    h.key_press_modifiers(Modifiers::SHIFT, key);
                }
                "key"
            }
            // Digits (the PIN pad reads typed digits), sometimes the right PIN.
            85..=88 => {
                let text = if rng.u8(0..4) == 0 {
                    PIN.to_owned()
                } else {
                    (0..rng.usize(1..6))
                        .map(|_| char::from(b'0' + rng.u8(0..10)))
                        .collect()
                };
                h.event(Event::Text(text));
                "digits"
            }
            // The staff chord.
            89..=90 => {
                h.key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::S);
                "staff chord"
            }
            // Someone waits a while.
            91..=96 => {
                clock.advance(Duration::from_secs(rng.u64(1..100)));
                "wait"
            }
            // Walk away: the kiosk must forget everything.
            _ => {
                clock.advance(Duration::from_secs(91));
                h.step();
                clock.advance(Duration::from_secs(31));
                h.step();
                h.run_ok();
                let s = h.state().state();
                assert_eq!(s.screen(), Screen::Welcome, "event {event}: walked away");
                assert_eq!(
                    s.session(),
                    &Session::new(s.library().fallback_lang()),
                    "event {event}: a reset leaves nothing behind"
                );
                assert!(!s.idle().prompt_shown());
                resets_checked += 1;
                "walk away"
            }
        };
        h.step();
        // Some events start a countdown or a hold: settle without requiring it.
        h.run_ok();
        if h.state().state().quitting() {
            // Only reachable through the staff menu's Exit kiosk: the monkey found the PIN.
            // systemd starts the kiosk again (Restart=always); so does the monkey.
            restarts += 1;
            h = start_kiosk();
            continue;
        }
        check_invariants(&h, event, what);
    }
    assert!(
        resets_checked > 0 || events < 50,
        "walk-aways were exercised"
    );

    println!(
        "soak: ran {events} events (seed {seed}); times the monkey found Exit kiosk and \
         the kiosk was started again: {restarts}"
    );
    let (Some(start), Some(half), Some(end)) = (
        rss_start.or(rss_before),
        rss_half.or(rss_before),
        lowest(rss_end),
    ) else {
        panic!("no memory figure: /proc/self/statm is not readable");
    };
    println!(
        "soak: resident after warm-up {start} KiB, half-way {half} KiB, end {end} KiB (the \
         lowest over {window} events each)"
    );
    // Caches fill in the first half (the font atlas grows in steps as new sizes of text
    // appear); after that memory is flat at every run length, so the second half may not
    // grow by more than a few MB, and nothing may come near a runaway.
    let second_half = end.saturating_sub(half);
    assert!(
        second_half < 8 * 1024,
        "memory grew by {second_half} KiB in the second half of {events} events"
    );
    assert!(
        end < 256 * 1024,
        "resident memory reached {end} KiB after {events} events"
    );
}
