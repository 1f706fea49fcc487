//! The clinic's settings file (TOML): who they are, what they charge, how the kiosk behaves.
//! A missing file means defaults; a broken one means defaults plus a warning for staff,
//! never a kiosk that will not start.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Paper;
use crate::content::Placeholders;
use crate::kiosk::PinHash;

pub use super::read::is_language_code;
use super::read::{self, Reading, Said};
use super::table::settings_table;

/// One key of the table: what the example file, the README and the staff menu say of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    /// The heading it is listed under.
    pub section: &'static str,
    /// What it does, its values and its bounds, in one sentence or two.
    pub help: &'static str,
    /// Its label's id in the interface words (`setting-KEY`).
    pub label: &'static str,
}

/// Who sees the clinic's text in their language: `s.clinic_name_set_in(lang)` and so on.
type InLang = for<'a> fn(&'a Settings, &str) -> &'a str;

fn in_lang(get: InLang) -> impl Fn(&Settings, &str, &crate::i18n::Strings) -> String {
    move |s, lang, _| get(s, lang).to_owned()
}

// The one table of settings: every key, its type, default, reader and help. The struct,
// its default, the reading, the staff menu's rows and labels, the shipped example file and
// the README's block are all made from it (see `table.rs`).
settings_table! {
    section "The clinic, as patients see it" {
        clinic_name: String = String::new(),
            read read::text,
            show in_lang(Settings::clinic_name_set_in),
            help "On the welcome screen (empty: \"Patient information\"); fills {clinic_name} in the text (empty: \"this clinic\").";
        clinic_phone: String = String::new(),
            read read::text,
            help "Fills {clinic_phone}; if empty, the text's {if clinic_phone}...{else}...{end} says to ask the front desk.";
        clinic_address: String = String::new(),
            read read::text,
            help "Only shown in the staff menu.";
        clinic_website: String = String::new(),
            read read::text,
            help "On the handout, with a QR code.";
        price_range: String = String::new(),
            read read::text,
            show in_lang(Settings::price_range_in),
            help "Fills {price_range}: what one visit costs here, as patients should read it (empty: no price is shown as this clinic's).";
        content_owner: String = String::new(),
            read read::text,
            show in_lang(Settings::content_owner_in),
            help "Who wrote and checked the text, e.g. \"Written by our nurses, checked by Dr Lee\": on the welcome screen and the handout (empty: nothing).";
    }

    section "Patients' time" {
        idle_seconds: u64 = 90,
            read read::whole(MIN_IDLE_SECONDS..=MAX_IDLE_SECONDS, "seconds"),
            help "Seconds without a touch before \"Need more time?\" (15 to 3600).";
        countdown_seconds: u64 = 30,
            read read::whole(MIN_COUNTDOWN_SECONDS..=MAX_COUNTDOWN_SECONDS, "seconds"),
            help "Seconds the prompt counts down before the kiosk forgets the patient and starts over (20 to 300).";
    }

    section "Staff and the screen" {
        #[serde(skip_serializing_if = "Option::is_none")]
        pin_hash: Option<PinHash> = None,
            read read::pin_hash,
            help "Argon2 hash of the staff PIN, written by `set-pin`; empty turns staff access off. For a fleet: `patient-kiosk set-pin --config /etc/patient-kiosk/settings.d/50-pin.toml` as root.";
        hide_cursor: bool = false,
            read read::flag,
            help "true hides the mouse pointer (touch screens).";
    }

    section "Handouts" {
        printer: String = String::new(),
            read read::text,
            help "The CUPS queue for handouts; empty: the system's default printer.";
        handout_dir: String = String::new(),
            read read::text,
            help "Where handout PDFs that did not print are kept for staff for a day; empty: the data folder's handouts.";
        paper: Paper = Paper::Letter,
            read read::paper,
            help "Handout paper: \"letter\" or \"a4\".";
    }

    section "Languages" {
        languages: Vec<String> = vec!["en".into(), "es".into()],
            read read::language_codes("[\"en\", \"es\"]", true, None),
            help "Languages offered to patients, among those the content has: lowercase codes such as \"en\", \"es\" or \"es-419\".";
        language_help_state: String = String::new(),
            read read::state,
            help "Language help in this US state's top 15 languages, e.g. \"CA\"; empty: the nationwide list (see \"Language help\" in the README).";
        language_help_languages: Vec<String> = Vec::new(),
            read read::language_codes("[\"vi\", \"zh-hant\"]", false, Some("using language_help_state")),
            help "Or language help in these languages by code, in this order, e.g. [\"vi\", \"zh-hant\", \"ar\"]; when set, the state is not used.";
    }

    section "The talking kiosk" {
        speech_command: Vec<String> = crate::system::speech::DEFAULT_COMMAND
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            read read::text_list(read::speech_command),
            show |s: &Settings, _: &str, _: &crate::i18n::Strings| s.speech_command.join(" "),
            help "The speech engine: a program and its arguments, given each utterance on standard input, with {voice}, {lang}, {rate}, {volume}, {rate_percent} and {volume_percent} filled in.";
        start_in_speech_mode: bool = false,
            read read::flag,
            help "true: every patient starts in speech mode (a kiosk with a headset and an audio keypad).";
        speech_help_keys: Vec<String> = vec!["F1".into()],
            read read::text_list(read::key_names),
            help "Keys that ask for spoken help, by name: \"F1\"..\"F35\", \"Questionmark\", \"Home\", ...";
    }

    section "Signed content packs" {
        pack_url: String = String::new(),
            read read::text,
            help "Where the signed content pack is: \"https://...\", \"http://...\" or a path (USB stick, synced folder) of FILE.tar, with FILE.tar.minisig beside it; empty: no packs.";
        pack_public_key: String = String::new(),
            read read::text,
            help "The minisign public key packs are signed with: the second line of its .pub file. While keys are rotated, several, one per line in a \"\"\"...\"\"\" string.";
        update_minutes: u64 = 60,
            read read::whole(UPDATE_MINUTES, "minutes"),
            help "How often the running kiosk checks pack_url, in minutes (5 to 10080).";
    }

    section "Metrics for Prometheus" {
        metrics_file: String = String::new(),
            read read::prom_file,
            help "A .prom file in node exporter's textfile folder, e.g. \"/var/lib/prometheus/node-exporter/patient_kiosk.prom\" (see docs/deploy.md); empty: none.";
    }

    language [clinic_name, price_range, content_owner];
}

