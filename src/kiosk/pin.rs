//! The staff PIN: what has been typed, the lock after repeated wrong tries, and the Argon2
//! hash kept in the settings. Checking a PIN against its hash is slow on purpose (Argon2),
//! so the pad only hands out what was typed ([`PinPad::begin`]); the app checks it off the
//! UI thread and reports back ([`PinPad::finish`]).

use std::time::Duration;

/// Wrong tries before the PIN pad locks.
pub const PIN_MAX_TRIES: u32 = 5;
/// How long the pad stays locked the first time.
pub const PIN_LOCK: Duration = Duration::from_secs(60);
/// Each lockout in a row locks for longer: 1, 5, 15, then 60 minutes. A keystroke
/// injector then gets 5 tries an hour: about 40 days on average for a 4-digit PIN, not
/// hours, and every try is in the log (a longer PIN, up to 8 digits, adds far more).
pub const PIN_LOCK_STEPS: [Duration; 4] = [
    Duration::from_secs(60),
    Duration::from_secs(5 * 60),
    Duration::from_secs(15 * 60),
    Duration::from_secs(60 * 60),
];
/// PINs are 4 to 8 digits.
pub const PIN_LEN: std::ops::RangeInclusive<usize> = 4..=8;

/// The result of trying a PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    Accepted,
    Wrong {
        tries_left: u32,
    },
    /// Too many wrong tries: refused without checking, for this long.
    Locked {
        for_secs: u64,
    },
    /// No PIN is set, so staff access is off.
    Disabled,
}

/// An Argon2 hash of the staff PIN in PHC string form, known to parse.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PinHash(String);

impl PinHash {
    /// Accept a PHC hash string (`$argon2id$...`), refusing anything else.
    pub fn parse(text: &str) -> Result<Self, PinError> {
        argon2::PasswordHash::new(text).map_err(|_| PinError::NotAHash)?;
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `pin` is the PIN this hash was made from. Slow by design: call off the UI
    /// thread.
    pub fn verify(&self, pin: &str) -> bool {
        verify_pin(pin, &self.0)
    }
}

/// Never print the hash itself in logs or debug output.
impl std::fmt::Debug for PinHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinHash(..)")
    }
}

impl TryFrom<String> for PinHash {
    type Error = PinError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<PinHash> for String {
    fn from(hash: PinHash) -> Self {
        hash.0
    }
}

/// What to do with a submitted PIN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinCheck {
    /// Check these digits against the hash (off the UI thread), then call [`PinPad::finish`].
    Verify(String),
    /// Answered at once, without checking: locked, or no PIN set.
    Refused(PinOutcome),
}

/// The staff PIN pad: what has been typed, and the lock after repeated wrong tries.
/// Lives outside the patient session, so a reset does not lift a lock.
#[derive(Debug, Clone, Default)]
pub struct PinPad {
    entered: String,
    failures: u32,
    /// Lockouts in a row (back to 0 after the right PIN).
    lockouts: u32,
    locked_until: Option<Duration>,
    last: Option<PinOutcome>,
    /// A PIN is being checked; more submits wait.
    checking: bool,
}

/// What of the lock must survive a restart (kept in a file by the app): wrong tries so far,
/// lockouts in a row, and how much of a lock is left.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PinLock {
    pub failures: u32,
    pub lockouts: u32,
    pub locked_for: Option<Duration>,
}

impl PinPad {
    /// A pad that carries on from a saved lock at time `now`.
    pub fn restored(lock: PinLock, now: Duration) -> Self {
        Self {
            failures: lock.failures.min(PIN_MAX_TRIES - 1),
            lockouts: lock.lockouts,
            locked_until: lock
                .locked_for
                .map(|d| now + d.min(PIN_LOCK_STEPS[PIN_LOCK_STEPS.len() - 1])),
            ..Self::default()
        }
    }

    /// The lock as it stands at `now`, to save.
    pub fn lock(&self, now: Duration) -> PinLock {
        PinLock {
            failures: self.failures,
            lockouts: self.lockouts,
            locked_for: self
                .locked_until
                .filter(|&until| now < until)
                .map(|until| until - now),
        }
    }

