//! How this kiosk is set up: the clinic's settings file, resolved once at start.

mod example;
mod paper;
mod read;
mod settings;
mod table;

pub use example::{example_file, readme_block};
pub use paper::Paper;
pub use settings::{
    KEYS, Key, LANGUAGE_KEYS, Loaded, MAX_COUNTDOWN_SECONDS, MAX_IDLE_SECONDS, MAX_SETTINGS_BYTES,
    MIN_COUNTDOWN_SECONDS, MIN_IDLE_SECONDS, Settings, SettingsError, is_language_code,
};
