//! A patient who cannot see: the talking kiosk by keypad and by touch (Section 508 402,
//! EZ Access). The speech engine here records what it is asked to say (there is no sound
//! card); the last test runs the real `speech_command` path with a script that records its
//! standard input. The keys story prints on the real CUPS `KioskPDF` queue.

use crate::common;

use std::time::Duration;

use common::*;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use patient_kiosk::app::KioskApp;
use patient_kiosk::config::Settings;
use patient_kiosk::kiosk::{ManualClock, hash_pin};
use patient_kiosk::model::{PrintStatus, Screen};
use patient_kiosk::storage::Usage;
use patient_kiosk::system::speech::Voice;

fn talking_kiosk(
    settings: Settings,
) -> (Harness<'static, KioskApp>, ManualClock, RecordingSpeaker) {
    let clock = ManualClock::default();
    let speaker = RecordingSpeaker::default();
    let state = state_with(settings, Usage::in_memory(), &clock);
    let machine = machine_speaking(&clock, &speaker);
    // Frames of 1/30 s, as on a screen: a double tap's two taps land 0.1 to 0.2 s apart.
    let h = kiosk_on(HD, state, machine, 1.0 / 30.0, |app| app);
    (h, clock, speaker)
}

/// Let more than a double tap's time pass (egui's clock, not the kiosk's idle clock).
fn pause(h: &mut Harness<'_, KioskApp>) {
    for _ in 0..30 {
        h.step();
    }
    h.run();
}

/// Press Down until speech says something starting with `start`, as a patient listens.
fn move_to(h: &mut Harness<'_, KioskApp>, speaker: &RecordingSpeaker, start: &str) {
    for _ in 0..80 {
        press(h, Key::ArrowDown);
        if speaker.last().starts_with(start) {
            return;
        }
    }
    panic!("never heard {start:?}; heard {:?}", speaker.said());
}

fn screen(h: &Harness<'_, KioskApp>) -> Screen {
    h.state().state().screen()
}

