//! Where the kiosk keeps its files on this platform, resolved once: the settings file in
//! the config folder, the usage counts and unprinted handouts in the data folder
//! (`~/.config/patient-kiosk` and `~/.local/share/patient-kiosk` on Linux).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The platform's folders for this program, or `None` where it has no home folder.
struct Folders {
    config: PathBuf,
    data: PathBuf,
}

fn folders() -> Option<&'static Folders> {
    static FOLDERS: OnceLock<Option<Folders>> = OnceLock::new();
    FOLDERS
        .get_or_init(|| {
            directories::ProjectDirs::from("", "", "patient-kiosk").map(|d| Folders {
                config: d.config_dir().to_owned(),
                data: d.data_dir().to_owned(),
            })
        })
        .as_ref()
}

/// `settings.toml` in the config folder.
pub fn settings_file() -> Option<PathBuf> {
    folders().map(|f| f.config.join("settings.toml"))
}

/// `usage.toml` in the data folder.
pub fn usage_file() -> Option<PathBuf> {
    folders().map(|f| f.data.join("usage.toml"))
}

/// `pin-lock.toml` in the data folder: the staff PIN lock that survives a restart.
pub fn pin_lock_file() -> Option<PathBuf> {
    folders().map(|f| f.data.join("pin-lock.toml"))
}

/// `packs` in the data folder: installed content packs and `current.toml`.
pub fn packs_dir() -> Option<PathBuf> {
    folders().map(|f| f.data.join("packs"))
}

/// `handouts` in the data folder (the temporary folder where there is none).
pub fn handout_dir() -> PathBuf {
    folders().map_or_else(
        || std::env::temp_dir().join("patient-kiosk-handouts"),
        |f| f.data.join("handouts"),
    )
}

/// The settings' `handout_dir` when set, else [`handout_dir`].
pub fn handout_dir_from(setting: &str) -> PathBuf {
    let setting = setting.trim();
    if setting.is_empty() {
        handout_dir()
    } else {
        Path::new(setting).to_owned()
    }
}
