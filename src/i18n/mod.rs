//! Interface words (buttons, prompts), one Fluent (`.ftl`) file per language, kept apart
//! from the page content. Numbers that count something go through Fluent's plural rules
//! ("1 second", "2 seconds"). A language without its own file uses English, and so does a
//! message missing from a language's file; in the worst case the message id is shown.
//!
//! [`Strings`] is built once per language at first use: plain messages become `String`
//! fields, messages with numbers or words in them are formatted when a method is called.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

/// The interface languages built in, with their files. English comes first: it is the
/// language every other one falls back to.
pub const BUILT_IN: [(&str, &str); 2] = [
    ("en", include_str!("en.ftl")),
    ("es", include_str!("es.ftl")),
];

/// The language every other falls back to.
const FALLBACK: &str = "en";

type Bundle = FluentBundle<FluentResource>;

/// Messages with variables, formatted when their method is called. Each method below reads
/// its message through one of these ids; the loader formats each one with sample values of
/// the variables listed here, to find a broken or missing message before a patient does.
const PAGE_OF: &str = "page-of";
const CODE_OF: &str = "code-of";
const MY_QUESTIONS_COUNT: &str = "my-questions-count";
const STARTING_OVER_IN: &str = "starting-over-in";
const HANDOUT_QUESTIONS: &str = "handout-questions";
const MISSING_TRANSLATION: &str = "missing-translation";
const PAST_REVIEW: &str = "past-review";
const USAGE_DAY: &str = "usage-day";
const DIGITS_ENTERED: &str = "digits-entered";
const PIN_WRONG: &str = "pin-wrong";
const PIN_LOCKED: &str = "pin-locked";
const SPEECH_TOPICS: &str = "speech-topics";
const SPEECH_STEP: &str = "speech-step";

