//! The reducer, arm by arm, without a window: each test applies actions to a fresh state
//! and checks the state and the effects it returned.

use std::sync::Arc;
use std::time::Duration;

use super::*;
use crate::content::{self, Block, EmbeddedSource};
use crate::kiosk::hash_pin;

const S: fn(u64) -> Duration = Duration::from_secs;

fn library() -> Arc<Library> {
    Arc::new(content::load(&EmbeddedSource).unwrap())
}

fn state_with(settings: Settings) -> AppState {
    AppState::new(
        library(),
        Arc::new(EmbeddedSource),
        settings,
        Usage::in_memory(),
        S(0),
    )
}

fn state() -> AppState {
    state_with(Settings::default())
}

/// Apply actions in order at time `now`; return the effects of the last one.
fn run(s: &mut AppState, now: Duration, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    let mut last = Vec::new();
    for a in actions {
        last = s.apply(a, now);
    }
    last
}

fn saves(fx: &[Effect]) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::SaveUsage(_)))
        .count()
}

fn topic_index(s: &AppState, id: &str) -> usize {
    s.content().topic_index(id).unwrap()
}

fn question(s: &AppState) -> String {
    s.content().questions().next().unwrap().id.clone()
}

fn into_staff_menu(s: &mut AppState) {
    run(s, S(0), [Action::OpenStaffPin, Action::PinSubmit]);
    run(s, S(0), [Action::PinChecked { correct: true }]);
    assert_eq!(s.screen(), Screen::StaffMenu);
}

fn with_pin() -> AppState {
    state_with(Settings {
        pin_hash: Some(hash_pin("4821").unwrap()),
        ..Settings::default()
    })
}

#[test]
fn start_counts_a_session_once_and_goes_home() {
    let mut s = state();
    let fx = s.apply(Action::Start, S(0));
    assert_eq!(s.screen(), Screen::Home);
    assert_eq!(saves(&fx), 0, "the file is written when the session ends");
    assert_eq!(s.usage().days().next().unwrap().1.sessions, 1);
    s.apply(Action::Start, S(0));
    assert_eq!(
        s.usage().days().next().unwrap().1.sessions,
        1,
        "Start away from welcome counts nothing"
    );
}

#[test]
fn counts_are_written_when_the_patient_finishes_never_while_they_read() {
    let mut s = state();
    let mut written = 0;
    for action in [Action::Start, Action::OpenTopic(2), Action::NextPage] {
        written += saves(&s.apply(action, S(0)));
    }
    assert_eq!(
        written, 0,
        "nothing reaches the file while the patient reads"
    );
    let fx = s.apply(Action::Finish, S(1));
    assert_eq!(saves(&fx), 1, "the finished session is written once");
    let Some(Effect::SaveUsage(saved)) = fx.iter().find(|e| matches!(e, Effect::SaveUsage(_)))
    else {
        panic!("{fx:?}");
    };
    let (_, today) = saved.days().next().unwrap();
    assert_eq!(today.sessions, 1);
    assert_eq!(today.topics.values().sum::<u64>(), 1);
    // The next session has nothing new until it too is over.
    assert_eq!(saves(&s.apply(Action::Finish, S(2))), 0);
}

#[test]
fn go_home_and_open_topic() {
    let mut s = state();
    s.apply(Action::GoHome, S(0));
    assert_eq!(s.screen(), Screen::Home);
    s.apply(Action::OpenTopic(2), S(0));
    assert_eq!(s.screen(), Screen::Reader { topic: 2, page: 0 });
    let fx = s.apply(Action::OpenTopic(999), S(0));
    assert_eq!(s.screen(), Screen::Reader { topic: 2, page: 0 });
    assert!(fx.is_empty(), "an unknown topic changes nothing");
}

#[test]
fn pages_go_forward_and_back_and_leave_at_either_end() {
    let mut s = state();
    let pages = s.content().topics[0].pages.len();
    run(&mut s, S(0), [Action::Start, Action::OpenTopic(0)]);
    for p in 1..pages {
        s.apply(Action::NextPage, S(0));
        assert_eq!(s.screen(), Screen::Reader { topic: 0, page: p });
    }
    s.apply(Action::PrevPage, S(0));
    assert_eq!(
        s.screen(),
        Screen::Reader {
            topic: 0,
            page: pages - 2
        }
    );
    run(&mut s, S(0), [Action::NextPage, Action::NextPage]);
    assert_eq!(s.screen(), Screen::Home, "Next on the last page goes home");
    run(&mut s, S(0), [Action::OpenTopic(0), Action::PrevPage]);
    assert_eq!(s.screen(), Screen::Home, "Back on the first page goes home");
}

#[test]
fn back_from_every_screen() {
    let cases: Vec<(Vec<Action>, Screen)> = vec![
        (vec![], Screen::Welcome),
        (vec![Action::Start], Screen::Home),
        (
            vec![Action::Start, Action::OpenTopic(0), Action::NextPage],
            Screen::Reader { topic: 0, page: 0 },
        ),
        (
            vec![Action::Start, Action::OpenTopic(1), Action::OpenMyQuestions],
            Screen::Reader { topic: 1, page: 0 },
        ),
        (
            vec![Action::Start, Action::OpenTopic(1), Action::OpenHandout],
            Screen::Reader { topic: 1, page: 0 },
        ),
        (vec![Action::Start, Action::OpenStaffPin], Screen::Welcome),
    ];
    for (setup, expected) in cases {
        let mut s = state();
        run(&mut s, S(0), setup.clone());
        s.apply(Action::Back, S(0));
        assert_eq!(s.screen(), expected, "Back after {setup:?}");
    }
}

