//! Interface words (buttons, prompts), one small TOML file per language, kept apart from
//! the page content. A language without its own file uses English.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// Every interface string. A file missing one fails to load (and a test loads them all).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
    page_of: String,
    pub my_questions: String,
    my_questions_count: String,
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
    starting_over_in: String,
    pub keep_reading: String,
    pub start_over_now: String,
    pub staff_hold_hint: String,
    /// Stands in for the clinic's phone number when none is set.
    pub no_phone: String,
    pub read_aloud: String,
    pub stop_reading: String,
    pub repeat: String,
    pub words_to_know: String,
    pub close: String,
    pub speech_unavailable: String,
    pub staff_access: String,
    pub staff_off: String,
    pub enter_pin: String,
    digits_entered: String,
    pub pin_delete: String,
    pub pin_ok: String,
    pub cancel: String,
    pin_wrong: String,
    pin_locked: String,
    pub pin_lock_ended: String,
    pub staff_menu: String,
    pub back_to_patient: String,
    pub walk_through: String,
    pub reload_content: String,
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
    handout_questions: String,
    pub handout_note: String,
    pub print: String,
    pub printing: String,
    pub printed: String,
    pub print_failed: String,
    pub done: String,
    /// Staff menu, "Settings in use": one label per row, in the order the menu shows them.
    pub settings_labels: [String; 11],
    pub not_set: String,
    pub pin_is_set: String,
    pub cursor_hidden: String,
    pub cursor_shown: String,
    idle_value: String,
    missing_translation: String,
    usage_day: String,
}

/// The interface languages built in, with their files.
pub const BUILT_IN: [(&str, &str); 2] = [
    ("en", include_str!("en.toml")),
    ("es", include_str!("es.toml")),
];

impl Strings {
    /// Parse one strings file.
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// The strings for `lang`, or English.
    pub fn get(lang: &str) -> &'static Strings {
        static ALL: OnceLock<HashMap<&'static str, Strings>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            BUILT_IN
                .iter()
                .filter_map(|(code, text)| match Strings::parse(text) {
                    Ok(s) => Some((*code, s)),
                    Err(e) => {
                        log::error!("interface strings for {code} are broken: {e}");
                        None
                    }
                })
                .collect()
        });
        all.get(lang)
            .or_else(|| all.get("en"))
            .expect("the built-in English strings parse (a test checks every built-in file)")
    }

    pub fn page_of(&self, n: usize, total: usize) -> String {
        self.page_of
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string())
    }

    pub fn my_questions_count(&self, n: usize) -> String {
        self.my_questions_count.replace("{n}", &n.to_string())
    }

    pub fn starting_over_in(&self, seconds: u64) -> String {
        self.starting_over_in.replace("{s}", &seconds.to_string())
    }

    pub fn handout_questions(&self, n: usize) -> String {
        self.handout_questions.replace("{n}", &n.to_string())
    }

    pub fn idle_value(&self, idle: u64, countdown: u64) -> String {
        self.idle_value
            .replace("{idle}", &idle.to_string())
            .replace("{countdown}", &countdown.to_string())
    }

    pub fn missing_translation(&self, what: &str) -> String {
        self.missing_translation.replace("{what}", what)
    }

    pub fn usage_day(&self, day: &str, sessions: u64, topics: &str) -> String {
        self.usage_day
            .replace("{day}", day)
            .replace("{n}", &sessions.to_string())
            .replace("{topics}", topics)
    }

    pub fn digits_entered(&self, n: usize) -> String {
        self.digits_entered.replace("{n}", &n.to_string())
    }

    pub fn pin_wrong(&self, tries_left: u32) -> String {
        self.pin_wrong.replace("{n}", &tries_left.to_string())
    }

    pub fn pin_locked(&self, seconds: u64) -> String {
        self.pin_locked.replace("{s}", &seconds.to_string())
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
    use super::*;

    #[test]
    fn every_built_in_strings_file_parses_with_every_field() {
        for (code, text) in BUILT_IN {
            let s = Strings::parse(text).unwrap_or_else(|e| panic!("{code}: {e}"));
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
    fn counts_and_pages_are_filled_in() {
        let en = Strings::get("en");
        assert_eq!(en.page_of(2, 4), "Page 2 of 4");
        assert_eq!(en.my_questions_count(3), "My questions (3)");
        assert_eq!(
            Strings::get("es").starting_over_in(20),
            "Volverá a empezar en 20 segundos"
        );
    }
}