/// What kind of value a variable takes.
#[derive(Clone, Copy)]
enum Var {
    Number(&'static str),
    Words(&'static str),
}

const FILLED: [(&str, &[Var]); 13] = [
    (PAGE_OF, &[Var::Number("n"), Var::Number("total")]),
    (CODE_OF, &[Var::Number("n"), Var::Number("total")]),
    (MY_QUESTIONS_COUNT, &[Var::Number("n")]),
    (STARTING_OVER_IN, &[Var::Number("seconds")]),
    (HANDOUT_QUESTIONS, &[Var::Number("n")]),
    (MISSING_TRANSLATION, &[Var::Words("what")]),
    (PAST_REVIEW, &[Var::Words("what")]),
    (
        USAGE_DAY,
        &[Var::Words("day"), Var::Number("n"), Var::Words("topics")],
    ),
    (DIGITS_ENTERED, &[Var::Number("n")]),
    (PIN_WRONG, &[Var::Number("n")]),
    (PIN_LOCKED, &[Var::Number("seconds")]),
    (SPEECH_TOPICS, &[Var::Number("n")]),
    (SPEECH_STEP, &[Var::Number("n")]),
];

/// Numbers tried on every message with a variable: they reach each plural category that
/// English and Spanish have (and zero, and a large count).
const SAMPLE_NUMBERS: [u64; 6] = [0, 1, 2, 5, 21, 1_000_000];

/// Every interface string. A language file missing one, or with one the code never reads,
/// fails [`Strings::parse`] (and a test parses every built-in file).
#[derive(Debug, Clone)]
pub struct Strings {
    pub language_name: String,
    pub learn_about: String,
    pub touch_to_start: String,
    pub general_info: String,
    pub topics_heading: String,
    pub back: String,
    pub home: String,
    pub next: String,
    pub all_topics: String,
    pub my_questions: String,
    pub my_questions_intro: String,
    pub no_questions: String,
    pub pick_questions: String,
    pub remove: String,
    pub finish: String,
    pub text_normal: String,
    pub text_large: String,
    pub text_largest: String,
    pub contrast: String,
    pub need_more_time: String,
    pub idle_explain: String,
    pub keep_reading: String,
    pub start_over_now: String,
    pub staff_hold_hint: String,
    /// Stands in for the clinic's phone number when none is set (only a clinic's own text
    /// that uses `{clinic_phone}` outside `{if clinic_phone}` shows it).
    pub no_phone: String,
    /// Stands in for the clinic's name inside a sentence when none is set ("this clinic").
    pub this_clinic: String,
    /// The welcome screen's and the handout's title when the clinic has set no name.
    pub unnamed_clinic_title: String,
    pub read_aloud: String,
    pub stop_reading: String,
    pub repeat: String,
    pub words_to_know: String,
    /// Shown over the bottom of a page that goes on below the screen.
    pub more_below: String,
    /// "Check what you know": after the right answer, after a wrong one, the offer to add a
    /// question, and once it is added.
    pub quiz_right: String,
    pub quiz_wrong: String,
    pub quiz_add: String,
    pub quiz_added: String,
    /// The questions as a code for a phone's camera.
    pub phone_code_title: String,
    pub phone_code_help: String,
    pub phone_code_alt: String,
    pub next_code: String,
    pub close: String,
    pub speech_unavailable: String,
    pub staff_access: String,
    pub staff_off: String,
    pub enter_pin: String,
    pub pin_delete: String,
    pub pin_ok: String,
    pub cancel: String,
    pub pin_lock_ended: String,
    /// Shown while the PIN is checked (Argon2 takes a moment on a slow kiosk).
    pub pin_checking: String,
    pub staff_menu: String,
    pub back_to_patient: String,
    pub walk_through: String,
    pub reload_content: String,
    /// Shown while the content is loaded again.
    pub reloading_content: String,
    pub exit_kiosk: String,
    pub jump_to_topic: String,
    pub warnings: String,
    pub none: String,
    pub settings_in_use: String,
    pub usage_counts: String,
    pub no_sessions: String,
    pub reset_counts: String,
    pub print_my_handout: String,
    pub handout_title: String,
    pub handout_choose: String,
    pub handout_outline: String,
    pub handout_note: String,
    pub print: String,
    pub printing: String,
    pub printed: String,
    pub print_failed: String,
    pub done: String,
    /// Staff menu, "Settings in use": each key's label (`setting-KEY`), by key name; read
    /// with [`Strings::setting_label`].
    setting_labels: std::collections::BTreeMap<&'static str, String>,
    pub not_set: String,
    /// After a setting's value: where it came from ("from /etc/...", "default").
    pub setting_from: String,
    pub setting_default: String,
    pub pin_is_set: String,
    /// A setting that is true or false, as staff read it.
    pub yes: String,
    pub no: String,
    /// Staff menu: the content pack shown and the last update.
    pub content_pack: String,
    pub no_pack: String,
    pub pack_label: String,
    pub signed_by: String,
    pub last_update: String,
    /// The "Audio" button that turns speech mode on and off.
    pub audio: String,
    /// Language help: its button and screen, the line under its title, the card's title,
    /// and what shows when no language is set up.
    pub language_help: String,
    pub language_help_intro: String,
    pub interpreter_card: String,
    pub language_help_none: String,
    /// Staff menu: the interpreter cards shown that day, per language.
    pub interpreter_cards_shown: String,
    /// What speech mode says that the screen does not show.
    pub speech: SpeechStrings,
    /// Formats the messages with variables.
    source: Source,
}

/// Speech mode's own words: how-to, roles and states of controls, confirmations.
#[derive(Debug, Clone)]
pub struct SpeechStrings {
    pub on: String,
    pub keys_help: String,
    pub welcome_hint: String,
    pub down_hint: String,
    pub keep_reading_hint: String,
    pub nothing_focused: String,
    pub no_page: String,
    pub top: String,
    pub button: String,
    pub check_box: String,
    pub ticked: String,
    pub not_ticked: String,
    pub on_state: String,
    pub off_state: String,
    pub selected: String,
    pub picture: String,
    pub pin_key: String,
    pub digit_entered: String,
    pub digit_removed: String,
    pub faster: String,
    pub slower: String,
    pub louder: String,
    pub quieter: String,
    pub limit: String,
    pub switch_hint: String,
    pub off: String,
    pub starting_over: String,
    pub paused: String,
    pub urgent: String,
    pub tip: String,
    pub note: String,
    pub remember: String,
}

/// A language's file could not be loaded as it is: every problem found in it.
#[derive(Debug, thiserror::Error)]
#[error("interface strings for {lang}: {}", problems.join("; "))]
pub struct LoadError {
    pub lang: String,
    pub problems: Vec<String>,
}

/// The bundles a language's messages come from: its own, then English.
#[derive(Clone)]
struct Source {
    lang: String,
    bundles: Vec<Arc<Bundle>>,
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let locales: Vec<String> = self
            .bundles
            .iter()
            .filter_map(|b| b.locales.first().map(ToString::to_string))
            .collect();
        f.debug_struct("Source")
            .field("lang", &self.lang)
            .field("bundles", &locales)
            .finish()
    }
}

/// One bundle for one file, with its parse problems. A file with a broken message still
/// gives a bundle with the messages that parsed.
fn bundle(lang: &str, text: &str, problems: &mut Vec<String>) -> (Arc<Bundle>, BTreeSet<String>) {
    let langid: LanguageIdentifier = lang.parse().unwrap_or_else(|e| {
        problems.push(format!("{lang} is not a language code ({e})"));
        LanguageIdentifier::default()
    });
    let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(resource, errors)| {
        for e in errors {
            let line = text
                .get(..e.pos.start)
                .map_or(0, |before| before.matches('\n').count())
                + 1;
            problems.push(format!("line {line}: {e}"));
        }
        resource
    });
    let ids = resource
        .entries()
        .filter_map(|entry| match entry {
            ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect();
    let mut bundle = Bundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        for e in errors {
            problems.push(e.to_string());
        }
    }
    (Arc::new(bundle), ids)
}

/// Format message `id` of one bundle, or say why not.
fn format_in(bundle: &Bundle, id: &str, args: Option<&FluentArgs>) -> Result<String, String> {
    let message = bundle
        .get_message(id)
        .ok_or_else(|| format!("{id} is missing"))?;
    let pattern = message
        .value()
        .ok_or_else(|| format!("{id} has no value"))?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if errors.is_empty() {
        Ok(text.into_owned())
    } else {
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        Err(format!("{id}: {}", errors.join(", ")))
    }
}

impl Source {
    /// Message `id` from the first bundle that formats it, and the problems met on the way.
    fn format(&self, id: &str, args: Option<&FluentArgs>) -> (String, Vec<String>) {
        let mut problems = Vec::new();
        for bundle in &self.bundles {
            match format_in(bundle, id, args) {
                Ok(text) => return (text, problems),
                Err(why) => problems.push(why),
            }
        }
        (id.to_owned(), problems)
    }

