//! A patient prints a handout from the kiosk: it is made off the UI thread, sent to the
//! printer, and a failure is calm for the patient, detailed for staff, and loses nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use patient_kiosk::app::KioskApp;
use patient_kiosk::app::jobs::Held;
use patient_kiosk::config::Settings;
use patient_kiosk::kiosk::ManualClock;
use patient_kiosk::model::{PrintStatus, Screen};
use patient_kiosk::storage::Usage;
use patient_kiosk::system::print::PrintError;

/// What the fake printer was sent: the PDF's bytes and the printer's name.
type Printed = Arc<Mutex<Vec<(Vec<u8>, Option<String>)>>>;

/// The files in the handout folder (only a handout that did not print may be there).
fn kept_files(dir: &std::path::Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|e| e.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

/// The kiosk with a fake printer and background jobs that wait until the test lets them
/// run, so the "printing" screen can be seen before the result.
fn kiosk_printing(
    fails: bool,
) -> (
    Harness<'static, KioskApp>,
    ManualClock,
    Printed,
    tempfile::TempDir,
    Held,
) {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::default();
    let settings = Settings {
        handout_dir: dir.path().display().to_string(),
        printer: "FrontDesk".into(),
        clinic_name: "Harbor Skin Clinic".into(),
        ..Settings::default()
    };
    let state = state_with(settings, Usage::in_memory(), &clock);
    let printed: Printed = Arc::default();
    let log = printed.clone();
    let printer = Arc::new(move |pdf: &[u8], printer: Option<&str>| {
        log.lock()
            .unwrap()
            .push((pdf.to_vec(), printer.map(str::to_owned)));
        if fails {
            Err(PrintError::PrinterMissing {
                printer: printer.unwrap_or_default().to_owned(),
            })
        } else {
            Ok("FrontDesk-7".to_owned())
        }
    });
    let held = Held::default();
    let jobs = held.clone();
    let machine = machine(&clock).with_printer(printer);
    let h = kiosk_on(HD, state, machine, 0.25, move |app| {
        app.with_executor(Arc::new(jobs))
    });
    (h, clock, printed, dir, held)
}

/// Run the waiting background jobs (the print job makes a real PDF) and show the result.
fn until_printed(h: &mut Harness<'_, KioskApp>, held: &Held) {
    assert_eq!(h.state().state().session().print(), PrintStatus::Working);
    while held.waiting() > 0 {
        held.release_all();
        h.run_steps(2);
    }
    h.run_ok();
    assert_eq!(h.state().jobs_running(), 0);
}

fn pick_two_questions(h: &mut Harness<'_, KioskApp>, held: &Held) -> Vec<String> {
    tap(h, "Touch to start");
    open_topic(h, "Questions for your consultation");
    let lib = library();
    let qs: Vec<_> = lib.lang("en").questions().take(2).cloned().collect();
    for q in &qs {
        tap_in_view(h, Role::CheckBox, &q.text);
    }
    tap(h, "My questions (2)");
    // Saving the counts is a background job too.
    held.release_all();
    qs.into_iter().map(|q| q.id).collect()
}

#[test]
fn a_patient_prints_their_questions_and_the_kiosk_later_forgets_them() {
    let (mut h, clock, printed, dir, held) = kiosk_printing(false);
    pick_two_questions(&mut h, &held);
    tap(&mut h, "Print my handout...");
    assert_eq!(h.state().state().screen(), Screen::Handout);
    // The defaults are ticked, and the outline lists what will print.
    assert!(
        h.state()
            .state()
            .session()
            .handout_topics()
            .contains(&"aftercare".to_owned())
    );
    assert!(shows(&h, "What will be printed"));
    assert!(shows(&h, "Your questions (2)"));
    // Untick one topic, tick another.
    tap_in_view(&mut h, Role::CheckBox, "Cost");
    tap_in_view(&mut h, Role::CheckBox, "Clinic or at home?");
    let topics = h.state().state().session().handout_topics().to_vec();
    assert!(!topics.contains(&"cost".to_owned()) && topics.contains(&"pro-vs-home".to_owned()));

    // Printing shows a spinner (it repaints), so step frames rather than wait to settle.
    h.get_by_label("Print").click();
    h.step();
    h.step();
    assert_eq!(h.state().state().screen(), Screen::Printing);
    assert!(shows(
        &h,
        "Making your handout and sending it to the printer..."
    ));
    assert_eq!(held.waiting(), 1, "the print job waits for its worker");
    until_printed(&mut h, &held);
    assert!(shows(
        &h,
        "Your handout is printing. Please collect it from the printer."
    ));

    let sent = printed.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].1.as_deref(),
        Some("FrontDesk"),
        "the printer from the settings"
    );
    assert!(sent[0].0.starts_with(b"%PDF"));
    assert_eq!(
        kept_files(dir.path()),
        Vec::<PathBuf>::new(),
        "a handout that printed leaves no file behind"
    );

    tap(&mut h, "Done");
    assert_eq!(h.state().state().screen(), Screen::MyQuestions);

    // The patient walks away: everything is forgotten.
    wait(&mut h, &clock, Duration::from_secs(90));
    wait(&mut h, &clock, Duration::from_secs(30));
    let s = h.state().state();
    assert_eq!(s.screen(), Screen::Welcome);
    assert!(s.session().picked().is_empty());
    assert!(s.session().handout_topics().is_empty());
    assert_eq!(s.session().print(), PrintStatus::None);
}

