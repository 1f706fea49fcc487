//! The handout's own wording (headings, the note, "Page 1 of 3") in each language, kept
//! apart from the kiosk's interface words so the printed page can change without touching
//! the screens. The table is `words.toml`, built into the binary.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::Datelike as _;
use serde::Deserialize;

/// One language's handout wording, exactly as in `words.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// The big title under the clinic's details.
    pub title: String,
    /// "Printed on {date}".
    pub printed_on: String,
    /// How a date is written, from `{day}`, `{month}` (a name from `months`) and `{year}`.
    pub date: String,
    pub months: [String; 12],
    pub phone: String,
    pub address: String,
    pub website: String,
    /// Under the QR code.
    pub scan_website: String,
    pub general_info: String,
    pub your_questions: String,
    pub questions_intro: String,
    /// Beside the ruled lines under each question.
    pub answers: String,
    /// "Page {n} of {total}".
    pub page_of: String,
}

const WORDS_TOML: &str = include_str!("words.toml");

/// The language every other one falls back to.
pub const FALLBACK: &str = "en";

fn table() -> Result<&'static BTreeMap<String, Words>, String> {
    static TABLE: OnceLock<Result<BTreeMap<String, Words>, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            toml::from_str(WORDS_TOML).map_err(|e| format!("src/handout/words.toml: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The wording for `lang`, or English when the table has no such language.
pub fn for_lang(lang: &str) -> Result<&'static Words, String> {
    let table = table()?;
    table
        .get(lang)
        .or_else(|| table.get(FALLBACK))
        .ok_or_else(|| format!("src/handout/words.toml has no [{FALLBACK}] section"))
}

/// Languages the table has wording for.
pub fn languages() -> Vec<String> {
    table()
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

impl Words {
    /// A date written out for a patient: "November 25, 2026" or "25 de noviembre de 2026".
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        let month = self
            .months
            .get(date.month0() as usize)
            .map_or("", String::as_str);
        self.date
            .replace("{day}", &date.day().to_string())
            .replace("{month}", month)
            .replace("{year}", &date.year().to_string())
    }

    pub fn printed_on(&self, date: chrono::NaiveDate) -> String {
        self.printed_on.replace("{date}", &self.date(date))
    }

    pub fn page_of(&self, n: usize, total: usize) -> String {
        self.page_of
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_parses_and_english_is_there() {
        let langs = languages();
        assert!(langs.contains(&"en".to_owned()), "{langs:?}");
        assert!(langs.contains(&"es".to_owned()), "{langs:?}");
        for lang in langs {
            let w = for_lang(&lang).unwrap();
            assert!(w.page_of.contains("{n}") && w.page_of.contains("{total}"));
            assert!(w.printed_on.contains("{date}"), "{lang}");
        }
    }

    #[test]
    fn dates_and_page_numbers_read_naturally() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(for_lang("en").unwrap().date(d), "November 25, 2026");
        assert_eq!(
            for_lang("es").unwrap().printed_on(d),
            "Impreso el 25 de noviembre de 2026"
        );
        assert_eq!(for_lang("es").unwrap().page_of(1, 3), "Página 1 de 3");
        // A language without wording prints in English rather than failing.
        assert_eq!(for_lang("fr").unwrap().page_of(2, 2), "Page 2 of 2");
    }
}
