//! Where the patient is and what they have picked, changed only by [`Action`]s. Drawing code
//! reads this and returns actions; [`AppState::apply`] runs after drawing. Unit-testable
//! without a window.

use std::sync::Arc;
use std::time::Duration;

use crate::content::{ContentSource, LangContent, Library};
use crate::kiosk::{IdleEvent, IdleTimer, PinOutcome, PinPad};
use crate::settings::Settings;
use crate::theme::TextSize;
use crate::usage::Usage;

/// Which screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Home,
    /// A page of a topic, by position in the topic list and page list.
    Reader {
        topic: usize,
        page: usize,
    },
    MyQuestions,
    /// Choose what goes on the printed handout, see an outline, print.
    Handout,
    /// The handout is being made and printed, or has been.
    Printing,
    StaffPin,
    StaffMenu,
}

/// Everything one patient did. Dropped whole when the kiosk starts over.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub lang: String,
    pub text_size: TextSize,
    pub high_contrast: bool,
    /// Picked question ids, in the order picked.
    picked: Vec<String>,
    /// Where "Back" leads from My questions.
    pub questions_return: Option<Screen>,
    /// Staff are walking a patient through: a topic list stays beside the page.
    pub walk_through: bool,
    /// "Words to know" is open over the page.
    pub words_open: bool,
    /// Topics ticked for the handout (ids, in topic order).
    pub handout_topics: Vec<String>,
    /// Where "Back" leads from the handout screen.
    pub handout_return: Option<Screen>,
    pub print: PrintStatus,
}

/// How the patient's handout is doing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PrintStatus {
    #[default]
    None,
    /// Asked for; the app starts the job and sets `Working`.
    Requested,
    Working,
    Printed,
    /// It did not print; the PDF was kept for staff (when it could be saved).
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
        }
    }

    pub fn picked(&self) -> &[String] {
        &self.picked
    }

    pub fn is_picked(&self, id: &str) -> bool {
        self.picked.iter().any(|p| p == id)
    }
}

/// What someone asked for, by touch, mouse or key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Start,
    GoHome,
    OpenTopic(usize),
    NextPage,
    PrevPage,
    /// Escape or the Back button: one step back from wherever we are.
    Back,
    ToggleQuestion(String),
    RemoveQuestion(String),
    OpenMyQuestions,
    /// Go to the questions topic to pick more.
    PickQuestions,
    SetLanguage(String),
    CycleTextSize,
    ToggleContrast,
    /// The patient is done: forget everything now.
    Finish,
    /// Answer "Need more time?".
    KeepReading,
    OpenStaffPin,
    PinDigit(char),
    PinBackspace,
    PinSubmit,
    PinCancel,
    StaffWalkThrough,
    StaffBackToPatient,
    StaffReloadContent,
    StaffResetUsage,
    StaffExitKiosk,
    /// Speak the page (the app runs the speech engine; the state only records the ask).
    ReadAloud,
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
}

/// The whole kiosk state.
pub struct AppState {
    pub library: Arc<Library>,
    pub source: Arc<dyn ContentSource>,
    pub settings: Settings,
    pub screen: Screen,
    pub session: Session,
    pub idle: IdleTimer,
    pub pin: PinPad,
    pub usage: Usage,
    /// Problems staff should see: broken settings, content errors, failed writes.
    pub warnings: Vec<String>,
    /// Kiosk mode refuses close requests; only "Exit kiosk" quits.
    pub kiosk_mode: bool,
    /// Set by "Exit kiosk": the window may close now.
    pub quit: bool,
    /// A short message for the patient, shown until they close it.
    pub notice: Option<String>,
    /// Goes up at every reset, so a late result (a print job) knows its patient has gone.
    pub resets: u64,
    /// Goes up each time the content is reloaded, so caches know to refresh.
    pub content_generation: u64,
}

impl AppState {
    pub fn new(
        library: Arc<Library>,
        source: Arc<dyn ContentSource>,
        settings: Settings,
        usage: Usage,
        now: Duration,
    ) -> Self {
        let lang = library.fallback_lang().to_owned();
        let idle = IdleTimer::new(
            Duration::from_secs(settings.idle_seconds),
            Duration::from_secs(settings.countdown_seconds),
            now,
        );
        Self {
            library,
            source,
            settings,
            screen: Screen::Welcome,
            session: Session::new(&lang),
            idle,
            pin: PinPad::default(),
            usage,
            warnings: Vec::new(),
            kiosk_mode: true,
            quit: false,
            notice: None,
            resets: 0,
            content_generation: 0,
        }
    }

    /// The content in the patient's language.
    pub fn content(&self) -> &LangContent {
        self.library.lang(&self.session.lang)
    }

