//! Everything one patient did: dropped whole when the kiosk starts over.

use std::collections::{BTreeMap, BTreeSet};

use crate::system::speech::Voice;
use crate::theme::TextSize;

use super::Screen;

/// What the patient chose and where "Back" leads. Nothing here outlives the patient.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub(super) lang: String,
    pub(super) text_size: TextSize,
    pub(super) high_contrast: bool,
    /// Picked question ids, in the order picked.
    pub(super) picked: Vec<String>,
    /// Where "Back" leads from My questions.
    pub(super) questions_return: Option<Screen>,
    /// Staff are walking a patient through: a topic list stays beside the page.
    pub(super) walk_through: bool,
    /// "Words to know" is open over the page.
    pub(super) words_open: bool,
    /// Topics ticked for the handout (ids, in topic order).
    pub(super) handout_topics: Vec<String>,
    /// Where "Back" leads from the handout screen.
    pub(super) handout_return: Option<Screen>,
    pub(super) print: PrintStatus,
    /// Ticked checklist boxes: (checklist id, item number from 0). Never counted or printed.
    pub(super) ticks: BTreeSet<(String, usize)>,
    /// "Check what you know": the answer picked for each quiz id. Never counted or printed.
    pub(super) answers: BTreeMap<String, usize>,
    /// Which of the phone codes My questions shows (counts up; the screen wraps it).
    pub(super) code_shown: usize,
    /// The talking kiosk is on: keys and taps move a spoken focus. Ends with the session.
    pub(super) speech: Option<SpeechMode>,
    /// What this session did, for the metrics: added to the totals when it ends.
    pub(super) tally: super::metrics::Tally,
    /// Where "Back" leads from language help.
    pub(super) language_help_return: Option<Screen>,
}

/// Speech mode: where the spoken focus is and how the voice sounds, for this patient only.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpeechMode {
    /// The item the focus is on (a key the screens give each item), none at a new screen.
    pub(super) focus: Option<u64>,
    /// What was said last, for Repeat.
    pub(super) last: String,
    pub(super) voice: Voice,
    /// The idle countdown's ten seconds last announced ("starting over in 20 seconds").
    pub(super) idle_said: Option<u64>,
    /// Where the focus was when "Need more time?" opened, and what was said last: put back
    /// when the patient keeps reading.
    pub(super) before_prompt: Option<(Option<u64>, String)>,
    /// The voice is paused (P); anything new to say ends the pause.
    pub(super) paused: bool,
}

impl SpeechMode {
    pub fn focus(&self) -> Option<u64> {
        self.focus
    }

    pub fn voice(&self) -> Voice {
        self.voice
    }
}

/// How the patient's handout is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PrintStatus {
    #[default]
    None,
    /// The job is being made and sent.
    Working,
    Printed,
    /// It did not print; staff were told (the PDF is kept for them when it could be saved).
    Failed,
}

impl Session {
    pub fn new(lang: &str) -> Self {
        Self {
            lang: lang.to_owned(),
            text_size: TextSize::Normal,
            high_contrast: false,
            picked: Vec::new(),
            questions_return: None,
            walk_through: false,
            words_open: false,
            handout_topics: Vec::new(),
            handout_return: None,
            print: PrintStatus::None,
            ticks: BTreeSet::new(),
            answers: BTreeMap::new(),
            code_shown: 0,
            speech: None,
            tally: super::metrics::Tally::default(),
            language_help_return: None,
        }
    }

    /// Speech mode, when it is on.
    pub fn speech(&self) -> Option<&SpeechMode> {
        self.speech.as_ref()
    }

    pub fn lang(&self) -> &str {
        &self.lang
    }

    pub fn text_size(&self) -> TextSize {
        self.text_size
    }

    pub fn high_contrast(&self) -> bool {
        self.high_contrast
    }

    pub fn picked(&self) -> &[String] {
        &self.picked
    }

    /// Which phone code to show, before wrapping to the number of codes.
    pub fn code_shown(&self) -> usize {
        self.code_shown
    }

    /// The answer picked for quiz `id`, if any.
    pub fn answer(&self, id: &str) -> Option<usize> {
        self.answers.get(id).copied()
    }

    /// Whether item `item` of checklist `list` is ticked.
    pub fn is_ticked(&self, list: &str, item: usize) -> bool {
        self.ticks.contains(&(list.to_owned(), item))
    }

    pub fn is_picked(&self, id: &str) -> bool {
        self.picked.iter().any(|p| p == id)
    }

    pub fn walk_through(&self) -> bool {
        self.walk_through
    }

    pub fn words_open(&self) -> bool {
        self.words_open
    }

    pub fn handout_topics(&self) -> &[String] {
        &self.handout_topics
    }

    pub fn print(&self) -> PrintStatus {
        self.print
    }
}
