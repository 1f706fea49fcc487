//! The kiosk's stories as one test binary (one link, one run), a module per story. What must
//! run alone (the soak, which measures this process's memory) has a binary of its own.
//!
//! Tests that need a program or service of the machine (CUPS, espeak-ng, Xvfb, minisign, ...)
//! are ignored with the reason naming it: `bash .ci/test` installs and starts them and runs
//! every test; plain `cargo test` runs the rest anywhere.

#[path = "../common/mod.rs"]
mod common;

mod content_loading;
mod content_quality;
mod debian_package;
mod doctor;
mod everyone;
mod fault_injection;
mod handout;
mod hostile;
mod kiosk_day;
mod language_help;
mod metrics;
mod packs;
mod patient_story;
mod print_story;
mod real_input;
mod self_check;
mod settings;
mod snapshots;
mod take_away;
mod talking_kiosk;
mod usage_file;
mod window;