#[test]
fn a_patient_who_cannot_see_goes_from_welcome_to_a_printed_handout_by_keys() {
    let settings = Settings {
        printer: "KioskPDF".into(),
        ..Settings::default()
    };
    let (mut h, clock, speaker) = talking_kiosk(settings);

    // Enter (the keypad's green button) turns speech on and presses nothing: it says how
    // it works and where we are, then, in the Spanish voice, how to switch to Spanish.
    press(&mut h, Key::Enter);
    let first = speaker.last();
    assert!(
        first.starts_with("Speech is on. Press Up and Down to move, Enter to press"),
        "{first}"
    );
    assert!(first.contains("Learn about microneedling"), "{first}");
    assert_eq!(
        screen(&h),
        Screen::Welcome,
        "the key that turned speech on did nothing else"
    );
    speaker.finish_speaking();
    h.run();
    assert_eq!(
        speaker.log().last().map(String::as_str),
        Some("speak es: Para español, presione Arriba hasta oír Español, y luego Intro.")
    );

    move_to(&mut h, &speaker, "Touch to start, button");
    press(&mut h, Key::Enter);
    assert_eq!(screen(&h), Screen::Home);
    assert!(
        speaker.last().starts_with("Pick a topic. 14 topics."),
        "{}",
        speaker.last()
    );

    // Help says where we are and what the keys do.
    press(&mut h, Key::F1);
    assert!(
        speaker.last().contains("Plus and minus"),
        "{}",
        speaker.last()
    );

    // Open the questions topic by keys and hear its first page announced.
    let lib = library();
    let en = lib.lang("en");
    let (topic, question) = first_block(en, |b| match b {
        patient_kiosk::content::Block::Question(q) => Some(q.clone()),
        _ => None,
    })
    .expect("a question");
    move_to(&mut h, &speaker, &format!("{}, button", topic.title));
    press(&mut h, Key::Enter);
    assert!(matches!(screen(&h), Screen::Reader { page: 0, .. }));
    let pages = topic.pages.len();
    assert_eq!(
        speaker.last(),
        format!("{}. Page 1 of {pages}.", topic.title)
    );

    // Pick a question: hear the check box, press it, hear it ticked.
    let page = topic
        .pages
        .iter()
        .position(|p| {
            p.blocks
                .iter()
                .any(|b| b == &patient_kiosk::content::Block::Question(question.clone()))
        })
        .expect("its page");
    for _ in 0..page {
        press(&mut h, Key::ArrowRight);
    }
    move_to(
        &mut h,
        &speaker,
        &format!("{}, check box, not ticked", question.text),
    );
    press(&mut h, Key::Enter);
    press(&mut h, Key::R);
    assert_eq!(
        h.state().state().session().picked(),
        std::slice::from_ref(&question.id)
    );
    assert!(
        speaker
            .said()
            .contains(&format!("{}, check box, ticked", question.text)),
        "{:?}",
        speaker.said()
    );

    // Nobody touches the keys: the prompt is heard, then its countdown every ten seconds.
    wait(&mut h, &clock, Duration::from_secs(91));
    let prompt = speaker.last();
    assert!(prompt.starts_with("Need more time?"), "{prompt}");
    assert!(prompt.contains("Starting over in 30 seconds"), "{prompt}");
    assert!(prompt.ends_with("Press Enter to keep reading."), "{prompt}");
    wait(&mut h, &clock, Duration::from_secs(10));
    assert_eq!(
        speaker.last(),
        "Starting over in 20 seconds. Press Enter to keep reading."
    );
    press(&mut h, Key::Enter);
    assert!(
        !h.state().state().idle().prompt_shown(),
        "Enter answered the prompt"
    );
    assert_eq!(
        h.state().state().session().picked().len(),
        1,
        "nothing forgotten"
    );
    // Back where the patient was: the question is said again, and Down goes on from it.
    assert_eq!(
        speaker.last(),
        format!("{}, check box, ticked", question.text)
    );

    // To My questions and print, by keys.
    move_to(&mut h, &speaker, "My questions (1), button");
    press(&mut h, Key::Enter);
    assert_eq!(screen(&h), Screen::MyQuestions);
    assert!(speaker.last().starts_with("My questions."));
    move_to(&mut h, &speaker, "Print my handout..., button");
    press(&mut h, Key::Enter);
    assert_eq!(screen(&h), Screen::Handout);
    // Print is the first thing Down reaches, before the topics and the outline.
    press(&mut h, Key::ArrowDown);
    assert_eq!(speaker.last(), "Print, button");
    press(&mut h, Key::Enter);
    h.run();
    assert_eq!(h.state().state().session().print(), PrintStatus::Printed);
    assert_eq!(
        speaker.last(),
        "Your handout is printing. Please collect it from the printer."
    );
    move_to(&mut h, &speaker, "Done, button");
    press(&mut h, Key::Enter);
    assert_eq!(screen(&h), Screen::MyQuestions);

    // Finish ends speech mode with the session, and says so.
    move_to(&mut h, &speaker, "Finish, button");
    press(&mut h, Key::Enter);
    assert_eq!(screen(&h), Screen::Welcome);
    assert!(h.state().state().session().speech().is_none());
    assert_eq!(
        speaker.last(),
        "Starting over. Everything you chose is gone. Press any key to hear the kiosk again."
    );
}

#[test]
fn a_patient_who_cannot_see_uses_the_touch_screen_tap_to_hear_double_tap_to_press() {
    let settings = Settings {
        start_in_speech_mode: true,
        ..Settings::default()
    };
    let (mut h, _clock, speaker) = talking_kiosk(settings);
    h.run();

    // One tap says what is under the finger and presses nothing.
    let start = h.get_by_label("Touch to start").rect().center();
    real_tap_at(&mut h, start);
    assert_eq!(speaker.last(), "Touch to start, button");
    assert_eq!(screen(&h), Screen::Welcome);
    pause(&mut h);

    // A double tap presses it.
    real_tap_at(&mut h, start);
    real_tap_at(&mut h, start);
    h.run();
    assert_eq!(screen(&h), Screen::Home);
    assert!(
        speaker.last().starts_with("Pick a topic."),
        "{}",
        speaker.last()
    );
    pause(&mut h);

    let lib = library();
    let aftercare = lib.lang("en").topic("aftercare").expect("aftercare");
    let tile = h.get_by_label(&aftercare.title).rect().center();
    real_tap_at(&mut h, tile);
    assert_eq!(speaker.last(), format!("{}, button", aftercare.title));
    pause(&mut h);
    real_tap_at(&mut h, tile);
    real_tap_at(&mut h, tile);
    h.run();
    assert!(matches!(screen(&h), Screen::Reader { page: 0, .. }));
    assert!(
        speaker
            .last()
            .starts_with(&format!("{}. Page 1 of", aftercare.title))
    );
    pause(&mut h);

    // The page's words are heard by touch too: the heading, and the main point.
    let heading = h.get_by_label(&aftercare.pages[0].heading).rect().center();
    real_tap_at(&mut h, heading);
    assert_eq!(speaker.last(), aftercare.pages[0].heading);
    pause(&mut h);
    let summary = h.get_by_label(&aftercare.summary).rect().center();
    real_tap_at(&mut h, summary);
    assert_eq!(speaker.last(), aftercare.summary);
}