    /// Message `id` with its one variable `name` set to `value`.
    fn fill_one<'v>(
        &self,
        id: &str,
        name: &'static str,
        value: impl Into<fluent_bundle::FluentValue<'v>>,
    ) -> String {
        let mut args = FluentArgs::new();
        args.set(name, value);
        self.fill(id, &args)
    }

    /// Message `id` with `args`, warning (once per message) if it had to fall back.
    fn fill(&self, id: &str, args: &FluentArgs) -> String {
        let (text, problems) = self.format(id, Some(args));
        if !problems.is_empty() {
            warn_once(&self.lang, id, &problems);
        }
        text
    }
}

/// Log a fallback once per language and message: a countdown formats its message every frame.
fn warn_once(lang: &str, id: &str, problems: &[String]) {
    static WARNED: Mutex<BTreeSet<(String, String)>> = Mutex::new(BTreeSet::new());
    let first = match WARNED.lock() {
        Ok(mut warned) => warned.insert((lang.to_owned(), id.to_owned())),
        Err(_) => true,
    };
    if first {
        log::warn!(
            "interface strings for {lang}: {}; showing a fallback",
            problems.join(", ")
        );
    }
}

/// Reads the plain messages into fields, noting every id read and every problem.
struct Loader<'a> {
    source: &'a Source,
    read: BTreeSet<&'static str>,
    problems: Vec<String>,
}

