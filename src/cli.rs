//! The command line: the kiosk and the staff and IT jobs, as clap defines them. `main`
//! runs them; the manual page (`docs/patient-kiosk.1`) is generated from this definition.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::handout::Paper;

/// A full-screen clinic kiosk that teaches patients about microneedling.
#[derive(Parser, Debug)]
#[command(version, about)]
pub struct Cli {
    /// Open in a normal 1280x800 window that can be closed (staff desktops, development).
    #[arg(long)]
    pub windowed: bool,
    /// Settings file, read last, over /etc/patient-kiosk/settings.toml and
    /// ~/.config/patient-kiosk/settings.toml; `set-pin` writes it.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Show a clinic's own content folder instead of the built-in content.
    #[arg(long, value_name = "DIR", global = true)]
    pub content: Option<PathBuf>,
    /// The data folder: usage counts, the staff PIN lock, content packs, handouts kept for
    /// staff (default: the platform's, e.g. ~/.local/share/patient-kiosk).
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// The usage-count file only (default: usage.toml in the data folder); several kiosks
    /// may share one.
    #[arg(long, value_name = "FILE", global = true)]
    pub usage_file: Option<PathBuf>,
    /// Benchmark: print the time from start to the first frame on screen, then quit.
    #[arg(long, conflicts_with = "bench_walk")]
    pub bench_startup: bool,
    /// Benchmark: print memory after start and after walking every page, then quit.
    #[arg(long)]
    pub bench_walk: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check a content folder; print every error with file and line; exit 1 if any.
    Validate {
        /// The folder (as written by export-content).
        dir: PathBuf,
    },
    /// Write the built-in content and images to a folder, as a starting point for a clinic.
    ExportContent {
        /// Where to write; created if missing.
        dir: PathBuf,
    },
    /// Set the staff PIN: reads 4 to 8 digits from standard input, stores only a salted hash.
    SetPin,
    /// Check this kiosk PC before opening: settings, PIN, content, printer, CUPS privacy,
    /// speech, display, data folder. One line per check; exit 1 if any fails.
    Doctor {
        /// CUPS's configuration file.
        #[arg(long, value_name = "FILE", default_value = "/etc/cups/cupsd.conf")]
        cupsd_conf: PathBuf,
    },
    /// Benchmark: CPU time to build and tessellate every screen at 1920x1080 and 3840x2160.
    #[command(hide = true)]
    BenchFrames {
        /// Frames timed per screen (the median is reported).
        #[arg(long, default_value_t = 15)]
        repeats: usize,
    },
    /// Write the printed handout as a PDF (clinic details from --config); --print prints it.
    Handout(HandoutArgs),
    /// Make a content pack for many kiosks: checks DIR as `validate` does, then writes
    /// FILE.tar (the folder and a manifest with the sequence number). Sign it with
    /// `minisign -S -s KEY -m FILE.tar -t "seq=N"`.
    Pack {
        /// The content folder.
        dir: PathBuf,
        /// Where to write the pack.
        #[arg(long, value_name = "FILE.tar")]
        out: PathBuf,
        /// Its sequence number: higher than every pack before it.
        #[arg(long, value_name = "N")]
        seq: u64,
    },
    /// Fetch the content pack from `pack_url` once, check its signature and sequence
    /// number, and install it (the kiosk shows it from its next patient or start). Exit 1
    /// with the reason if it could not.
    Update,
    /// Ask this user's running kiosk to close as "Exit kiosk" does (the session's counts
    /// saved, the metrics saying it is down) and wait until it has. The systemd unit's
    /// ExecStop: without it, `systemctl stop` ends cage and the kiosk at the same moment.
    /// Exit 1 if a kiosk is still running after --wait.
    Stop {
        /// How long to wait for the kiosk to close.
        #[arg(long, value_name = "SECONDS", default_value_t = 10,
              value_parser = clap::value_parser!(u64).range(1..=300))]
        wait: u64,
    },
}

#[derive(clap::Args, Debug)]
pub struct HandoutArgs {
    /// Where to write the PDF.
    #[arg(long, value_name = "FILE.pdf")]
    pub out: PathBuf,
    /// Topic ids, comma-separated (default: `handout` in the content's topics.toml, else
    /// every topic).
    #[arg(long, value_name = "ID,ID", value_delimiter = ',')]
    pub topics: Option<Vec<String>>,
    /// Question ids for the checklist, comma-separated.
    #[arg(long, value_name = "ID,ID", value_delimiter = ',')]
    pub questions: Vec<String>,
    /// Paper size (default: `paper` in the settings).
    #[arg(long, value_name = "a4|letter")]
    pub paper: Option<Paper>,
    /// Language code (default: the content's first language).
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    /// Also print it through CUPS.
    #[arg(long)]
    pub print: bool,
    /// CUPS printer (default: `printer` in the settings, else the system default).
    #[arg(long, value_name = "NAME", requires = "print")]
    pub printer: Option<String>,
    /// How long to wait for the printer to finish the job before cancelling it (exit 1).
    #[arg(long, value_name = "SECONDS", default_value_t = 60, requires = "print",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub wait: u64,
}
