//! A day on the clinic floor: patients walk away, the kiosk forgets them; staff get in with
//! a PIN; close requests are refused; broken files never stop the kiosk.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use std::time::Duration;

use common::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers, ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::kittest::Queryable;
use patient_kiosk::config::Settings;
use patient_kiosk::kiosk::{ManualClock, hash_pin, verify_pin};
use patient_kiosk::model::Screen;
use patient_kiosk::storage::Usage;
use patient_kiosk::theme::TextSize;
use patient_kiosk::{Options, build_state};

const PIN: &str = "4821";

fn kiosk_with_pin() -> (
    egui_kittest::Harness<'static, patient_kiosk::app::KioskApp>,
    ManualClock,
) {
    let clock = ManualClock::default();
    let settings = Settings {
        pin_hash: Some(hash_pin(PIN).unwrap()),
        ..Settings::default()
    };
    let state = state_with(settings, Usage::in_memory(), &clock);
    (kiosk_with(HD, state, clock.clone()), clock)
}

fn enter_pin(h: &mut egui_kittest::Harness<'_, patient_kiosk::app::KioskApp>, pin: &str) {
    for d in pin.chars() {
        tap(h, &d.to_string());
    }
    tap(h, "OK");
}

/// A patient reads a topic in Spanish at a large text size, with a question picked.
fn a_patient_mid_visit(h: &mut egui_kittest::Harness<'_, patient_kiosk::app::KioskApp>) -> String {
    tap(h, "Español");
    tap(h, "Toque para empezar");
    tap(h, "Tamaño del texto: normal");
    let lib = library();
    let es = lib.lang("es");
    let q = es.questions().next().unwrap().clone();
    let questions = es.topic("questions").unwrap();
    open_topic(h, &questions.title);
    tap_in_view(h, Role::CheckBox, &q.text);
    tap(h, "Siguiente");
    q.id
}

#[test]
fn a_patient_who_answers_need_more_time_keeps_their_page_and_picks() {
    let (mut h, clock) = kiosk(HD);
    let qid = a_patient_mid_visit(&mut h);
    let screen = h.state().state().screen();
    assert!(matches!(screen, Screen::Reader { page: 1, .. }));

    wait(&mut h, &clock, Duration::from_secs(89));
    assert!(!shows(&h, "¿Necesita más tiempo?"));
    wait(&mut h, &clock, Duration::from_secs(1));
    assert!(shows(&h, "¿Necesita más tiempo?"));
    assert!(shows(&h, "Volverá a empezar en 30 segundos"));
    wait(&mut h, &clock, Duration::from_secs(10));
    assert!(shows(&h, "Volverá a empezar en 20 segundos"));

    tap(&mut h, "Sí, seguir leyendo");
    assert!(!shows(&h, "¿Necesita más tiempo?"));
    let s = h.state().state();
    assert_eq!(s.screen(), screen);
    assert!(s.session().is_picked(&qid));
    assert_eq!(s.session().lang(), "es");
    assert_eq!(s.session().text_size(), TextSize::Large);
}

#[test]
fn nobody_answers_so_the_kiosk_forgets_everything_and_returns_to_welcome() {
    let (mut h, clock) = kiosk(HD);
    a_patient_mid_visit(&mut h);
    wait(&mut h, &clock, Duration::from_secs(90));
    assert!(shows(&h, "¿Necesita más tiempo?"));
    wait(&mut h, &clock, Duration::from_secs(29));
    assert!(shows(&h, "Volverá a empezar en 1 segundo"));
    wait(&mut h, &clock, Duration::from_secs(1));

    let s = h.state().state();
    assert_eq!(s.screen(), Screen::Welcome);
    assert!(s.session().picked().is_empty());
    assert_eq!(s.session().lang(), "en");
    assert_eq!(s.session().text_size(), TextSize::Normal);
    assert!(shows(&h, "Touch to start"));
    assert!(!shows(&h, "Need more time?"));
    // Nothing left to forget: the timer sleeps (no wake-up is scheduled).
    assert_eq!(
        s.idle().next_wake(clock_now(&clock), s.has_patient_state()),
        None
    );
}

