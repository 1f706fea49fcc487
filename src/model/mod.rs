//! The kiosk's state and the only way it changes. Screens read [`AppState`] and return
//! [`Action`]s; [`AppState::apply`] (in `apply.rs`) changes the state and returns the
//! [`Effect`]s the app shell must carry out. Nothing here draws, sleeps, reads a file or
//! runs a program, so every rule is unit-tested without a window (`tests.rs`).

mod action;
mod apply;
mod effect;
pub mod metrics;
mod session;
#[cfg(test)]
mod tests;

pub use action::{Action, PrintOutcome};
pub use effect::{Effect, PrintOrder, Secret};

pub use session::{PrintStatus, Session, SpeechMode};

use std::sync::Arc;
use std::time::Duration;

use crate::config::Settings;
use crate::content::{ContentSource, LangContent, Library, Page, Term};
use crate::kiosk::{IdleTimer, PinPad};
use crate::storage::Usage;

/// How long staff hold the logo to open the PIN pad.
pub const STAFF_HOLD: Duration = Duration::from_secs(3);
/// How often handouts kept for staff are checked for deletion (each is kept a day).
pub const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

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
    /// Language help: the notice in every language the clinic shows.
    LanguageHelp,
    /// The interpreter card of one of them (by position in [`AppState::language_help`]).
    InterpreterCard(usize),
}

/// A problem staff should see on the staff menu (and in the log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The settings file: a field, a line, a bad value.
    Settings(String),
    /// The content folder, or a reload of it.
    Content(String),
    /// The usage counts file.
    Usage(String),
    /// A handout that did not print.
    Print(String),
    /// The speech engine.
    Speech(String),
    /// The file that keeps the staff PIN lock across restarts.
    PinLock(String),
    /// The metrics file for Prometheus.
    Metrics(String),
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Settings(m) => write!(f, "settings: {m}"),
            Warning::Content(m) => write!(f, "content: {m}"),
            Warning::Usage(m)
            | Warning::Print(m)
            | Warning::Speech(m)
            | Warning::PinLock(m)
            | Warning::Metrics(m) => f.write_str(m),
        }
    }
}

/// A short message for the patient, shown until they close it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Read aloud could not start.
    SpeechUnavailable,
}

/// What is loaded: the content, where it came from, and the clinic's settings.
struct Loaded {
    library: Arc<Library>,
    source: Arc<dyn ContentSource>,
    settings: Settings,
    /// Goes up at each reload, so caches (pictures) know to refresh.
    generation: u64,
    /// A reload is running.
    reloading: bool,
    /// The content pack shown (none: built-in content or a folder), and the last update.
    pack: Option<crate::packs::Installed>,
    last_update: Option<crate::packs::LastUpdate>,
    /// Where packs are kept (none: no data folder, so no updates).
    packs_dir: Option<std::path::PathBuf>,
    /// An update check is running; when the last one started.
    updating: bool,
    update_checked: Option<Duration>,
    /// A newer pack, installed and loaded, shown from the next patient on.
    pending_pack: Option<PendingPack>,
}

/// A pack waiting for the welcome screen: what it is, its content, its folder.
#[derive(Debug, Clone)]
pub struct PendingPack {
    pub installed: crate::packs::Installed,
    pub library: Arc<Library>,
    pub dir: std::path::PathBuf,
}

/// Staff access and what staff should know.
struct Staff {
    pin: PinPad,
    warnings: Vec<Warning>,
    /// Kiosk mode refuses close requests; only "Exit kiosk" quits.
    kiosk_mode: bool,
    /// When the press on the welcome screen's logo began.
    hold_started: Option<Duration>,
    /// "Exit kiosk" was chosen.
    quitting: bool,
    /// Where the PIN lock is kept across restarts (none: in memory only, as in tests).
    pin_lock_file: Option<std::path::PathBuf>,
    /// When old handouts were last deleted.
    last_purge: Duration,
    /// When the kiosk started.
    started: Duration,
    /// Which settings file set each key (the staff menu says where each value came from).
    settings_sources: std::collections::BTreeMap<String, std::path::PathBuf>,
}

