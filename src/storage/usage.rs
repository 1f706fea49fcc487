//! Anonymous usage counts for the clinic: sessions started and topics opened, per day.
//! No time finer than a day and nothing a patient picked. A broken or unwritable file
//! never stops the kiosk: counting goes on in memory and staff see a warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One day's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DayCounts {
    pub sessions: u64,
    /// Topic id to times opened.
    pub topics: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct UsageFile {
    /// `YYYY-MM-DD` to that day's counts.
    days: BTreeMap<String, DayCounts>,
}

/// A usage problem, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error(
        "{0}: cannot be read as usage counts ({1}); it was set aside and counting starts again"
    )]
    Broken(String, String),
    #[error("{0}: cannot be written ({1}); counts are kept in memory only")]
    Write(String, String),
}

/// The counts, and the file they live in (none: counted in memory only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    path: Option<PathBuf>,
    data: UsageFile,
    /// The file was unreadable: it is moved aside before the first save.
    broken: bool,
}

impl Usage {
    /// `~/.local/share/patient-kiosk/usage.toml` on Linux.
    pub fn default_path() -> Option<PathBuf> {
        crate::config::paths::usage_file()
    }

    /// Counts kept only in memory (tests, or no writable place).
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// Load the counts from `path`. A missing file is an empty count; a broken one is
    /// reported and set aside on the next save.
    pub fn load(path: &Path) -> (Self, Option<UsageError>) {
        let mut usage = Self {
            path: Some(path.to_path_buf()),
            ..Self::default()
        };
        let text = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (usage, None),
            Err(e) => {
                usage.broken = true;
                return (
                    usage,
                    Some(UsageError::Broken(
                        path.display().to_string(),
                        e.to_string(),
                    )),
                );
            }
        };
        let parsed = String::from_utf8(text)
            .map_err(|e| e.to_string())
            .and_then(|t| toml::from_str::<UsageFile>(&t).map_err(|e| e.message().to_owned()));
        match parsed {
            Ok(data) if data.days.keys().all(|d| is_day(d)) => {
                usage.data = data;
                (usage, None)
            }
            Ok(_) => {
                usage.broken = true;
                let e = UsageError::Broken(
                    path.display().to_string(),
                    "a day is not written as YYYY-MM-DD".into(),
                );
                (usage, Some(e))
            }
            Err(msg) => {
                usage.broken = true;
                (
                    usage,
                    Some(UsageError::Broken(path.display().to_string(), msg)),
                )
            }
        }
    }

    fn today_mut(&mut self) -> &mut DayCounts {
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        self.data.days.entry(today).or_default()
    }

    pub fn session_started(&mut self) {
        self.today_mut().sessions += 1;
    }

    pub fn topic_opened(&mut self, topic_id: &str) {
        *self
            .today_mut()
            .topics
            .entry(topic_id.to_owned())
            .or_default() += 1;
    }

    pub fn clear(&mut self) {
        self.data.days.clear();
    }

    /// Days, oldest first.
    pub fn days(&self) -> impl Iterator<Item = (&String, &DayCounts)> {
        self.data.days.iter()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A copy to hand to a writer off the UI thread. The copy carries the duty to set a
    /// broken file aside, so that happens once, before the first save only.
    pub fn for_saving(&mut self) -> Usage {
        let copy = self.clone();
        self.broken = false;
        copy
    }

    /// Write the counts (atomically: a temporary file renamed over the old one).
    pub fn save(&mut self) -> Result<(), UsageError> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        let fail = |e: &dyn std::fmt::Display| {
            UsageError::Write(path.display().to_string(), e.to_string())
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
        }
        if self.broken {
            let aside = path.with_extension("toml.broken");
            // Keep the broken file for staff to look at; it is not patient data.
            let _ = std::fs::rename(&path, &aside);
            self.broken = false;
        }
        let text = toml::to_string(&self.data).map_err(|e| fail(&e))?;
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, text).map_err(|e| fail(&e))?;
        std::fs::rename(&tmp, &path).map_err(|e| fail(&e))
    }
}

fn is_day(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}