    pub fn push_digit(&mut self, d: char) {
        if d.is_ascii_digit() && self.entered.len() < *PIN_LEN.end() && !self.checking {
            self.entered.push(d);
        }
    }

    pub fn backspace(&mut self) {
        self.entered.pop();
    }

    /// Forget what was typed and the last message (the lock stays).
    pub fn clear(&mut self) {
        self.entered.clear();
        self.last = None;
    }

    /// How many digits are typed (the pad shows dots, never digits).
    pub fn entered_len(&self) -> usize {
        self.entered.len()
    }

    /// The outcome of the last try, for the message under the dots.
    pub fn last(&self) -> Option<PinOutcome> {
        self.last
    }

    pub fn checking(&self) -> bool {
        self.checking
    }

    pub fn locked_for(&self, now: Duration) -> Option<u64> {
        self.locked_until
            .filter(|&until| now < until)
            .map(|until| (until - now).as_secs().max(1))
    }

    /// Submit what was typed. `hash` is `None` when no PIN is set.
    pub fn begin(&mut self, hash: Option<&PinHash>, now: Duration) -> Option<PinCheck> {
        if self.checking {
            return None;
        }
        let entered = std::mem::take(&mut self.entered);
        let refused = if hash.is_none() {
            Some(PinOutcome::Disabled)
        } else {
            self.locked_for(now)
                .map(|for_secs| PinOutcome::Locked { for_secs })
        };
        if let Some(outcome) = refused {
            self.last = Some(outcome);
            return Some(PinCheck::Refused(outcome));
        }
        self.checking = true;
        Some(PinCheck::Verify(entered))
    }

    /// The check started by [`PinPad::begin`] has finished.
    pub fn finish(&mut self, correct: bool, now: Duration) -> PinOutcome {
        self.checking = false;
        let outcome = if correct {
            self.failures = 0;
            self.lockouts = 0;
            self.locked_until = None;
            PinOutcome::Accepted
        } else {
            self.failures += 1;
            if self.failures >= PIN_MAX_TRIES {
                self.failures = 0;
                let step = (self.lockouts as usize).min(PIN_LOCK_STEPS.len() - 1);
                self.lockouts = self.lockouts.saturating_add(1);
                let lock = PIN_LOCK_STEPS[step];
                self.locked_until = Some(now + lock);
                PinOutcome::Locked {
                    for_secs: lock.as_secs(),
                }
            } else {
                PinOutcome::Wrong {
                    tries_left: PIN_MAX_TRIES - self.failures,
                }
            }
        };
        self.last = Some(outcome);
        outcome
    }
}

/// Why a PIN cannot be set or a hash cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("the PIN must be 4 to 8 digits (0-9)")]
    BadFormat,
    #[error("could not hash the PIN: {0}")]
    Hash(String),
    #[error("is not a PIN hash; set the PIN with: patient-kiosk set-pin")]
    NotAHash,
}

/// Hash a new PIN with Argon2id and a random salt, for the settings file.
pub fn hash_pin(pin: &str) -> Result<PinHash, PinError> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};

    if !PIN_LEN.contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(PinError::BadFormat);
    }
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| PinHash(h.to_string()))
        .map_err(|e| PinError::Hash(e.to_string()))
}