impl Loader<'_> {
    fn text(&mut self, id: &'static str) -> String {
        self.read.insert(id);
        let (text, problems) = self.source.format(id, None);
        self.problems.extend(problems);
        text
    }

    /// Format a message with variables with sample values, to find a problem at load time.
    fn check(&mut self, id: &'static str, vars: &[Var]) {
        self.read.insert(id);
        for n in SAMPLE_NUMBERS {
            let mut args = FluentArgs::new();
            for var in vars {
                match *var {
                    Var::Number(name) => args.set(name, n),
                    Var::Words(name) => args.set(name, "words"),
                }
            }
            let (_, problems) = self.source.format(id, Some(&args));
            if !problems.is_empty() {
                self.problems.extend(problems);
                return;
            }
        }
    }
}

impl Strings {
    /// Load one language's file on its own (no fallback), as a test of the file: every
    /// message the code reads must be there and format, and every message there must be read.
    pub fn parse(lang: &str, text: &str) -> Result<Self, LoadError> {
        let mut problems = Vec::new();
        let (bundle, ids) = bundle(lang, text, &mut problems);
        let source = Source {
            lang: lang.to_owned(),
            bundles: vec![bundle],
        };
        let (strings, read, more) = Self::build(source);
        problems.extend(more);
        problems.extend(
            ids.iter()
                .filter(|id| !read.contains(id.as_str()))
                .map(|id| format!("{id} is never read by the code")),
        );
        if problems.is_empty() {
            Ok(strings)
        } else {
            Err(LoadError {
                lang: lang.to_owned(),
                problems,
            })
        }
    }

