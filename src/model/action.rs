//! What someone asked for, by touch, mouse or key, and what the app's background work
//! reports back. Every change to the state starts as one of these.

use std::sync::Arc;

use crate::content::Library;

/// One request to the state. Screens return patient and staff actions; the app shell adds
/// the clock's ticks and the results of work it ran off the UI thread.
#[derive(Debug, Clone)]
pub enum Action {
    // What a patient asks for.
    Start,
    GoHome,
    OpenTopic(usize),
    NextPage,
    PrevPage,
    /// Escape or the Back button: one step back from wherever we are.
    Back,
    ToggleQuestion(String),
    RemoveQuestion(String),
    /// Tick or untick a checklist box: the checklist's id and the item's number (from 0).
    ToggleTick(String, usize),
    /// Answer a "Check what you know" quiz: its id and the answer's number (from 0).
    AnswerQuiz(String, usize),
    /// Show the next phone code on My questions.
    NextCode,
    OpenMyQuestions,
    /// Go to the questions topic to pick more.
    PickQuestions,
    SetLanguage(String),
    CycleTextSize,
    ToggleContrast,
    /// The patient is done: forget everything now.
    Finish,
    /// Answer "Need more time?" with "Yes, keep reading".
    KeepReading,
    /// Speak the page on screen.
    ReadAloud,
    /// The first arrow key or Tab: turn speech mode on (nothing if it is on).
    SpeechOn,
    /// The "Audio" button: speech mode on, or off again.
    ToggleSpeech,
    /// Speech mode: the focus moved to an item (its key, and what to say of it).
    SpeechFocus {
        key: u64,
        text: String,
    },
    /// Speech mode: say something that is not an item (a key with nothing to do).
    SpeechSay(String),
    /// Speech mode: say the last thing again.
    SpeechRepeat,
    /// Speech mode's Help key: where you are and what the keys do.
    SpeechHelp,
    /// Speech mode: pause the voice, or let it go on (P, Pause, Play/Pause).
    SpeechPause,
    /// Speech mode: one step faster (`true`) or slower.
    SpeechRate(bool),
    /// Speech mode: one step louder (`true`) or quieter.
    SpeechVolume(bool),
    StopReading,
    /// Open or close the page's "Words to know".
    ShowWords,
    CloseWords,
    /// Dismiss a message shown to the patient.
    CloseNotice,
    /// "Print my handout...": choose topics and print.
    OpenHandout,
    ToggleHandoutTopic(String),
    PrintHandout,
    /// Leave the printing screen.
    PrintDone,
    /// Open language help: the notices in every language the clinic shows.
    OpenLanguageHelp,
    /// Show the interpreter card of language help's language at this position.
    ShowInterpreterCard(usize),

    // The way in for staff.
    /// Ctrl+Alt+S, or a finished press-and-hold on the logo.
    OpenStaffPin,
    /// The logo on the welcome screen was pressed (`true`) or let go (`false`).
    StaffHold(bool),
    PinDigit(char),
    PinBackspace,
    PinSubmit,
    PinCancel,

    // Staff-only: refused unless the staff menu is open.
    StaffWalkThrough,
    /// Walk a patient through, starting at this topic.
    StaffOpenTopic(usize),
    StaffBackToPatient,
    StaffReloadContent,
    StaffResetUsage,
    StaffExitKiosk,

    // Reported by the app shell.
    /// The machine asks the kiosk to stop (SIGTERM: systemd's stop, a shutdown): it closes
    /// as Exit kiosk does, with the session's counts saved and the metrics saying it is down.
    Terminate,
    /// The kiosk's program was replaced by an upgrade, and nobody is using the kiosk (the
    /// welcome screen, nothing chosen): it closes as Exit kiosk does, and systemd starts the
    /// new program.
    RestartForUpgrade,
    /// A frame is starting; `had_input` when any touch, pointer or key arrived since the last.
    Tick {
        had_input: bool,
    },
    /// The PIN check started by [`crate::model::Effect::VerifyPin`] finished.
    PinChecked {
        correct: bool,
    },
    /// Reloading the content finished: the new library, or every problem found.
    ContentLoaded(Result<Arc<Library>, Vec<String>>),
    /// A print job finished. `patient` is the reset count it was started under, so a late
    /// result never reaches the next patient.
    PrintFinished {
        patient: u64,
        outcome: PrintOutcome,
    },
    /// Saving the usage counts failed (the message names the file).
    UsageSaveFailed(String),
    /// Speech could not start, or stopped with an error.
    SpeechFailed(String),
    /// Saving the PIN lock failed (the message names the file).
    PinLockSaveFailed(String),
    /// Writing the metrics file failed (the message names the file).
    MetricsSaveFailed(String),
    /// An update check finished: what it did, and a newer pack installed and loaded.
    PackChecked {
        last: Option<crate::packs::LastUpdate>,
        new: Option<super::PendingPack>,
    },
}

/// How a print job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintOutcome {
    /// CUPS took the job (its id).
    Sent { job: String },
    /// It did not print; `reason` is for staff (it may name where the PDF was kept).
    Failed { reason: String },
}

impl Action {
    /// Only the staff menu may ask for these.
    pub fn is_staff_only(&self) -> bool {
        matches!(
            self,
            Action::StaffWalkThrough
                | Action::StaffOpenTopic(_)
                | Action::StaffBackToPatient
                | Action::StaffReloadContent
                | Action::StaffResetUsage
                | Action::StaffExitKiosk
        )
    }
}