fn clock_now(clock: &ManualClock) -> Duration {
    use patient_kiosk::kiosk::Clock;
    clock.now()
}

#[test]
fn finish_forgets_the_patient_at_once() {
    let (mut h, _clock) = kiosk(HD);
    a_patient_mid_visit(&mut h);
    tap(&mut h, "Terminar");
    let s = h.state().state();
    assert_eq!(s.screen(), Screen::Welcome);
    assert!(s.session().picked().is_empty());
    assert_eq!(s.session().lang(), "en");
}

#[test]
fn while_waiting_the_kiosk_asks_for_one_repaint_when_the_prompt_is_due() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    let delay = h.output().viewport_output[&ViewportId::ROOT].repaint_delay;
    assert_eq!(delay, Duration::from_secs(90));
}

#[test]
fn a_close_request_in_kiosk_mode_is_refused() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    h.input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    h.step();
    let commands = &h.output().viewport_output[&ViewportId::ROOT].commands;
    assert!(
        commands.contains(&ViewportCommand::CancelClose),
        "{commands:?}"
    );
    assert!(!h.state().state().quitting());
    h.run();
    assert_eq!(h.state().state().screen(), Screen::Home);
}

#[test]
fn exit_kiosk_after_the_right_pin_closes_the_window() {
    let (mut h, _clock) = kiosk_with_pin();
    h.key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::S);
    h.run();
    assert_eq!(h.state().state().screen(), Screen::StaffPin);
    enter_pin(&mut h, PIN);
    assert_eq!(h.state().state().screen(), Screen::StaffMenu);
    h.get_by_label("Exit kiosk").click();
    // The press is applied within the frame that sees it (a second pass of it).
    h.step();
    assert!(h.state().state().quitting());
    let commands = &h.output().viewport_output[&ViewportId::ROOT].commands;
    assert!(commands.contains(&ViewportCommand::Close), "{commands:?}");
}