#[test]
fn the_staff_pin_is_never_spoken_digit_by_digit() {
    let pin = "2468";
    let settings = Settings {
        pin_hash: Some(hash_pin(pin).expect("hash")),
        ..Settings::default()
    };
    let (mut h, _clock, speaker) = talking_kiosk(settings);
    press(&mut h, Key::ArrowDown);
    h.key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::S);
    h.run();
    assert_eq!(screen(&h), Screen::StaffPin);
    // What was said before the pad opened ("...or F1 for help") is not the PIN's business.
    let before_pad = speaker.said().len() - 1;
    // Moving over the pad says "Number key", never the key's digit.
    for _ in 0..6 {
        press(&mut h, Key::ArrowDown);
    }
    for d in pin.chars() {
        h.event(Event::Text(d.to_string()));
        h.run();
        assert_eq!(speaker.last(), "Digit entered.");
    }
    press(&mut h, Key::Enter);
    h.run();
    assert_eq!(screen(&h), Screen::StaffMenu);
    let said = speaker.said().split_off(before_pad);
    assert!(said.iter().any(|s| s.starts_with("Number key")), "{said:?}");
    for s in &said {
        assert!(
            !s.chars().any(|c| c.is_ascii_digit()),
            "a digit was spoken: {s:?}"
        );
    }
}

#[test]
fn each_new_item_interrupts_the_last_and_the_last_can_be_repeated() {
    let (mut h, _clock, speaker) = talking_kiosk(Settings::default());
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::ArrowDown);
    let first = speaker.last();
    press(&mut h, Key::ArrowDown);
    let second = speaker.last();
    assert_ne!(first, second);
    let log = speaker.log.lock().expect("log").clone();
    let at = log
        .iter()
        .rposition(|l| l.ends_with(&second))
        .expect("second said");
    assert_eq!(log[at - 1], "stop", "the first was stopped: {log:?}");
    press(&mut h, Key::R);
    assert_eq!(speaker.last(), second, "R repeats");

    // Up goes back; Escape stops the talking.
    press(&mut h, Key::ArrowUp);
    assert_eq!(speaker.last(), first);
    press(&mut h, Key::Escape);
    assert_eq!(
        speaker.log.lock().expect("log").last().map(String::as_str),
        Some("stop")
    );
    assert_eq!(
        screen(&h),
        Screen::Welcome,
        "Escape only stopped the speech"
    );
}

#[test]
fn louder_and_faster_last_for_this_patient_only() {
    let (mut h, _clock, speaker) = talking_kiosk(Settings::default());
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Plus);
    assert_eq!(speaker.last(), "Louder.");
    press(&mut h, Key::CloseBracket);
    assert_eq!(speaker.last(), "Faster.");
    let voice = *speaker
        .voices
        .lock()
        .expect("voices")
        .last()
        .expect("voice");
    assert!(voice.volume > Voice::NORMAL.volume && voice.rate > Voice::NORMAL.rate);
    move_to(&mut h, &speaker, "Touch to start, button");
    let moved = *speaker
        .voices
        .lock()
        .expect("voices")
        .last()
        .expect("voice");
    assert_eq!(
        moved, voice,
        "every item after speaks in the patient's voice"
    );

    // The next patient starts at normal.
    move_to(&mut h, &speaker, "Touch to start, button");
    press(&mut h, Key::Enter);
    move_to(&mut h, &speaker, "Finish, button");
    press(&mut h, Key::Enter);
    press(&mut h, Key::ArrowDown);
    let next = *speaker
        .voices
        .lock()
        .expect("voices")
        .last()
        .expect("voice");
    assert_eq!(next, Voice::NORMAL);
}

