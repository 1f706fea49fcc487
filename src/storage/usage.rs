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
    /// Language help: language code to interpreter cards shown.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub interpreter_cards: BTreeMap<String, u64>,
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
    #[error(
        "{0}: {1}, not a usage counts file; it is left alone and counts are kept in memory only"
    )]
    NotCounts(String, String),
}

/// The counts, and the file they live in (none: counted in memory only). Several kiosks may
/// share one file: each save merges what this kiosk counted since its last save into the
/// file, under a lock, so no kiosk's counts are lost.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    path: Option<PathBuf>,
    /// The counts as this kiosk knows them (the file at the last save, plus since).
    data: UsageFile,
    /// Counted since the last save: what the next save adds to the file.
    unsaved: UsageFile,
    /// Staff reset the counts: the next save starts the file again from nothing.
    cleared: bool,
}

impl UsageFile {
    fn add(&mut self, other: &UsageFile) {
        for (day, counts) in &other.days {
            let mine = self.days.entry(day.clone()).or_default();
            mine.sessions = mine.sessions.saturating_add(counts.sessions);
            for (topic, n) in &counts.topics {
                let t = mine.topics.entry(topic.clone()).or_default();
                *t = t.saturating_add(*n);
            }
            for (lang, n) in &counts.interpreter_cards {
                let t = mine.interpreter_cards.entry(lang.clone()).or_default();
                *t = t.saturating_add(*n);
            }
        }
    }
}

/// What a counts file holds: counts, nothing (missing), or something else.
enum Read {
    Counts(UsageFile),
    Missing,
    /// Not readable as counts (garbage, bad days): set aside, counting starts again.
    Broken(String),
    /// A folder, a special file, or TOML that is something else (a settings file):
    /// never touched.
    Foreign(String),
}

fn read_counts(path: &Path) -> Read {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Read::Missing,
        Err(e) => return Read::Broken(e.to_string()),
    };
    if meta.is_dir() {
        return Read::Foreign("is a folder".into());
    }
    if !meta.is_file() {
        return Read::Foreign("is not a regular file".into());
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Read::Broken(e.to_string()),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Read::Broken("it is not UTF-8 text".into());
    };
    let table = match text.parse::<toml::Table>() {
        Ok(t) => t,
        Err(e) => return Read::Broken(e.message().trim().to_owned()),
    };
    if let Some(other) = table.keys().find(|k| *k != "days") {
        return Read::Foreign(format!("holds `{other}`"));
    }
    match toml::from_str::<UsageFile>(&text) {
        Ok(data) if data.days.keys().all(|d| is_day(d)) => Read::Counts(data),
        Ok(_) => Read::Broken("a day is not written as YYYY-MM-DD".into()),
        Err(e) => Read::Broken(e.message().trim().to_owned()),
    }
}

impl Usage {
    /// Counts kept only in memory (tests, or no writable place).
    pub fn in_memory() -> Self {
        Self::default()
    }

    /// Load the counts from `path`. A missing file is an empty count; a broken one is
    /// reported and set aside on the next save; a folder or a file that holds something
    /// else (a settings file given by mistake) is left alone, and counting stays in memory.
    pub fn load(path: &Path) -> (Self, Option<UsageError>) {
        let mut usage = Self {
            path: Some(path.to_path_buf()),
            ..Self::default()
        };
        let name = path.display().to_string();
        match read_counts(path) {
            Read::Counts(data) => {
                usage.data = data;
                (usage, None)
            }
            Read::Missing => (usage, None),
            // Set aside by the first save (which finds it still broken).
            Read::Broken(why) => (usage, Some(UsageError::Broken(name, why))),
            Read::Foreign(what) => (Self::in_memory(), Some(UsageError::NotCounts(name, what))),
        }
    }