#[test]
fn holding_the_logo_for_three_seconds_opens_the_pin_pad() {
    let (mut h, clock) = kiosk_with_pin();
    // The logo is hidden from assistive technology (the gesture is for staff): it sits just
    // above the clinic's name, the screen's first heading.
    let name = h
        .get_all_by_role(Role::Heading)
        .next()
        .expect("the name")
        .rect();
    let logo = egui::pos2(name.center().x, name.top() - 40.0);
    h.hover_at(logo);
    h.event(egui::Event::PointerButton {
        pos: logo,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    clock.advance(Duration::from_millis(2900));
    h.step();
    assert_eq!(h.state().state().screen(), Screen::Welcome, "not yet");
    clock.advance(Duration::from_millis(200));
    h.step();
    assert_eq!(h.state().state().screen(), Screen::StaffPin);
    h.event(egui::Event::PointerButton {
        pos: logo,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert!(shows(&h, "Staff access"));
}

#[test]
fn five_wrong_pins_lock_the_pad_even_against_the_right_one_until_the_lock_ends() {
    let (mut h, clock) = kiosk_with_pin();
    h.key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::S);
    h.run();
    for left in (1..=4).rev() {
        enter_pin(&mut h, "1111");
        let tries = if left == 1 { "try" } else { "tries" };
        assert!(shows(
            &h,
            &format!("Wrong PIN. {left} {tries} left before the pad locks.")
        ));
    }
    enter_pin(&mut h, "1111");
    assert!(shows_containing(&h, "Too many wrong tries"));
    enter_pin(&mut h, PIN);
    assert_eq!(
        h.state().state().screen(),
        Screen::StaffPin,
        "refused while locked"
    );
    assert!(shows_containing(&h, "The pad is locked for"));

    wait(&mut h, &clock, Duration::from_secs(60));
    enter_pin(&mut h, PIN);
    assert_eq!(h.state().state().screen(), Screen::StaffMenu);
}

#[test]
fn set_pin_stores_only_a_salted_hash() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    std::fs::write(&config, "clinic_name = \"Harbor Skin Clinic\"\n").unwrap();
    let mut child = common::kiosk_command(dir.path())
        .args(["set-pin", "--config"])
        .arg(&config)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"4821\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let text = std::fs::read_to_string(&config).unwrap();
    assert!(!text.contains(PIN), "the PIN itself is not stored: {text}");
    let settings = Settings::parse(&text, "settings.toml").unwrap();
    assert_eq!(
        settings.clinic_name, "Harbor Skin Clinic",
        "other settings kept"
    );
    let hash = settings.pin_hash.unwrap();
    assert!(hash.as_str().starts_with("$argon2"));
    assert!(verify_pin(PIN, hash.as_str()));
    assert!(!verify_pin("4822", hash.as_str()));
    // The same PIN hashes differently each time (salted).
    assert_ne!(hash_pin(PIN).unwrap(), hash_pin(PIN).unwrap());
}

#[test]
fn a_pin_that_is_not_digits_is_refused() {
    assert!(hash_pin("12a4").is_err());
    assert!(hash_pin("123").is_err());
    assert!(hash_pin("123456789").is_err());
}

#[test]
fn a_wrong_settings_field_falls_back_alone_and_warns_staff() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    std::fs::write(
        &config,
        "clinic_name = \"Harbor\"\nidle_seconds = \"soon\"\n",
    )
    .unwrap();
    let clock = ManualClock::default();
    let opts = Options::default();
    let data = dir.path().to_owned();
    let state = build_state(&opts, &machine_at(&clock, &config, &data)).unwrap();
    assert_eq!(
        state.settings().idle_seconds,
        90,
        "the wrong field falls back"
    );
    assert_eq!(
        state.settings().clinic_name,
        "Harbor",
        "the other fields are kept"
    );
    let warning = format!("settings: {}:2: idle_seconds:", config.display());
    assert!(
        state
            .warnings()
            .iter()
            .any(|w| w.to_string().starts_with(&warning)),
        "{:?}",
        state.warnings()
    );

    // Staff see it in their menu (on a kiosk whose PIN is set).
    let warnings = state.warnings().to_vec();
    let state = state_with(
        Settings {
            pin_hash: Some(hash_pin(PIN).unwrap()),
            ..Settings::default()
        },
        Usage::in_memory(),
        &clock,
    )
    .with_warnings(warnings);
    let mut h = kiosk_with(HD, state, clock);
    h.key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::S);
    h.run();
    enter_pin(&mut h, PIN);
    assert!(shows_containing(&h, &warning));
}

#[test]
fn settings_outside_the_safe_bounds_are_refused_with_their_line() {
    let err =
        Settings::parse("clinic_name = \"A\"\ncountdown_seconds = 5\n", "s.toml").unwrap_err();
    assert_eq!(err.line, Some(2));
    assert_eq!(err.field, "countdown_seconds");
    assert_eq!(err.message, "must be at least 20 (it is 5)");
    let err = Settings::parse("idle_seconds = 3601\n", "s.toml").unwrap_err();
    assert_eq!(err.line, Some(1));
    assert_eq!(err.field, "idle_seconds");
    assert_eq!(err.message, "must be at most 3600 (it is 3601)");
}

#[test]
fn a_broken_content_folder_falls_back_to_the_built_in_content_and_warns_staff() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    patient_kiosk::content::source::export_embedded(&root).unwrap();
    let rel = root.join("en/09-cost.toml");
    let text = std::fs::read_to_string(&rel).unwrap();
    std::fs::write(
        &rel,
        text.replace("image = \"cost.png\"", "image = \"price.png\""),
    )
    .unwrap();

    let opts = Options {
        content: Some(root.clone()),
        ..Options::default()
    };
    let config = dir.path().join("none.toml");
    let data = dir.path().to_owned();
    let state = build_state(&opts, &machine_at(&ManualClock::default(), &config, &data)).unwrap();
    assert_eq!(
        state.content().topics.len(),
        library().lang("en").topics.len(),
        "the built-in content runs"
    );
    let out = run_validate(&root);
    assert!(!out.status.success());
    let reported = String::from_utf8_lossy(&out.stdout);
    let line = reported.lines().next().unwrap();
    assert!(
        state
            .warnings()
            .iter()
            .any(|w| w.to_string() == format!("content: {line}")),
        "validate and the kiosk report the same error: {line:?} in {:?}",
        state.warnings()
    );
}