#[test]
fn speech_follows_the_screens_language() {
    let (mut h, _clock, speaker) = talking_kiosk(Settings::default());
    tap(&mut h, "Español");
    press(&mut h, Key::ArrowDown);
    let log = speaker.log.lock().expect("log").clone();
    let last = log.last().expect("said");
    assert!(
        last.starts_with("speak es: La voz está activada."),
        "{last}"
    );
    move_to(&mut h, &speaker, "Toque para empezar, botón");
}

#[test]
fn every_item_speech_mode_hears_is_named_once_for_a_desktop_screen_reader() {
    let (mut h, _clock, speaker) = talking_kiosk(Settings::default());
    tap(&mut h, "Touch to start");
    let lib = library();
    let aftercare = lib.lang("en").topic("aftercare").expect("aftercare");
    open_topic(&mut h, &aftercare.title);
    press(&mut h, Key::ArrowDown);
    // Walk the whole page once round.
    let mut heard = Vec::new();
    for _ in 0..60 {
        press(&mut h, Key::ArrowDown);
        let last = speaker.last();
        if last.starts_with("Top of the screen.") {
            break;
        }
        heard.push(last);
    }
    assert!(
        heard.contains(&aftercare.summary),
        "the main point is heard"
    );
    assert!(heard.iter().any(|t| t == "Next, button"));
    for text in [&aftercare.summary, &aftercare.pages[0].heading] {
        assert_eq!(
            h.get_all_by_label(text).count(),
            1,
            "{text:?} is one node in the accessibility tree"
        );
    }
    for label in ["Next", "Back", "Home", "Finish", "Audio"] {
        assert_eq!(h.get_all_by_label(label).count(), 1, "{label}");
    }
}