#[test]
fn questions_are_ticked_untick_and_removed() {
    let mut s = state();
    let q = question(&s);
    s.apply(Action::ToggleQuestion(q.clone()), S(0));
    assert!(s.session().is_picked(&q));
    s.apply(Action::ToggleQuestion(q.clone()), S(0));
    assert!(!s.session().is_picked(&q));
    s.apply(Action::ToggleQuestion("no-such-question".into()), S(0));
    assert!(s.session().picked().is_empty(), "unknown ids are ignored");
    s.apply(Action::ToggleQuestion(q.clone()), S(0));
    s.apply(Action::RemoveQuestion(q.clone()), S(0));
    assert!(s.session().picked().is_empty());
}

#[test]
fn checklist_boxes_tick_untick_and_are_forgotten_with_the_patient() {
    let mut s = state();
    let list = s
        .library()
        .lang("en")
        .checklists()
        .next()
        .expect("the content has a checklist")
        .clone();
    run(&mut s, S(0), [Action::Start]);
    s.apply(Action::ToggleTick(list.id.clone(), 0), S(0));
    assert!(s.session().is_ticked(&list.id, 0));
    assert!(s.has_patient_state());
    s.apply(Action::ToggleTick(list.id.clone(), 0), S(0));
    assert!(!s.session().is_ticked(&list.id, 0));
    s.apply(Action::ToggleTick(list.id.clone(), list.items.len()), S(0));
    s.apply(Action::ToggleTick("no-such-list".into(), 0), S(0));
    assert!(
        !s.session().is_ticked(&list.id, list.items.len())
            && !s.session().is_ticked("no-such-list", 0),
        "boxes that do not exist cannot be ticked"
    );
    s.apply(Action::ToggleTick(list.id.clone(), 1), S(0));
    let fx = s.apply(Action::Finish, S(1));
    assert!(
        !s.session().is_ticked(&list.id, 1),
        "the next patient sees no ticks"
    );
    assert!(
        !format!("{fx:?}").contains(&list.id),
        "no tick reaches a saved count: {fx:?}"
    );
}

#[test]
fn a_self_check_tick_adds_its_question_and_a_quiz_answer_is_kept_for_the_session_only() {
    let mut s = state();
    let check = s.library().lang("en").self_checks().next().unwrap().clone();
    let quiz = s.library().lang("en").quizzes().next().unwrap().clone();
    let (_, q) = check.items[1].clone();
    run(&mut s, S(0), [Action::Start]);
    s.apply(Action::ToggleTick(check.id.clone(), 1), S(0));
    assert_eq!(s.session().picked(), std::slice::from_ref(&q));
    s.apply(Action::ToggleTick(check.id.clone(), 1), S(0));
    assert!(
        s.session().picked().is_empty(),
        "unticking removes the question"
    );
    s.apply(Action::ToggleQuestion(q.clone()), S(0));
    s.apply(Action::ToggleTick(check.id.clone(), 1), S(0));
    assert_eq!(
        s.session().picked(),
        std::slice::from_ref(&q),
        "never twice"
    );

    s.apply(
        Action::AnswerQuiz(quiz.id.clone(), quiz.choices.len()),
        S(0),
    );
    assert_eq!(s.session().answer(&quiz.id), None, "no such answer");
    s.apply(Action::AnswerQuiz("no-such-quiz".into(), 0), S(0));
    assert_eq!(s.session().answer("no-such-quiz"), None);
    s.apply(Action::AnswerQuiz(quiz.id.clone(), 0), S(0));
    assert_eq!(s.session().answer(&quiz.id), Some(0));
    s.apply(Action::NextCode, S(0));
    assert_eq!(s.session().code_shown(), 1);

    s.apply(Action::Finish, S(1));
    assert_eq!(s.session().answer(&quiz.id), None);
    assert!(s.session().picked().is_empty() && !s.session().is_ticked(&check.id, 1));
    assert_eq!(s.session().code_shown(), 0);
}

#[test]
fn my_questions_remembers_where_back_leads_and_pick_questions_opens_the_list() {
    let mut s = state();
    run(&mut s, S(0), [Action::Start, Action::OpenTopic(3)]);
    s.apply(Action::OpenMyQuestions, S(0));
    assert_eq!(s.screen(), Screen::MyQuestions);
    s.apply(Action::OpenMyQuestions, S(0));
    s.apply(Action::Back, S(0));
    assert_eq!(s.screen(), Screen::Reader { topic: 3, page: 0 });
    s.apply(Action::PickQuestions, S(0));
    let Screen::Reader { topic, page: 0 } = s.screen() else {
        panic!("not on a page: {:?}", s.screen());
    };
    let has_questions = s.content().topics[topic].pages.iter().any(|p| {
        p.blocks
            .iter()
            .any(|b| matches!(b, crate::content::Block::Question(_)))
    });
    assert!(has_questions);
}

#[test]
fn language_text_size_and_contrast() {
    let mut s = state();
    s.apply(Action::SetLanguage("es".into()), S(0));
    assert_eq!(s.session().lang(), "es");
    s.apply(Action::SetLanguage("xx".into()), S(0));
    assert_eq!(
        s.session().lang(),
        "es",
        "a language not offered is ignored"
    );
    let size = s.session().text_size();
    s.apply(Action::CycleTextSize, S(0));
    assert_ne!(s.session().text_size(), size);
    s.apply(Action::ToggleContrast, S(0));
    assert!(s.session().high_contrast());
    s.apply(Action::ToggleContrast, S(0));
    assert!(!s.session().high_contrast());
}

