//! Kiosk rules that have nothing to do with drawing: the clock, the inactivity timer that
//! protects patients' privacy, and the staff PIN lock.

mod clock;
mod idle;
mod pin;

pub use clock::{Clock, ManualClock, SystemClock};
pub use idle::{IdleEvent, IdleTimer};
pub use pin::{
    PIN_LEN, PIN_LOCK, PIN_LOCK_STEPS, PIN_MAX_TRIES, PinCheck, PinError, PinHash, PinLock,
    PinOutcome, PinPad, hash_pin, verify_pin,
};
