//! A patient's visit to the kiosk, driven through the real app by label, as a person would.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use common::*;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use patient_kiosk::model::Screen;

#[test]
fn a_patient_opens_every_topic_and_reads_every_page() {
    let (mut h, _clock) = kiosk(HD);
    assert!(shows(&h, "Learn about microneedling"));
    assert!(shows_containing(&h, "not medical advice"));
    tap(&mut h, "Touch to start");
    assert_eq!(h.state().state().screen(), Screen::Home);

    let lib = library();
    let topics = lib.lang("en").topics.clone();
    assert_eq!(topics.len(), 14);
    let mut pages_seen = 0;
    for (t, topic) in topics.iter().enumerate() {
        h.get_by_role_and_label(Role::Button, &topic.title).click();
        h.run();
        let total = topic.pages.len();
        for (p, page) in topic.pages.iter().enumerate() {
            assert_eq!(
                h.state().state().screen(),
                Screen::Reader { topic: t, page: p }
            );
            assert!(
                shows(&h, &page.heading),
                "heading of {}/{}",
                topic.id,
                page.id
            );
            assert!(shows(&h, &format!("Page {} of {total}", p + 1)));
            pages_seen += 1;
            if p + 1 < total {
                tap(&mut h, "Next");
            }
        }
        // And back again to the first page.
        for p in (1..total).rev() {
            assert!(shows(&h, &topic.pages[p].heading));
            tap(&mut h, "Back");
        }
        assert!(shows(&h, &topic.pages[0].heading));
        tap(&mut h, "Home");
        assert_eq!(h.state().state().screen(), Screen::Home);
    }
    let total_pages: usize = topics.iter().map(|t| t.pages.len()).sum();
    assert_eq!(pages_seen, total_pages);
}

#[test]
fn the_last_page_leads_back_to_all_topics() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    h.get_by_role_and_label(Role::Button, "Cost").click();
    h.run();
    let pages = library().lang("en").topic("cost").unwrap().pages.len();
    for _ in 1..pages {
        tap(&mut h, "Next");
    }
    tap(&mut h, "All topics");
    assert_eq!(h.state().state().screen(), Screen::Home);
}

#[test]
fn the_visit_is_shown_as_numbered_steps() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    h.get_by_role_and_label(Role::Button, "Your visit, step by step")
        .click();
    h.run();
    let lib = library();
    let topic = lib.lang("en").topic("the-visit").unwrap();
    let (page_idx, steps) = topic
        .pages
        .iter()
        .enumerate()
        .find_map(|(i, p)| {
            p.blocks.iter().find_map(|b| match b {
                patient_kiosk::content::Block::Steps(s) => Some((i, s.clone())),
                _ => None,
            })
        })
        .expect("the visit has a steps block");
    for _ in 0..page_idx {
        tap(&mut h, "Next");
    }
    for step in &steps {
        assert!(shows(&h, step), "step {step:?} is shown");
    }
    for n in 1..=steps.len() {
        assert!(shows(&h, &n.to_string()), "step number {n} is shown");
    }
}

#[test]
fn a_patient_picks_three_questions_reviews_them_and_removes_one() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    h.get_by_role_and_label(Role::Button, "Questions for your consultation")
        .click();
    h.run();
    let lib = library();
    let qs: Vec<_> = lib.lang("en").questions().take(3).cloned().collect();
    for q in &qs {
        h.get_by_role_and_label(Role::CheckBox, &q.text).click();
        h.run();
    }
    assert!(shows(&h, "My questions (3)"));
    tap(&mut h, "My questions (3)");
    assert_eq!(h.state().state().screen(), Screen::MyQuestions);
    for (i, q) in qs.iter().enumerate() {
        assert!(shows(&h, &format!("{}. {}", i + 1, q.text)));
    }
    let others = lib.lang("en").questions().skip(3).count();
    assert!(others > 0);
    for q in lib.lang("en").questions().skip(3) {
        assert!(!shows_containing(&h, &q.text), "{} was not picked", q.id);
    }

    h.get_by_label(&format!("Remove: {}", qs[1].text)).click();
    h.run();
    assert!(shows(&h, &format!("1. {}", qs[0].text)));
    assert!(shows(&h, &format!("2. {}", qs[2].text)));
    assert!(!shows_containing(&h, &qs[1].text));
    assert_eq!(
        h.state().state().session().picked(),
        &[qs[0].id.clone(), qs[2].id.clone()]
    );
    // Back returns to where the patient was.
    tap(&mut h, "Back");
    assert!(matches!(h.state().state().screen(), Screen::Reader { .. }));
}

#[test]
fn a_question_can_be_unpicked_on_the_picker_too() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    tap(&mut h, "My questions (0)");
    assert!(shows(&h, "You have not picked any questions yet."));
    tap(&mut h, "Pick questions...");
    let q = library().lang("en").questions().next().unwrap().clone();
    h.get_by_role_and_label(Role::CheckBox, &q.text).click();
    h.run();
    assert!(h.state().state().session().is_picked(&q.id));
    h.get_by_role_and_label(Role::CheckBox, &q.text).click();
    h.run();
    assert!(!h.state().state().session().is_picked(&q.id));
}