#[test]
fn finish_forgets_everything_and_stops_speech() {
    let mut s = state();
    let q = question(&s);
    run(
        &mut s,
        S(0),
        [
            Action::SetLanguage("es".into()),
            Action::Start,
            Action::ToggleQuestion(q),
            Action::ToggleContrast,
            Action::OpenTopic(1),
        ],
    );
    let fx = s.apply(Action::Finish, S(5));
    assert_eq!(s.screen(), Screen::Welcome);
    assert_eq!(s.session(), &Session::new("en"));
    assert_eq!(s.resets(), 1);
    assert!(fx.contains(&Effect::StopSpeech));
    assert!(!s.has_patient_state());
}

#[test]
fn only_an_answer_closes_need_more_time() {
    let mut s = state();
    let idle = s.settings().idle_seconds;
    s.apply(Action::Start, S(0));
    s.apply(Action::Tick { had_input: false }, S(idle));
    assert!(s.idle().prompt_shown());
    // The pointer moving towards "Start over now" is not an answer.
    s.apply(Action::Tick { had_input: true }, S(idle + 1));
    assert!(
        s.idle().prompt_shown(),
        "input alone must not close the prompt"
    );
    s.apply(Action::KeepReading, S(idle + 2));
    assert!(!s.idle().prompt_shown());
    assert_eq!(s.screen(), Screen::Home, "keep reading keeps the patient");
}

#[test]
fn input_keeps_the_prompt_away_and_silence_resets() {
    let mut s = state();
    let (idle, countdown) = (s.settings().idle_seconds, s.settings().countdown_seconds);
    s.apply(Action::Start, S(0));
    s.apply(Action::Tick { had_input: true }, S(idle - 1));
    s.apply(Action::Tick { had_input: false }, S(idle + 1));
    assert!(!s.idle().prompt_shown(), "input pushed the prompt back");
    s.apply(Action::Tick { had_input: false }, S(2 * idle));
    assert!(s.idle().prompt_shown());
    let fx = s.apply(Action::Tick { had_input: false }, S(2 * idle + countdown));
    assert_eq!(s.screen(), Screen::Welcome);
    assert!(fx.contains(&Effect::StopSpeech));
    assert!(!s.idle().prompt_shown());
}

#[test]
fn start_over_now_in_the_prompt_resets_and_closes_it() {
    let mut s = state();
    let idle = s.settings().idle_seconds;
    let q = question(&s);
    run(&mut s, S(0), [Action::Start, Action::ToggleQuestion(q)]);
    s.apply(Action::Tick { had_input: false }, S(idle));
    s.apply(Action::Finish, S(idle + 1));
    assert_eq!(s.screen(), Screen::Welcome);
    assert!(s.session().picked().is_empty());
    assert!(
        !s.idle().prompt_shown(),
        "the prompt never shows over welcome"
    );
}

#[test]
fn read_aloud_speaks_the_page_in_its_language_and_stop_stops() {
    let mut s = state();
    assert!(
        s.apply(Action::ReadAloud, S(0)).is_empty(),
        "no page, no speech"
    );
    run(
        &mut s,
        S(0),
        [
            Action::SetLanguage("es".into()),
            Action::Start,
            Action::OpenTopic(0),
        ],
    );
    let heading = s.current_page().unwrap().heading.clone();
    let fx = s.apply(Action::ReadAloud, S(0));
    let [Effect::Speak { lang, text, .. }] = fx.as_slice() else {
        panic!("{fx:?}");
    };
    assert_eq!(lang, "es");
    assert!(text.contains(&heading));
    assert_eq!(s.apply(Action::StopReading, S(0)), vec![Effect::StopSpeech]);
}

#[test]
fn a_new_screen_stops_speech_and_closes_words() {
    let mut s = state();
    run(&mut s, S(0), [Action::Start]);
    for t in 0..s.content().topics.len() {
        s.apply(Action::OpenTopic(t), S(0));
        s.apply(Action::ShowWords, S(0));
        if s.session().words_open() {
            let fx = s.apply(Action::NextPage, S(0));
            assert!(!s.session().words_open());
            assert!(fx.contains(&Effect::StopSpeech));
            s.apply(Action::ShowWords, S(0));
            s.apply(Action::CloseWords, S(0));
            assert!(!s.session().words_open());
            return;
        }
    }
    panic!("no first page has words to know");
}

#[test]
fn speech_failure_warns_staff_once_and_tells_the_patient() {
    let mut s = state();
    s.apply(Action::SpeechFailed("read aloud: no engine".into()), S(0));
    s.apply(Action::SpeechFailed("read aloud: no engine".into()), S(0));
    assert_eq!(s.notice(), Some(Notice::SpeechUnavailable));
    assert_eq!(s.warnings().len(), 1);
    s.apply(Action::CloseNotice, S(0));
    assert_eq!(s.notice(), None);
}

