//! Where the kiosk keeps its files: the settings it reads (in layers) and the data folder it
//! writes (usage counts, the staff PIN lock, content packs, handouts kept for staff). Each
//! is derived from a few roots given once, so `--data-dir` moves all of the data together
//! and `--usage-file` moves the counts alone.

use std::path::{Path, PathBuf};

/// The machine-wide settings file, managed by IT (the Debian package's conffile).
pub const SYSTEM_SETTINGS: &str = "/etc/patient-kiosk/settings.toml";

/// The kiosk's files on one machine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folders {
    /// The machine-wide settings file, read first (IT's): [`SYSTEM_SETTINGS`].
    pub system_settings: Option<PathBuf>,
    /// The kiosk user's own settings file, read second
    /// (`~/.config/patient-kiosk/settings.toml` on Linux).
    pub user_settings: Option<PathBuf>,
    /// `--config FILE`, read last.
    pub config: Option<PathBuf>,
    /// The data folder (`~/.local/share/patient-kiosk` on Linux, or `--data-dir`): usage
    /// counts, the PIN lock, content packs, handouts kept for staff. None on a system
    /// with no home folder and no `--data-dir`.
    pub data: Option<PathBuf>,
    /// `--usage-file FILE`: the counts only, anywhere (several kiosks may share one).
    pub usage_file: Option<PathBuf>,
}

impl Folders {
    /// This platform's usual places (`directories::ProjectDirs`), the machine-wide file
    /// (`PATIENT_KIOSK_SYSTEM_SETTINGS` moves it for a kiosk image that keeps it elsewhere;
    /// empty turns it off), and the command line's `--config`, `--data-dir` and
    /// `--usage-file`.
    pub fn from_system(
        config: Option<PathBuf>,
        data_dir: Option<PathBuf>,
        usage_file: Option<PathBuf>,
    ) -> Self {
        let project = directories::ProjectDirs::from("", "", "patient-kiosk");
        let system_settings = match std::env::var_os("PATIENT_KIOSK_SYSTEM_SETTINGS") {
            Some(p) if p.is_empty() => None,
            Some(p) => Some(PathBuf::from(p)),
            None => Some(PathBuf::from(SYSTEM_SETTINGS)),
        };
        Self {
            system_settings,
            user_settings: project
                .as_ref()
                .map(|d| d.config_dir().join("settings.toml")),
            config,
            data: data_dir.or_else(|| project.as_ref().map(|d| d.data_dir().to_owned())),
            usage_file,
        }
    }

    /// Everything inside `root` (a temporary machine): `root/etc/settings.toml`,
    /// `root/config/settings.toml` and `root/data`.
    pub fn inside(root: &Path) -> Self {
        Self {
            system_settings: Some(root.join("etc").join("settings.toml")),
            user_settings: Some(root.join("config").join("settings.toml")),
            config: None,
            data: Some(root.join("data")),
            usage_file: None,
        }
    }

    /// The settings files in the order they are read, later over earlier.
    pub fn settings_layers(&self) -> Vec<PathBuf> {
        [&self.system_settings, &self.user_settings, &self.config]
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }

    /// The file `set-pin` writes: `--config`, else the user's own settings file.
    pub fn settings_to_edit(&self) -> Option<&Path> {
        self.config.as_deref().or(self.user_settings.as_deref())
    }

    /// `usage.toml`: `--usage-file`, else in the data folder.
    pub fn usage_file(&self) -> Option<PathBuf> {
        self.usage_file
            .clone()
            .or_else(|| self.data_file("usage.toml"))
    }

    /// `pin-lock.toml` in the data folder: the staff PIN lock that survives a restart.
    pub fn pin_lock_file(&self) -> Option<PathBuf> {
        self.data_file("pin-lock.toml")
    }

    /// `packs` in the data folder: installed content packs and `current.toml`.
    pub fn packs(&self) -> Option<PathBuf> {
        self.data_file("packs")
    }

    /// Where handouts that did not print are kept for staff: the settings' `handout_dir`
    /// when set, else `handouts` in the data folder, else the temporary folder.
    pub fn handouts(&self, setting: &str) -> PathBuf {
        let setting = setting.trim();
        if !setting.is_empty() {
            return PathBuf::from(setting);
        }
        self.data_file("handouts")
            .unwrap_or_else(|| std::env::temp_dir().join("patient-kiosk-handouts"))
    }

    fn data_file(&self, name: &str) -> Option<PathBuf> {
        self.data.as_ref().map(|d| d.join(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_folder_moves_everything_and_the_usage_file_only_the_counts() {
        let mut f = Folders::inside(Path::new("/m"));
        f.data = Some("/kiosk-data".into());
        assert_eq!(f.usage_file(), Some("/kiosk-data/usage.toml".into()));
        f.usage_file = Some("/shared/counts.toml".into());
        assert_eq!(f.usage_file(), Some("/shared/counts.toml".into()));
        assert_eq!(f.pin_lock_file(), Some("/kiosk-data/pin-lock.toml".into()));
        assert_eq!(f.packs(), Some("/kiosk-data/packs".into()));
        assert_eq!(f.handouts(""), PathBuf::from("/kiosk-data/handouts"));
        assert_eq!(f.handouts(" /srv/h "), PathBuf::from("/srv/h"));
    }

    #[test]
    fn settings_are_read_machine_first_then_the_user_then_the_command_line() {
        let mut f = Folders::inside(Path::new("/m"));
        assert_eq!(
            f.settings_to_edit(),
            Some(Path::new("/m/config/settings.toml"))
        );
        f.config = Some("/tmp/mine.toml".into());
        assert_eq!(
            f.settings_layers(),
            [
                PathBuf::from("/m/etc/settings.toml"),
                "/m/config/settings.toml".into(),
                "/tmp/mine.toml".into()
            ]
        );
        assert_eq!(f.settings_to_edit(), Some(Path::new("/tmp/mine.toml")));
    }
}