/// A value as the staff menu shows it (empty when not set).
trait Shown {
    fn shown(&self, words: &crate::i18n::Strings) -> String;
}

impl Shown for String {
    fn shown(&self, _: &crate::i18n::Strings) -> String {
        self.clone()
    }
}

impl Shown for u64 {
    fn shown(&self, _: &crate::i18n::Strings) -> String {
        self.to_string()
    }
}

impl Shown for bool {
    fn shown(&self, words: &crate::i18n::Strings) -> String {
        if *self { &words.yes } else { &words.no }.clone()
    }
}

impl Shown for Vec<String> {
    fn shown(&self, _: &crate::i18n::Strings) -> String {
        self.join(", ")
    }
}

impl Shown for Option<PinHash> {
    fn shown(&self, words: &crate::i18n::Strings) -> String {
        match self {
            Some(_) => words.pin_is_set.clone(),
            None => String::new(),
        }
    }
}

impl Shown for Paper {
    fn shown(&self, _: &crate::i18n::Strings) -> String {
        self.name().to_owned()
    }
}

/// How often the kiosk may look for a new content pack, in minutes (5 minutes to a week).
pub const UPDATE_MINUTES: std::ops::RangeInclusive<u64> = 5..=10080;

/// Shortest countdown allowed (WCAG 2.2.1 asks for at least 20 seconds to respond).
pub const MIN_COUNTDOWN_SECONDS: u64 = 20;
/// Longest countdown accepted: longer, and a walked-away patient's picks stay on screen.
pub const MAX_COUNTDOWN_SECONDS: u64 = 300;
/// Shortest idle time accepted, so a typo cannot make the kiosk reset while people read.
pub const MIN_IDLE_SECONDS: u64 = 15;
/// Largest settings file read (a real one is a few KB).
pub const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;
/// Longest idle time accepted (an hour), so a typo cannot keep a patient's visit on screen
/// for the next one, nor overflow the clock.
pub const MAX_IDLE_SECONDS: u64 = 3600;

/// A settings problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {field}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct SettingsError {
    pub file: String,
    pub line: Option<usize>,
    pub field: String,
    pub message: String,
}

use read::LEFT_OUT;
/// What the lenient reading does with a file it cannot read at all.
const WHOLE_FILE_DEFAULTS: &str = "using the default settings";

impl SettingsError {
    /// What is done instead, as the lenient reading wrote it after the problem.
    fn fallback(&self) -> Option<&str> {
        self.message.rsplit_once("; ").map(|(_, f)| f)
    }

    /// Say what is really done instead (a layer below keeps its value).
    fn set_fallback(&mut self, fallback: &str) {
        let problem = self
            .message
            .rsplit_once("; ")
            .map_or(self.message.as_str(), |(p, _)| p);
        self.message = format!("{problem}; {fallback}");
    }
}