#[test]
fn the_handout_starts_with_the_default_topics_and_the_one_being_read() {
    let mut s = state();
    let aftercare = topic_index(&s, "aftercare");
    let how = topic_index(&s, "how-it-works");
    run(
        &mut s,
        S(0),
        [Action::Start, Action::OpenTopic(how), Action::OpenHandout],
    );
    assert_eq!(s.screen(), Screen::Handout);
    let chosen = s.session().handout_topics().to_vec();
    assert!(chosen.contains(&"how-it-works".to_owned()));
    assert!(chosen.contains(&"aftercare".to_owned()));
    let order: Vec<usize> = chosen.iter().map(|id| topic_index(&s, id)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "in topic order");
    s.apply(Action::ToggleHandoutTopic("aftercare".into()), S(0));
    assert!(
        !s.session()
            .handout_topics()
            .contains(&"aftercare".to_owned())
    );
    s.apply(Action::ToggleHandoutTopic("no-such-topic".into()), S(0));
    assert_eq!(s.session().handout_topics().len(), chosen.len() - 1);
    let _ = aftercare;
}

#[test]
fn printing_asks_the_shell_and_the_result_reaches_only_its_patient() {
    let mut s = state();
    let q = question(&s);
    run(
        &mut s,
        S(0),
        [
            Action::Start,
            Action::ToggleQuestion(q.clone()),
            Action::OpenHandout,
        ],
    );
    let fx = s.apply(Action::PrintHandout, S(0));
    let Some(Effect::Print(order)) = fx.iter().find(|e| matches!(e, Effect::Print(_))) else {
        panic!("{fx:?}");
    };
    assert_eq!(order.questions, vec![q]);
    assert_eq!(order.patient, 0);
    assert_eq!(s.screen(), Screen::Printing);
    assert_eq!(s.session().print(), PrintStatus::Working);
    s.apply(Action::PrintDone, S(0));
    assert_eq!(s.screen(), Screen::Printing, "cannot leave while working");
    s.apply(
        Action::PrintFinished {
            patient: 0,
            outcome: PrintOutcome::Sent { job: "Q-1".into() },
        },
        S(0),
    );
    assert_eq!(s.session().print(), PrintStatus::Printed);
    s.apply(Action::PrintDone, S(0));
    assert_eq!(s.screen(), Screen::MyQuestions);

    // A result that arrives after the patient left only reaches staff.
    run(
        &mut s,
        S(0),
        [Action::OpenHandout, Action::PrintHandout, Action::Finish],
    );
    s.apply(
        Action::PrintFinished {
            patient: 0,
            outcome: PrintOutcome::Failed {
                reason: "handout: printer off".into(),
            },
        },
        S(0),
    );
    assert_eq!(s.session().print(), PrintStatus::None);
    assert_eq!(s.screen(), Screen::Welcome);
    assert_eq!(
        s.warnings(),
        &[Warning::Print("handout: printer off".into())]
    );
}

#[test]
fn print_needs_the_handout_screen_and_a_topic() {
    let mut s = state();
    assert!(s.apply(Action::PrintHandout, S(0)).is_empty());
    run(&mut s, S(0), [Action::Start, Action::OpenHandout]);
    for id in s.session().handout_topics().to_vec() {
        s.apply(Action::ToggleHandoutTopic(id), S(0));
    }
    assert!(s.apply(Action::PrintHandout, S(0)).is_empty());
    assert_eq!(s.screen(), Screen::Handout);
}

#[test]
fn holding_the_logo_three_seconds_opens_the_pin_pad() {
    let mut s = state();
    s.apply(Action::StaffHold(true), S(10));
    assert_eq!(s.next_wake(S(10)), Some(S(3)));
    s.apply(Action::Tick { had_input: true }, S(12));
    assert_eq!(s.screen(), Screen::Welcome, "not yet");
    s.apply(Action::StaffHold(false), S(12));
    s.apply(Action::Tick { had_input: false }, S(14));
    assert_eq!(s.screen(), Screen::Welcome, "let go early");
    s.apply(Action::StaffHold(true), S(20));
    s.apply(Action::Tick { had_input: false }, S(23));
    assert_eq!(s.screen(), Screen::StaffPin);
    assert_eq!(s.hold_started(), None);
}

#[test]
fn the_pin_is_checked_off_the_ui_thread_and_never_shown() {
    let mut s = with_pin();
    s.apply(Action::PinDigit('4'), S(0));
    assert_eq!(s.pin().entered_len(), 0, "digits only count on the pad");
    s.apply(Action::OpenStaffPin, S(0));
    for d in "48210".chars() {
        s.apply(Action::PinDigit(d), S(0));
    }
    s.apply(Action::PinBackspace, S(0));
    assert_eq!(s.pin().entered_len(), 4);
    let fx = s.apply(Action::PinSubmit, S(0));
    let [Effect::VerifyPin { digits, hash }] = fx.as_slice() else {
        panic!("{fx:?}");
    };
    assert_eq!(digits.0, "4821");
    assert!(hash.verify(&digits.0));
    assert!(
        !format!("{fx:?}").contains("4821"),
        "digits never reach a log"
    );
    assert!(
        s.apply(Action::PinSubmit, S(0)).is_empty(),
        "one check at a time"
    );
    s.apply(Action::PinChecked { correct: true }, S(1));
    assert_eq!(s.screen(), Screen::StaffMenu);
}

#[test]
fn wrong_pins_count_down_then_lock() {
    let mut s = with_pin();
    s.apply(Action::OpenStaffPin, S(0));
    s.apply(Action::PinSubmit, S(0));
    s.apply(Action::PinChecked { correct: false }, S(0));
    assert_eq!(
        s.pin().last(),
        Some(crate::kiosk::PinOutcome::Wrong { tries_left: 4 })
    );
    for _ in 0..4 {
        s.apply(Action::PinSubmit, S(0));
        s.apply(Action::PinChecked { correct: false }, S(0));
    }
    assert!(s.pin().locked_for(S(1)).is_some());
    assert!(
        s.apply(Action::PinSubmit, S(1)).is_empty(),
        "locked: not checked"
    );
    assert_eq!(
        s.next_wake(S(1)),
        Some(S(1)),
        "the lock's countdown is shown"
    );
}