    fn today<'a>(file: &'a mut UsageFile, day: &str) -> &'a mut DayCounts {
        file.days.entry(day.to_owned()).or_default()
    }

    fn count(&mut self, what: impl Fn(&mut DayCounts)) {
        let day = chrono::Local::now().format("%Y-%m-%d").to_string();
        what(Self::today(&mut self.data, &day));
        what(Self::today(&mut self.unsaved, &day));
    }

    pub fn session_started(&mut self) {
        self.count(|d| d.sessions = d.sessions.saturating_add(1));
    }

    pub fn topic_opened(&mut self, topic_id: &str) {
        self.count(|d| {
            let n = d.topics.entry(topic_id.to_owned()).or_default();
            *n = n.saturating_add(1);
        });
    }

    /// Language help: an interpreter card was shown in the language `code`.
    pub fn interpreter_card_shown(&mut self, code: &str) {
        self.count(|d| {
            let n = d.interpreter_cards.entry(code.to_owned()).or_default();
            *n = n.saturating_add(1);
        });
    }

    /// Staff reset the counts: the next save empties the file too.
    pub fn clear(&mut self) {
        self.data = UsageFile::default();
        self.unsaved = UsageFile::default();
        self.cleared = true;
    }

    /// Days, oldest first.
    pub fn days(&self) -> impl Iterator<Item = (&String, &DayCounts)> {
        self.data.days.iter()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether anything was counted (or the counts reset) since the last save.
    pub fn has_unsaved(&self) -> bool {
        self.cleared || !self.unsaved.days.is_empty()
    }

    /// A copy to hand to a writer off the UI thread. The copy carries what is to be added to
    /// the file, so each count is saved once.
    pub fn for_saving(&mut self) -> Usage {
        let copy = self.clone();
        self.unsaved = UsageFile::default();
        self.cleared = false;
        copy
    }

    /// Add what was counted since the last save to the file, under a lock shared with any
    /// other kiosk using the same file; written to a temporary file, synced, and renamed
    /// over the old one. A file that turned into something else is left alone.
    pub fn save(&mut self) -> Result<(), UsageError> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        let name = path.display().to_string();
        let fail = |e: &dyn std::fmt::Display| UsageError::Write(name.clone(), e.to_string());
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
        }
        // The lock file is opened for writing: a FIFO there would wait for a reader, a link
        // would make a file wherever it leads.
        let lock_path = path.with_extension("toml.lock");
        super::check_target(&lock_path).map_err(|e| fail(&e))?;
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| fail(&e))?;
        lock.lock().map_err(|e| fail(&e))?;
        let mut base = match read_counts(&path) {
            Read::Counts(data) if !self.cleared => data,
            Read::Counts(_) | Read::Missing => UsageFile::default(),
            Read::Broken(_) => {
                set_aside(&path);
                UsageFile::default()
            }
            Read::Foreign(what) => return Err(UsageError::NotCounts(name.clone(), what)),
        };
        base.add(&self.unsaved);
        let text = toml::to_string(&base).map_err(|e| fail(&e))?;
        write_synced(&path, &text).map_err(|e| fail(&e))?;
        self.data = base;
        self.unsaved = UsageFile::default();
        self.cleared = false;
        Ok(())
    }
}

/// Keep a broken counts file for staff to look at under its own timestamped name, so a
/// second breakage never overwrites the first. It is not patient data.
fn set_aside(path: &Path) {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    for n in 1..100 {
        let aside = PathBuf::from(format!("{}.broken-{stamp}-{n}", path.display()));
        if !aside.exists() {
            if let Err(e) = std::fs::rename(path, &aside) {
                log::warn!("could not set {} aside: {e}", path.display());
            }
            return;
        }
    }
}

fn write_synced(path: &Path, text: &str) -> std::io::Result<()> {
    super::write_atomically(path, text.as_bytes(), 0o600)
}

fn is_day(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use crate::storage::FileKind;
    use crate::storage::test_files::{kind_at, make_fifo, within_seconds};

    #[test]
    fn a_fifo_where_the_lock_file_goes_fails_the_save_at_once_and_stays_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("usage.toml");
        let lock = dir.path().join("usage.toml.lock");
        make_fifo(&lock);
        let (mut usage, _) = Usage::load(&path);
        usage.session_started();
        let e = within_seconds(move || usage.save().unwrap_err());
        assert!(e.to_string().contains("usage.toml.lock is a FIFO"), "{e}");
        assert_eq!(kind_at(&lock), FileKind::Fifo);
        assert!(!path.exists(), "no counts written without the lock");
    }

    #[test]
    fn a_link_at_the_counts_file_fails_the_save_and_the_file_it_leads_to_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("elsewhere.toml");
        std::fs::write(&real, "days = {}\n").unwrap();
        let path = dir.path().join("usage.toml");
        std::os::unix::fs::symlink(&real, &path).unwrap();
        let (mut usage, _) = Usage::load(&path);
        usage.session_started();
        let e = usage.save().unwrap_err();
        assert!(matches!(e, UsageError::Write(..)), "{e}");
        assert!(e.to_string().contains("is a link"), "{e}");
        assert_eq!(kind_at(&path), FileKind::Link);
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "days = {}\n");
    }
}