    /// Languages patients may choose: offered by settings and present in the content.
    pub fn languages(&self) -> Vec<String> {
        let offered: Vec<String> = self
            .library
            .languages
            .iter()
            .filter(|l| self.settings.languages.is_empty() || self.settings.languages.contains(l))
            .cloned()
            .collect();
        if offered.is_empty() {
            vec![self.library.fallback_lang().to_owned()]
        } else {
            offered
        }
    }

    /// Whether there is anything of a patient's to forget (arms the idle timer).
    pub fn has_patient_state(&self) -> bool {
        self.screen != Screen::Welcome || self.session != Session::new(self.library.fallback_lang())
    }

    /// Forget the patient: back to welcome with a fresh session.
    pub fn reset(&mut self) {
        self.session = Session::new(self.library.fallback_lang());
        self.screen = Screen::Welcome;
        self.notice = None;
        self.resets += 1;
        self.pin.clear();
    }

    /// The page on screen, if the reader is showing.
    pub fn current_page(&self) -> Option<&crate::content::Page> {
        let Screen::Reader { topic, page } = self.screen else {
            return None;
        };
        self.content().topics.get(topic)?.pages.get(page)
    }

    /// Topic ids, deduplicated, in the order of the topic list.
    fn in_topic_order(&self, ids: Vec<String>) -> Vec<String> {
        self.content()
            .topics
            .iter()
            .filter(|t| ids.contains(&t.id))
            .map(|t| t.id.clone())
            .collect()
    }

    /// Glossary words that appear on the current page, in glossary order.
    pub fn words_on_page(&self) -> Vec<&crate::content::Term> {
        let Some(page) = self.current_page() else {
            return Vec::new();
        };
        let text = page.plain_text().join(" ").to_lowercase();
        self.content()
            .glossary
            .iter()
            .filter(|t| contains_word(&text, &t.word.to_lowercase()))
            .collect()
    }

    /// Called every frame with the time and whether any input arrived.
    pub fn tick(&mut self, now: Duration, had_input: bool) -> IdleEvent {
        if had_input {
            self.idle.activity(now);
        }
        let event = self.idle.poll(now, self.has_patient_state());
        if event == IdleEvent::Reset {
            log::info!("no input for a while: starting over");
            self.reset();
        }
        event
    }

    /// Count an anonymous event (never during a staff walk-through) and save the counts.
    fn record(&mut self, what: impl FnOnce(&mut Usage)) {
        if self.session.walk_through {
            return;
        }
        what(&mut self.usage);
        self.save_usage();
    }

    fn save_usage(&mut self) {
        if let Err(e) = self.usage.save() {
            let msg = format!("usage counts: {e}");
            if !self.warnings.contains(&msg) {
                log::warn!("{msg}");
                self.warnings.push(msg);
            }
        }
    }

    fn open_topic(&mut self, topic: usize) {
        let Some(id) = self.content().topics.get(topic).map(|t| t.id.clone()) else {
            return;
        };
        self.record(|u| u.topic_opened(&id));
        self.screen = Screen::Reader { topic, page: 0 };
    }

    fn questions_topic(&self) -> Option<usize> {
        let c = self.content();
        c.topics.iter().position(|t| {
            t.pages
                .iter()
                .flat_map(|p| &p.blocks)
                .any(|b| matches!(b, crate::content::Block::Question(_)))
        })
    }

    /// Load the content again from its source (a clinic edited its folder). On errors the
    /// current content stays and staff see why.
    pub fn reload_content(&mut self) {
        match crate::content::load(self.source.as_ref()) {
            Ok(library) => {
                self.library = Arc::new(library);
                self.content_generation += 1;
                self.warnings.retain(|w| !w.starts_with("content: "));
                if let Screen::Reader { .. } = self.screen {
                    self.screen = Screen::Home;
                }
                log::info!("content reloaded");
            }
            Err(errors) => {
                for e in errors.0 {
                    self.warnings
                        .push(format!("content: {e} (kept the content already loaded)"));
                }
            }
        }
    }

    /// Apply one action.
    pub fn apply(&mut self, action: Action, now: Duration) {
        let before = self.screen;
        self.apply_inner(action, now);
        if self.screen != before {
            self.session.words_open = false;
        }
    }