#[test]
fn no_pin_set_means_no_check_and_a_late_answer_opens_nothing() {
    let mut s = state();
    s.apply(Action::OpenStaffPin, S(0));
    assert!(s.apply(Action::PinSubmit, S(0)).is_empty());
    assert_eq!(s.screen(), Screen::StaffPin);

    let mut s = with_pin();
    run(
        &mut s,
        S(0),
        [Action::OpenStaffPin, Action::PinSubmit, Action::PinCancel],
    );
    assert_eq!(s.screen(), Screen::Welcome);
    s.apply(Action::PinChecked { correct: true }, S(0));
    assert_eq!(s.screen(), Screen::Welcome, "staff had cancelled");
}

#[test]
fn pin_cancel_forgets_the_patient_under_the_pad() {
    let mut s = with_pin();
    let q = question(&s);
    run(
        &mut s,
        S(0),
        [
            Action::Start,
            Action::ToggleQuestion(q),
            Action::OpenStaffPin,
        ],
    );
    s.apply(Action::PinCancel, S(0));
    assert_eq!(s.screen(), Screen::Welcome);
    assert!(s.session().picked().is_empty());
}

#[test]
fn staff_actions_are_refused_outside_the_staff_menu() {
    let staff_only = [
        Action::StaffWalkThrough,
        Action::StaffOpenTopic(0),
        Action::StaffBackToPatient,
        Action::StaffReloadContent,
        Action::StaffResetUsage,
        Action::StaffExitKiosk,
    ];
    for action in staff_only {
        for setup in [vec![], vec![Action::Start], vec![Action::OpenStaffPin]] {
            let mut s = with_pin();
            run(&mut s, S(0), setup);
            let before = (s.screen(), s.session().clone(), s.resets());
            let fx = s.apply(action.clone(), S(0));
            assert!(fx.is_empty(), "{action:?} gave {fx:?}");
            assert_eq!(before, (s.screen(), s.session().clone(), s.resets()));
            assert!(!s.quitting());
        }
    }
}

#[test]
fn a_walk_through_counts_nothing() {
    let mut s = with_pin();
    into_staff_menu(&mut s);
    s.apply(Action::StaffWalkThrough, S(0));
    assert_eq!(s.screen(), Screen::Home);
    assert!(s.session().walk_through());
    let fx = s.apply(Action::OpenTopic(0), S(0));
    assert_eq!(saves(&fx), 0);

    let mut s = with_pin();
    into_staff_menu(&mut s);
    let fx = s.apply(Action::StaffOpenTopic(4), S(0));
    assert_eq!(s.screen(), Screen::Reader { topic: 4, page: 0 });
    assert_eq!(saves(&fx), 0);
    s.apply(Action::Finish, S(0));
    assert!(
        !s.session().walk_through(),
        "the walk-through ends with the patient"
    );
}

#[test]
fn staff_back_to_patient_resets() {
    let mut s = with_pin();
    into_staff_menu(&mut s);
    s.apply(Action::StaffBackToPatient, S(0));
    assert_eq!(s.screen(), Screen::Welcome);
}

#[test]
fn reloading_content_runs_off_the_ui_thread_and_keeps_the_old_on_errors() {
    let mut s = with_pin();
    into_staff_menu(&mut s);
    s.apply(
        Action::ContentLoaded(Err(vec!["topics.toml:3: order: unknown topic".into()])),
        S(0),
    );
    // A late or unasked result is harmless too; now ask properly.
    let fx = s.apply(Action::StaffReloadContent, S(0));
    assert_eq!(fx, vec![Effect::ReloadContent]);
    assert!(s.reloading());
    assert!(
        s.apply(Action::StaffReloadContent, S(0)).is_empty(),
        "one at a time"
    );
    s.apply(
        Action::ContentLoaded(Err(vec!["topics.toml:3: order: unknown topic".into()])),
        S(0),
    );
    assert!(!s.reloading());
    assert!(
        s.warnings()
            .iter()
            .any(|w| w.to_string().contains("kept the content already loaded"))
    );
    s.apply(Action::StaffReloadContent, S(0));
    s.apply(Action::ContentLoaded(Ok(library())), S(0));
    assert_eq!(s.content_generation(), 1);
    assert!(
        !s.warnings()
            .iter()
            .any(|w| matches!(w, Warning::Content(_))),
        "content warnings go with the content that caused them"
    );
}

#[test]
fn staff_reset_counts_and_exit() {
    let mut s = with_pin();
    s.apply(Action::Start, S(0));
    s.apply(Action::Finish, S(0));
    into_staff_menu(&mut s);
    let fx = s.apply(Action::StaffResetUsage, S(0));
    let [Effect::SaveUsage(saved)] = fx.as_slice() else {
        panic!("{fx:?}");
    };
    assert_eq!(saved.days().count(), 0);
    assert_eq!(s.usage().days().count(), 0);
    let fx = s.apply(Action::StaffExitKiosk, S(0));
    assert!(fx.contains(&Effect::Quit));
    assert!(s.quitting());
}

