//! The machine the kiosk runs on, as one value: where its files live, the printer, the
//! speech engine, the clock, and how child programs are run. `main` builds it from the real
//! system ([`Machine::from_system`]) and passes it down to the kiosk and every command;
//! nothing reaches the machine another way, so a test builds a temporary one
//! ([`Machine::temporary`]) and its result never depends on this computer's `/etc`, home
//! folder, printers or sound card.

pub mod folders;
pub mod recording;

use std::sync::Arc;

pub use folders::Folders;

use crate::kiosk::{Clock, ManualClock, SystemClock};
use crate::system::print::{self, PrintError};
use crate::system::processes::Processes;
use crate::system::speech::{CommandSpeaker, Speaker};

/// Prints a PDF and returns once the printer has it all, with the job's id. Gets the bytes:
/// no file of the kiosk's holds them.
pub trait Printer: Send + Sync {
    /// Print `pdf` on `queue` (`None`: the system's default printer) and wait up to `wait`
    /// for the job to finish; one that does not is cancelled and is an error.
    fn print(
        &self,
        pdf: &[u8],
        queue: Option<&str>,
        wait: std::time::Duration,
    ) -> Result<String, PrintError>;
}

/// A closure prints too (tests that script a printer's answer, at once).
impl<F> Printer for F
where
    F: Fn(&[u8], Option<&str>) -> Result<String, PrintError> + Send + Sync,
{
    fn print(
        &self,
        pdf: &[u8],
        queue: Option<&str>,
        _wait: std::time::Duration,
    ) -> Result<String, PrintError> {
        self(pdf, queue)
    }
}

/// The clinic's printers, through CUPS: the job is sent on `lp`'s standard input and waited
/// for; one that does not finish is cancelled.
#[derive(Clone)]
pub struct Cups {
    processes: Processes,
}

impl Cups {
    pub fn new(processes: Processes) -> Self {
        Self { processes }
    }
}

impl Printer for Cups {
    fn print(
        &self,
        pdf: &[u8],
        queue: Option<&str>,
        wait: std::time::Duration,
    ) -> Result<String, PrintError> {
        print::print_and_wait(&self.processes, pdf, queue, wait)
    }
}

/// The kiosk's own program file.
pub trait Program: Send + Sync {
    /// Whether the file this process runs from was replaced since it started (a package
    /// upgrade): the kiosk then restarts itself between patients, to run the new one.
    fn replaced(&self) -> bool;
}

/// This process's program, as Linux sees it: once dpkg replaces /usr/bin/patient-kiosk, the
/// running program's link in /proc says "(deleted)".
pub struct RunningProgram;

impl Program for RunningProgram {
    fn replaced(&self) -> bool {
        std::fs::read_link("/proc/self/exe")
            .is_ok_and(|exe| exe.to_string_lossy().ends_with(" (deleted)"))
    }
}

/// Makes the speaker for a `speech_command` (the setting is read with the rest).
pub trait SpeechEngine: Send + Sync {
    fn speaker(&self, command: &[String]) -> Box<dyn Speaker>;
}

/// The clinic's `speech_command`, run as a child process group per utterance.
#[derive(Clone)]
pub struct CommandEngine {
    processes: Processes,
}

impl SpeechEngine for CommandEngine {
    fn speaker(&self, command: &[String]) -> Box<dyn Speaker> {
        Box::new(CommandSpeaker::with_processes(
            command.to_vec(),
            self.processes.clone(),
        ))
    }
}

/// The machine asking the kiosk to stop (SIGTERM: systemd's stop, a shutdown). A running
/// kiosk answers by closing as Exit kiosk does: the session's counts saved, the metrics
/// saying it is down, speech ended. Cheap to clone; shared by the signal handler and the app.
#[derive(Clone, Default)]
pub struct StopRequest(Arc<StopInner>);

#[derive(Default)]
struct StopInner {
    requested: std::sync::atomic::AtomicBool,
    /// The running kiosk's context, to wake it (none while no window is up).
    wake: std::sync::Mutex<Option<egui::Context>>,
}

