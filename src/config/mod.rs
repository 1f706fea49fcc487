//! How this kiosk is set up: the clinic's settings file, resolved once at start.

mod settings;

pub use settings::{Loaded, MIN_COUNTDOWN_SECONDS, MIN_IDLE_SECONDS, Settings, SettingsError};
