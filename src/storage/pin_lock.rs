//! The staff PIN lock, kept on disk so that a crash or `kill -9` does not lift it: wrong
//! tries so far, lockouts in a row, and when the lock ends (wall-clock seconds). Written
//! atomically with mode 0600. A file that cannot be read fails closed: the pad starts
//! locked for a minute and staff are told why.

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::kiosk::{PIN_LOCK, PinLock};

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct LockFile {
    failures: u32,
    lockouts: u32,
    /// Seconds since 1970 when the lock ends; 0 for none.
    locked_until: u64,
}

/// A problem with the lock file, naming it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinLockError {
    #[error("{0}: the staff PIN lock cannot be read ({1}); the PIN pad is locked for a minute")]
    Unreadable(String, String),
    #[error("{0}: the staff PIN lock cannot be written ({1}); a restart would lift it")]
    Write(String, String),
}

fn unix_now(now: SystemTime) -> u64 {
    now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Read the lock at wall-clock time `now`. A missing file is no lock.
pub fn load(path: &Path, now: SystemTime) -> (PinLock, Option<PinLockError>) {
    let fail = |why: String| {
        let locked = PinLock {
            locked_for: Some(PIN_LOCK),
            ..PinLock::default()
        };
        (
            locked,
            Some(PinLockError::Unreadable(path.display().to_string(), why)),
        )
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (PinLock::default(), None),
        Err(e) => return fail(e.to_string()),
    };
    let file: LockFile = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => return fail(e.message().trim().to_owned()),
    };
    let left = file.locked_until.saturating_sub(unix_now(now));
    let lock = PinLock {
        failures: file.failures,
        lockouts: file.lockouts,
        locked_for: (left > 0).then(|| Duration::from_secs(left)),
    };
    (lock, None)
}

/// Write the lock at wall-clock time `now` (temporary file, fsync, rename; mode 0600).
pub fn save(path: &Path, lock: PinLock, now: SystemTime) -> Result<(), PinLockError> {
    let fail =
        |e: &dyn std::fmt::Display| PinLockError::Write(path.display().to_string(), e.to_string());
    let file = LockFile {
        failures: lock.failures,
        lockouts: lock.lockouts,
        locked_until: lock
            .locked_for
            .map_or(0, |d| unix_now(now).saturating_add(d.as_secs().max(1))),
    };
    let text = toml::to_string(&file).map_err(|e| fail(&e))?;
    super::write_atomically(path, text.as_bytes(), 0o600).map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_survives_a_save_and_a_load_and_a_broken_file_fails_closed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pin-lock.toml");
        let t0 = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        assert_eq!(load(&path, t0), (PinLock::default(), None));
        let lock = PinLock {
            failures: 0,
            lockouts: 2,
            locked_for: Some(Duration::from_secs(300)),
        };
        save(&path, lock, t0).unwrap();
        let (again, warning) = load(&path, t0 + Duration::from_secs(100));
        assert_eq!(warning, None);
        assert_eq!(again.lockouts, 2);
        assert_eq!(again.locked_for, Some(Duration::from_secs(200)));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "failures = \"many\"").unwrap();
        let (locked, warning) = load(&path, t0);
        assert_eq!(locked.locked_for, Some(PIN_LOCK));
        assert!(warning.unwrap().to_string().contains("pin-lock.toml"));
    }
}
