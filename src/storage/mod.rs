//! What the kiosk keeps on disk between patients: only anonymous per-day usage counts.

mod usage;

pub use usage::{DayCounts, Usage, UsageError};
