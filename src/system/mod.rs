//! Adapters to the machine's own programs: CUPS for printing, a speech engine for reading
//! aloud. Each runs as a child process, so a fault there cannot take the kiosk down;
//! [`processes`] is how those children are started, ended and waited for.

pub mod ear;
pub mod print;
pub mod processes;
pub mod running;
pub mod speech;