    fn apply_inner(&mut self, action: Action, now: Duration) {
        match action {
            Action::Start => {
                if self.screen == Screen::Welcome {
                    self.record(Usage::session_started);
                    self.screen = Screen::Home;
                }
            }
            Action::GoHome => self.screen = Screen::Home,
            Action::OpenTopic(i) => self.open_topic(i),
            Action::NextPage => {
                if let Screen::Reader { topic, page } = self.screen {
                    let pages = self
                        .content()
                        .topics
                        .get(topic)
                        .map_or(0, |t| t.pages.len());
                    self.screen = if page + 1 < pages {
                        Screen::Reader {
                            topic,
                            page: page + 1,
                        }
                    } else {
                        Screen::Home
                    };
                }
            }
            Action::PrevPage => {
                if let Screen::Reader { topic, page } = self.screen {
                    self.screen = if page > 0 {
                        Screen::Reader {
                            topic,
                            page: page - 1,
                        }
                    } else {
                        Screen::Home
                    };
                }
            }
            Action::Back => match self.screen {
                Screen::Handout => {
                    self.screen = self.session.handout_return.take().unwrap_or(Screen::Home);
                }
                Screen::Printing => self.apply_inner(Action::PrintDone, now),
                Screen::Reader { .. } => self.apply_inner(Action::PrevPage, now),
                Screen::MyQuestions => {
                    self.screen = self.session.questions_return.take().unwrap_or(Screen::Home);
                }
                Screen::StaffPin => self.apply_inner(Action::PinCancel, now),
                Screen::StaffMenu => self.apply_inner(Action::StaffBackToPatient, now),
                Screen::Home | Screen::Welcome => {}
            },
            Action::ToggleQuestion(id) => {
                if self.session.is_picked(&id) {
                    self.session.picked.retain(|p| p != &id);
                } else if self.library.question_ids().contains(&id.as_str()) {
                    self.session.picked.push(id);
                }
            }
            Action::RemoveQuestion(id) => self.session.picked.retain(|p| p != &id),
            Action::OpenMyQuestions => {
                if self.screen != Screen::MyQuestions {
                    self.session.questions_return = Some(self.screen);
                    self.screen = Screen::MyQuestions;
                }
            }
            Action::PickQuestions => {
                if let Some(i) = self.questions_topic() {
                    self.open_topic(i);
                }
            }
            Action::SetLanguage(lang) => {
                if self.library.offers(&lang) {
                    self.session.lang = lang;
                }
            }
            Action::CycleTextSize => self.session.text_size = self.session.text_size.next(),
            Action::ToggleContrast => self.session.high_contrast = !self.session.high_contrast,
            Action::Finish => self.reset(),
            Action::KeepReading => self.idle.activity(now),
            Action::OpenStaffPin => {
                self.pin.clear();
                self.screen = Screen::StaffPin;
            }
            Action::PinDigit(d) => self.pin.push_digit(d),
            Action::PinBackspace => self.pin.backspace(),
            Action::PinSubmit => {
                if self.pin.submit(&self.settings.pin_hash, now) == PinOutcome::Accepted {
                    log::info!("staff menu opened");
                    self.screen = Screen::StaffMenu;
                }
            }
            // Staff may have opened the pad over a patient's session: leave nothing behind.
            Action::PinCancel => self.reset(),
            Action::StaffWalkThrough => {
                self.session.walk_through = true;
                self.screen = Screen::Home;
            }
            Action::StaffBackToPatient => self.reset(),
            Action::StaffReloadContent => self.reload_content(),
            Action::StaffResetUsage => {
                self.usage.clear();
                self.save_usage();
            }
            Action::OpenHandout => {
                if !matches!(self.screen, Screen::Handout | Screen::Printing) {
                    self.session.handout_return = Some(self.screen);
                }
                let mut chosen = self.library.handout_topics().to_vec();
                if let Screen::Reader { topic, .. } = self.screen
                    && let Some(t) = self.content().topics.get(topic)
                {
                    chosen.push(t.id.clone());
                }
                if self.session.handout_topics.is_empty() {
                    self.session.handout_topics = self.in_topic_order(chosen);
                }
                self.screen = Screen::Handout;
            }
            Action::ToggleHandoutTopic(id) => {
                let mut chosen = std::mem::take(&mut self.session.handout_topics);
                if chosen.contains(&id) {
                    chosen.retain(|t| t != &id);
                } else if self.content().topic(&id).is_some() {
                    chosen.push(id);
                }
                self.session.handout_topics = self.in_topic_order(chosen);
            }
            Action::PrintHandout => {
                if self.screen == Screen::Handout && !self.session.handout_topics.is_empty() {
                    self.session.print = PrintStatus::Requested;
                    self.screen = Screen::Printing;
                }
            }
            Action::PrintDone => {
                if self.session.print != PrintStatus::Working {
                    self.session.print = PrintStatus::None;
                    self.screen = Screen::MyQuestions;
                    self.session.questions_return = Some(Screen::Home);
                }
            }
            Action::ReadAloud | Action::StopReading => {}
            Action::ShowWords => self.session.words_open = !self.words_on_page().is_empty(),
            Action::CloseWords => self.session.words_open = false,
            Action::CloseNotice => self.notice = None,
            Action::StaffExitKiosk => {
                if self.screen == Screen::StaffMenu {
                    log::info!("staff exited the kiosk");
                    self.quit = true;
                }
            }
        }
    }
}

/// Whether `word` (lowercase) stands in `text` (lowercase) as a whole word or phrase.
fn contains_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