/// Settings as loaded: the values in use and any warnings for staff.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub settings: Settings,
    pub path: Option<PathBuf>,
    pub warnings: Vec<SettingsError>,
    /// Which file set each key ("idle_seconds", "es.price_range"); a key not here is its
    /// default.
    pub sources: BTreeMap<String, PathBuf>,
}

impl Settings {
    /// Strict: the settings only if the whole file is right (every key known, every value
    /// of the right type and within its bounds), else its first problem by line. For
    /// `set-pin` and checks; the kiosk itself reads with [`Settings::parse_lenient`].
    pub fn parse(text: &str, file: &str) -> Result<Settings, SettingsError> {
        let (settings, problems) = parse_fields(text, file);
        match problems.into_iter().next() {
            Some((e, _)) => Err(e),
            None => Ok(settings),
        }
    }

    /// Every problem the strict reading finds, in line order (empty when [`Settings::parse`]
    /// accepts the text): for `set-pin`, which refuses to write over any of them.
    pub fn problems(text: &str, file: &str) -> Vec<SettingsError> {
        parse_fields(text, file)
            .1
            .into_iter()
            .map(|(e, _)| e)
            .collect()
    }

    /// Lenient: what the kiosk runs on. Each wrong field takes its default alone (the
    /// others, the PIN among them, keep their values), an unknown key is skipped, and text
    /// that is not TOML gives the defaults; every problem comes back as a warning naming
    /// file, line and field, in line order. No warnings means [`Settings::parse`] accepts
    /// the same text.
    pub fn parse_lenient(text: &str, file: &str) -> (Settings, Vec<SettingsError>) {
        let (settings, problems) = parse_fields(text, file);
        let warnings = problems
            .into_iter()
            .map(|(mut e, fallback)| {
                e.message.push_str("; ");
                e.message.push_str(&fallback);
                e
            })
            .collect();
        (settings, warnings)
    }

