//! Getting a handout onto paper: send a PDF to a CUPS printer with `lp`, or, when printing
//! fails, keep it in a folder for staff to print later (and clear out old ones, since the
//! files hold what a patient asked about). Errors name the printer, command and message so
//! staff can act on them; patients only ever see a friendly line.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::system::processes::Processes;
use std::time::{Duration, SystemTime};

/// The title CUPS shows for a handout's print job.
const JOB_TITLE: &str = "handout";

/// Handouts saved for staff are named `handout-<date>-<time>.pdf`; only those are cleaned up.
const FILE_PREFIX: &str = "handout-";

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("the print command `{command}` is not installed (it comes with CUPS: cups-client)")]
    CommandMissing { command: String },
    #[error("printer `{printer}` is not installed (`lpstat -p` lists the printers)")]
    PrinterMissing { printer: String },
    #[error(
        "the printer name {printer:?} is not a CUPS queue name (1 to 127 printable characters, no spaces, `/`, `#` or `\\`, not starting with `-`)"
    )]
    BadPrinterName { printer: String },
    #[error("printer `{printer}` is disabled: {detail}")]
    PrinterDisabled { printer: String, detail: String },
    #[error("the print service (CUPS) is not running: `{command}` said: {stderr}")]
    SchedulerDown { command: String, stderr: String },
    #[error(
        "no printer is named in the settings and the system has no default printer (`lpoptions -d NAME` sets one)"
    )]
    NoDefaultPrinter,
    #[error("`{command}` failed ({status}): {stderr}")]
    CommandFailed {
        command: String,
        status: String,
        stderr: String,
    },
    #[error(
        "print job {job} did not finish within {waited} s (is the printer on?); it was cancelled"
    )]
    NotCompleted { job: String, waited: u64 },
    #[error("`{command}` did not report a job id; it said: {stdout}")]
    NoJobId { command: String, stdout: String },
    #[error("the disk is full writing {}", path.display())]
    DiskFull { path: PathBuf },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Run a CUPS command with English messages (they are parsed below).
fn run(processes: &Processes, program: &str, args: &[&str]) -> Result<Output, PrintError> {
    processes
        .command(program)
        .args(args)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .output()
        .map_err(|e| match e.kind() {
            ErrorKind::NotFound => PrintError::CommandMissing {
                command: program.to_owned(),
            },
            _ => PrintError::CommandFailed {
                command: program.to_owned(),
                status: "could not start".to_owned(),
                stderr: e.to_string(),
            },
        })
}

fn command_line(program: &str, args: &[&str]) -> String {
    std::iter::once(program)
        .chain(args.iter().copied())
        .collect::<Vec<_>>()
        .join(" ")
}

fn scheduler_down(stderr: &str) -> bool {
    let s = stderr.to_ascii_lowercase();
    s.contains("scheduler is not running")
        || s.contains("unable to connect to server")
        || s.contains("bad file descriptor")
        || s.contains("connection refused")
}

/// Whether `name` follows CUPS's rules for a queue name (as `lpadmin` enforces them), and
/// so can never be read by `lp` or `lpstat` as an option.
pub fn valid_printer_name(name: &str) -> bool {
    (1..=127).contains(&name.len())
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '/' | '#' | '\\'))
}

/// Whether `printer` exists and accepts jobs, according to `lpstat -p NAME`.
pub fn check_printer(processes: &Processes, printer: &str) -> Result<(), PrintError> {
    if !valid_printer_name(printer) {
        return Err(PrintError::BadPrinterName {
            printer: printer.to_owned(),
        });
    }
    let args = ["-p", printer];
    let out = run(processes, "lpstat", &args)?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if scheduler_down(&stderr) {
        return Err(PrintError::SchedulerDown {
            command: command_line("lpstat", &args),
            stderr: stderr.trim().to_owned(),
        });
    }
    if !out.status.success() || stdout.trim().is_empty() {
        return Err(PrintError::PrinterMissing {
            printer: printer.to_owned(),
        });
    }
    if let Some(line) = stdout.lines().find(|l| l.contains("disabled")) {
        return Err(PrintError::PrinterDisabled {
            printer: printer.to_owned(),
            detail: line.trim().to_owned(),
        });
    }
    Ok(())
}