#[test]
fn a_stop_from_the_machine_saves_the_patients_counts_and_says_the_kiosk_is_down() {
    let mut s = state_with(Settings {
        metrics_file: "/var/lib/node-exporter/patient_kiosk.prom".into(),
        ..Settings::default()
    });
    s.apply(Action::Start, S(0));
    s.apply(Action::OpenTopic(2), S(1));
    let fx = s.apply(Action::Terminate, S(2));
    assert!(s.quitting());
    assert_eq!(saves(&fx), 1, "the unfinished session's counts are kept");
    let metrics = fx.iter().find_map(|e| match e {
        Effect::WriteMetrics { text, last, .. } => Some((text.clone(), *last)),
        _ => None,
    });
    let (text, last) = metrics.expect("the metrics are written");
    assert!(
        last,
        "written at once, not on a worker the exit would cut short"
    );
    assert!(text.contains("patient_kiosk_up 0\n"), "{text}");
    assert_eq!(fx.last(), Some(&Effect::Quit));
}

#[test]
fn a_failed_save_warns_staff_once() {
    let mut s = state();
    s.apply(
        Action::UsageSaveFailed("usage.toml: disk full".into()),
        S(0),
    );
    s.apply(
        Action::UsageSaveFailed("usage.toml: disk full".into()),
        S(0),
    );
    assert_eq!(
        s.warnings(),
        &[Warning::Usage("usage.toml: disk full".into())]
    );
}

#[test]
fn each_pin_answer_saves_the_lock_when_it_has_a_file() {
    let file = std::path::PathBuf::from("/data/pin-lock.toml");
    let mut s = with_pin().with_pin_lock(crate::kiosk::PinLock::default(), file.clone(), S(0));
    run(&mut s, S(0), [Action::OpenStaffPin, Action::PinSubmit]);
    let fx = s.apply(Action::PinChecked { correct: false }, S(0));
    let [Effect::SavePinLock { file: saved, lock }] = fx.as_slice() else {
        panic!("{fx:?}");
    };
    assert_eq!(saved, &file);
    assert_eq!(lock.failures, 1);
    s.apply(
        Action::PinLockSaveFailed("pin-lock.toml: read-only".into()),
        S(0),
    );
    assert_eq!(
        s.warnings(),
        &[Warning::PinLock("pin-lock.toml: read-only".into())]
    );
    // Without a file (tests, in-memory kiosks) nothing is saved.
    let mut s = with_pin();
    run(&mut s, S(0), [Action::OpenStaffPin, Action::PinSubmit]);
    assert!(
        s.apply(Action::PinChecked { correct: false }, S(0))
            .is_empty()
    );
}

#[test]
fn a_restored_lock_refuses_the_pin_at_once() {
    let lock = crate::kiosk::PinLock {
        failures: 0,
        lockouts: 1,
        locked_for: Some(S(40)),
    };
    let mut s = with_pin().with_pin_lock(lock, "/data/pin-lock.toml".into(), S(0));
    s.apply(Action::OpenStaffPin, S(0));
    assert!(s.apply(Action::PinSubmit, S(10)).is_empty(), "still locked");
    assert_eq!(s.pin().locked_for(S(10)), Some(30));
}

#[test]
fn old_handouts_are_purged_every_hour_even_with_nobody_there() {
    let mut s = state();
    assert_eq!(
        s.next_wake(S(0)),
        Some(PURGE_EVERY),
        "the kiosk wakes for it"
    );
    assert!(
        s.apply(Action::Tick { had_input: false }, S(3599))
            .is_empty()
    );
    let fx = s.apply(Action::Tick { had_input: false }, S(3600));
    assert_eq!(fx, vec![Effect::PurgeHandouts]);
    assert!(
        s.apply(Action::Tick { had_input: false }, S(3601))
            .is_empty()
    );
    assert_eq!(s.next_wake(S(3601)), Some(S(3599)));
}

