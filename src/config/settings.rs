//! The clinic's settings file (TOML): who they are, what they charge, how the kiosk behaves.
//! A missing file means defaults; a broken one means defaults plus a warning for staff,
//! never a kiosk that will not start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Paper;
use crate::content::Placeholders;
use crate::kiosk::PinHash;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub clinic_name: String,
    pub clinic_phone: String,
    pub clinic_address: String,
    pub clinic_website: String,
    /// What one visit costs at this clinic, as patients should read it.
    pub price_range: String,
    /// Seconds without a touch before the "Need more time?" prompt.
    pub idle_seconds: u64,
    /// Seconds the prompt counts down before the kiosk starts over (at least 20).
    pub countdown_seconds: u64,
    /// Argon2 hash of the staff PIN (`patient-kiosk set-pin`); none (or empty) turns staff
    /// access off.
    #[serde(
        deserialize_with = "empty_is_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub pin_hash: Option<PinHash>,
    pub hide_cursor: bool,
    /// CUPS queue for handouts; empty means the system default printer.
    pub printer: String,
    /// Where handouts that could not print are kept for staff; empty means the data folder.
    pub handout_dir: String,
    /// `letter` or `a4` in the file.
    pub paper: Paper,
    /// Languages offered to patients, from those the content has.
    pub languages: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            clinic_name: "Your clinic".into(),
            clinic_phone: String::new(),
            clinic_address: String::new(),
            clinic_website: String::new(),
            price_range: "about $100 to $800".into(),
            idle_seconds: 90,
            countdown_seconds: 30,
            pin_hash: None,
            hide_cursor: false,
            printer: String::new(),
            handout_dir: String::new(),
            paper: Paper::Letter,
            languages: vec!["en".into(), "es".into()],
        }
    }
}

/// Shortest countdown allowed (WCAG 2.2.1 asks for at least 20 seconds to respond).
pub const MIN_COUNTDOWN_SECONDS: u64 = 20;
/// Shortest idle time accepted, so a typo cannot make the kiosk reset while people read.
pub const MIN_IDLE_SECONDS: u64 = 15;

/// A settings problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {field}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct SettingsError {
    pub file: String,
    pub line: Option<usize>,
    pub field: String,
    pub message: String,
}

/// Settings as loaded: the values in use and any warnings for staff.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub settings: Settings,
    pub path: Option<PathBuf>,
    pub warnings: Vec<SettingsError>,
}

impl Settings {
    /// The platform's usual place: `~/.config/patient-kiosk/settings.toml` on Linux.
    pub fn default_path() -> Option<PathBuf> {
        super::paths::settings_file()
    }

    /// Parse settings text; on error the message names the line and field.
    pub fn parse(text: &str, file: &str) -> Result<Settings, SettingsError> {
        let s: Settings = toml::from_str(text).map_err(|e| {
            let span = e.span();
            SettingsError {
                file: file.to_owned(),
                line: span
                    .as_ref()
                    .map(|sp| crate::toml_error::line_of(text, sp.start)),
                field: crate::toml_error::field_of(e.message(), span.as_ref(), text),
                message: e.message().trim().to_owned(),
            }
        })?;
        s.check(text, file)
    }

    fn check(self, text: &str, file: &str) -> Result<Settings, SettingsError> {
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map(|i| i + 1)
        };
        let bad = |field: &str, message: String| SettingsError {
            file: file.to_owned(),
            line: line_of(field),
            field: field.to_owned(),
            message,
        };
        if self.idle_seconds < MIN_IDLE_SECONDS {
            return Err(bad(
                "idle_seconds",
                format!("must be at least {MIN_IDLE_SECONDS}"),
            ));
        }
        if self.countdown_seconds < MIN_COUNTDOWN_SECONDS {
            return Err(bad(
                "countdown_seconds",
                format!("must be at least {MIN_COUNTDOWN_SECONDS}"),
            ));
        }
        Ok(self)
    }

    /// Load from `path`: missing file gives defaults, a broken one defaults plus a warning.
    pub fn load(path: Option<&Path>) -> Loaded {
        let Some(path) = path.map(Path::to_path_buf).or_else(Self::default_path) else {
            return Loaded::default();
        };
        let file = path.display().to_string();
        let text = match std::fs::read(&path) {
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
                            message: "is not UTF-8 text; using the default settings".into(),
                        }],
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
                        message: format!("cannot be read ({e}); using the default settings"),
                    }],
                };
            }
        };
        match Settings::parse(&text, &file) {
            Ok(settings) => Loaded {
                settings,
                path: Some(path),
                warnings: Vec::new(),
            },
            Err(mut e) => {
                e.message.push_str("; using the default settings");
                Loaded {
                    settings: Settings::default(),
                    path: Some(path),
                    warnings: vec![e],
                }
            }
        }
    }

    /// Values for the content's placeholders; `no_phone` stands in (in the patient's
    /// language) when the clinic has not set a phone number.
    pub fn placeholders(&self, no_phone: &str) -> Placeholders {
        Placeholders {
            clinic_name: self.clinic_name.clone(),
            clinic_phone: if self.clinic_phone.is_empty() {
                no_phone.to_owned()
            } else {
                self.clinic_phone.clone()
            },
            price_range: self.price_range.clone(),
        }
    }

    pub fn staff_access_enabled(&self) -> bool {
        self.pin_hash.is_some()
    }
}

/// `pin_hash = ""` has always meant "no PIN": read it as none, and anything else as a hash
/// that must parse.
fn empty_is_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<PinHash>, D::Error> {
    let text = String::deserialize(d)?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    PinHash::parse(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