#[test]
fn a_printer_that_is_off_gets_a_calm_message_and_loses_nothing() {
    let (mut h, _clock, printed, dir, held) = kiosk_printing(true);
    let picked = pick_two_questions(&mut h, &held);
    tap(&mut h, "Print my handout...");
    // Printing shows a spinner (it repaints), so step frames rather than wait to settle.
    h.get_by_label("Print").click();
    h.step();
    h.step();
    until_printed(&mut h, &held);
    assert!(shows(
        &h,
        "Sorry, your handout did not print. Please ask the front desk for a printed copy."
    ));
    let s = h.state().state();
    assert_eq!(
        s.session().picked(),
        picked.as_slice(),
        "nothing picked is lost"
    );
    let warning = s
        .warnings()
        .iter()
        .map(ToString::to_string)
        .find(|w| w.starts_with("handout:"))
        .unwrap();
    assert!(
        warning.contains("printer `FrontDesk` is not installed"),
        "{warning}"
    );
    let kept = kept_files(dir.path());
    assert_eq!(kept.len(), 1, "the PDF is kept for staff");
    assert!(
        warning.contains(&kept[0].display().to_string()),
        "staff are told where the PDF is"
    );
    assert_eq!(
        std::fs::read(&kept[0]).unwrap(),
        printed.lock().unwrap()[0].0
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kept[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the kiosk's user can read it");
    }
    tap(&mut h, "Done");
    assert_eq!(h.state().state().screen(), Screen::MyQuestions);
}

#[test]
fn a_topic_ends_with_print_my_handout_including_that_topic() {
    let (mut h, _clock, _printed, _dir, _held) = kiosk_printing(false);
    tap(&mut h, "Touch to start");
    open_topic(&mut h, "Clinic or at home?");
    let pages = library()
        .lang("en")
        .topic("pro-vs-home")
        .unwrap()
        .pages
        .len();
    for _ in 1..pages {
        tap(&mut h, "Next");
    }
    tap_in_view(&mut h, Role::Button, "Print my handout...");
    assert_eq!(h.state().state().screen(), Screen::Handout);
    assert!(
        h.state()
            .state()
            .session()
            .handout_topics()
            .contains(&"pro-vs-home".to_owned())
    );
    tap(&mut h, "Back");
    assert!(matches!(h.state().state().screen(), Screen::Reader { .. }));
}