/// What the effects say, in order.
fn spoken(fx: &[Effect]) -> Vec<String> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Speak { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn without_speech_mode_nothing_is_ever_announced() {
    let mut s = state();
    for a in [Action::Start, Action::OpenTopic(0), Action::NextPage] {
        assert!(spoken(&s.apply(a, S(0))).is_empty());
    }
    assert!(
        spoken(&s.apply(
            Action::SpeechFocus {
                key: 1,
                text: "x".into()
            },
            S(0)
        ))
        .is_empty()
    );
    assert!(spoken(&s.apply(Action::SpeechRepeat, S(0))).is_empty());
}

#[test]
fn speech_mode_announces_each_new_screen_once_and_ends_with_the_patient() {
    let mut s = state();
    let fx = s.apply(Action::SpeechOn, S(0));
    assert_eq!(spoken(&fx).len(), 1);
    assert!(
        spoken(&s.apply(Action::SpeechOn, S(0))).is_empty(),
        "already on"
    );
    s.apply(
        Action::SpeechFocus {
            key: 7,
            text: "Touch to start, button".into(),
        },
        S(0),
    );
    let fx = s.apply(Action::Start, S(0));
    assert_eq!(
        spoken(&fx),
        ["Pick a topic. 14 topics. Press Down to hear them."]
    );
    assert_eq!(fx[0], Effect::StopSpeech, "the old speech stops first");
    assert_eq!(
        s.session().speech().and_then(SpeechMode::focus),
        None,
        "a new screen starts at its top"
    );
    let aftercare = topic_index(&s, "aftercare");
    let pages = s.content().topics[aftercare].pages.len();
    let fx = s.apply(Action::OpenTopic(aftercare), S(0));
    assert_eq!(spoken(&fx), [format!("Aftercare. Page 1 of {pages}.")]);
    s.apply(Action::SpeechVolume(true), S(0));
    s.apply(Action::Finish, S(0));
    assert!(s.session().speech().is_none());
    assert!(!s.has_patient_state());
}

#[test]
fn a_kiosk_that_starts_in_speech_mode_starts_every_patient_in_it_at_a_normal_voice() {
    let mut s = state_with(Settings {
        start_in_speech_mode: true,
        ..Settings::default()
    });
    assert!(s.session().speech().is_some());
    assert!(
        !s.has_patient_state(),
        "speech mode alone is no patient to forget"
    );
    s.apply(Action::SpeechRate(true), S(0));
    assert!(s.has_patient_state(), "a faster voice is this patient's");
    let fx = s.apply(Action::Finish, S(0));
    let voice = s.session().speech().map(SpeechMode::voice);
    assert_eq!(voice, Some(crate::system::speech::Voice::NORMAL));
    assert!(spoken(&fx)[0].starts_with("Patient information."), "{fx:?}");
}

#[test]
fn the_idle_countdown_is_heard_when_it_opens_and_every_ten_seconds() {
    let mut s = state();
    s.apply(Action::SpeechOn, S(0));
    s.apply(Action::Start, S(0));
    let mut heard = Vec::new();
    for t in 1..=125 {
        heard.extend(spoken(&s.apply(Action::Tick { had_input: false }, S(t))));
    }
    // Idle at 90 s, a 30 s countdown, reset at 120 s.
    assert!(heard[0].starts_with("Need more time?"), "{heard:?}");
    assert!(heard[0].contains("30 seconds"));
    assert_eq!(
        heard[1],
        "Starting over in 20 seconds. Press Enter to keep reading."
    );
    assert_eq!(
        heard[2],
        "Starting over in 10 seconds. Press Enter to keep reading."
    );
    // Then the reset, said once, with speech mode gone.
    assert_eq!(
        heard[3],
        "Starting over. Everything you chose is gone. Press any key to hear the kiosk again."
    );
    assert_eq!(heard.len(), 4, "{heard:?}");
    assert!(s.session().speech().is_none());
}

#[test]
fn pin_digits_are_never_spoken() {
    let mut s = with_pin();
    s.apply(Action::SpeechOn, S(0));
    s.apply(Action::OpenStaffPin, S(0));
    for d in ['1', '2', '3', '4'] {
        let said = spoken(&s.apply(Action::PinDigit(d), S(0)));
        assert_eq!(said, ["Digit entered."]);
    }
    assert_eq!(
        spoken(&s.apply(Action::PinBackspace, S(0))),
        ["Digit removed."]
    );
}

/// Every page of every topic, as (topic index, page index).
fn every_page(s: &AppState) -> Vec<(usize, usize)> {
    s.content()
        .topics
        .iter()
        .enumerate()
        .flat_map(|(t, topic)| (0..topic.pages.len()).map(move |p| (t, p)))
        .collect()
}

#[test]
fn read_aloud_says_what_each_box_is_and_every_picture_and_caption() {
    let mut s = state();
    s.apply(Action::Start, S(0));
    let mut boxes = 0;
    let mut captions = 0;
    for (topic, page) in every_page(&s) {
        s.screen = Screen::Reader { topic, page };
        let said = spoken(&s.apply(Action::ReadAloud, S(0))).concat();
        let t = &s.content().topics[topic];
        if page == 0 {
            assert!(
                said.contains(&t.summary),
                "page 1 of {} says its summary",
                t.id
            );
        }
        for block in &t.pages[page].blocks {
            match block {
                Block::Callout(c) if c.tone == content::Tone::CallClinic => {
                    assert!(said.contains(&format!("Important. {}", c.title)), "{said}");
                    boxes += 1;
                }
                Block::Image(img) => {
                    assert!(said.contains(&format!("Picture: {}", img.alt)), "{said}");
                    if let Some(caption) = &img.caption {
                        assert!(said.contains(caption.as_str()), "{said}");
                        captions += 1;
                    }
                }
                _ => {}
            }
        }
    }
    assert!(
        boxes > 0 && captions > 0,
        "the content has urgent boxes and captions"
    );
}

#[test]
fn a_quiz_answer_is_heard_at_once_with_its_verdict_and_why() {
    let mut s = state();
    s.apply(Action::SpeechOn, S(0));
    let quiz = s.content().quizzes().next().expect("a quiz").clone();
    let wrong = (0..quiz.choices.len())
        .find(|&i| i != quiz.answer)
        .expect("a wrong answer");
    let said = spoken(&s.apply(Action::AnswerQuiz(quiz.id.clone(), wrong), S(0)));
    assert_eq!(
        said,
        [format!(
            "{}, selected. Not quite. {}",
            quiz.choices[wrong], quiz.explain
        )]
    );
    let said = spoken(&s.apply(Action::AnswerQuiz(quiz.id.clone(), quiz.answer), S(0)));
    assert!(said[0].contains("Yes, that is right."), "{said:?}");
}

#[test]
fn turning_audio_off_finishing_and_a_new_language_are_all_said() {
    let mut s = state();
    s.apply(Action::SpeechOn, S(0));
    // Español: its name and where the patient is, in Spanish, in the Spanish voice.
    let fx = s.apply(Action::SetLanguage("es".into()), S(0));
    let Some(Effect::Speak { lang, text, .. }) =
        fx.iter().find(|e| matches!(e, Effect::Speak { .. }))
    else {
        panic!("nothing said: {fx:?}");
    };
    assert_eq!(lang, "es");
    assert!(text.starts_with("Español. "), "{text}");
    assert!(
        text.contains("Aprenda sobre el tratamiento con microagujas"),
        "{text}"
    );
    // Audio off: said once more, then silence.
    let fx = s.apply(Action::ToggleSpeech, S(0));
    assert_eq!(fx.first(), Some(&Effect::StopSpeech));
    assert_eq!(
        spoken(&fx),
        ["La voz está desactivada. Presione cualquier tecla del teclado para activarla otra vez."]
    );
    assert!(s.session().speech().is_none());
    assert!(spoken(&s.apply(Action::Start, S(1))).is_empty());
    // Finish with speech on: "starting over", in the patient's language.
    s.apply(Action::SpeechOn, S(2));
    let said = spoken(&s.apply(Action::Finish, S(3)));
    assert_eq!(
        said,
        [
            "Empezamos de nuevo. Todo lo que eligió se borró. Presione cualquier tecla para oír el quiosco otra vez."
        ]
    );
}

#[test]
fn the_first_words_offer_the_other_language_in_its_own_voice() {
    let mut s = state();
    let fx = s.apply(Action::SpeechOn, S(0));
    assert!(matches!(&fx[0], Effect::Speak { lang, .. } if lang == "en"));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::SpeakNext { lang, text, .. }
            if lang == "es" && text.starts_with("Para español"))),
        "{fx:?}"
    );
}

