//! A patient takes their questions with them without paper: My questions shows a code a
//! phone's camera reads as plain text. The tests render the real screen (wgpu on Mesa's
//! software drivers) and read the code back with a QR decoder, as a phone would.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use common::*;
use egui_kittest::Harness;
use patient_kiosk::app::KioskApp;
use patient_kiosk::config::Settings;
use patient_kiosk::i18n::Strings;
use patient_kiosk::kiosk::{Clock, ManualClock};
use patient_kiosk::model::{Action, Screen};
use patient_kiosk::storage::Usage;

/// A patient in `lang` who picked the first `n` questions and opened My questions.
fn my_questions_with(lang: &str, n: usize) -> (Harness<'static, KioskApp>, Vec<String>) {
    let clock = ManualClock::default();
    let settings = Settings {
        clinic_name: "Harbor Skin Clinic".into(),
        ..Settings::default()
    };
    let mut state = state_with(settings, Usage::in_memory(), &clock);
    state.apply(Action::SetLanguage(lang.into()), clock.now());
    state.apply(Action::Start, clock.now());
    let lib = library();
    let questions: Vec<_> = lib.lang(lang).questions().take(n).cloned().collect();
    for q in &questions {
        state.apply(Action::ToggleQuestion(q.id.clone()), clock.now());
    }
    state.apply(Action::OpenMyQuestions, clock.now());
    assert_eq!(state.screen(), Screen::MyQuestions);
    let h = kiosk_with(HD, state, clock);
    (h, questions.into_iter().map(|q| q.text).collect())
}

/// Every QR code on the rendered screen, decoded.
fn codes_on_screen(h: &mut Harness<'_, KioskApp>) -> Vec<String> {
    let image = h.render().expect("the screen renders");
    let (w, h) = (image.width() as usize, image.height() as usize);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let p = image.get_pixel(x as u32, y as u32).0;
        ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8
    });
    prepared
        .detect_grids()
        .into_iter()
        .map(|grid| grid.decode().expect("the code decodes").1)
        .collect()
}

/// Read every code the screen offers, pressing "Next code" between them.
fn read_all_codes(h: &mut Harness<'static, KioskApp>, lang: &str) -> Vec<String> {
    let strings = Strings::get(lang);
    let mut texts = Vec::new();
    loop {
        let on_screen = codes_on_screen(h);
        assert_eq!(on_screen.len(), 1, "one code at a time: {on_screen:?}");
        let text = on_screen.into_iter().next().unwrap();
        if texts.contains(&text) {
            break;
        }
        texts.push(text);
        if !shows(h, &strings.next_code) {
            break;
        }
        real_tap(h, &strings.next_code);
        assert!(texts.len() < 10, "the codes come round again");
    }
    texts
}

fn check_codes(lang: &str, n: usize) {
    let (mut h, questions) = my_questions_with(lang, n);
    let strings = Strings::get(lang);
    let texts = read_all_codes(&mut h, lang);
    let all = texts.join("\n");
    for (i, q) in questions.iter().enumerate() {
        assert!(
            all.contains(&format!("{}. {q}", i + 1)),
            "{lang}, {n} questions: question {} `{q}` is in the code",
            i + 1
        );
    }
    for text in &texts {
        assert!(text.starts_with("Harbor Skin Clinic\n"), "{text}");
        assert!(text.ends_with(&strings.general_info), "{text}");
        assert!(
            text.len() <= patient_kiosk::qr::MAX_BYTES_PER_CODE,
            "{text}"
        );
    }
    if texts.len() > 1 {
        assert!(
            shows(&h, &strings.code_of(1, texts.len()))
                || shows_containing(&h, &format!("{}", texts.len()))
        );
    }
    println!("{lang}: {n} questions in {} code(s)", texts.len());
}

#[test]
fn one_question_reads_back_from_the_screen_in_english_and_spanish() {
    check_codes("en", 1);
    check_codes("es", 1);
}

#[test]
fn five_questions_read_back_from_the_screen_in_english_and_spanish() {
    check_codes("en", 5);
    check_codes("es", 5);
}

#[test]
fn every_question_reads_back_over_numbered_codes_in_english_and_spanish() {
    let all = library().question_ids().len();
    check_codes("en", all);
    check_codes("es", all);
}

#[test]
fn with_nothing_picked_there_is_no_code_and_the_code_goes_with_the_patient() {
    let (mut h, _) = my_questions_with("en", 0);
    assert!(codes_on_screen(&mut h).is_empty());
    let (mut h, _) = my_questions_with("en", 2);
    assert_eq!(codes_on_screen(&mut h).len(), 1);
    real_tap(&mut h, "Finish");
    assert_eq!(h.state().state().screen(), Screen::Welcome);
    assert!(h.state().state().phone_codes().is_empty());
}

#[test]
fn when_the_printer_is_off_the_patient_can_still_take_the_questions_on_a_phone() {
    use patient_kiosk::system::print::PrintError;
    use std::sync::Arc;
    let clock = ManualClock::default();
    let mut state = state_with(Settings::default(), Usage::in_memory(), &clock);
    state.apply(Action::Start, clock.now());
    let lib = library();
    let questions: Vec<_> = lib.lang("en").questions().take(3).cloned().collect();
    for q in &questions {
        state.apply(Action::ToggleQuestion(q.id.clone()), clock.now());
    }
    state.apply(Action::OpenHandout, clock.now());
    let machine = machine(&clock).with_printer(Arc::new(|_: &[u8], _: Option<&str>| {
        Err(PrintError::PrinterMissing {
            printer: "FrontDesk".into(),
        })
    }));
    let mut h = kiosk_on(HD, state, machine, 0.25, |app| app);
    real_tap(&mut h, "Print");
    h.run();
    assert!(shows_containing(&h, "front desk"), "the print failed");
    let texts = codes_on_screen(&mut h);
    assert_eq!(texts.len(), 1, "{texts:?}");
    for (i, q) in questions.iter().enumerate() {
        assert!(
            texts[0].contains(&format!("{}. {}", i + 1, q.text)),
            "{}",
            texts[0]
        );
    }
}
