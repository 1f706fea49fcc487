//! The inactivity timer that protects patients' privacy: after a while without a touch a
//! prompt, after its countdown a reset.

use std::time::Duration;

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
        let left = since.saturating_add(self.countdown).saturating_sub(now);
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
            None if now >= self.last_activity.saturating_add(self.timeout) => {
                self.prompt_since = Some(now);
                IdleEvent::ShowPrompt
            }
            Some(since) if now >= since.saturating_add(self.countdown) => {
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
            None => self
                .last_activity
                .saturating_add(self.timeout)
                .saturating_sub(now),
            Some(since) => {
                let left = since.saturating_add(self.countdown).saturating_sub(now);
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

#[cfg(test)]
mod huge {
    use super::*;

    #[test]
    fn a_huge_timeout_never_overflows() {
        let mut t = IdleTimer::new(Duration::MAX, Duration::MAX, Duration::from_secs(5));
        assert_eq!(t.poll(Duration::from_secs(10), true), IdleEvent::Nothing);
        assert!(t.next_wake(Duration::from_secs(10), true).is_some());
        // At the very end of time the sums saturate instead of panicking.
        t.activity(Duration::MAX);
        assert_eq!(t.poll(Duration::MAX, true), IdleEvent::ShowPrompt);
        assert_eq!(t.seconds_left(Duration::MAX), 0);
        assert!(t.next_wake(Duration::MAX, true).is_some());
    }
}
