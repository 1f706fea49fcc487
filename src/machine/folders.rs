//! Where the kiosk keeps its files: the settings it reads (in layers) and the data folder it
//! writes (usage counts, the staff PIN lock, content packs, handouts kept for staff). Each
//! is derived from a few roots given once, so `--data-dir` moves all of the data together
//! and `--usage-file` moves the counts alone.

use std::path::{Path, PathBuf};

/// The machine-wide settings file, managed by IT; drop-ins in `settings.d` beside it are read
/// after it.
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

/// The `*.toml` files in a drop-in folder, sorted by name (a missing or unreadable folder
/// has none; anything in it that is not a regular file is still listed, so reading it
/// names the problem and skips it).
fn drop_ins_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
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

    /// The settings files in the order they are read, later over earlier: the machine-wide
    /// file, then IT's drop-ins (`settings.d/*.toml` beside it, by name), then the kiosk
    /// user's own file, then `--config`.
    pub fn settings_layers(&self) -> Vec<PathBuf> {
        let mut layers: Vec<PathBuf> = self.system_settings.iter().cloned().collect();
        if let Some(dir) = self.drop_ins() {
            layers.extend(drop_ins_in(&dir));
        }
        layers.extend(self.user_settings.iter().cloned());
        layers.extend(self.config.iter().cloned());
        layers
    }

    /// IT's drop-in folder: `settings.d` beside the machine-wide file
    /// (`/etc/patient-kiosk/settings.d`). A fleet puts its settings there in files of its
    /// own (`10-clinic.toml`, `50-pin.toml`), so a package upgrade never asks about them.
    pub fn drop_ins(&self) -> Option<PathBuf> {
        let file = self.system_settings.as_ref()?;
        Some(file.parent()?.join("settings.d"))
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

    #[test]
    fn a_fleets_drop_ins_are_read_by_name_after_the_machine_file_and_before_the_user() {
        let root = tempfile::tempdir().unwrap();
        let f = Folders::inside(root.path());
        let etc = root.path().join("etc");
        let drop_ins = etc.join("settings.d");
        std::fs::create_dir_all(&drop_ins).unwrap();
        std::fs::create_dir_all(root.path().join("config")).unwrap();
        std::fs::write(etc.join("settings.toml"), "clinic_name = \"Old\"\n").unwrap();
        std::fs::write(drop_ins.join("50-pin.toml"), "idle_seconds = 120\n").unwrap();
        std::fs::write(
            drop_ins.join("10-clinic.toml"),
            "clinic_name = \"Chain\"\nidle_seconds = 60\n",
        )
        .unwrap();
        std::fs::write(drop_ins.join("README"), "not settings").unwrap();
        // A FIFO left in the folder is named and skipped; it never hangs the kiosk.
        let fifo = drop_ins.join("20-pipe.toml");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        std::fs::write(
            root.path().join("config").join("settings.toml"),
            "countdown_seconds = 40\n",
        )
        .unwrap();
        let layers = f.settings_layers();
        assert_eq!(
            layers,
            [
                etc.join("settings.toml"),
                drop_ins.join("10-clinic.toml"),
                drop_ins.join("20-pipe.toml"),
                drop_ins.join("50-pin.toml"),
                root.path().join("config").join("settings.toml"),
            ]
        );
        let loaded = crate::config::Settings::load_layers(&layers);
        assert_eq!(loaded.settings.clinic_name, "Chain");
        assert_eq!(loaded.settings.idle_seconds, 120);
        assert_eq!(loaded.settings.countdown_seconds, 40);
        assert!(
            loaded
                .warnings
                .iter()
                .any(|w| w.to_string().contains("20-pipe.toml")),
            "{:?}",
            loaded.warnings
        );
    }
}