#[test]
fn usage_counts_survive_a_restart_and_hold_no_patient_choice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("usage.toml");
    let clock = ManualClock::default();
    let (usage, warning) = Usage::load(&path);
    assert!(warning.is_none());
    let state = state_with(Settings::default(), usage, &clock);
    let mut h = kiosk_with(HD, state, clock);
    tap(&mut h, "Touch to start");
    open_topic(&mut h, "Cost");
    tap(&mut h, "Home");
    open_topic(&mut h, "Questions for your consultation");
    let q = library().lang("en").questions().next().unwrap().clone();
    tap_in_view(&mut h, Role::CheckBox, &q.text);
    tap(&mut h, "Finish");
    drop(h);

    let (usage, warning) = Usage::load(&path);
    assert!(warning.is_none());
    let days: Vec<_> = usage.days().collect();
    assert_eq!(days.len(), 1);
    let (day, counts) = days[0];
    assert_eq!(day.len(), "2026-11-25".len(), "only the day is kept");
    assert_eq!(counts.sessions, 1);
    assert_eq!(counts.topics.get("cost"), Some(&1));
    assert_eq!(counts.topics.get("questions"), Some(&1));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(&q.id) && !text.contains(&q.text), "{text}");
}

#[test]
fn a_broken_usage_file_never_stops_the_kiosk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("usage.toml");
    std::fs::write(&path, "days = 7\n").unwrap();
    let (mut usage, warning) = Usage::load(&path);
    assert!(
        warning
            .unwrap()
            .to_string()
            .starts_with(&path.display().to_string())
    );
    usage.session_started();
    usage.save().unwrap();
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("usage.toml.broken-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "the broken file is set aside");
    let (usage, warning) = Usage::load(&path);
    assert!(warning.is_none());
    assert_eq!(usage.days().count(), 1);

    // An unwritable place: counting goes on, staff get a warning, the kiosk runs.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "").unwrap();
    let (usage, _) = Usage::load(&blocker.join("usage.toml"));
    let clock = ManualClock::default();
    let state = state_with(Settings::default(), usage, &clock);
    let mut h = kiosk_with(HD, state, clock);
    tap(&mut h, "Touch to start");
    assert_eq!(h.state().state().screen(), Screen::Home);
    // The counts are written when the patient is done.
    tap(&mut h, "Finish");
    assert_eq!(h.state().state().screen(), Screen::Welcome);
    assert!(
        h.state()
            .state()
            .warnings()
            .iter()
            .any(|w| w.to_string().contains("cannot be written"))
    );
}

#[test]
fn staff_are_told_which_topics_are_past_their_review_date() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    patient_kiosk::content::source::export_embedded(&root).unwrap();
    let rel = root.join("en/09-cost.toml");
    let text = std::fs::read_to_string(&rel).unwrap();
    let dated: String = text
        .lines()
        .map(|l| {
            if l.starts_with("reviewed =") {
                "reviewed = 2025-01-01".to_owned()
            } else if l.starts_with("review_by =") {
                "review_by = 2025-06-01".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&rel, dated).unwrap();
    let config = dir.path().join("settings.toml");
    std::fs::write(
        &config,
        format!("pin_hash = \"{}\"\n", hash_pin(PIN).unwrap().as_str()),
    )
    .unwrap();
    let opts = Options {
        content: Some(root.clone()),
        ..Options::default()
    };
    let data = dir.path().to_owned();
    let clock = ManualClock::default();
    let state = build_state(&opts, &machine_at(&clock, &config, &data)).unwrap();
    assert!(
        state.warnings().is_empty(),
        "the folder loads: {:?}",
        state.warnings()
    );
    let mut h = kiosk_with(HD, state, clock);
    assert!(
        !shows_containing(&h, "due for review"),
        "patients never see it"
    );
    h.key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::S);
    h.run();
    enter_pin(&mut h, PIN);
    assert!(shows(
        &h,
        "Content due for review: cost (en): due for review since 2025-06-01"
    ));
}
