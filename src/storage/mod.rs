//! What the kiosk keeps on disk between patients: anonymous per-day usage counts, and the
//! staff PIN lock (so a restart does not lift it). Nothing a patient chose. Also what every
//! writer of the kiosk asks before writing a file (see [`check_target`]).

mod atomic;
pub mod pin_lock;
mod target;
mod usage;

pub use atomic::write_atomically;
pub use target::{
    FileKind, TargetError, check_target, check_tree, read_before_replacing, write_regular_file,
};
pub use usage::{DayCounts, Usage, UsageError};

#[cfg(test)]
#[cfg(unix)]
pub(crate) use target::tests as test_files;