#[test]
fn the_real_speech_command_gets_each_utterance_on_its_standard_input() {
    let dir = tempfile::tempdir().expect("dir");
    let said = dir.path().join("said.txt");
    let script = format!(
        "trap 'echo \"[stopped]\" >> {f}; exit 0' TERM; cat >> {f}; echo \" [{{voice}} {{rate}} {{volume}}]\" >> {f}; sleep 30 & wait",
        f = said.display()
    );
    let settings = Settings {
        speech_command: vec!["sh".into(), "-c".into(), script],
        ..Settings::default()
    };
    let clock = ManualClock::default();
    let state = state_with(settings, Usage::in_memory(), &clock);
    // The real speech adapter, running the clinic's command (`sh`, which every system has).
    let machine = machine(&clock).with_real_programs();
    let mut h = kiosk_on(HD, state, machine, 0.25, |app| app);
    let read = || {
        for _ in 0..100 {
            let text = std::fs::read_to_string(&said).unwrap_or_default();
            if text.contains(']') {
                return text;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        std::fs::read_to_string(&said).unwrap_or_default()
    };
    press(&mut h, Key::ArrowDown);
    let text = read();
    assert!(text.starts_with("Speech is on."), "{text}");
    assert!(text.contains("[en-us 150 100]"), "{text}");

    // The next item stops the one still speaking (its whole process group).
    press(&mut h, Key::ArrowDown);
    let mut text = String::new();
    for _ in 0..100 {
        text = std::fs::read_to_string(&said).unwrap_or_default();
        if text.matches(']').count() >= 3 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(text.contains("[stopped]"), "{text}");
    let stopped_at = text.find("[stopped]").expect("stopped");
    assert!(
        text[stopped_at..].contains("[en-us 150 100]"),
        "then the next: {text}"
    );
}

#[test]
fn in_speech_mode_the_mouse_wheel_still_scrolls_a_long_page() {
    use egui::{MouseWheelSource, MouseWheelUnit, TouchPhase};
    let (mut h, _clock, speaker) = talking_kiosk(Settings::default());
    tap(&mut h, "Touch to start");
    for _ in 0..2 {
        h.get_by_label_contains("Text size").click();
        h.run();
    }
    open_topic(&mut h, "Aftercare");
    // The first page of Aftercare that goes on below the screen.
    for _ in 0..10 {
        if shows(&h, "More below") {
            break;
        }
        tap(&mut h, "Next");
    }
    assert!(shows(&h, "More below"), "a long page at the largest text");
    press(&mut h, Key::ArrowDown);
    assert!(h.state().state().session().speech().is_some());
    let page = h.state().state().screen();
    let heading = h.state().state().current_page().unwrap().heading.clone();
    let top = h.get_by_label(&heading).rect().top();
    let at = egui::pos2(700.0, 600.0);
    h.event(Event::PointerMoved(at));
    for _ in 0..10 {
        h.event(Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -200.0),
            phase: TouchPhase::Move,
            source: MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
    assert!(
        h.get_by_label(&heading).rect().top() < top - 100.0,
        "the page scrolled up under the wheel"
    );
    assert_eq!(h.state().state().screen(), page, "nothing was pressed");
    let said = speaker.said().len();
    h.run();
    assert_eq!(speaker.said().len(), said, "scrolling says nothing");
}

/// What espeak-ng would say for `text`, as phonemes (`espeak-ng -x`), in `lang`'s voice.
fn phonemes(lang: &str, text: &str) -> String {
    let out = std::process::Command::new("espeak-ng")
        .args([
            "-q",
            "-x",
            "-v",
            patient_kiosk::system::speech::voice_for(lang),
        ])
        .arg(text)
        .output()
        .unwrap_or_else(|e| panic!("espeak-ng (Debian package espeak-ng): {e}"));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
#[ignore = "needs espeak-ng: bash .ci/test installs it"]
fn espeak_hears_numbers_money_and_abbreviations_as_a_person_says_them() {
    use patient_kiosk::system::ear::for_the_ear;
    for (lang, written, heard) in [
        (
            "en",
            "Call 911 right away.",
            "Call nine one one right away.",
        ),
        ("es", "Llame al 911 ahora.", "Llame al nueve uno uno ahora."),
        (
            "en",
            "Clinic phone: (555) 010-2030.",
            "Clinic phone: five five five, zero one zero, two zero three zero.",
        ),
    ] {
        assert_eq!(
            phonemes(lang, &for_the_ear(lang, written)),
            phonemes(lang, heard),
            "{lang}: {written:?}"
        );
    }
    // Unchanged, espeak-ng would have said the number as an amount.
    assert_ne!(
        phonemes("en", "Call 911 right away."),
        phonemes("en", "Call nine one one right away.")
    );
    // Money: the amount, then its unit (espeak-ng alone says "dollar one hundred").
    for (lang, written, amount, unit, raw_unit) in [
        ("en", "It costs $100.", "w'Vn", "d'0l3z", "d'0l3"),
        ("es", "Cuesta $100.", "sj'en", "ola**es", "olar"),
    ] {
        let said = phonemes(lang, &for_the_ear(lang, written));
        let (Some(a), Some(u)) = (said.find(amount), said.find(unit)) else {
            panic!("{lang}: {said}");
        };
        assert!(a < u, "{lang}: the unit before the amount: {said}");
        let raw = phonemes(lang, written);
        let (Some(a), Some(u)) = (raw.find(amount), raw.find(raw_unit)) else {
            panic!("{lang}: {raw}");
        };
        assert!(
            u < a,
            "{lang}: espeak-ng alone no longer says the unit first ({raw}), so this proves nothing"
        );
    }
}

#[test]
fn a_held_key_moves_once_not_once_per_repeat() {
    let (mut h, _clock, speaker) = talking_kiosk(Settings::default());
    press(&mut h, Key::ArrowDown);
    let on = speaker.said().len();
    assert!(
        on >= 1,
        "the first Down turns speech on: {:?}",
        speaker.said()
    );
    // Down held for about two seconds, as a keyboard sends it: one press, its repeats
    // (about 30 a second), then the release.
    let down = |repeat: bool, pressed: bool| egui::Event::Key {
        key: Key::ArrowDown,
        physical_key: None,
        pressed,
        repeat,
        modifiers: egui::Modifiers::NONE,
    };
    h.event(down(false, true));
    h.run();
    let moved = speaker.said().len();
    assert_eq!(moved, on + 1, "the press moves once: {:?}", speaker.said());
    for _ in 0..60 {
        h.event(down(true, true));
        h.run();
    }
    h.event(down(false, false));
    h.run();
    assert_eq!(
        speaker.said().len(),
        moved,
        "the repeats say nothing more: {:?}",
        &speaker.said()[moved..]
    );
    // The next real press moves on.
    press(&mut h, Key::ArrowDown);
    assert_eq!(speaker.said().len(), moved + 1);
}

#[test]
fn any_keypad_key_turns_speech_on_and_presses_nothing() {
    for key in [
        Key::Enter,
        Key::Space,
        Key::F1,
        Key::Help,
        Key::Questionmark,
        Key::Escape,
        Key::ArrowRight,
        Key::P,
    ] {
        let (mut h, _clock, speaker) = talking_kiosk(Settings::default());
        press(&mut h, key);
        assert!(
            h.state().state().session().speech().is_some(),
            "{key:?} turned speech on"
        );
        assert_eq!(screen(&h), Screen::Welcome, "{key:?} pressed nothing");
        let first = speaker.said().first().cloned().unwrap_or_default();
        assert!(first.starts_with("Speech is on."), "{key:?}: {first}");
        assert!(first.contains("Learn about microneedling"), "{first}");
        // Then, in Spanish, the way to Spanish: on the welcome screen Up reaches it at once.
        speaker.finish_speaking();
        h.run();
        assert!(speaker.last().starts_with("Para español"), "{key:?}");
        press(&mut h, Key::ArrowUp);
        assert_eq!(speaker.last(), "Español, button");
        press(&mut h, Key::Enter);
        assert_eq!(h.state().state().session().lang(), "es");
        let said = speaker.log().last().cloned().unwrap_or_default();
        assert!(said.starts_with("speak es: Español. "), "{said}");
    }
}

#[test]
fn p_pauses_the_voice_where_it_is_and_p_again_goes_on() {
    let (mut h, _clock, speaker) = talking_kiosk(Settings::default());
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::P);
    press(&mut h, Key::P);
    let log = speaker.log();
    assert_eq!(&log[log.len() - 2..], ["pause", "go on"], "{log:?}");
    // The help says so.
    press(&mut h, Key::F1);
    assert!(
        speaker.last().contains("P pauses the voice"),
        "{}",
        speaker.last()
    );
}

#[test]
fn a_screen_reader_finds_headings_lists_named_modal_dialogs_and_no_staff_hint() {
    use egui::accesskit::{Live, Role};
    use egui_kittest::kittest::NodeT;
    let (mut h, clock) = kiosk(HD);
    // The staff gesture is not announced to patients.
    assert!(h.query_all_by_label_contains("Staff").next().is_none());
    assert!(
        h.query_all_by_label_contains("press and hold")
            .next()
            .is_none()
    );
    tap(&mut h, "Touch to start");
    let lib = library();
    let en = lib.lang("en");
    let (topic, items) = first_block(en, |b| match b {
        patient_kiosk::content::Block::Bullets(items) => Some(items.clone()),
        _ => None,
    })
    .expect("a list");
    open_topic(&mut h, &topic.title);
    let page = topic
        .pages
        .iter()
        .position(|p| {
            p.blocks
                .contains(&patient_kiosk::content::Block::Bullets(items.clone()))
        })
        .expect("its page");
    for _ in 0..page {
        tap(&mut h, "Next");
    }
    let headings: Vec<(String, Option<usize>)> = h
        .query_all_by_role(Role::Heading)
        .map(|n| {
            let node = n.accesskit_node();
            (node.label().unwrap_or_default(), node.level())
        })
        .collect();
    assert!(
        headings.contains(&(topic.title.clone(), Some(1))),
        "{headings:?}"
    );
    assert!(
        headings.contains(&(topic.pages[page].heading.clone(), Some(2))),
        "{headings:?}"
    );
    let lists = h.query_all_by_role(Role::List).count();
    assert!(lists >= 1, "no list");
    assert!(h.query_all_by_role(Role::ListItem).count() >= items.len());

    // "Need more time?" is a named, modal dialog, and the page behind it is hidden.
    wait(&mut h, &clock, Duration::from_secs(100));
    let dialog = h.get_by_role_and_label(Role::Dialog, "Need more time?");
    assert!(dialog.accesskit_node().is_modal());
    // What a desktop screen reader gets: AccessKit leaves out a hidden node and all within.
    let exposed = |label: &str| {
        let node = h.get_by_role_and_label(Role::Button, label);
        let mut at = Some(node.accesskit_node());
        while let Some(n) = at {
            if n.is_hidden() {
                return false;
            }
            at = n.parent();
        }
        true
    };
    assert!(!exposed("Next"), "the page behind the prompt is hidden");
    assert!(exposed("Yes, keep reading"));
    let countdown = h
        .query_all_by_label_contains("Starting over in")
        .find(|n| n.accesskit_node().live() == Live::Polite);
    assert!(countdown.is_some(), "the countdown is a live region");
}