/// Whether `pin` matches a PHC hash string (false for anything that does not parse).
pub fn verify_pin(pin: &str, pin_hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(pin_hash).is_ok_and(|hash| {
        argon2::Argon2::default()
            .verify_password(pin.as_bytes(), &hash)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn five_wrong_tries_lock_the_pad_and_the_lock_ends() {
        let hash = hash_pin("4821").unwrap();
        let mut pad = PinPad::default();
        for left in (1..PIN_MAX_TRIES).rev() {
            pad.push_digit('1');
            assert!(matches!(
                pad.begin(Some(&hash), S(0)),
                Some(PinCheck::Verify(_))
            ));
            assert_eq!(
                pad.finish(false, S(0)),
                PinOutcome::Wrong { tries_left: left }
            );
        }
        assert!(matches!(
            pad.begin(Some(&hash), S(0)),
            Some(PinCheck::Verify(_))
        ));
        assert_eq!(pad.finish(false, S(0)), PinOutcome::Locked { for_secs: 60 });
        assert_eq!(
            pad.begin(Some(&hash), S(30)),
            Some(PinCheck::Refused(PinOutcome::Locked { for_secs: 30 }))
        );
        assert!(matches!(
            pad.begin(Some(&hash), S(61)),
            Some(PinCheck::Verify(_))
        ));
    }

    fn lock_out(pad: &mut PinPad, hash: &PinHash, now: Duration) -> PinOutcome {
        let mut last = PinOutcome::Disabled;
        for _ in 0..PIN_MAX_TRIES {
            assert!(matches!(
                pad.begin(Some(hash), now),
                Some(PinCheck::Verify(_))
            ));
            last = pad.finish(false, now);
        }
        last
    }

    #[test]
    fn each_lockout_in_a_row_is_longer_and_the_right_pin_starts_again() {
        let hash = hash_pin("4821").unwrap();
        let mut pad = PinPad::default();
        let mut now = S(0);
        for minutes in [1, 5, 15, 60, 60] {
            let outcome = lock_out(&mut pad, &hash, now);
            assert_eq!(
                outcome,
                PinOutcome::Locked {
                    for_secs: minutes * 60
                }
            );
            now += S(minutes * 60);
        }
        pad.begin(Some(&hash), now);
        assert_eq!(pad.finish(true, now), PinOutcome::Accepted);
        assert_eq!(
            lock_out(&mut pad, &hash, now),
            PinOutcome::Locked { for_secs: 60 }
        );
    }

    #[test]
    fn a_saved_lock_carries_on_after_a_restart() {
        let hash = hash_pin("4821").unwrap();
        let mut pad = PinPad::default();
        lock_out(&mut pad, &hash, S(100));
        pad.begin(Some(&hash), S(130));
        let saved = pad.lock(S(130));
        assert_eq!(saved.locked_for, Some(S(30)));
        assert_eq!(saved.lockouts, 1);
        // A new process: its clock starts again at zero.
        let mut again = PinPad::restored(saved, S(0));
        assert_eq!(again.locked_for(S(0)), Some(30));
        assert_eq!(
            again.begin(Some(&hash), S(10)),
            Some(PinCheck::Refused(PinOutcome::Locked { for_secs: 20 }))
        );
        // A lock read from a file can never last more than the longest step.
        let forever = PinPad::restored(
            PinLock {
                locked_for: Some(S(1 << 40)),
                ..PinLock::default()
            },
            S(0),
        );
        assert_eq!(forever.locked_for(S(0)), Some(3600));
    }

    #[test]
    fn no_pin_set_means_disabled_and_one_check_at_a_time() {
        let mut pad = PinPad::default();
        assert_eq!(
            pad.begin(None, S(0)),
            Some(PinCheck::Refused(PinOutcome::Disabled))
        );
        let hash = hash_pin("4821").unwrap();
        for d in "4821".chars() {
            pad.push_digit(d);
        }
        assert_eq!(
            pad.begin(Some(&hash), S(0)),
            Some(PinCheck::Verify("4821".into()))
        );
        assert_eq!(pad.begin(Some(&hash), S(0)), None, "already checking");
        assert!(hash.verify("4821"));
        assert_eq!(pad.finish(true, S(0)), PinOutcome::Accepted);
    }

    #[test]
    fn a_hash_must_parse_and_never_prints() {
        assert_eq!(PinHash::parse("1234"), Err(PinError::NotAHash));
        let hash = hash_pin("48213").unwrap();
        assert_eq!(format!("{hash:?}"), "PinHash(..)");
        assert!(PinHash::parse(hash.as_str()).is_ok());
    }
}
