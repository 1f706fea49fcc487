//! Every patient can use it: Spanish throughout, the largest text without losing the
//! controls, pictures described, pages read aloud, and plain language checked.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use std::time::Duration;

use common::*;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use patient_kiosk::app::KioskApp;
use patient_kiosk::config::Settings;
use patient_kiosk::content::Block;
use patient_kiosk::kiosk::ManualClock;
use patient_kiosk::model::Screen;
use patient_kiosk::storage::Usage;
use patient_kiosk::system::speech;

#[test]
fn a_spanish_speaker_reads_every_page_in_spanish() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Español");
    tap(&mut h, "Toque para empezar");
    assert!(shows(&h, "Elija un tema"));
    let lib = library();
    let (es, en) = (lib.lang("es"), lib.lang("en"));
    for (t, topic) in es.topics.iter().enumerate() {
        open_topic(&mut h, &topic.title);
        for (p, page) in topic.pages.iter().enumerate() {
            assert_eq!(
                page.lang, "es",
                "{}/{} has a translation",
                topic.id, page.id
            );
            assert!(shows(&h, &page.heading), "{}/{}", topic.id, page.id);
            let english = &en.topics[t].pages[p].heading;
            assert!(
                english == &page.heading || !shows(&h, english),
                "English left on {}",
                page.id
            );
            assert!(shows(
                &h,
                &format!("Página {} de {}", p + 1, topic.pages.len())
            ));
            if p + 1 < topic.pages.len() {
                tap(&mut h, "Siguiente");
            }
        }
        tap(&mut h, "Inicio");
    }
    assert!(!shows(&h, "Next") && !shows(&h, "Home"));
}

fn labels_fit_the_screen(h: &egui_kittest::Harness<'_, KioskApp>, width: f32, where_: &str) {
    for node in h.root().children_recursive() {
        let role = node.accesskit_node().role();
        if !matches!(role, Role::Label | Role::Button | Role::CheckBox) {
            continue;
        }
        let r = node.rect();
        let label = node.accesskit_node().label().unwrap_or_default();
        assert!(
            r.min.x >= -0.5 && r.max.x <= width + 0.5,
            "{where_}: {label:?} is cut off at the side: {r:?}"
        );
    }
}

#[test]
fn at_the_largest_text_every_page_keeps_its_controls_and_no_text_is_cut_off() {
    for size in [(1280.0, 800.0), HD] {
        let (mut h, _clock) = kiosk(size);
        tap(&mut h, "Touch to start");
        tap(&mut h, "Text size: normal");
        tap(&mut h, "Text size: large");
        assert!(shows(&h, "Text size: largest"));
        labels_fit_the_screen(&h, size.0, "home");
        let lib = library();
        for topic in &lib.lang("en").topics {
            open_topic(&mut h, &topic.title);
            for p in 0..topic.pages.len() {
                let where_ = format!("{size:?} {} page {}", topic.id, p + 1);
                let last = p + 1 == topic.pages.len();
                let next = if last { "All topics" } else { "Next" };
                for label in ["Back", "Home", next, "Finish"] {
                    let r = h.get_by_label(label).rect();
                    assert!(
                        r.min.y >= 0.0 && r.max.y <= size.1 && r.max.x <= size.0,
                        "{where_}: {label} is off screen: {r:?}"
                    );
                }
                labels_fit_the_screen(&h, size.0, &where_);
                if !last {
                    tap(&mut h, "Next");
                }
            }
            tap(&mut h, "Home");
        }
    }
}

#[test]
fn every_picture_on_every_page_is_described() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    let lib = library();
    let mut pictures = 0;
    for topic in &lib.lang("en").topics {
        open_topic(&mut h, &topic.title);
        for (p, page) in topic.pages.iter().enumerate() {
            for block in &page.blocks {
                if let Block::Image(img) = block {
                    let node = h.get_by_role_and_label(Role::Image, &img.alt);
                    assert!(!img.alt.trim().is_empty());
                    assert!(node.rect().width() > 100.0, "{} is shown", img.src);
                    pictures += 1;
                }
            }
            if p + 1 < topic.pages.len() {
                tap(&mut h, "Next");
            }
        }
        tap(&mut h, "Home");
    }
    assert!(
        pictures >= 5,
        "the illustrated pages were visited ({pictures})"
    );
    // Tiles carry the topic title as their name; their picture's alt text is in the model.
    for topic in &lib.lang("en").topics {
        assert!(!topic.image.alt.trim().is_empty(), "{}", topic.id);
    }
}