#[test]
fn pause_and_go_on_act_on_the_voice_and_new_words_end_a_pause() {
    let mut s = state();
    s.apply(Action::SpeechOn, S(0));
    assert_eq!(
        s.apply(Action::SpeechPause, S(0)),
        [Effect::PauseSpeech(true)]
    );
    assert_eq!(
        s.apply(Action::SpeechPause, S(0)),
        [Effect::PauseSpeech(false)]
    );
    s.apply(Action::SpeechPause, S(0));
    s.apply(Action::SpeechRepeat, S(0));
    // The repeat replaced the paused words: the next P pauses again.
    assert_eq!(
        s.apply(Action::SpeechPause, S(0)),
        [Effect::PauseSpeech(true)]
    );
}

#[test]
fn keep_reading_goes_back_to_the_item_the_patient_was_on() {
    let mut s = state();
    s.apply(Action::SpeechOn, S(0));
    s.apply(Action::Start, S(0));
    s.apply(
        Action::SpeechFocus {
            key: 42,
            text: "Aftercare, button".into(),
        },
        S(1),
    );
    let mut t = 1;
    while !s.idle().prompt_shown() {
        t += 1;
        s.apply(Action::Tick { had_input: false }, S(t));
    }
    assert_eq!(s.session().speech().and_then(|sp| sp.focus()), None);
    let said = spoken(&s.apply(Action::KeepReading, S(t)));
    assert_eq!(said, ["Aftercare, button"]);
    assert_eq!(s.session().speech().and_then(|sp| sp.focus()), Some(42));
}

#[test]
fn language_help_shows_a_card_counts_it_at_the_end_of_the_session_and_finish_forgets_it() {
    let mut s = state();
    run(&mut s, S(1), [Action::Start, Action::OpenLanguageHelp]);
    assert_eq!(s.screen(), Screen::LanguageHelp);
    let fx = s.apply(Action::ShowInterpreterCard(3), S(2));
    assert_eq!(s.screen(), Screen::InterpreterCard(3));
    assert_eq!(
        saves(&fx),
        0,
        "nothing is written while the patient is there"
    );
    let code = s.language_help().get(3).unwrap().code.clone();
    // A card that is not there changes nothing.
    s.apply(Action::ShowInterpreterCard(999), S(3));
    assert_eq!(s.screen(), Screen::InterpreterCard(3));
    s.apply(Action::Back, S(4));
    assert_eq!(s.screen(), Screen::LanguageHelp);
    s.apply(Action::Back, S(5));
    assert_eq!(s.screen(), Screen::Home, "back where the patient came from");
    run(
        &mut s,
        S(6),
        [Action::OpenLanguageHelp, Action::ShowInterpreterCard(3)],
    );
    let fx = s.apply(Action::Finish, S(7));
    assert_eq!(s.screen(), Screen::Welcome);
    assert!(!s.has_patient_state());
    assert_eq!(saves(&fx), 1, "the counts are saved as the session ends");
    let (_, day) = s.usage().days().next().unwrap();
    assert_eq!(day.interpreter_cards[&code], 2);
}

#[test]
fn a_notice_is_said_in_its_own_voice_and_repeat_keeps_it() {
    let mut s = state();
    run(&mut s, S(1), [Action::SpeechOn, Action::OpenLanguageHelp]);
    let fx = s.apply(
        Action::SpeechFocus {
            key: 7,
            text: crate::language_help::tag("vi", "Tiếng Việt. Nếu bạn nói Tiếng Việt"),
        },
        S(2),
    );
    assert!(fx.iter().any(|e| matches!(e,
        Effect::Speak { lang, text, .. } if lang == "vi" && text == "Tiếng Việt. Nếu bạn nói Tiếng Việt")));
    let fx = s.apply(Action::SpeechRepeat, S(3));
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Speak { lang, .. } if lang == "vi"))
    );
}