    /// Load from `path` leniently ([`Settings::parse_lenient`]): a missing file gives the
    /// defaults; a wrong field its default and a warning; unreadable, non-UTF-8 or non-TOML
    /// text the defaults and one warning.
    pub fn load(path: &Path) -> Loaded {
        let path = path.to_path_buf();
        let file = path.display().to_string();
        // A FIFO or device named settings.toml must not hang the kiosk: regular files only.
        let read = crate::content::source::read_regular_file(&path, MAX_SETTINGS_BYTES)
            .map_err(std::io::Error::other);
        let read = match read {
            Err(_) if !path.exists() => Err(std::io::Error::from(std::io::ErrorKind::NotFound)),
            other => other,
        };
        let text = match read {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    return Loaded {
                        settings: Settings::default(),
                        path: Some(path),
                        warnings: vec![SettingsError {
                            file,
                            line: None,
                            field: "(file)".into(),
                            message: format!("is not UTF-8 text; {WHOLE_FILE_DEFAULTS}"),
                        }],
                        ..Loaded::default()
                    };
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Loaded {
                    path: Some(path),
                    ..Loaded::default()
                };
            }
            Err(e) => {
                return Loaded {
                    settings: Settings::default(),
                    path: Some(path),
                    warnings: vec![SettingsError {
                        file,
                        line: None,
                        field: "(file)".into(),
                        message: format!("cannot be read ({e}); {WHOLE_FILE_DEFAULTS}"),
                    }],
                    ..Loaded::default()
                };
            }
        };
        let (settings, warnings) = Settings::parse_lenient(&text, &file);
        let sources = keys_set(&text)
            .into_iter()
            .map(|k| (k, path.clone()))
            .collect();
        Loaded {
            settings,
            path: Some(path),
            warnings,
            sources,
        }
    }

    /// Load the layers in order, each key from the last file that sets it well: the
    /// machine-wide file (managed by IT), then the kiosk user's own file, then `--config`
    /// ([`crate::machine::Folders::settings_layers`]). A key a file gets wrong keeps the
    /// value below it (with a warning naming the file, line and field, and which value is
    /// kept). `sources` says where each value came from. A file listed twice is read
    /// once; a missing one is skipped.
    pub fn load_layers(paths: &[PathBuf]) -> Loaded {
        let mut layers: Vec<PathBuf> = Vec::new();
        for p in paths {
            if !layers.contains(p) {
                layers.push(p.clone());
            }
        }
        let mut out = Loaded::default();
        for path in layers {
            let mut layer = Self::load(&path);
            let whole_file = |w: &SettingsError| {
                w.field == "(file)" || w.fallback() == Some(WHOLE_FILE_DEFAULTS)
            };
            if layer.warnings.iter().any(whole_file) {
                for w in &mut layer.warnings {
                    // The other files still count: say so, not "the defaults".
                    w.set_fallback(
                        "this file is skipped; the other settings files and the defaults are used",
                    );
                }
                out.warnings.extend(layer.warnings);
                continue;
            }
            // A key is wrong when its value is not used; a list that lost one bad entry is
            // still used.
            let wrong: Vec<String> = layer
                .warnings
                .iter()
                .filter(|w| w.fallback() != Some(LEFT_OUT))
                .map(|w| w.field.clone())
                .collect();
            for w in &mut layer.warnings {
                if wrong.contains(&w.field)
                    && let Some(below) = out.sources.get(&w.field)
                {
                    let kept = out.settings.value_text(&w.field);
                    w.set_fallback(&format!("keeping {kept} from {}", below.display()));
                }
            }
            // `load` read the file once and noted the keys it sets.
            for key in layer.sources.into_keys() {
                if wrong.contains(&key) {
                    continue;
                }
                out.settings.take(&layer.settings, &key);
                out.sources.insert(key, path.clone());
            }
            out.warnings.extend(layer.warnings);
            out.path = Some(path);
        }
        out
    }

    /// How the value of `key` ("idle_seconds", "es.price_range") reads in a message: as
    /// written in a settings file ("the PIN" for the PIN hash, which is never shown).
    fn value_text(&self, key: &str) -> String {
        if key == "pin_hash" {
            return "the PIN".to_owned();
        }
        self.written(key)
            .unwrap_or_else(|| "its default".to_owned())
    }

    /// The value of `key` ("idle_seconds", "es.price_range") as a settings file writes it
    /// (`90`, `["en", "es"]`); `None` for a value that is not there (no PIN, no language
    /// table).
    pub fn written(&self, key: &str) -> Option<String> {
        let Ok(toml::Value::Table(table)) = toml::Value::try_from(self) else {
            return None;
        };
        let value = match key.split_once('.') {
            Some((lang, field)) => table.get(lang).and_then(|t| t.get(field)),
            None => table.get(key),
        };
        value.map(ToString::to_string)
    }

    /// Copy `key` ("idle_seconds", or "es.price_range") from `other`.
    fn take(&mut self, other: &Settings, key: &str) {
        match key.split_once('.') {
            Some((lang, field)) => {
                let mut from = other.by_language.get(lang).cloned().unwrap_or_default();
                let to = self.by_language.entry(lang.to_owned()).or_default();
                if let (Some(from), Some(to)) = (from.slot(field), to.slot(field)) {
                    *to = from.take();
                }
            }
            None => self.take_key(other, key),
        }
    }

    /// The clinic's name as the clinic set it for patients reading `lang` (its `[lang]`
    /// table, else `clinic_name`); empty when it set none.
    pub fn clinic_name_set_in(&self, lang: &str) -> &str {
        self.in_language(lang, |l| l.clinic_name.as_deref())
            .unwrap_or(&self.clinic_name)
            .trim()
    }

    /// The clinic's name as a title (the welcome screen, the handout's header) for
    /// patients reading `lang`; a neutral title ("Patient information") when it set none.
    pub fn clinic_name_in(&self, lang: &str) -> &str {
        match self.clinic_name_set_in(lang) {
            "" => &crate::i18n::Strings::get(lang).unnamed_clinic_title,
            name => name,
        }
    }

    /// What one treatment costs here, in `lang`'s words; empty when the clinic set no
    /// price (then no page names a price as this clinic's).
    pub fn price_range_in(&self, lang: &str) -> &str {
        self.in_language(lang, |l| l.price_range.as_deref())
            .unwrap_or(&self.price_range)
            .trim()
    }

    /// Who wrote and checked the text, in `lang`'s words; empty when not set.
    pub fn content_owner_in(&self, lang: &str) -> &str {
        self.in_language(lang, |l| l.content_owner.as_deref())
            .unwrap_or(&self.content_owner)
    }

    /// A value of the `[lang]` table, or of the table of `lang`'s base language
    /// (`es` for `es-419`).
    fn in_language<'a>(
        &'a self,
        lang: &str,
        field: impl Fn(&'a InLanguage) -> Option<&'a str>,
    ) -> Option<&'a str> {
        let base = lang.split('-').next().unwrap_or(lang);
        [lang, base]
            .into_iter()
            .find_map(|l| self.by_language.get(l).and_then(&field))
    }

    /// Values for the content's placeholders in `lang`. What the clinic has not set reads
    /// naturally all the same: the name as "this clinic" in `lang`, the phone as `no_phone`
    /// (the built-in text asks `{if clinic_phone}` and never needs it), the price as nothing.
    pub fn placeholders(&self, lang: &str, no_phone: &str) -> Placeholders {
        let name = self.clinic_name_set_in(lang);
        let phone = self.clinic_phone.trim();
        let price = self.price_range_in(lang);
        Placeholders {
            clinic_name: if name.is_empty() {
                crate::i18n::Strings::get(lang).this_clinic.clone()
            } else {
                name.to_owned()
            },
            clinic_phone: if phone.is_empty() {
                no_phone.to_owned()
            } else {
                phone.to_owned()
            },
            price_range: price.to_owned(),
            set: [!name.is_empty(), !phone.is_empty(), !price.is_empty()],
        }
    }

    pub fn staff_access_enabled(&self) -> bool {
        self.pin_hash.is_some()
    }
}