    /// The strings for `lang`, or English.
    pub fn get(lang: &str) -> &'static Strings {
        static ALL: OnceLock<HashMap<&'static str, Strings>> = OnceLock::new();
        let all = ALL.get_or_init(Self::load_built_in);
        match all.get(lang).or_else(|| all.get(FALLBACK)) {
            Some(strings) => strings,
            None => {
                // Not reached: load_built_in always has English. Still, no panic in a kiosk.
                static EMPTY: OnceLock<Strings> = OnceLock::new();
                EMPTY.get_or_init(|| {
                    Self::build(Source {
                        lang: FALLBACK.to_owned(),
                        bundles: Vec::new(),
                    })
                    .0
                })
            }
        }
    }

    /// Every built-in language, each falling back to English message by message. Problems
    /// are logged, never fatal.
    fn load_built_in() -> HashMap<&'static str, Strings> {
        let mut bundles = Vec::new();
        for (code, text) in BUILT_IN {
            let mut problems = Vec::new();
            let (bundle, _) = bundle(code, text, &mut problems);
            for p in &problems {
                log::warn!("interface strings for {code}: {p}");
            }
            bundles.push((code, bundle));
        }
        let english = bundles
            .iter()
            .find(|(code, _)| *code == FALLBACK)
            .map(|(_, b)| Arc::clone(b));
        bundles
            .iter()
            .map(|(code, own)| {
                let mut chain = vec![Arc::clone(own)];
                if let Some(en) = &english
                    && *code != FALLBACK
                {
                    chain.push(Arc::clone(en));
                }
                let (strings, _, problems) = Self::build(Source {
                    lang: (*code).to_owned(),
                    bundles: chain,
                });
                for p in problems {
                    log::warn!("interface strings for {code}: {p}; using a fallback");
                }
                (*code, strings)
            })
            .collect()
    }

    /// Read every message from `source`: the strings, the ids read, and the problems met.
    fn build(source: Source) -> (Self, BTreeSet<&'static str>, Vec<String>) {
        let mut l = Loader {
            source: &source,
            read: BTreeSet::new(),
            problems: Vec::new(),
        };
        for (id, vars) in FILLED {
            l.check(id, vars);
        }
        let setting_labels = crate::config::KEYS
            .iter()
            .map(|k| (k.name, l.text(k.label)))
            .collect();
        let partial = Strings {
            language_name: l.text("language-name"),
            learn_about: l.text("learn-about"),
            touch_to_start: l.text("touch-to-start"),
            general_info: l.text("general-info"),
            topics_heading: l.text("topics-heading"),
            back: l.text("back"),
            home: l.text("home"),
            next: l.text("next"),
            all_topics: l.text("all-topics"),
            my_questions: l.text("my-questions"),
            my_questions_intro: l.text("my-questions-intro"),
            no_questions: l.text("no-questions"),
            pick_questions: l.text("pick-questions"),
            remove: l.text("remove"),
            finish: l.text("finish"),
            text_normal: l.text("text-normal"),
            text_large: l.text("text-large"),
            text_largest: l.text("text-largest"),
            contrast: l.text("contrast"),
            need_more_time: l.text("need-more-time"),
            idle_explain: l.text("idle-explain"),
            keep_reading: l.text("keep-reading"),
            start_over_now: l.text("start-over-now"),
            staff_hold_hint: l.text("staff-hold-hint"),
            no_phone: l.text("no-phone"),
            this_clinic: l.text("this-clinic"),
            unnamed_clinic_title: l.text("unnamed-clinic-title"),
            read_aloud: l.text("read-aloud"),
            stop_reading: l.text("stop-reading"),
            repeat: l.text("repeat"),
            words_to_know: l.text("words-to-know"),
            more_below: l.text("more-below"),
            quiz_right: l.text("quiz-right"),
            quiz_wrong: l.text("quiz-wrong"),
            quiz_add: l.text("quiz-add"),
            quiz_added: l.text("quiz-added"),
            phone_code_title: l.text("phone-code-title"),
            phone_code_help: l.text("phone-code-help"),
            phone_code_alt: l.text("phone-code-alt"),
            next_code: l.text("next-code"),
            close: l.text("close"),
            speech_unavailable: l.text("speech-unavailable"),
            staff_access: l.text("staff-access"),
            staff_off: l.text("staff-off"),
            enter_pin: l.text("enter-pin"),
            pin_delete: l.text("pin-delete"),
            pin_ok: l.text("pin-ok"),
            cancel: l.text("cancel"),
            pin_lock_ended: l.text("pin-lock-ended"),
            pin_checking: l.text("pin-checking"),
            staff_menu: l.text("staff-menu"),
            back_to_patient: l.text("back-to-patient"),
            walk_through: l.text("walk-through"),
            reload_content: l.text("reload-content"),
            reloading_content: l.text("reloading-content"),
            exit_kiosk: l.text("exit-kiosk"),
            jump_to_topic: l.text("jump-to-topic"),
            warnings: l.text("warnings"),
            none: l.text("none"),
            settings_in_use: l.text("settings-in-use"),
            usage_counts: l.text("usage-counts"),
            no_sessions: l.text("no-sessions"),
            reset_counts: l.text("reset-counts"),
            print_my_handout: l.text("print-my-handout"),
            handout_title: l.text("handout-title"),
            handout_choose: l.text("handout-choose"),
            handout_outline: l.text("handout-outline"),
            handout_note: l.text("handout-note"),
            print: l.text("print"),
            printing: l.text("printing"),
            printed: l.text("printed"),
            print_failed: l.text("print-failed"),
            done: l.text("done"),
            setting_labels,
            not_set: l.text("not-set"),
            setting_from: l.text("setting-from"),
            setting_default: l.text("setting-default"),
            pin_is_set: l.text("pin-is-set"),
            yes: l.text("setting-yes"),
            no: l.text("setting-no"),
            audio: l.text("audio"),
            language_help: l.text("language-help"),
            language_help_intro: l.text("language-help-intro"),
            interpreter_card: l.text("interpreter-card"),
            language_help_none: l.text("language-help-none"),
            interpreter_cards_shown: l.text("interpreter-cards-shown"),
            content_pack: l.text("content-pack"),
            no_pack: l.text("no-pack"),
            pack_label: l.text("pack-label"),
            signed_by: l.text("signed-by"),
            last_update: l.text("last-update"),
            speech: SpeechStrings {
                on: l.text("speech-on"),
                keys_help: l.text("speech-keys-help"),
                welcome_hint: l.text("speech-welcome-hint"),
                down_hint: l.text("speech-down-hint"),
                keep_reading_hint: l.text("speech-keep-reading-hint"),
                nothing_focused: l.text("speech-nothing-focused"),
                no_page: l.text("speech-no-page"),
                top: l.text("speech-top"),
                button: l.text("speech-button"),
                check_box: l.text("speech-check-box"),
                ticked: l.text("speech-ticked"),
                not_ticked: l.text("speech-not-ticked"),
                on_state: l.text("speech-on-state"),
                off_state: l.text("speech-off-state"),
                selected: l.text("speech-selected"),
                picture: l.text("speech-picture"),
                pin_key: l.text("speech-pin-key"),
                digit_entered: l.text("speech-digit-entered"),
                digit_removed: l.text("speech-digit-removed"),
                faster: l.text("speech-faster"),
                slower: l.text("speech-slower"),
                louder: l.text("speech-louder"),
                quieter: l.text("speech-quieter"),
                limit: l.text("speech-limit"),
                switch_hint: l.text("speech-switch-hint"),
                off: l.text("speech-off"),
                starting_over: l.text("speech-starting-over"),
                paused: l.text("speech-paused"),
                urgent: l.text("speech-urgent"),
                tip: l.text("speech-tip"),
                note: l.text("speech-note"),
                remember: l.text("speech-remember"),
            },
            source: source.clone(),
        };
        let Loader { read, problems, .. } = l;
        (partial, read, problems)
    }

    /// "Code 1 of 2": which of the phone codes is showing.
    pub fn code_of(&self, n: usize, total: usize) -> String {
        let mut args = FluentArgs::new();
        args.set("n", n);
        args.set("total", total);
        self.source.fill(CODE_OF, &args)
    }

    pub fn page_of(&self, n: usize, total: usize) -> String {
        let mut args = FluentArgs::new();
        args.set("n", n);
        args.set("total", total);
        self.source.fill(PAGE_OF, &args)
    }

    /// Speech mode on the topic grid: "14 topics. Press Down to hear them."
    pub fn speech_topics(&self, n: usize) -> String {
        self.source.fill_one(SPEECH_TOPICS, "n", n)
    }

    /// Speech mode before a numbered step: "Step 2".
    pub fn speech_step(&self, n: usize) -> String {
        self.source.fill_one(SPEECH_STEP, "n", n)
    }

    pub fn my_questions_count(&self, n: usize) -> String {
        self.source.fill_one(MY_QUESTIONS_COUNT, "n", n)
    }

    pub fn starting_over_in(&self, seconds: u64) -> String {
        self.source.fill_one(STARTING_OVER_IN, "seconds", seconds)
    }

    pub fn handout_questions(&self, n: usize) -> String {
        self.source.fill_one(HANDOUT_QUESTIONS, "n", n)
    }

    /// The label of the setting `key` ("idle_seconds") in the staff menu.
    pub fn setting_label<'a>(&'a self, key: &'a str) -> &'a str {
        self.setting_labels.get(key).map_or(key, String::as_str)
    }

    pub fn missing_translation(&self, what: &str) -> String {
        self.source.fill_one(MISSING_TRANSLATION, "what", what)
    }

    /// A topic whose text is past its review date, for staff.
    pub fn past_review(&self, what: &str) -> String {
        self.source.fill_one(PAST_REVIEW, "what", what)
    }

    pub fn usage_day(&self, day: &str, sessions: u64, topics: &str) -> String {
        let mut args = FluentArgs::new();
        args.set("day", day);
        args.set("n", sessions);
        args.set("topics", topics);
        self.source.fill(USAGE_DAY, &args)
    }

    pub fn digits_entered(&self, n: usize) -> String {
        self.source.fill_one(DIGITS_ENTERED, "n", n)
    }

    pub fn pin_wrong(&self, tries_left: u32) -> String {
        self.source.fill_one(PIN_WRONG, "n", tries_left)
    }

    pub fn pin_locked(&self, seconds: u64) -> String {
        self.source.fill_one(PIN_LOCKED, "seconds", seconds)
    }

    pub fn text_size_label(&self, size: crate::theme::TextSize) -> &str {
        match size {
            crate::theme::TextSize::Normal => &self.text_normal,
            crate::theme::TextSize::Large => &self.text_large,
            crate::theme::TextSize::Largest => &self.text_largest,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    fn parsed(lang: &str) -> Strings {
        let text = BUILT_IN
            .iter()
            .find(|(code, _)| *code == lang)
            .map(|(_, text)| *text)
            .unwrap();
        Strings::parse(lang, text).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Every string a language shows, the formatted ones with a few numbers.
    fn everything(s: &Strings) -> Vec<String> {
        let mut all = vec![
            s.language_name.clone(),
            s.learn_about.clone(),
            s.touch_to_start.clone(),
            s.general_info.clone(),
            s.next.clone(),
            s.no_phone.clone(),
            s.this_clinic.clone(),
            s.unnamed_clinic_title.clone(),
            s.staff_off.clone(),
            s.yes.clone(),
            s.no.clone(),
            s.missing_translation("Aftercare"),
            s.usage_day("2025-01-02", 1, "aftercare"),
        ];
        all.extend(s.setting_labels.values().cloned());
        for n in [0, 1, 2, 5] {
            all.push(s.page_of(n, 4));
            all.push(s.my_questions_count(n));
            all.push(s.starting_over_in(n as u64));
            all.push(s.handout_questions(n));
            all.push(s.usage_day("2025-01-02", n as u64, "aftercare"));
            all.push(s.digits_entered(n));
            all.push(s.pin_wrong(n as u32));
            all.push(s.pin_locked(n as u64));
            all.push(s.speech_topics(n));
            all.push(s.speech_step(n));
        }
        all
    }

    #[test]
    fn every_built_in_strings_file_parses_with_every_message_and_no_extra() {
        for (code, text) in BUILT_IN {
            let s = Strings::parse(code, text).unwrap_or_else(|e| panic!("{e}"));
            assert!(!s.touch_to_start.is_empty(), "{code}");
        }
        assert_eq!(Strings::get("es").next, "Siguiente");
        assert_eq!(
            Strings::get("fr").next,
            "Next",
            "unknown languages use English"
        );
    }

    #[test]
    fn a_missing_message_an_unused_one_and_a_broken_one_fail_to_load() {
        let en = BUILT_IN[0].1;
        let missing = en.replace("next = Next\n", "");
        let err = Strings::parse("en", &missing).unwrap_err();
        assert_eq!(err.problems, ["next is missing"]);

        let extra = format!("{en}\nnever-used = Nobody reads this\n");
        let err = Strings::parse("en", &extra).unwrap_err();
        assert_eq!(err.problems, ["never-used is never read by the code"]);

        let wrong_variable = en.replace("Page { $n } of", "Page { $page } of");
        let err = Strings::parse("en", &wrong_variable).unwrap_err();
        assert!(err.problems[0].starts_with("page-of: "), "{err}");

        let broken = en.replace("next = Next", "next = { Next");
        let err = Strings::parse("en", &broken).unwrap_err();
        assert!(err.problems.iter().any(|p| p.starts_with("line ")), "{err}");
    }

    #[test]
    fn a_broken_or_missing_message_falls_back_to_english_then_to_its_id() {
        let mut problems = Vec::new();
        let es_text = BUILT_IN[1]
            .1
            .replace("next = Siguiente\n", "")
            .replace("{ $seconds } segundo\n", "{ $nope } segundo\n");
        let (es, _) = bundle("es", &es_text, &mut problems);
        let (en, _) = bundle("en", BUILT_IN[0].1, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let (s, _, problems) = Strings::build(Source {
            lang: "es".into(),
            bundles: vec![es, en],
        });
        assert!(!problems.is_empty());
        assert_eq!(s.next, "Next");
        assert_eq!(s.back, "Atrás");
        assert_eq!(s.starting_over_in(1), "Starting over in 1 second");
        assert_eq!(s.starting_over_in(2), "Volverá a empezar en 2 segundos");

        let (nothing, _, _) = Strings::build(Source {
            lang: "xx".into(),
            bundles: Vec::new(),
        });
        assert_eq!(nothing.next, "next");
        assert_eq!(nothing.pin_wrong(2), "pin-wrong");
    }

    #[test]
    fn counts_and_pages_are_filled_in() {
        let en = Strings::get("en");
        assert_eq!(en.page_of(2, 4), "Page 2 of 4");
        assert_eq!(en.my_questions_count(3), "My questions (3)");
        assert_eq!(en.handout_questions(1), "Your questions (1)");
        assert_eq!(
            en.setting_label("idle_seconds"),
            "Seconds before \"Need more time?\""
        );
        assert_eq!(
            en.missing_translation("Aftercare"),
            "Missing translation: Aftercare"
        );
        let es = Strings::get("es");
        assert_eq!(es.page_of(1, 3), "Página 1 de 3");
        assert_eq!(es.starting_over_in(20), "Volverá a empezar en 20 segundos");
        assert_eq!(es.setting_label("paper"), "Papel");
    }

    #[test]
    fn seconds_before_starting_over_agree_with_the_number() {
        let (en, es) = (Strings::get("en"), Strings::get("es"));
        assert_eq!(en.starting_over_in(1), "Starting over in 1 second");
        assert_eq!(en.starting_over_in(2), "Starting over in 2 seconds");
        assert_eq!(en.starting_over_in(0), "Starting over in 0 seconds");
        assert_eq!(es.starting_over_in(1), "Volverá a empezar en 1 segundo");
        assert_eq!(es.starting_over_in(2), "Volverá a empezar en 2 segundos");
    }

    #[test]
    fn pin_tries_and_lock_seconds_agree_with_the_number() {
        let (en, es) = (Strings::get("en"), Strings::get("es"));
        assert_eq!(
            en.pin_wrong(1),
            "Wrong PIN. 1 try left before the pad locks."
        );
        assert_eq!(
            en.pin_wrong(2),
            "Wrong PIN. 2 tries left before the pad locks."
        );
        assert_eq!(
            es.pin_wrong(1),
            "PIN incorrecto. Queda 1 intento antes de que el teclado se bloquee."
        );
        assert_eq!(
            es.pin_wrong(4),
            "PIN incorrecto. Quedan 4 intentos antes de que el teclado se bloquee."
        );
        assert_eq!(
            en.pin_locked(1),
            "Too many wrong tries. The pad is locked for 1 more second."
        );
        assert_eq!(
            en.pin_locked(60),
            "Too many wrong tries. The pad is locked for 60 more seconds."
        );
        assert_eq!(
            es.pin_locked(1),
            "Demasiados intentos incorrectos. El teclado está bloqueado 1 segundo más."
        );
        assert_eq!(
            es.pin_locked(45),
            "Demasiados intentos incorrectos. El teclado está bloqueado 45 segundos más."
        );
    }

    #[test]
    fn digits_questions_and_sessions_agree_with_the_number() {
        let (en, es) = (Strings::get("en"), Strings::get("es"));
        assert_eq!(en.digits_entered(1), "1 digit entered");
        assert_eq!(en.digits_entered(4), "4 digits entered");
        assert_eq!(en.digits_entered(0), "0 digits entered");
        assert_eq!(es.digits_entered(1), "1 dígito escrito");
        assert_eq!(es.digits_entered(3), "3 dígitos escritos");
        assert_eq!(en.my_questions_count(1), "My questions (1)");
        assert_eq!(en.my_questions_count(2), "My questions (2)");
        assert_eq!(es.my_questions_count(1), "Mis preguntas (1)");
        assert_eq!(es.my_questions_count(2), "Mis preguntas (2)");
        assert_eq!(es.handout_questions(2), "Sus preguntas (2)");
        assert_eq!(
            en.usage_day("2025-01-02", 1, "aftercare"),
            "2025-01-02: 1 session. Topics: aftercare"
        );
        assert_eq!(
            es.usage_day("2025-01-02", 3, "cuidados"),
            "2025-01-02: 3 sesiones. Temas: cuidados"
        );
        assert_eq!(
            es.usage_day("2025-01-02", 1, "cuidados"),
            "2025-01-02: 1 sesión. Temas: cuidados"
        );
    }

    #[test]
    fn no_string_has_unicode_isolation_marks_or_unfilled_variables() {
        for (code, _) in BUILT_IN {
            for s in [Strings::get(code), &parsed(code)] {
                for text in everything(s) {
                    assert!(
                        !text.contains(['\u{2068}', '\u{2069}']),
                        "{code}: isolation marks in {text:?}"
                    );
                    assert!(
                        !text.contains(['{', '}', '$']),
                        "{code}: unfilled in {text:?}"
                    );
                    assert!(!text.trim().is_empty(), "{code}");
                }
            }
        }
    }

    #[test]
    fn strings_can_be_shared_between_threads() {
        fn shared<T: Send + Sync + 'static>(_: &T) {}
        shared(Strings::get("en"));
    }
}
