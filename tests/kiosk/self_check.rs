//! "Is it right for me?" as something to do: a patient ticks what is true for them, each
//! tick becomes a question for the doctor, and nothing of it outlives the session. And
//! "Check what you know": a wrong answer explains the right one and offers a question.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use common::*;
use egui::accesskit::{Role, Toggled};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use patient_kiosk::app::KioskApp;
use patient_kiosk::content::{Block, Quiz, SelfCheck};
use patient_kiosk::i18n::Strings;
use patient_kiosk::kiosk::ManualClock;
use patient_kiosk::model::Screen;
use patient_kiosk::storage::Usage;

fn self_check(lang: &str) -> (String, SelfCheck) {
    let lib = library();
    let (topic, check) = first_block(lib.lang(lang), |b| match b {
        Block::SelfCheck(c) => Some(c.clone()),
        _ => None,
    })
    .expect("the content has a self-check");
    (topic.title.clone(), check)
}

fn quiz(topic_id: &str) -> (String, Quiz) {
    let lib = library();
    let topic = lib.lang("en").topic(topic_id).unwrap();
    let quiz = topic
        .pages
        .iter()
        .flat_map(|p| &p.blocks)
        .find_map(|b| match b {
            Block::Quiz(q) => Some(q.clone()),
            _ => None,
        })
        .expect("the topic checks what you know");
    (topic.title.clone(), quiz)
}

/// Open a topic and go forward until `label` is on the page.
fn read_until(h: &mut Harness<'static, KioskApp>, title: &str, label: &str, lang: &str) {
    open_topic(h, title);
    let next = &Strings::get(lang).next;
    while !shows(h, label) {
        tap(h, next);
    }
}

/// Every line the kiosk logs in this test process.
static LOGGED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

struct Recorder;

impl log::Log for Recorder {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        LOGGED.lock().unwrap().push(record.args().to_string());
    }
    fn flush(&self) {}
}

fn record_the_log() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        log::set_logger(&Recorder).unwrap();
        log::set_max_level(log::LevelFilter::Trace);
    });
}

fn ticked(h: &Harness<'_, KioskApp>, label: &str) -> bool {
    h.get_by_role_and_label(Role::CheckBox, label)
        .accesskit_node()
        .toggled()
        == Some(Toggled::True)
}

#[test]
fn ticking_blood_thinners_adds_its_question_unticking_removes_it_and_reset_forgets_both() {
    record_the_log();
    for lang in ["en", "es"] {
        let dir = tempfile::tempdir().unwrap();
        let usage_path = dir.path().join("usage.toml");
        let (usage, _) = Usage::load(&usage_path);
        let clock = ManualClock::default();
        let state = state_with(Default::default(), usage, &clock);
        let mut h = kiosk_with(HD, state, clock);
        let strings = Strings::get(lang);
        if lang == "es" {
            tap(&mut h, "Español");
        }
        tap(&mut h, &strings.touch_to_start);
        let (title, check) = self_check(lang);
        let (statement, qid) = check.items[0].clone();
        assert_eq!(qid, "me-blood-thinners");
        read_until(&mut h, &title, &statement, lang);
        // The kiosk never judges.
        assert!(!shows_containing(&h, "you are not"));
        assert!(!shows_containing(&h, "candidate"));

        real_tap(&mut h, &statement);
        assert!(ticked(&h, &statement));
        assert_eq!(
            h.state().state().session().picked(),
            std::slice::from_ref(&qid)
        );
        assert!(shows(&h, &strings.my_questions_count(1)));
        real_tap(&mut h, &statement);
        assert!(!ticked(&h, &statement));
        assert!(h.state().state().session().picked().is_empty(), "{lang}");

        real_tap(&mut h, &statement);
        let question = library().lang(lang).question(&qid).unwrap().text.clone();
        tap(&mut h, &strings.my_questions_count(1));
        assert!(shows(&h, &format!("1. {question}")), "{lang}: {question}");
        real_tap(&mut h, &strings.finish);
        assert_eq!(h.state().state().screen(), Screen::Welcome);
        let session = h.state().state().session();
        assert!(session.picked().is_empty() && !session.is_ticked(&check.id, 0));
        drop(h);
        let saved = std::fs::read_to_string(&usage_path).unwrap_or_default();
        assert!(
            !saved.contains(&qid) && !saved.contains(&check.id) && !saved.contains("thinner"),
            "{lang}: the counts hold nothing of the self-check: {saved}"
        );
        let logged = LOGGED.lock().unwrap().join("\n");
        for secret in [qid.as_str(), check.id.as_str(), statement.as_str()] {
            assert!(
                !logged.contains(secret),
                "{lang}: the log names `{secret}`: {logged}"
            );
        }
    }
}

#[test]
fn a_wrong_answer_explains_the_right_one_and_offers_a_question() {
    let (title, quiz) = quiz("aftercare");
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    read_until(&mut h, &title, &quiz.text, "en");
    let wrong = (quiz.answer + 1) % quiz.choices.len();
    real_tap(&mut h, &quiz.choices[wrong]);
    assert!(shows_containing(
        &h,
        &format!("Not quite. {}", quiz.explain)
    ));
    let question = library()
        .lang("en")
        .question(&quiz.asks)
        .unwrap()
        .text
        .clone();
    let offer = format!("Add this to my questions: {question}");
    assert!(shows(&h, &offer));
    real_tap(&mut h, &offer);
    assert!(h.state().state().session().is_picked(&quiz.asks));
    assert!(shows(&h, &format!("This is in My questions: {question}")));

    real_tap(&mut h, &quiz.choices[quiz.answer]);
    assert!(shows_containing(
        &h,
        &format!("Yes, that is right. {}", quiz.explain)
    ));
    assert!(!shows_containing(&h, "Not quite"));
    assert_eq!(
        h.state().state().session().answer(&quiz.id),
        Some(quiz.answer)
    );

    real_tap(&mut h, "Finish");
    assert_eq!(h.state().state().session().answer(&quiz.id), None);
    assert!(h.state().state().session().picked().is_empty());
}

#[test]
fn aftercare_and_risks_both_end_with_check_what_you_know_in_both_languages() {
    let lib = library();
    for lang in ["en", "es"] {
        for topic in ["aftercare", "risks"] {
            let t = lib.lang(lang).topic(topic).unwrap();
            let quizzes = t
                .pages
                .iter()
                .flat_map(|p| &p.blocks)
                .filter(|b| matches!(b, Block::Quiz(_)))
                .count();
            assert!(quizzes >= 2, "{lang}/{topic}: {quizzes} quiz questions");
        }
        let ids: Vec<&str> = lib
            .lang(lang)
            .self_checks()
            .flat_map(|c| c.items.iter().map(|(_, q)| q.as_str()))
            .collect();
        assert_eq!(ids.len(), 15, "{lang}: fifteen statements");
    }
}