fn kiosk_speaking(
    speaker: RecordingSpeaker,
) -> (egui_kittest::Harness<'static, KioskApp>, ManualClock) {
    let clock = ManualClock::default();
    let state = state_with(Settings::default(), Usage::in_memory(), &clock);
    let h = kiosk_on(HD, state, machine_speaking(&clock, &speaker), 0.25, |app| {
        app
    });
    (h, clock)
}

#[test]
fn read_aloud_speaks_the_whole_page_in_its_language_and_stops_on_a_new_page() {
    let speaker = RecordingSpeaker::default();
    let (mut h, _clock) = kiosk_speaking(speaker.clone());
    tap(&mut h, "Español");
    tap(&mut h, "Toque para empezar");
    let lib = library();
    let visit = lib.lang("es").topic("the-visit").unwrap();
    open_topic(&mut h, &visit.title);
    tap(&mut h, "Leer en voz alta");
    let said = speaker.log.lock().unwrap().clone();
    assert_eq!(said.len(), 1);
    let page = &visit.pages[0];
    let es = patient_kiosk::i18n::Strings::get("es");
    assert!(said[0].starts_with("speak es: "), "{said:?}");
    assert!(said[0].contains(&page.heading));
    // Page 1 also shows the topic's main point: it is read too.
    assert!(said[0].contains(&visit.summary), "{said:?}");
    for block in &page.blocks {
        match block {
            Block::Steps(items) => {
                for (i, item) in items.iter().enumerate() {
                    let step = format!("{}: {item}", es.speech_step(i + 1));
                    assert!(said[0].contains(&step), "step {i}");
                }
            }
            Block::Image(img) => {
                assert!(said[0].contains(&format!("Imagen: {}", img.alt)));
                if let Some(caption) = &img.caption {
                    assert!(said[0].contains(caption.as_str()));
                }
            }
            Block::Paragraph(t) => assert!(said[0].contains(t.as_str())),
            _ => {}
        }
    }
    // While speaking: Stop and Repeat.
    assert!(shows(&h, "Parar") && shows(&h, "Repetir"));
    tap(&mut h, "Repetir");
    assert_eq!(
        speaker.log.lock().unwrap().len(),
        3,
        "repeat stops and starts again"
    );
    tap(&mut h, "Siguiente");
    assert_eq!(speaker.log.lock().unwrap().last().unwrap(), "stop");
    assert!(shows(&h, "Leer en voz alta"));
}

#[test]
fn the_emergency_number_is_spoken_digit_by_digit_never_as_an_amount() {
    for (lang, start, read) in [
        ("en", "Touch to start", "Read aloud"),
        ("es", "Toque para empezar", "Leer en voz alta"),
    ] {
        let speaker = RecordingSpeaker::default();
        let (mut h, _clock) = kiosk_speaking(speaker.clone());
        if lang == "es" {
            tap(&mut h, "Español");
        }
        tap(&mut h, start);
        let lib = library();
        let aftercare = lib.lang(lang).topic("aftercare").unwrap();
        let page = aftercare
            .pages
            .iter()
            .position(|p| p.heading.contains("911"))
            .expect("aftercare has the 911 page");
        open_topic(&mut h, &aftercare.title);
        for _ in 0..page {
            tap(&mut h, if lang == "es" { "Siguiente" } else { "Next" });
        }
        tap(&mut h, read);
        let said = speaker.last();
        assert!(said.contains("9 1 1"), "{lang}: {said}");
        let as_number = said
            .split(|c: char| !c.is_ascii_digit())
            .any(|n| n == "911");
        assert!(
            !as_number,
            "{lang}: 911 reached the engine as a number: {said}"
        );
    }
}

#[test]
fn speech_stops_when_the_kiosk_starts_over() {
    let speaker = RecordingSpeaker::default();
    let (mut h, clock) = kiosk_speaking(speaker.clone());
    tap(&mut h, "Touch to start");
    open_topic(&mut h, "Aftercare");
    tap(&mut h, "Read aloud");
    wait(&mut h, &clock, Duration::from_secs(90));
    wait(&mut h, &clock, Duration::from_secs(30));
    assert_eq!(h.state().state().screen(), Screen::Welcome);
    assert_eq!(speaker.log.lock().unwrap().last().unwrap(), "stop");
}

#[test]
fn with_no_speech_engine_the_patient_is_told_kindly_and_staff_see_why() {
    let speaker = RecordingSpeaker {
        broken: true,
        ..RecordingSpeaker::default()
    };
    let (mut h, _clock) = kiosk_speaking(speaker);
    tap(&mut h, "Touch to start");
    open_topic(&mut h, "Cost");
    tap(&mut h, "Read aloud");
    assert!(shows_containing(
        &h,
        "Read aloud is not working on this kiosk"
    ));
    assert!(
        h.state()
            .state()
            .warnings()
            .iter()
            .any(|w| w.to_string().contains("espeak-ng"))
    );
    tap(&mut h, "Close");
    tap(&mut h, "Next");
    assert!(matches!(
        h.state().state().screen(),
        Screen::Reader { page: 1, .. }
    ));
}