/// A problem with one field, and what the lenient reading does instead ("using the
/// default, 90").
type Problem = (SettingsError, String);

/// Read the file key by key into the defaults: a wrong value keeps its default and
/// becomes a problem, the other keys are still read.
fn parse_fields(text: &str, file: &str) -> (Settings, Vec<Problem>) {
    use toml::de::DeTable;

    let mut settings = Settings::default();
    let mut problems = Vec::new();
    let at = |field: &str, offset: Option<usize>, message: String| SettingsError {
        file: file.to_owned(),
        line: offset.map(|o| crate::toml_error::line_of(text, o)),
        field: field.to_owned(),
        message,
    };
    let table = match DeTable::parse(text) {
        Ok(table) => table.into_inner(),
        Err(e) => {
            let span = e.span();
            let error = at(
                &crate::toml_error::field_of(e.message(), span.as_ref(), text),
                span.map(|s| s.start),
                e.message().trim().to_owned(),
            );
            problems.push((error, WHOLE_FILE_DEFAULTS.to_owned()));
            return (settings, problems);
        }
    };
    let defaults = Settings::default();
    for (key, value) in table {
        let key_at = key.span().start;
        let key = key.into_inner();
        let mut said = |field: &str, s: Said| {
            problems.push((at(field, Some(s.offset), s.message), s.fallback));
        };
        let default = || defaults.value_text(&key);
        let mut reading = Reading::new(&value, &default);
        if settings.read_key(&key, &mut reading) {
            reading.said.into_iter().for_each(|s| said(&key, s));
            continue;
        }
        let table = value.get_ref().as_table();
        match table {
            Some(table) if is_language_code(&key) => {
                let entry = settings.by_language.entry(key.to_string()).or_default();
                for (sub, v) in table {
                    let field = format!("{key}.{}", sub.get_ref());
                    let ignoring = |offset, message| Said {
                        offset,
                        message,
                        fallback: "ignoring it".to_owned(),
                    };
                    let Some(slot) = entry.slot(sub.get_ref()) else {
                        let message = format!(
                            "unknown key; a language table may set {}",
                            LANGUAGE_KEYS.join(", ")
                        );
                        said(&field, ignoring(sub.span().start, message));
                        continue;
                    };
                    match v.get_ref().as_str() {
                        Some(text) => *slot = Some(text.to_owned()),
                        None => {
                            let message = format!(
                                "must be text in quotes, not {}",
                                read::type_of(v.get_ref())
                            );
                            said(&field, ignoring(v.span().start, message));
                        }
                    }
                }
            }
            _ => {
                let names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
                let message = format!(
                    "unknown key; the keys are {} and language tables such as [es]",
                    names.join(", ")
                );
                said(
                    &key,
                    Said {
                        offset: key_at,
                        message,
                        fallback: "ignoring it".to_owned(),
                    },
                );
            }
        }
    }
    // The table is in key order; staff read the file top to bottom.
    problems.sort_by_key(|(e, _)| e.line);
    (settings, problems)
}

