//! What must happen outside the state after an action: the reducer returns these and the
//! app shell carries them out (some on a worker thread), reporting back with an
//! [`Action`](crate::model::Action) where there is a result.

use crate::kiosk::PinHash;
use crate::storage::Usage;

/// One thing for the app shell to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write these counts to their file (off the UI thread; a failure comes back as
    /// `UsageSaveFailed`).
    SaveUsage(Usage),
    /// Check typed digits against the PIN hash (Argon2 is slow by design, so off the UI
    /// thread); the answer comes back as `PinChecked`.
    VerifyPin {
        digits: Secret,
        hash: PinHash,
    },
    /// Load the content again from where it came from; the result comes back as
    /// `ContentLoaded`.
    ReloadContent,
    /// Make the handout PDF and print it; the result comes back as `PrintFinished`.
    Print(PrintOrder),
    /// Speak this text in this language, stopping anything already speaking.
    Speak {
        lang: String,
        text: String,
        voice: crate::system::speech::Voice,
    },
    /// Speak this once what is speaking now has finished (another language's voice after
    /// this one's). A new `Speak` or `StopSpeech` drops it.
    SpeakNext {
        lang: String,
        text: String,
        voice: crate::system::speech::Voice,
    },
    StopSpeech,
    /// Pause the voice where it is (`true`), or let it go on.
    PauseSpeech(bool),
    /// Keep the staff PIN lock in its file (off the UI thread), so a restart does not lift
    /// it; a failure comes back as `PinLockSaveFailed`.
    SavePinLock {
        file: std::path::PathBuf,
        lock: crate::kiosk::PinLock,
    },
    /// Replace the metrics file with this text (`last`: the kiosk is closing, write it now
    /// rather than on a worker thread). A failure comes back as `MetricsSaveFailed`.
    WriteMetrics {
        file: std::path::PathBuf,
        text: String,
        last: bool,
    },
    /// Pull the content pack from `pack_url` into this folder (off the UI thread); the
    /// result comes back as `PackChecked`.
    /// `shown` is the newest pack the kiosk already has (on screen or waiting): one that
    /// another `update` (a cron job) installed is taken up too.
    CheckForPack {
        dir: std::path::PathBuf,
        shown: Option<u64>,
    },
    /// Delete handouts kept for staff that are more than a day old.
    PurgeHandouts,
    /// Close the window (staff chose "Exit kiosk").
    Quit,
}

/// What goes on a handout. The shell adds the date when it makes the PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintOrder {
    pub lang: String,
    pub topics: Vec<String>,
    pub questions: Vec<String>,
    /// The reset count when it was asked for: the result goes to this patient only.
    pub patient: u64,
}

/// Text that must never reach a log: `Debug` prints stars.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}