/// Send a PDF to CUPS on `lp`'s standard input, so no file of the kiosk's holds it.
pub fn submit_pdf(
    processes: &Processes,
    pdf: &[u8],
    printer: Option<&str>,
) -> Result<String, PrintError> {
    let printer = printer.map(str::trim).filter(|p| !p.is_empty());
    if let Some(name) = printer {
        check_printer(processes, name)?;
    }
    let mut args: Vec<&str> = Vec::new();
    if let Some(name) = printer {
        args.extend(["-d", name]);
    }
    args.extend(["-t", JOB_TITLE]);
    let out = run_with_input(processes, "lp", &args, pdf)?;
    let stdout = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    let command = command_line("lp", &args);
    if !out.status.success() {
        if printer.is_none()
            && stderr
                .to_ascii_lowercase()
                .contains("no default destination")
        {
            return Err(PrintError::NoDefaultPrinter);
        }
        if scheduler_down(&stderr) {
            return Err(PrintError::SchedulerDown { command, stderr });
        }
        if let Some(name) = printer
            && (stderr.contains("does not exist") || stderr.contains("nvalid destination"))
        {
            return Err(PrintError::PrinterMissing {
                printer: name.to_owned(),
            });
        }
        return Err(PrintError::CommandFailed {
            command,
            status: out.status.to_string(),
            stderr,
        });
    }
    // "request id is KioskPDF-12 (1 file(s))"
    stdout
        .split("request id is ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_owned)
        .ok_or(PrintError::NoJobId { command, stdout })
}

/// Run a CUPS command with `input` on its standard input (written from a thread of its
/// own, so a command that stops reading cannot leave this one waiting on a full pipe while
/// it waits for us to read its output).
fn run_with_input(
    processes: &Processes,
    program: &str,
    args: &[&str],
    input: &[u8],
) -> Result<Output, PrintError> {
    use std::io::Write;
    use std::process::Stdio;

    let failed = |e: std::io::Error| match e.kind() {
        ErrorKind::NotFound => PrintError::CommandMissing {
            command: program.to_owned(),
        },
        _ => PrintError::CommandFailed {
            command: command_line(program, args),
            status: "could not run".to_owned(),
            stderr: e.to_string(),
        },
    };
    let mut child = processes
        .command(program)
        .args(args)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(failed)?;
    let writer = child.stdin.take().map(|mut stdin| {
        let input = input.to_vec();
        std::thread::spawn(move || stdin.write_all(&input))
    });
    let out = child.wait_with_output().map_err(failed)?;
    if let Some(Ok(Err(e))) = writer.map(std::thread::JoinHandle::join)
        && out.status.success()
    {
        return Err(failed(e));
    }
    Ok(out)
}

/// Job ids CUPS has not finished: pending, held, processing or stopped.
fn unfinished_jobs(processes: &Processes) -> Result<Vec<String>, PrintError> {
    let args = ["-W", "not-completed", "-o"];
    let out = run(processes, "lpstat", &args)?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if scheduler_down(&stderr) {
        return Err(PrintError::SchedulerDown {
            command: command_line("lpstat", &args),
            stderr: stderr.trim().to_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect())
}

/// Wait until CUPS has finished `job` (it no longer lists it as not completed), checking
/// twice a second for at most `wait`.
pub fn wait_for_job(processes: &Processes, job: &str, wait: Duration) -> Result<(), PrintError> {
    let start = std::time::Instant::now();
    loop {
        if !unfinished_jobs(processes)?.iter().any(|j| j == job) {
            return Ok(());
        }
        if start.elapsed() >= wait {
            return Err(PrintError::NotCompleted {
                job: job.to_owned(),
                waited: wait.as_secs(),
            });
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Take a job out of the queue (it would print later for nobody, and CUPS keeps its file
/// until it is done).
pub fn cancel_job(processes: &Processes, job: &str) {
    match run(processes, "cancel", &[job]) {
        Ok(out) if out.status.success() => log::info!("cancelled print job {job}"),
        Ok(out) => log::warn!(
            "could not cancel print job {job}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(e) => log::warn!("could not cancel print job {job}: {e}"),
    }
}

/// How long the kiosk waits for CUPS to finish a handout before telling the patient to
/// ask the front desk.
pub const PRINT_WAIT: Duration = Duration::from_secs(60);

/// The kiosk's way to print: send the bytes, wait for CUPS to finish the job, and cancel a
/// job that does not finish in `wait` (a printer that is off or on a dead socket), so the
/// patient hears the truth: printed, or not.
pub fn print_and_wait(
    processes: &Processes,
    pdf: &[u8],
    printer: Option<&str>,
    wait: Duration,
) -> Result<String, PrintError> {
    let job = submit_pdf(processes, pdf, printer)?;
    match wait_for_job(processes, &job, wait) {
        Ok(()) => Ok(job),
        Err(e) => {
            cancel_job(processes, &job);
            Err(e)
        }
    }
}

fn write_error(path: &Path, e: std::io::Error) -> PrintError {
    if e.kind() == ErrorKind::StorageFull || e.kind() == ErrorKind::QuotaExceeded {
        PrintError::DiskFull {
            path: path.to_owned(),
        }
    } else {
        PrintError::Write {
            path: path.to_owned(),
            source: e,
        }
    }
}

/// Keep a handout in `dir` (created if missing) as `handout-YYYYMMDD-HHMMSS.pdf`, named from
/// `now` in local time, with `-2`, `-3`... when that name is taken. Returns the file's path.
pub fn save_for_staff(dir: &Path, pdf: &[u8], now: SystemTime) -> Result<PathBuf, PrintError> {
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let stamp = chrono::DateTime::<chrono::Local>::from(now).format("%Y%m%d-%H%M%S");
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{FILE_PREFIX}{stamp}.pdf")
        } else {
            format!("{FILE_PREFIX}{stamp}-{n}.pdf")
        };
        let path = dir.join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // What a patient asked about: readable by the kiosk's user only.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path);
        let mut file = match file {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(write_error(&path, e)),
        };
        let written = std::io::Write::write_all(&mut file, pdf).and_then(|()| file.sync_all());
        if let Err(e) = written {
            // Do not leave half a handout behind for staff to print.
            let _ = std::fs::remove_file(&path);
            return Err(write_error(&path, e));
        }
        return Ok(path);
    }
    Err(PrintError::Write {
        path: dir.to_owned(),
        source: std::io::Error::new(ErrorKind::AlreadyExists, "too many handouts this second"),
    })
}

/// Delete saved handouts (`handout-*.pdf` in `dir`) last changed more than `age` before
/// `now`. Other files are left alone. Returns how many were deleted.
pub fn delete_older_than(dir: &Path, age: Duration, now: SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut deleted = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(FILE_PREFIX) && name.ends_with(".pdf")) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let old = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|elapsed| elapsed > age);
        if old {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => deleted += 1,
                Err(e) => log::warn!("cannot delete {}: {e}", entry.path().display()),
            }
        }
    }
    deleted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_handouts_get_unique_names_and_old_ones_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let now = SystemTime::now();
        let a = save_for_staff(dir.path(), b"%PDF-1.7 a", now).unwrap();
        let b = save_for_staff(dir.path(), b"%PDF-1.7 b", now).unwrap();
        assert_ne!(a, b);
        assert!(b.to_string_lossy().ends_with("-2.pdf"), "{}", b.display());
        std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();

        // An hour later, nothing is older than a day...
        let later = now + Duration::from_secs(3600);
        assert_eq!(
            delete_older_than(dir.path(), Duration::from_secs(86_400), later),
            0
        );
        // ...but both handouts are older than ten minutes; the other file stays.
        assert_eq!(
            delete_older_than(dir.path(), Duration::from_secs(600), later),
            2
        );
        assert!(dir.path().join("notes.txt").exists());
        assert!(!a.exists());
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let err = save_for_staff(&file.join("handouts"), b"%PDF", SystemTime::now()).unwrap_err();
        assert!(err.to_string().contains("not-a-folder"), "{err}");
    }

    #[test]
    fn printer_names_follow_cups_rules() {
        for good in ["KioskPDF", "Front_Desk-2", "hp@lobby", "a"] {
            assert!(valid_printer_name(good), "{good}");
        }
        let long = "p".repeat(128);
        for bad in [
            "",
            "-hevil.example",
            "-d",
            "front desk",
            "a/b",
            "a#b",
            "a\\b",
            "é",
            &long,
        ] {
            assert!(!valid_printer_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_name_that_could_be_an_option_never_reaches_lpstat() {
        let err = check_printer(&Processes::default(), "-hevil.example").unwrap_err();
        assert!(matches!(err, PrintError::BadPrinterName { .. }), "{err}");
        assert!(err.to_string().contains("-hevil.example"));
    }
}