/// The keys a settings text sets: top-level keys, and `lang.key` inside language tables.
fn keys_set(text: &str) -> Vec<String> {
    let Ok(table) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    for (key, value) in table.into_inner() {
        let key = key.into_inner();
        match value.get_ref().as_table() {
            Some(sub) if is_language_code(&key) => {
                keys.extend(sub.iter().map(|(k, _)| format!("{key}.{}", k.get_ref())));
            }
            _ => keys.push(key.into_owned()),
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_written_out_read_back_the_same_language_tables_included() {
        let mut s = Settings {
            content_owner: "Written by staff".into(),
            ..Settings::default()
        };
        s.by_language.entry("es".into()).or_default().clinic_name = Some("Clínica".into());
        let text = toml::to_string(&s).unwrap();
        assert!(text.contains("[es]"), "{text}");
        assert_eq!(Settings::parse(&text, "s.toml"), Ok(s));
    }

    #[test]
    fn paper_and_pin_hash_are_parsed_into_types() {
        let s = Settings::parse("paper = \"A4\"\npin_hash = \"\"\n", "settings.toml").unwrap();
        assert_eq!(s.paper, Paper::A4);
        assert_eq!(s.pin_hash, None, "an empty hash means no PIN");
        let hash = crate::kiosk::hash_pin("4821").unwrap();
        let text = format!("pin_hash = \"{}\"\n", hash.as_str());
        let s = Settings::parse(&text, "settings.toml").unwrap();
        assert_eq!(s.pin_hash, Some(hash));
    }

    #[test]
    fn a_wrong_paper_or_hash_names_its_line_and_field() {
        let e = Settings::parse("clinic_name = \"A\"\npaper = \"legal\"\n", "s.toml").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (Some(2), "paper"), "{e}");
        assert!(e.message.contains("letter"), "{e}");
        let e = Settings::parse("pin_hash = \"1234\"\n", "s.toml").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (Some(1), "pin_hash"), "{e}");
        assert!(e.message.contains("set-pin"), "{e}");
    }

    fn lenient(text: &str) -> (Settings, Vec<SettingsError>) {
        Settings::parse_lenient(text, "s.toml")
    }

    #[test]
    fn a_wrong_field_falls_back_alone_and_keeps_the_pin() {
        let hash = crate::kiosk::hash_pin("4821").unwrap();
        let text = format!(
            "# front desk\nclinic_name = \"Harbor\"\nidle_seconds = \"soon\"\npin_hash = \"{}\"\n",
            hash.as_str()
        );
        let (s, warnings) = lenient(&text);
        assert_eq!(s.pin_hash, Some(hash), "the PIN is kept");
        assert_eq!(s.clinic_name, "Harbor");
        assert_eq!(s.idle_seconds, 90);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let w = &warnings[0];
        assert_eq!(
            (w.file.as_str(), w.line, w.field.as_str()),
            ("s.toml", Some(3), "idle_seconds")
        );
        assert!(w.message.contains("using the default, 90"), "{w}");
        // The strict reading refuses the same text, naming the same place.
        let e = Settings::parse(&text, "s.toml").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (Some(3), "idle_seconds"));
    }

    #[test]
    fn every_bound_is_inclusive_and_one_past_it_is_refused() {
        for (field, ok, bad, bound) in [
            ("idle_seconds", 15, 14u64, "at least 15"),
            ("idle_seconds", 3600, 3601, "at most 3600"),
            ("countdown_seconds", 20, 19, "at least 20"),
            ("countdown_seconds", 300, 301, "at most 300"),
            ("idle_seconds", 90, u64::MAX, "at most 3600"),
            ("countdown_seconds", 30, u64::MAX, "at most 300"),
        ] {
            let s = Settings::parse(&format!("{field} = {ok}\n"), "s.toml").unwrap();
            let read = if field == "idle_seconds" {
                s.idle_seconds
            } else {
                s.countdown_seconds
            };
            assert_eq!(read, ok, "{field} = {ok}");

            let text = format!("clinic_name = \"A\"\n{field} = {bad}\n");
            let (s, warnings) = lenient(&text);
            let default = Settings::default();
            assert_eq!(
                (s.idle_seconds, s.countdown_seconds),
                (default.idle_seconds, default.countdown_seconds)
            );
            assert_eq!(s.clinic_name, "A");
            assert_eq!(warnings.len(), 1, "{field} = {bad}: {warnings:?}");
            let w = &warnings[0];
            assert_eq!((w.line, w.field.as_str()), (Some(2), field));
            assert!(w.message.contains(bound), "{field} = {bad}: {w}");
        }
    }

    #[test]
    fn numbers_past_u64_negative_or_not_whole_are_refused_with_their_bounds() {
        for value in [
            "-5",
            "99999999999999999999999",
            "0x7fffffffffffffff",
            "9.5",
            "\"90\"",
        ] {
            let (s, warnings) = lenient(&format!("idle_seconds = {value}\n"));
            assert_eq!(s.idle_seconds, 90, "{value}");
            assert_eq!(warnings.len(), 1, "{value}: {warnings:?}");
            let w = &warnings[0];
            assert_eq!(w.field, "idle_seconds");
            assert!(
                w.message.contains("15") || w.message.contains("3600"),
                "{value}: {w}"
            );
        }
    }

    #[test]
    fn bad_language_codes_are_left_out_and_the_good_ones_kept() {
        let (s, warnings) = lenient(
            "languages = [\n  \"en\",\n  \"-es\",\n  \"ES\",\n  \"\",\n  \"es-419\",\n  \"pt-br\",\n  7,\n]\n",
        );
        assert_eq!(s.languages, ["en", "es-419", "pt-br"]);
        let lines: Vec<_> = warnings
            .iter()
            .map(|w| (w.line, w.field.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (Some(3), "languages"),
                (Some(4), "languages"),
                (Some(5), "languages"),
                (Some(8), "languages")
            ],
            "{warnings:?}"
        );
        let (s, warnings) = lenient("languages = [\"ES\", \"-es\"]\n");
        assert_eq!(
            s.languages,
            Settings::default().languages,
            "none left: the default list"
        );
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        let (s, warnings) = lenient("languages = \"en\"\n");
        assert_eq!(s.languages, Settings::default().languages);
        assert_eq!(warnings.len(), 1);
        for good in ["en", "es", "es-419", "pt-br", "zh-hant", "fil"] {
            assert!(is_language_code(good), "{good}");
        }
        for bad in [
            "",
            "-es",
            "ES",
            "es-",
            "e",
            "engl",
            "es_419",
            "es--mx",
            "1a",
            "es-toolongtag",
        ] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn an_unknown_key_warns_with_its_line_and_the_rest_is_kept() {
        let text =
            "clinic_name = \"Harbor\"\ncolour = \"blue\"\nidle_seconds = 120\n[extra]\na = 1\n";
        let (s, warnings) = lenient(text);
        assert_eq!((s.clinic_name.as_str(), s.idle_seconds), ("Harbor", 120));
        let found: Vec<_> = warnings
            .iter()
            .map(|w| (w.line, w.field.as_str()))
            .collect();
        assert_eq!(
            found,
            [(Some(2), "colour"), (Some(4), "extra")],
            "{warnings:?}"
        );
        assert!(
            warnings[0].message.contains("unknown key"),
            "{}",
            warnings[0]
        );
        assert!(
            Settings::parse(text, "s.toml").is_err(),
            "strict refuses it"
        );
    }

    #[test]
    fn text_that_is_not_toml_gives_the_defaults_and_one_warning_with_its_line() {
        let (s, warnings) = lenient("clinic_name = \"Harbor\"\nthis is not toml\n");
        assert_eq!(s, Settings::default());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].line, Some(2));
        assert!(warnings[0].message.contains("using the default settings"));
    }

    #[test]
    fn wrong_types_name_the_field_and_keep_the_default() {
        let (s, warnings) =
            lenient("hide_cursor = \"yes\"\nclinic_phone = 5\npaper = 4\npin_hash = 1\n");
        assert_eq!(s, Settings::default());
        let fields: Vec<_> = warnings
            .iter()
            .map(|w| (w.line, w.field.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                (Some(1), "hide_cursor"),
                (Some(2), "clinic_phone"),
                (Some(3), "paper"),
                (Some(4), "pin_hash")
            ]
        );
    }

    #[test]
    fn a_wrong_key_over_the_machine_file_says_the_machine_value_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (etc, mine) = (dir.path().join("etc.toml"), dir.path().join("mine.toml"));
        let hash = crate::kiosk::hash_pin("4821").unwrap();
        std::fs::write(
            &etc,
            format!("idle_seconds = 120\npin_hash = \"{}\"\n", hash.as_str()),
        )
        .unwrap();
        std::fs::write(&mine, "idle_seconds = 5\npin_hash = \"nonsense\"\n").unwrap();
        let loaded = Settings::load_layers(&[etc.clone(), mine]);
        assert_eq!(loaded.settings.idle_seconds, 120);
        assert!(loaded.settings.staff_access_enabled());
        let said = |field: &str| {
            loaded
                .warnings
                .iter()
                .find(|w| w.field == field)
                .map(ToString::to_string)
                .unwrap_or_default()
        };
        let idle = said("idle_seconds");
        assert!(
            idle.ends_with(&format!("; keeping 120 from {}", etc.display())),
            "{idle}"
        );
        let pin = said("pin_hash");
        assert!(
            pin.ends_with(&format!("; keeping the PIN from {}", etc.display())),
            "{pin}"
        );
        assert!(!pin.contains("staff access is off"), "{pin}");
    }

    #[test]
    fn an_unreadable_file_among_the_layers_says_the_others_still_count() {
        let dir = tempfile::tempdir().unwrap();
        let etc = dir.path().join("etc.toml");
        std::fs::write(&etc, "clinic_name = \"Harbor Skin Clinic\"\n").unwrap();
        // A folder where the user's file should be: it cannot be read as settings.
        let mine = dir.path().join("mine.toml");
        std::fs::create_dir(&mine).unwrap();
        let loaded = Settings::load_layers(&[etc, mine.clone()]);
        assert_eq!(loaded.settings.clinic_name, "Harbor Skin Clinic");
        let w = loaded.warnings[0].to_string();
        assert!(w.starts_with(&mine.display().to_string()), "{w}");
        assert!(
            w.ends_with("this file is skipped; the other settings files and the defaults are used"),
            "{w}"
        );
        // A file that is not TOML at all is skipped the same way.
        std::fs::remove_dir(&mine).unwrap();
        std::fs::write(&mine, "clinic_name = [\n").unwrap();
        let loaded = Settings::load_layers(&[dir.path().join("etc.toml"), mine]);
        assert_eq!(loaded.settings.clinic_name, "Harbor Skin Clinic");
        assert!(
            loaded.warnings[0]
                .to_string()
                .ends_with("the other settings files and the defaults are used"),
            "{:?}",
            loaded.warnings
        );
    }

    #[test]
    fn layers_set_each_key_from_the_last_file_that_sets_it_well() {
        let dir = tempfile::tempdir().unwrap();
        let system = dir.path().join("etc.toml");
        let user = dir.path().join("user.toml");
        let missing = dir.path().join("missing.toml");
        std::fs::write(
            &system,
            "clinic_name = \"Chain Clinic\"\nidle_seconds = 120\nprinter = \"Front\"\n\
             price_range = \"$300\"\n[es]\nclinic_name = \"Clínica\"\n",
        )
        .unwrap();
        std::fs::write(
            &user,
            "idle_seconds = \"soon\"\nprinter = \"Back\"\n[es]\nprice_range = \"300 $\"\n",
        )
        .unwrap();
        let loaded = Settings::load_layers(&[system.clone(), missing, user.clone()]);
        let s = &loaded.settings;
        assert_eq!(s.clinic_name, "Chain Clinic");
        assert_eq!(s.idle_seconds, 120, "a wrong value keeps the layer below");
        assert_eq!(s.printer, "Back");
        assert_eq!(s.clinic_name_in("es"), "Clínica");
        assert_eq!(s.price_range_in("es"), "300 $");
        assert_eq!(s.price_range_in("en"), "$300");
        assert_eq!(loaded.sources["clinic_name"], system);
        assert_eq!(loaded.sources["printer"], user);
        assert_eq!(loaded.sources["idle_seconds"], system);
        assert_eq!(loaded.sources["es.price_range"], user);
        assert!(
            !loaded.sources.contains_key("paper"),
            "a default has no file"
        );
        assert_eq!(loaded.warnings.len(), 1);
        assert_eq!(loaded.warnings[0].field, "idle_seconds");
        assert!(loaded.warnings[0].file.ends_with("user.toml"));
        // A clinic price with no Spanish one of its own: never our built-in Spanish price.
        let only = Settings::load_layers(std::slice::from_ref(&system));
        assert_eq!(only.settings.price_range_in("es"), "$300");
    }

    #[test]
    fn the_speech_settings_are_checked_field_by_field() {
        let (s, warnings) = lenient(
            "speech_command = \"espeak-ng\"\nspeech_help_keys = [\"F1\", \"Hlep\"]\n\
             start_in_speech_mode = 1\n",
        );
        assert_eq!(s, Settings::default());
        let fields: Vec<_> = warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(
            fields,
            ["speech_command", "speech_help_keys", "start_in_speech_mode"]
        );
        assert!(
            warnings[1].message.contains("\"Hlep\""),
            "{:?}",
            warnings[1]
        );
        let (_, warnings) = lenient("speech_command = [\"sh\", \"-c\", \"say {speed}\"]\n");
        assert!(warnings[0].message.contains("{speed}"), "{:?}", warnings[0]);
        let (_, warnings) = lenient("speech_command = []\n");
        assert!(warnings[0].message.contains("empty"), "{:?}", warnings[0]);
        let (s, warnings) = lenient(
            "speech_command = [\"spd-say\", \"-e\", \"-l\", \"{lang}\"]\n\
             speech_help_keys = [\"F12\"]\nstart_in_speech_mode = true\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(s.speech_command, ["spd-say", "-e", "-l", "{lang}"]);
        assert_eq!(s.speech_help_keys, ["F12"]);
        assert!(s.start_in_speech_mode);
    }
}
