//! What the kiosk keeps on disk between patients: anonymous per-day usage counts, and the
//! staff PIN lock (so a restart does not lift it). Nothing a patient chose.

mod atomic;
pub mod pin_lock;
mod usage;

pub use atomic::write_atomically;
pub use usage::{DayCounts, Usage, UsageError};