impl StopRequest {
    /// Ask to stop. True when a running kiosk was woken to answer; false when there is none
    /// (a command, or before the window is up), and the caller must stop the process itself.
    pub fn request(&self) -> bool {
        self.0
            .requested
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let wake = self
            .0
            .wake
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        wake.map(|ctx| ctx.request_repaint()).is_some()
    }

    /// Whether a stop was asked for.
    pub fn requested(&self) -> bool {
        self.0.requested.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The running kiosk: wake it on a request.
    pub fn attach(&self, ctx: &egui::Context) {
        *self
            .0
            .wake
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(ctx.clone());
    }
}

/// Everything the kiosk needs of the computer it runs on.
#[derive(Clone)]
pub struct Machine {
    pub folders: Folders,
    pub clock: Arc<dyn Clock>,
    /// How child programs are found and run (and ended, with the kiosk).
    pub processes: Processes,
    pub printer: Arc<dyn Printer>,
    pub speech: Arc<dyn SpeechEngine>,
    /// The machine asking the kiosk to stop (the SIGTERM handler in `main`).
    pub stop: StopRequest,
    /// The kiosk's own program file: replaced by an upgrade while it runs.
    pub program: Arc<dyn Program>,
    /// Holds a temporary machine's folder until its last clone is dropped.
    _temporary: Option<Arc<tempfile::TempDir>>,
}

impl std::fmt::Debug for Machine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Machine")
            .field("folders", &self.folders)
            .finish_non_exhaustive()
    }
}

impl Machine {
    /// The real computer: the platform's folders (moved by the options in `folders`), the
    /// system clock, programs on `PATH`, CUPS and the clinic's speech engine.
    pub fn from_system(folders: Folders) -> Self {
        let processes = Processes::default();
        Self {
            folders,
            clock: Arc::new(SystemClock::default()),
            printer: Arc::new(Cups::new(processes.clone())),
            speech: Arc::new(CommandEngine {
                processes: processes.clone(),
            }),
            processes,
            stop: StopRequest::default(),
            program: Arc::new(RunningProgram),
            _temporary: None,
        }
    }

    /// A machine of its own in a new temporary folder (removed with the last clone): no
    /// machine-wide or user settings file until a test writes one, a data folder inside
    /// it, a clock that moves only when told, no programs to run (an empty `PATH`), and a
    /// printer and speech engine that only record what they were asked.
    pub fn temporary() -> std::io::Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("patient-kiosk-machine-")
            .tempdir()?;
        let folders = Folders::inside(dir.path());
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin)?;
        let processes = Processes::new(Some(bin.into_os_string()));
        Ok(Self {
            folders,
            clock: Arc::new(ManualClock::default()),
            printer: Arc::new(recording::RecordingPrinter::default()),
            speech: Arc::new(recording::RecordingSpeaker::default()),
            processes,
            stop: StopRequest::default(),
            program: Arc::new(recording::ReplaceableProgram::default()),
            _temporary: Some(Arc::new(dir)),
        })
    }

    pub fn with_program(mut self, program: Arc<dyn Program>) -> Self {
        self.program = program;
        self
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn with_printer(mut self, printer: Arc<dyn Printer>) -> Self {
        self.printer = printer;
        self
    }

    pub fn with_speech(mut self, speech: Arc<dyn SpeechEngine>) -> Self {
        self.speech = speech;
        self
    }

    /// Run real programs from the machine's `PATH` (tests of the real adapters): CUPS for
    /// printing and the `speech_command` for speech.
    pub fn with_real_programs(mut self) -> Self {
        self.processes = Processes::default();
        self.printer = Arc::new(Cups::new(self.processes.clone()));
        self.speech = Arc::new(CommandEngine {
            processes: self.processes.clone(),
        });
        self
    }

    pub fn with_folders(mut self, folders: Folders) -> Self {
        self.folders = folders;
        self
    }

    /// The speaker for this `speech_command`.
    pub fn speaker(&self, command: &[String]) -> Box<dyn Speaker> {
        self.speech.speaker(command)
    }
}
