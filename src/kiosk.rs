//! Kiosk rules that have nothing to do with drawing: the clock, the inactivity timer that
//! protects patients' privacy, and the staff PIN lock.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where "now" comes from. Injected so timer tests never sleep.
pub trait Clock: Send + Sync {
    /// Time since some fixed start.
    fn now(&self) -> Duration;
}

/// The real clock.
#[derive(Debug)]
pub struct SystemClock(Instant);

impl Default for SystemClock {
    fn default() -> Self {
        Self(Instant::now())
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.0.elapsed()
    }
}

/// A clock that only moves when told to (for tests and soak runs).
#[derive(Debug, Clone, Default)]
pub struct ManualClock(Arc<Mutex<Duration>>);

impl ManualClock {
    pub fn advance(&self, by: Duration) {
        if let Ok(mut t) = self.0.lock() {
            *t += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        self.0.lock().map(|t| *t).unwrap_or_default()
    }
}

/// What the inactivity timer asks for on a given frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleEvent {
    Nothing,
    /// Show "Need more time?" now.
    ShowPrompt,
    /// Nobody answered: forget the patient and start over.
    Reset,
}

/// Watches for inactivity: after `timeout` a prompt, after `countdown` more a reset.
#[derive(Debug, Clone)]
pub struct IdleTimer {
    pub timeout: Duration,
    pub countdown: Duration,
    last_activity: Duration,
    prompt_since: Option<Duration>,
}

impl IdleTimer {
    pub fn new(timeout: Duration, countdown: Duration, now: Duration) -> Self {
        Self {
            timeout,
            countdown,
            last_activity: now,
            prompt_since: None,
        }
    }

    /// Someone touched, clicked or typed: any input answers the prompt too.
    pub fn activity(&mut self, now: Duration) {
        self.last_activity = now;
        self.prompt_since = None;
    }

    pub fn prompt_shown(&self) -> bool {
        self.prompt_since.is_some()
    }

    /// Seconds left on the prompt's countdown, rounded up, for display.
    pub fn seconds_left(&self, now: Duration) -> u64 {
        let Some(since) = self.prompt_since else {
            return self.countdown.as_secs();
        };
        let left = (since + self.countdown).saturating_sub(now);
        left.as_secs() + u64::from(left.subsec_nanos() > 0)
    }

    /// Decide what to do now. `armed` is false when there is nothing to forget
    /// (the welcome screen with a fresh session).
    pub fn poll(&mut self, now: Duration, armed: bool) -> IdleEvent {
        if !armed {
            self.last_activity = now;
            self.prompt_since = None;
            return IdleEvent::Nothing;
        }
        match self.prompt_since {
            None if now >= self.last_activity + self.timeout => {
                self.prompt_since = Some(now);
                IdleEvent::ShowPrompt
            }
            Some(since) if now >= since + self.countdown => {
                self.prompt_since = None;
                self.last_activity = now;
                IdleEvent::Reset
            }
            _ => IdleEvent::Nothing,
        }
    }

    /// How long until the timer next needs a frame: the prompt's deadline, or the next
    /// visible second of its countdown. The app schedules exactly one repaint for it.
    pub fn next_wake(&self, now: Duration, armed: bool) -> Option<Duration> {
        if !armed {
            return None;
        }
        Some(match self.prompt_since {
            None => (self.last_activity + self.timeout).saturating_sub(now),
            Some(since) => {
                let left = (since + self.countdown).saturating_sub(now);
                let frac = Duration::from_nanos(u64::from(left.subsec_nanos()));
                if frac.is_zero() {
                    left.min(Duration::from_secs(1))
                } else {
                    frac
                }
            }
        })
    }
}

/// Wrong tries before the PIN pad locks.
pub const PIN_MAX_TRIES: u32 = 5;
/// How long the pad stays locked.
pub const PIN_LOCK: Duration = Duration::from_secs(60);
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

/// The staff PIN pad: what has been typed, and the lock after repeated wrong tries.
/// Lives outside the patient session, so a reset does not lift a lock.
#[derive(Debug, Clone, Default)]
pub struct PinPad {
    pub entered: String,
    failures: u32,
    locked_until: Option<Duration>,
    pub last: Option<PinOutcome>,
}

impl PinPad {
    pub fn push_digit(&mut self, d: char) {
        if d.is_ascii_digit() && self.entered.len() < *PIN_LEN.end() {
            self.entered.push(d);
        }
    }

    pub fn backspace(&mut self) {
        self.entered.pop();
    }

    pub fn clear(&mut self) {
        self.entered.clear();
        self.last = None;
    }

    pub fn locked_for(&self, now: Duration) -> Option<u64> {
        self.locked_until
            .filter(|&until| now < until)
            .map(|until| (until - now).as_secs().max(1))
    }

    /// Check what was typed against the stored hash.
    pub fn submit(&mut self, pin_hash: &str, now: Duration) -> PinOutcome {
        let entered = std::mem::take(&mut self.entered);
        let outcome = if pin_hash.is_empty() {
            PinOutcome::Disabled
        } else if let Some(for_secs) = self.locked_for(now) {
            PinOutcome::Locked { for_secs }
        } else if verify_pin(&entered, pin_hash) {
            self.failures = 0;
            self.locked_until = None;
            PinOutcome::Accepted
        } else {
            self.failures += 1;
            if self.failures >= PIN_MAX_TRIES {
                self.failures = 0;
                self.locked_until = Some(now + PIN_LOCK);
                PinOutcome::Locked {
                    for_secs: PIN_LOCK.as_secs(),
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

/// Why a PIN cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("the PIN must be 4 to 8 digits (0-9)")]
    BadFormat,
    #[error("could not hash the PIN: {0}")]
    Hash(String),
}

/// Hash a new PIN with Argon2id and a random salt, for the settings file.
pub fn hash_pin(pin: &str) -> Result<String, PinError> {
    use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};

    if !PIN_LEN.contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(PinError::BadFormat);
    }
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PinError::Hash(e.to_string()))
}

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
    fn prompt_then_reset_after_the_countdown() {
        let mut t = IdleTimer::new(S(90), S(30), S(0));
        assert_eq!(t.poll(S(89), true), IdleEvent::Nothing);
        assert_eq!(t.next_wake(S(89), true), Some(S(1)));
        assert_eq!(t.poll(S(90), true), IdleEvent::ShowPrompt);
        assert_eq!(t.seconds_left(S(95)), 25);
        assert_eq!(t.poll(S(119), true), IdleEvent::Nothing);
        assert_eq!(t.poll(S(120), true), IdleEvent::Reset);
        assert!(!t.prompt_shown());
    }

    #[test]
    fn any_activity_answers_the_prompt() {
        let mut t = IdleTimer::new(S(90), S(30), S(0));
        t.poll(S(90), true);
        t.activity(S(100));
        assert!(!t.prompt_shown());
        assert_eq!(t.poll(S(150), true), IdleEvent::Nothing);
        assert_eq!(t.poll(S(190), true), IdleEvent::ShowPrompt);
    }

    #[test]
    fn nothing_to_forget_means_no_timer_and_no_wake_ups() {
        let mut t = IdleTimer::new(S(90), S(30), S(0));
        assert_eq!(t.poll(S(1000), false), IdleEvent::Nothing);
        assert_eq!(t.next_wake(S(1000), false), None);
    }

    #[test]
    fn countdown_wakes_once_a_second() {
        let mut t = IdleTimer::new(S(90), S(30), S(0));
        t.poll(S(90), true);
        assert_eq!(
            t.next_wake(S(90) + Duration::from_millis(300), true),
            Some(Duration::from_millis(700))
        );
    }
}