#[test]
fn words_to_know_explains_the_medical_words_on_the_page() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    open_topic(&mut h, "How it works");
    let lib = library();
    let en = lib.lang("en");
    let page = h.state().state().current_page().unwrap().clone();
    let text = page.plain_text().join(" ").to_lowercase();
    let mut found = 0;
    for p in 0..en.topic("how-it-works").unwrap().pages.len() {
        if shows(&h, "Words to know") {
            tap(&mut h, "Words to know");
            for term in h.state().state().words_on_page() {
                assert!(shows(&h, &term.meaning));
                found += 1;
            }
            tap(&mut h, "Close");
            assert!(!h.state().state().session().words_open());
        }
        if p + 1 < en.topic("how-it-works").unwrap().pages.len() {
            tap(&mut h, "Next");
        }
    }
    assert!(
        found >= 2,
        "collagen and elastin are explained ({found}); first page: {text}"
    );
}

#[test]
#[ignore = "needs espeak-ng: bash .ci/test installs it"]
fn speech_renders_to_a_wav_that_is_not_silent_and_of_plausible_length() {
    let lib = library();
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "es"] {
        let page = &lib.lang(lang).topic("aftercare").unwrap().pages[1];
        let script = speech::page_script(&page.plain_text());
        let out = dir.path().join(format!("{lang}.wav"));
        speech::render_wav(lang, &script, &out)
            .unwrap_or_else(|e| panic!("{e}: install espeak-ng (as .ci/run does)"));
        let mut reader = hound::WavReader::open(&out).unwrap();
        let spec = reader.spec();
        let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
        let seconds = samples.len() as f64 / f64::from(spec.sample_rate);
        let words = script.split_whitespace().count() as f64;
        // 150 words a minute with pauses: between about 60 and 300 words a minute.
        assert!(
            seconds > words / 5.0 && seconds < words / 1.0,
            "{lang}: {seconds:.1} s for {words} words"
        );
        let rms = (samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>()
            / samples.len() as f64)
            .sqrt();
        assert!(rms > 300.0, "{lang}: speech is not silent (rms {rms:.0})");
    }
}

#[test]
fn speech_that_fails_after_starting_is_explained_too() {
    let speaker = RecordingSpeaker {
        fails_later: true,
        ..RecordingSpeaker::default()
    };
    let (mut h, _clock) = kiosk_speaking(speaker);
    tap(&mut h, "Touch to start");
    open_topic(&mut h, "Cost");
    tap(&mut h, "Read aloud");
    h.step();
    h.run();
    assert!(shows_containing(
        &h,
        "Read aloud is not working on this kiosk"
    ));
    assert!(
        h.state()
            .state()
            .warnings()
            .iter()
            .any(|w| w.to_string().contains("no sound device"))
    );
}

#[test]
fn the_high_contrast_button_says_whether_it_is_on() {
    let (mut h, _clock) = kiosk(HD);
    assert_eq!(
        h.get_by_label("High contrast").accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::False)
    );
    tap(&mut h, "High contrast");
    assert!(h.state().state().session().high_contrast());
    assert_eq!(
        h.get_by_label("High contrast").accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    tap(&mut h, "Touch to start");
    assert_eq!(
        h.get_by_label("High contrast").accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    tap(&mut h, "High contrast");
    assert!(!h.state().state().session().high_contrast());
}

#[test]
fn staff_screens_follow_the_language_too() {
    let clock = ManualClock::default();
    let settings = Settings {
        pin_hash: Some(patient_kiosk::kiosk::hash_pin("4821").unwrap()),
        ..Settings::default()
    };
    let state = state_with(settings, Usage::in_memory(), &clock);
    let mut h = kiosk_with(HD, state, clock);
    tap(&mut h, "Español");
    h.key_press_modifiers(egui::Modifiers::CTRL | egui::Modifiers::ALT, egui::Key::S);
    h.run();
    assert!(shows(&h, "Acceso del personal"));
    for d in ["4", "8", "2", "1"] {
        tap(&mut h, d);
    }
    tap(&mut h, "Aceptar");
    assert!(shows(&h, "Menú del personal"));
    // Staff see that no name is set (patients see a neutral title instead).
    assert!(shows_containing(&h, "Clínica: (sin definir)"));
    assert!(shows_containing(
        &h,
        "Segundos antes de \"¿Necesita más tiempo?\": 90 (predeterminado)"
    ));
    assert!(!shows_containing(&h, "Seconds before"));
}
