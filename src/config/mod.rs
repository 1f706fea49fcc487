//! How this kiosk is set up: the clinic's settings file, resolved once at start.

mod paper;
mod settings;

pub use paper::Paper;
pub use settings::{
    Loaded, MAX_COUNTDOWN_SECONDS, MAX_IDLE_SECONDS, MAX_SETTINGS_BYTES, MIN_COUNTDOWN_SECONDS,
    MIN_IDLE_SECONDS, Settings, SettingsError, is_language_code,
};
