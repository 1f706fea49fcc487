//! Language help: the notice that free language help is available, in the languages a
//! clinic's patients read (Section 1557 of the Affordable Care Act asks US clinics for the
//! 15 languages most spoken by people with limited English in their state), and the
//! interpreter card a patient shows staff.
//!
//! The notices are content: `content/language-help/languages.toml`, built in, which a
//! clinic's folder or pack corrects or extends entry by entry; `states.toml` holds each
//! state's list. Which languages show is a setting (`language_help_state` or
//! `language_help_languages`). Nothing here draws; `layout` prepares the lines the screen
//! and the handout draw, in the fonts of `fonts`.

pub mod fonts;
pub mod layout;
pub mod states;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::config::Settings;
use crate::content::ContentSource;
use fonts::FontKey;

/// Where the notices are, in the built-in content and a clinic's folder.
pub const FILE: &str = "language-help/languages.toml";

/// The English sentence of every notice, shown to staff and spoken where there is no voice.
pub const NOTICE_EN: &str = "Free language help is available. Show this screen to the front desk.";

/// One language's notice and card, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    pub code: String,
    /// Its own name in its own script ("Tiếng Việt").
    pub name: String,
    /// Its name in English ("Vietnamese").
    pub english: String,
    pub font: FontKey,
    /// The espeak-ng voice, if it has one.
    pub voice: Option<String>,
    pub tagline: String,
    pub show: String,
    pub card: String,
    /// Where the tagline and the other sentences came from, in words.
    pub tagline_source: String,
    pub text_source: String,
}

impl Language {
    /// Right to left (Arabic, Persian, Urdu, Yiddish).
    pub fn rtl(&self) -> bool {
        self.font.is_rtl()
    }

    /// The notice: the tagline, then "show this screen to the front desk" where written.
    pub fn notice(&self) -> String {
        if self.show.is_empty() {
            self.tagline.clone()
        } else if self.tagline.ends_with(['。', '！', '？']) {
            // Chinese and Japanese put no space after a full stop.
            format!("{}{}", self.tagline, self.show)
        } else {
            format!("{} {}", self.tagline, self.show)
        }
    }

    /// The card's English lines, for staff.
    pub fn card_english(&self) -> String {
        format!("I speak {}. I need an interpreter, please.", self.english)
    }

    /// Everything in this language's own script that the kiosk draws.
    fn texts(&self) -> [&str; 4] {
        [&self.name, &self.tagline, &self.show, &self.card]
    }
}

/// The languages shown, in the clinic's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LanguageHelp {
    languages: Vec<Language>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    language: Vec<RawLanguage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: String,
    name: String,
    english: String,
    script: String,
    #[serde(default)]
    voice: String,
    tagline: String,
    #[serde(default)]
    show: String,
    #[serde(default)]
    card: String,
    tagline_source: String,
    #[serde(default)]
    text_source: String,
}

/// Read one languages file: its checked entries, and a problem for each one left out.
fn parse(text: &str, file: &str) -> (Vec<Language>, Vec<String>) {
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e
                .span()
                .map(|s| format!(":{}", crate::toml_error::line_of(text, s.start)))
                .unwrap_or_default();
            return (
                Vec::new(),
                vec![format!("{file}{line}: {}", e.message().trim())],
            );
        }
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for l in raw.language {
        let at = format!("{file}: language {:?}", l.code);
        if !crate::config::is_language_code(&l.code) {
            problems.push(format!(
                "{at}: the code must be lowercase, such as \"vi\" or \"zh-hant\"; left out"
            ));
            continue;
        }
        let Some(font) = FontKey::for_script(&l.script) else {
            let known: Vec<&str> = fonts::SCRIPTS.iter().map(|(s, _)| *s).collect();
            problems.push(format!(
                "{at}: script {:?} is not one the kiosk has a font for ({}); left out",
                l.script,
                known.join(", ")
            ));
            continue;
        };
        if l.name.trim().is_empty() || l.tagline.trim().is_empty() || l.english.trim().is_empty() {
            problems.push(format!(
                "{at}: name, english and tagline are needed; left out"
            ));
            continue;
        }
        let mut source = |key: &str| {
            raw.sources.get(key).cloned().unwrap_or_else(|| {
                if key.is_empty() {
                    String::new()
                } else {
                    problems.push(format!("{at}: source {key:?} is not in [sources]"));
                    key.to_owned()
                }
            })
        };
        let tagline_source = source(&l.tagline_source);
        let text_source = source(&l.text_source);
        let lang = Language {
            code: l.code,
            name: l.name.trim().to_owned(),
            english: l.english.trim().to_owned(),
            font,
            voice: Some(l.voice.trim().to_owned()).filter(|v| !v.is_empty()),
            tagline: l.tagline.trim().to_owned(),
            show: l.show.trim().to_owned(),
            card: l.card.trim().to_owned(),
            tagline_source,
            text_source,
        };
        let missing: Vec<char> = lang
            .texts()
            .iter()
            .flat_map(|t| fonts::missing(t, font))
            .collect();
        if !missing.is_empty() {
            let shown: String = missing.iter().collect();
            problems.push(format!(
                "{at}: the kiosk's fonts have no glyph for {shown:?}; they show as boxes until \
                 assets/fonts/subset.sh is run on this file and the kiosk is built again"
            ));
        }
        out.push(lang);
    }
    (out, problems)
}