/// The whole kiosk state: what is loaded, where the patient is and what they picked, the
/// idle timer, staff access and the anonymous counts.
pub struct AppState {
    loaded: Loaded,
    screen: Screen,
    session: Session,
    notice: Option<Notice>,
    /// Goes up at every reset, so a late result (a print job) knows its patient has gone.
    resets: u64,
    idle: IdleTimer,
    staff: Staff,
    usage: Usage,
    /// Running totals for the metrics file, and when it was last written.
    totals: metrics::Totals,
    metrics_written: Option<Duration>,
    /// When this kiosk process started, in seconds since 1970 (the metrics' start time, so
    /// Prometheus sees restarts).
    started_unix: u64,
    /// The notices of language help, in the languages the settings pick.
    language_help: Arc<crate::language_help::LanguageHelp>,
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
        let settings_speech = settings.start_in_speech_mode;
        let (language_help, help_content, help_settings) =
            crate::language_help::LanguageHelp::load(source.as_ref(), &settings);
        let idle = IdleTimer::new(
            Duration::from_secs(settings.idle_seconds),
            Duration::from_secs(settings.countdown_seconds),
            now,
        );
        Self {
            loaded: Loaded {
                library,
                source,
                settings,
                generation: 0,
                reloading: false,
                pack: None,
                last_update: None,
                packs_dir: None,
                updating: false,
                update_checked: None,
                pending_pack: None,
            },
            screen: Screen::Welcome,
            session: if settings_speech {
                Session {
                    speech: Some(session::SpeechMode::default()),
                    ..Session::new(&lang)
                }
            } else {
                Session::new(&lang)
            },
            notice: None,
            resets: 0,
            idle,
            staff: Staff {
                pin: PinPad::default(),
                warnings: Vec::new(),
                kiosk_mode: true,
                hold_started: None,
                quitting: false,
                pin_lock_file: None,
                last_purge: now,
                started: now,
                settings_sources: std::collections::BTreeMap::new(),
            },
            usage,
            totals: metrics::Totals::default(),
            metrics_written: None,
            started_unix: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            language_help: Arc::new(language_help),
        }
        .with_warnings(
            help_content
                .into_iter()
                .map(Warning::Content)
                .chain(help_settings.into_iter().map(Warning::Settings)),
        )
    }

    /// The languages of language help, in the clinic's order.
    pub fn language_help(&self) -> &crate::language_help::LanguageHelp {
        &self.language_help
    }

    /// A normal window that closes normally (staff desktops, development).
    pub fn windowed(mut self) -> Self {
        self.staff.kiosk_mode = false;
        self
    }

    /// Carry on from the PIN lock saved in `file` (read at start), and keep it there.
    pub fn with_pin_lock(
        mut self,
        lock: crate::kiosk::PinLock,
        file: std::path::PathBuf,
        now: Duration,
    ) -> Self {
        self.staff.pin = PinPad::restored(lock, now);
        self.staff.pin_lock_file = Some(file);
        self
    }

    /// The content pack the content came from, the last update check, and where packs
    /// are kept (the running kiosk checks `pack_url` into it).
    pub fn with_pack(
        mut self,
        pack: Option<crate::packs::Installed>,
        last_update: Option<crate::packs::LastUpdate>,
        packs_dir: Option<std::path::PathBuf>,
    ) -> Self {
        self.loaded.pack = pack;
        self.loaded.last_update = last_update;
        self.loaded.packs_dir = packs_dir;
        self
    }

    /// Which settings file set each key (from [`crate::config::Settings::load_layered`]).
    pub fn with_settings_sources(
        mut self,
        sources: std::collections::BTreeMap<String, std::path::PathBuf>,
    ) -> Self {
        self.staff.settings_sources = sources;
        self
    }

    /// The file that set settings key `key`, or none for its default.
    pub fn settings_source(&self, key: &str) -> Option<&std::path::Path> {
        self.staff
            .settings_sources
            .get(key)
            .map(std::path::PathBuf::as_path)
    }

    /// A newer pack waiting for the next patient, if any.
    pub fn pending_pack(&self) -> Option<u64> {
        self.loaded.pending_pack.as_ref().map(|p| p.installed.seq)
    }

    /// The packs folder the content came from (and updates go to), if packs are used.
    pub fn packs_dir(&self) -> Option<&std::path::Path> {
        self.loaded.packs_dir.as_deref()
    }

    /// The content pack shown, if any.
    pub fn pack(&self) -> Option<&crate::packs::Installed> {
        self.loaded.pack.as_ref()
    }

    /// The last content update check, if any.
    pub fn last_update(&self) -> Option<&crate::packs::LastUpdate> {
        self.loaded.last_update.as_ref()
    }

    /// Problems found while starting (settings, content, counts), for staff.
    pub fn with_warnings(mut self, warnings: impl IntoIterator<Item = Warning>) -> Self {
        for w in warnings {
            self.warn(w);
        }
        self
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn settings(&self) -> &Settings {
        &self.loaded.settings
    }

    pub fn library(&self) -> &Arc<Library> {
        &self.loaded.library
    }

    pub fn source(&self) -> &Arc<dyn ContentSource> {
        &self.loaded.source
    }

    /// Goes up each time the content is reloaded.
    pub fn content_generation(&self) -> u64 {
        self.loaded.generation
    }

    /// A content reload is running (the staff menu shows it).
    pub fn reloading(&self) -> bool {
        self.loaded.reloading
    }

    pub fn idle(&self) -> &IdleTimer {
        &self.idle
    }

    pub fn pin(&self) -> &PinPad {
        &self.staff.pin
    }

    pub fn warnings(&self) -> &[Warning] {
        &self.staff.warnings
    }

    pub fn usage(&self) -> &Usage {
        &self.usage
    }

    pub fn notice(&self) -> Option<Notice> {
        self.notice
    }

    pub fn resets(&self) -> u64 {
        self.resets
    }

    pub fn kiosk_mode(&self) -> bool {
        self.staff.kiosk_mode
    }

    /// "Exit kiosk" was chosen: the window may close.
    pub fn quitting(&self) -> bool {
        self.staff.quitting
    }

    /// When the staff press on the logo began, if it is held now.
    pub fn hold_started(&self) -> Option<Duration> {
        self.staff.hold_started
    }

    /// The content in the patient's language.
    pub fn content(&self) -> &LangContent {
        self.loaded.library.lang(&self.session.lang)
    }

    /// Languages patients may choose: offered by settings and present in the content.
    pub fn languages(&self) -> Vec<String> {
        let settings = &self.loaded.settings;
        let offered: Vec<String> = self
            .loaded
            .library
            .languages
            .iter()
            .filter(|l| settings.languages.is_empty() || settings.languages.contains(l))
            .cloned()
            .collect();
        if offered.is_empty() {
            vec![self.loaded.library.fallback_lang().to_owned()]
        } else {
            offered
        }
    }

    /// Whether there is anything of a patient's to forget (arms the idle timer).
    pub fn has_patient_state(&self) -> bool {
        // What speech mode said and where its focus is are not the patient's choices.
        let mut session = self.session.clone();
        if let Some(speech) = &mut session.speech {
            speech.last.clear();
            speech.idle_said = None;
            speech.focus = None;
        }
        self.screen != Screen::Welcome || session != self.fresh_session()
    }

    /// The session a new patient starts with.
    fn fresh_session(&self) -> Session {
        let mut session = Session::new(self.loaded.library.fallback_lang());
        if self.loaded.settings.start_in_speech_mode {
            session.speech = Some(session::SpeechMode::default());
        }
        session
    }

    /// The picked questions as codes for a phone's camera: plain text in the patient's
    /// language, with the clinic's name and the general-information line. Empty when
    /// nothing is picked or the text cannot be encoded (logged; the paper handout remains).
    pub fn phone_codes(&self) -> Vec<crate::qr::Code> {
        let lang = self.session.lang();
        let strings = crate::i18n::Strings::get(lang);
        let fill = self.loaded.settings.placeholders(lang, &strings.no_phone);
        let questions: Vec<String> = self
            .session
            .picked()
            .iter()
            .filter_map(|id| self.content().question(id))
            .map(|q| fill.fill(&q.text))
            .collect();
        let frame = crate::qr::Frame {
            clinic: self.loaded.settings.clinic_name_in(lang),
            title: &strings.my_questions,
            note: &strings.general_info,
        };
        crate::qr::question_codes(&frame, &questions).unwrap_or_else(|e| {
            log::warn!("no phone code for the questions: {e}");
            Vec::new()
        })
    }

    /// Whether checklist or self-check `list` (in any language) has an item `item`.
    fn has_checklist_item(&self, list: &str, item: usize) -> bool {
        let lib = &self.loaded.library;
        lib.languages
            .iter()
            .filter(|l| lib.offers(l))
            .map(|l| lib.lang(l))
            .any(|lang| {
                lang.checklists()
                    .any(|c| c.id == list && item < c.items.len())
                    || lang
                        .self_checks()
                        .any(|c| c.id == list && item < c.items.len())
            })
    }

    /// The question item `item` of self-check `list` adds, if that is a self-check.
    fn self_check_question(&self, list: &str, item: usize) -> Option<String> {
        self.content()
            .self_checks()
            .find(|c| c.id == list)
            .and_then(|c| c.items.get(item))
            .map(|(_, q)| q.clone())
    }

    /// The page on screen, if the reader is showing.
    pub fn current_page(&self) -> Option<&Page> {
        let Screen::Reader { topic, page } = self.screen else {
            return None;
        };
        self.content().topics.get(topic)?.pages.get(page)
    }

    /// Glossary words that appear on the current page, in glossary order.
    pub fn words_on_page(&self) -> Vec<&Term> {
        match self.current_page() {
            Some(page) => self.content().terms_on(page),
            None => Vec::new(),
        }
    }

    /// How long until the state next needs a frame with nobody touching anything: the idle
    /// timer's next step, each second of a PIN lock on the pad, the end of a staff hold.
    pub fn next_wake(&self, now: Duration) -> Option<Duration> {
        let mut wake = self.idle.next_wake(now, self.has_patient_state());
        let mut sooner = |d: Duration| wake = Some(wake.map_or(d, |w| w.min(d)));
        if self.screen == Screen::StaffPin && self.staff.pin.locked_for(now).is_some() {
            sooner(Duration::from_secs(1));
        }
        if let Some(started) = self.staff.hold_started {
            sooner((started + STAFF_HOLD).saturating_sub(now));
        }
        sooner((self.staff.last_purge + PURGE_EVERY).saturating_sub(now));
        if let Some(due) = self.update_due() {
            sooner(due.saturating_sub(now));
        }
        if self.loaded.pending_pack.is_some() && self.screen == Screen::Welcome {
            sooner(Duration::ZERO);
        }
        if !self.loaded.settings.metrics_file.is_empty() {
            let due = self
                .metrics_written
                .map_or(now, |at| at + metrics::METRICS_EVERY);
            sooner(due.saturating_sub(now));
        }
        wake
    }

    /// When the next content update check is due: a minute after start, then every
    /// `update_minutes`; none without `pack_url` or a packs folder, or while one runs.
    fn update_due(&self) -> Option<Duration> {
        let l = &self.loaded;
        if l.settings.pack_url.trim().is_empty() || l.packs_dir.is_none() || l.updating {
            return None;
        }
        Some(match l.update_checked {
            None => self.staff.started + Duration::from_secs(60),
            Some(at) => at + Duration::from_secs(l.settings.update_minutes.saturating_mul(60)),
        })
    }

    /// The running totals the metrics file reports.
    pub fn totals(&self) -> &metrics::Totals {
        &self.totals
    }

    /// The metrics file's text now (`up` false once staff closed the kiosk).
    pub fn metrics_text(&self, up: bool) -> String {
        let ids: Vec<String> = self.content().topics.iter().map(|t| t.id.clone()).collect();
        metrics::render(
            &self.totals,
            &metrics::Snapshot {
                up,
                started: self.started_unix,
                version: env!("CARGO_PKG_VERSION"),
                content_seq: self.loaded.pack.as_ref().map_or(0, |p| p.seq),
                warnings: self.staff.warnings.len(),
                topic_ids: &ids,
                update: self
                    .loaded
                    .last_update
                    .as_ref()
                    .map_or((0, false), |u| (u.last_ok, !u.ok)),
            },
        )
    }

    fn warn(&mut self, w: Warning) {
        if !self.staff.warnings.contains(&w) {
            log::warn!("{w}");
            self.staff.warnings.push(w);
        }
    }
}