#[test]
fn keyboard_alone_reaches_a_topic_and_its_last_page() {
    let (mut h, _clock) = kiosk(HD);
    // Keys come from an audio keypad: the first one (Enter too) turns the talking kiosk on
    // and presses nothing. Then Down walks the screen and Enter presses what it is on.
    press(&mut h, Key::Enter);
    assert!(h.state().state().session().speech().is_some());
    assert_eq!(h.state().state().screen(), Screen::Welcome);
    for _ in 0..3 {
        press(&mut h, Key::ArrowDown);
    }
    press(&mut h, Key::Enter);
    assert_eq!(h.state().state().screen(), Screen::Home);
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    assert_eq!(
        h.state().state().screen(),
        Screen::Reader { topic: 1, page: 0 }
    );
    let pages = library().lang("en").topics[1].pages.len();
    // Right is the next page, Left the page before.
    for p in 1..pages {
        press(&mut h, Key::ArrowRight);
        assert_eq!(
            h.state().state().screen(),
            Screen::Reader { topic: 1, page: p }
        );
    }
    press(&mut h, Key::ArrowLeft);
    assert_eq!(
        h.state().state().screen(),
        Screen::Reader {
            topic: 1,
            page: pages - 2
        }
    );
}

#[test]
fn tab_moves_between_controls_and_enter_presses_them() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    h.get_by_role_and_label(Role::Button, "Cost").click();
    h.run();
    // Tab turns speech on; Tab again walks the page, then its bottom bar, to Home, which
    // then holds the keyboard focus, so Enter presses it.
    press(&mut h, Key::Tab);
    let mut steps = 0;
    while !h.get_by_label("Home").is_focused() {
        press(&mut h, Key::Tab);
        steps += 1;
        assert!(steps <= 40, "Home is reached by Tab");
    }
    assert!(steps >= 2, "the page's text comes before the bar");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().state().screen(), Screen::Home);
}

fn assert_big_enough(h: &egui_kittest::Harness<'_, patient_kiosk::app::KioskApp>, screen: &str) {
    let controls = controls(h);
    assert!(!controls.is_empty(), "{screen} has controls");
    for (role, label, rect) in controls {
        assert!(
            !label.trim().is_empty(),
            "{screen}: a {role:?} has no label"
        );
        assert!(
            rect.width() >= 72.0 && rect.height() >= 72.0,
            "{screen}: {label:?} is {}x{}",
            rect.width(),
            rect.height()
        );
    }
}

#[test]
fn every_control_is_big_enough_to_touch_and_labelled() {
    let (mut h, _clock) = kiosk(HD);
    assert_big_enough(&h, "welcome");
    tap(&mut h, "Touch to start");
    assert_big_enough(&h, "home");
    let lib = library();
    for topic in &lib.lang("en").topics {
        h.get_by_role_and_label(Role::Button, &topic.title).click();
        h.run();
        for p in 0..topic.pages.len() {
            assert_big_enough(&h, &format!("{} page {}", topic.id, p + 1));
            if p + 1 < topic.pages.len() {
                tap(&mut h, "Next");
            }
        }
        tap(&mut h, "Home");
    }
    tap(&mut h, "My questions (0)");
    assert_big_enough(&h, "my questions");
}

#[test]
fn the_layout_fits_every_screen_size_with_the_bar_on_screen() {
    for size in [
        (1280.0, 800.0),
        (1920.0, 1080.0),
        (3840.0, 2160.0),
        (1080.0, 1920.0),
    ] {
        let (mut h, _clock) = kiosk(size);
        tap(&mut h, "Touch to start");
        // On small screens the tile may be further down: scroll to it, as a patient would.
        open_topic(&mut h, "Aftercare");
        assert!(
            matches!(
                h.state().state().screen(),
                patient_kiosk::model::Screen::Reader { .. }
            ),
            "{size:?}"
        );
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size.0, size.1));
        for label in ["Back", "Home", "Next", "Finish"] {
            let r = h.get_by_label(label).rect();
            // Rects are in points; scale them to the screen's pixels.
            let ppp = h.ctx.pixels_per_point();
            let px = egui::Rect::from_min_max(
                (r.min.to_vec2() * ppp).to_pos2(),
                (r.max.to_vec2() * ppp).to_pos2(),
            );
            assert!(
                screen.contains_rect(px),
                "{label} is off screen at {size:?}: {px:?}"
            );
        }
        // Big screens scale up; small ones never shrink.
        let expect = (size.0 / 1920.0).min(size.1 / 1080.0).max(1.0);
        assert!((h.ctx.pixels_per_point() - expect).abs() < 0.01, "{size:?}");
    }
}