/// Every built-in language, in the file's order.
pub fn built_in() -> Vec<Language> {
    let source = crate::content::EmbeddedSource;
    let text = source
        .read_text(FILE)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    parse(&text, &source.describe(FILE)).0
}

/// The built-in languages, corrected and extended by `source`'s own file (when it has one):
/// an entry replaces the built-in one with the same code, or is added.
pub fn available(source: &dyn ContentSource) -> (Vec<Language>, Vec<String>) {
    let mut all = built_in();
    let mut problems = Vec::new();
    let embedded = source.describe(FILE) == crate::content::EmbeddedSource.describe(FILE);
    if !embedded && let Ok(bytes) = source.read_text(FILE) {
        let file = source.describe(FILE);
        match String::from_utf8(bytes) {
            Ok(text) => {
                let (theirs, p) = parse(&text, &file);
                problems.extend(p);
                for l in theirs {
                    match all.iter_mut().find(|a| a.code == l.code) {
                        Some(a) => *a = l,
                        None => all.push(l),
                    }
                }
            }
            Err(_) => problems.push(format!(
                "{file}: is not UTF-8 text; the built-in notices are shown"
            )),
        }
    }
    (all, problems)
}

impl LanguageHelp {
    /// The languages the settings ask for, from those `source` has (built in or the
    /// clinic's), with the problems of the clinic's file and a staff warning for each
    /// asked-for language without a notice (settings problems).
    pub fn load(
        source: &dyn ContentSource,
        settings: &Settings,
    ) -> (Self, Vec<String>, Vec<String>) {
        let (all, content_problems) = available(source);
        let mut problems = Vec::new();
        let (codes, asked_by) = wanted(settings);
        let mut languages: Vec<Language> = Vec::new();
        for code in codes {
            match all.iter().find(|l| l.code == code) {
                Some(l) if !languages.iter().any(|x| x.code == code) => languages.push(l.clone()),
                Some(_) => {}
                None => problems.push(format!(
                    "{asked_by} asks for {code:?}, which has no notice: add it in the content \
                     folder's {FILE}"
                )),
            }
        }
        (Self { languages }, content_problems, problems)
    }

    /// Just these languages (tests, tools).
    pub fn of(languages: Vec<Language>) -> Self {
        Self { languages }
    }

    pub fn languages(&self) -> &[Language] {
        &self.languages
    }

    pub fn get(&self, i: usize) -> Option<&Language> {
        self.languages.get(i)
    }

    pub fn is_empty(&self) -> bool {
        self.languages.is_empty()
    }
}

/// The codes the settings ask for, and which setting asked (for warnings).
fn wanted(settings: &Settings) -> (Vec<String>, String) {
    if !settings.language_help_languages.is_empty() {
        return (
            settings.language_help_languages.clone(),
            "the setting language_help_languages".to_owned(),
        );
    }
    let state = if settings.language_help_state.is_empty() {
        states::NATIONWIDE
    } else {
        settings.language_help_state.as_str()
    };
    let codes = states::list(state).unwrap_or_default();
    (
        codes,
        format!("the list for {state} (content/language-help/states.toml)"),
    )
}

/// Speech: an utterance in another language than the patient's, as the screens hand it to
/// speech mode. The language travels inside the text, between two private-use characters,
/// so the spoken item and repeat keep it; [`untag`] takes it out before speaking.
pub fn tag(lang: &str, text: &str) -> String {
    format!("\u{E000}{lang}\u{E001}{text}")
}

/// The language a [`tag`]ged text asks for, and the text without the tag.
pub fn untag(text: &str) -> (Option<&str>, String) {
    if let Some(rest) = text.strip_prefix('\u{E000}')
        && let Some((lang, said)) = rest.split_once('\u{E001}')
    {
        return (Some(lang), said.to_owned());
    }
    (None, text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_language_reads_and_every_character_has_a_glyph() {
        let source = crate::content::EmbeddedSource;
        let text = String::from_utf8(source.read_text(FILE).unwrap()).unwrap();
        let (langs, problems) = parse(&text, FILE);
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(langs.len() >= 25, "{}", langs.len());
        for l in &langs {
            for t in l.texts() {
                assert!(fonts::missing(t, l.font).is_empty(), "{}: {t}", l.code);
            }
        }
    }

    #[test]
    fn a_tag_carries_the_language_and_comes_off() {
        let t = tag("vi", "Tiếng Việt");
        assert_eq!(untag(&t), (Some("vi"), "Tiếng Việt".to_owned()));
        assert_eq!(untag("plain"), (None, "plain".to_owned()));
    }
}
