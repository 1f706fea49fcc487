//! Command line: run the kiosk, or one of the staff jobs (validate, export, set a PIN,
//! write or print a handout).

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Parser;
use patient_kiosk::cli::{Cli, Command, HandoutArgs};
use patient_kiosk::config::Settings;
use patient_kiosk::content::{self, DirSource};
use patient_kiosk::handout;
use patient_kiosk::machine::{Folders, Machine};
use patient_kiosk::system::processes::GRACE;
use patient_kiosk::{Options, kiosk, measure};

/// The exit code after a crash (`EX_SOFTWARE`): the log has one line saying where; the
/// systemd unit restarts the kiosk.
const EXIT_CRASHED: i32 = 70;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    let machine = Machine::from_system(Folders::from_system(
        cli.config.clone(),
        cli.data_dir.clone(),
        cli.usage_file.clone(),
    ));
    // A panic anywhere (for example inside the window system when the window is destroyed
    // from outside) becomes one log line and a clean, documented exit, not a backtrace; and
    // nothing the kiosk started (speech) outlives it.
    let processes = machine.processes.clone();
    std::panic::set_hook(Box::new(move |info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned());
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("unnamed");
        if name == "main" {
            log::error!("patient-kiosk stopped{place}: {what}");
            processes.end_all(GRACE);
            std::process::exit(EXIT_CRASHED);
        }
        // A background job: it reports its own failure; the kiosk goes on.
        log::error!("a background job ({name}) failed{place}: {what}");
    }));
    stop_on_signals(&machine);
    match run(cli, &machine, started) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// SIGTERM (systemd's stop), SIGINT and SIGHUP: a running kiosk closes as Exit kiosk does
/// (the session's counts saved, the metrics saying it is down, speech ended); anything else
/// ends its speech and exits with the signal's conventional code.
fn stop_on_signals(machine: &Machine) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) {
        Ok(s) => s,
        Err(e) => {
            log::warn!("cannot watch for SIGTERM ({e}): speech may outlive a stopped kiosk");
            return;
        }
    };
    let processes = machine.processes.clone();
    let stop = machine.stop.clone();
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                log::info!("stopping on signal {signal}");
                if stop.request() {
                    // The kiosk closes itself (counts saved, metrics down) and the process
                    // ends with it; this is only for a kiosk that does not.
                    std::thread::sleep(std::time::Duration::from_secs(5));
                    log::warn!("the kiosk did not close within 5 s of signal {signal}");
                }
                processes.end_all(GRACE);
                std::process::exit(128 + signal);
            }
        });
    if let Err(e) = spawned {
        log::warn!("cannot watch for SIGTERM ({e}): speech may outlive a stopped kiosk");
    }
}

fn run(cli: Cli, machine: &Machine, started: std::time::Instant) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => {
            let opts = Options {
                windowed: cli.windowed,
                content: cli.content,
                bench: if cli.bench_startup {
                    Some((measure::Mode::Startup, started))
                } else if cli.bench_walk {
                    Some((measure::Mode::Walk, started))
                } else {
                    None
                },
            };
            patient_kiosk::run(&opts, machine.clone())
                .map_err(|e| anyhow::anyhow!("the kiosk window failed: {e}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Validate { dir }) => validate(&dir),
        Some(Command::ExportContent { dir }) => {
            let n = content::source::export_embedded(&dir)
                .with_context(|| format!("writing the content to {}", dir.display()))?;
            println!("Wrote {n} files to {}", dir.display());
            println!(
                "Edit them, check with `patient-kiosk validate {}`,",
                dir.display()
            );
            println!("then run `patient-kiosk --content {}`.", dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::SetPin) => set_pin(machine),
        Some(Command::Doctor { cupsd_conf }) => {
            let setup = patient_kiosk::doctor::Setup {
                content: cli.content,
                cupsd_conf,
            };
            let checks = patient_kiosk::doctor::run(&setup, machine);
            for check in &checks {
                println!("{check}");
            }
            let failed = checks.iter().filter(|c| !c.ok).count();
            if failed == 0 {
                println!("All {} checks passed.", checks.len());
                Ok(ExitCode::SUCCESS)
            } else {
                println!("{failed} of {} checks failed.", checks.len());
                Ok(ExitCode::FAILURE)
            }
        }
        Some(Command::BenchFrames { repeats }) => {
            // A machine of its own: measuring touches no counts, printer or speaker.
            let bench = Machine::temporary().context("making a temporary folder")?;
            let opts = Options::default();
            let state_for = || patient_kiosk::build_state(&opts, &bench);
            let results = measure::frame_costs(
                &bench,
                &state_for,
                &[(1920.0, 1080.0), (3840.0, 2160.0)],
                repeats,
            )?;
            for size in [(1920.0, 1080.0), (3840.0, 2160.0)] {
                let mine: Vec<_> = results.iter().filter(|r| r.size == size).collect();
                let mut all: Vec<f64> = mine.iter().map(|r| r.median_ms).collect();
                all.sort_by(f64::total_cmp);
                let worst = mine
                    .iter()
                    .max_by(|a, b| a.median_ms.total_cmp(&b.median_ms));
                if let Some(w) = worst {
                    println!(
                        "frames {}x{}: {} screens, median {:.2} ms, heaviest {:.2} ms ({})",
                        size.0,
                        size.1,
                        mine.len(),
                        all[all.len() / 2],
                        w.median_ms,
                        w.screen
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Handout(args)) => write_handout(machine, cli.content, args),
        Some(Command::Pack { dir, out, seq }) => {
            match patient_kiosk::packs::make(&dir, &out, seq) {
                Ok(m) => {
                    println!("wrote content pack {} to {}", m.seq, out.display());
                    println!(
                        "sign it: minisign -S -s KEY -m {} -t \"seq={}\"",
                        out.display(),
                        m.seq
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    println!("{e}");
                    eprintln!("{}: no pack written", dir.display());
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Some(Command::Stop { wait }) => {
            use patient_kiosk::system::running::{Stopped, stop_running};
            match stop_running(std::time::Duration::from_secs(wait)) {
                Stopped::NoneRunning => {
                    println!("no kiosk of this user is running");
                    Ok(ExitCode::SUCCESS)
                }
                Stopped::Closed(pids) => {
                    println!("the kiosk closed (process {pids:?})");
                    Ok(ExitCode::SUCCESS)
                }
                Stopped::StillRunning(pids) => {
                    println!("the kiosk (process {pids:?}) is still running after {wait} s");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Some(Command::Update) => {
            let loaded = Settings::load_layers(&machine.folders.settings_layers());
            for w in &loaded.warnings {
                eprintln!("warning: settings: {w}");
            }
            if loaded.settings.pack_url.trim().is_empty() {
                println!("update failed: {}", no_pack_url(&machine.folders, &loaded));
                return Ok(ExitCode::FAILURE);
            }
            let Some(packs) = machine.folders.packs() else {
                bail!(
                    "no data folder to keep content packs in (no home folder): pass --data-dir DIR"
                );
            };
            match patient_kiosk::packs::update(&loaded.settings, &packs) {
                Ok(outcome) => {
                    println!("{outcome}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    println!("update failed: {e}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

fn validate(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    if !dir.is_dir() {
        bail!("{} is not a folder", dir.display());
    }
    let source = DirSource::new(dir);
    match content::load(&source) {
        Ok(lib) => {
            let broken = content::check_pictures(&lib, &source);
            if !broken.is_empty() {
                for p in &broken {
                    println!("{}/{p}", dir.display());
                }
                eprintln!("{}: {} error(s)", dir.display(), broken.len());
                return Ok(ExitCode::FAILURE);
            }
            let en = lib.lang(lib.fallback_lang());
            let pages: usize = en.topics.iter().map(|t| t.pages.len()).sum();
            println!(
                "{}: OK: {} languages, {} topics, {pages} pages, {} questions",
                dir.display(),
                lib.languages.len(),
                en.topics.len(),
                en.questions().count()
            );
            for m in &lib.missing_translations {
                println!("missing translation: {m}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            for e in &errors.0 {
                println!("{e}");
            }
            eprintln!("{}: {} error(s)", dir.display(), errors.0.len());
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Why no `pack_url` is set, as truly as the files allow: one that could not be read may
/// hold it; else the files that were read.
fn no_pack_url(folders: &Folders, loaded: &patient_kiosk::config::Loaded) -> String {
    let unreadable: Vec<String> = loaded
        .warnings
        .iter()
        .filter(|w| w.field == "(file)" || w.line.is_none())
        .map(|w| format!("{} could not be read ({})", w.file, w.message))
        .collect();
    if !unreadable.is_empty() {
        return format!(
            "no pack_url in the settings that could be read: {}",
            unreadable.join("; ")
        );
    }
    let layers = folders.settings_layers();
    let read: Vec<String> = layers
        .iter()
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if read.is_empty() {
        let all: Vec<String> = layers.iter().map(|p| p.display().to_string()).collect();
        format!(
            "pack_url is not set: there is no settings file ({} do not exist)",
            all.join(", ")
        )
    } else {
        format!("pack_url is not set in {}", read.join(", "))
    }
}

fn write_handout(
    machine: &Machine,
    content_dir: Option<PathBuf>,
    args: HandoutArgs,
) -> anyhow::Result<ExitCode> {
    let loaded = Settings::load_layers(&machine.folders.settings_layers());
    for w in &loaded.warnings {
        eprintln!("warning: settings: {w}");
    }
    let settings = loaded.settings;
    let patient_kiosk::LoadedContent {
        library,
        source,
        warnings,
    } = patient_kiosk::load_content(content_dir.as_deref())?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let lang = args
        .lang
        .unwrap_or_else(|| library.fallback_lang().to_owned());
    let today = chrono::Local::now().date_naive();
    let mut req = handout::Request::with_defaults(&library, &settings, &lang, today);
    if let Some(topics) = args.topics {
        req.topics = topics.into_iter().map(|t| t.trim().to_owned()).collect();
    }
    req.questions = args
        .questions
        .into_iter()
        .map(|q| q.trim().to_owned())
        .filter(|q| !q.is_empty())
        .collect();
    if let Some(paper) = args.paper {
        req.paper = paper;
    }
    let made = handout::build(&library, source.as_ref(), &settings, &req)?;
    write_file(&args.out, &made.pdf)?;
    println!(
        "Wrote {} ({} page{})",
        args.out.display(),
        made.pages,
        if made.pages == 1 { "" } else { "s" }
    );
    if args.print {
        let queue = args.printer.unwrap_or(settings.printer);
        let queue = queue.trim();
        // As the kiosk does: wait for the job to finish, and cancel one that does not.
        match machine.printer.print(
            &made.pdf,
            (!queue.is_empty()).then_some(queue),
            std::time::Duration::from_secs(args.wait),
        ) {
            Ok(job) => println!("Printed as job {job}"),
            Err(e) => {
                eprintln!("error: printing {}: {e}", args.out.display());
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Write the handout where staff asked, refusing a link, device, FIFO or socket there
/// (see `storage::write_regular_file`).
fn write_file(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    patient_kiosk::storage::check_target(path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    patient_kiosk::storage::write_regular_file(path, data)
        .with_context(|| format!("writing {}", path.display()))
}

/// Set the staff PIN in the settings file: refuse a file the kiosk would warn about, keep
/// every other key and comment, and replace the file atomically, readable by its owner only.
fn set_pin(machine: &Machine) -> anyhow::Result<ExitCode> {
    let path = machine
        .folders
        .settings_to_edit()
        .context("no settings folder on this system; pass --config FILE")?
        .to_owned();
    let file = path.display().to_string();
    // A link, device, FIFO or socket is refused here, before anything is read or changed;
    // the file is read without ever waiting.
    let read = patient_kiosk::storage::read_before_replacing(
        &path,
        patient_kiosk::config::MAX_SETTINGS_BYTES,
    )?;
    let text = match read {
        Some(bytes) => String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!("{file} is not UTF-8 text; fix it before setting a PIN")
        })?,
        None => String::new(),
    };
    // A broken PIN hash is what this replaces: only the other problems stop it.
    let problems: Vec<_> = Settings::problems(&text, &file)
        .into_iter()
        .filter(|p| p.field != "pin_hash")
        .collect();
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("error: {p}");
        }
        eprintln!(
            "{file}: {} problem(s); fix them before setting a PIN (the file is unchanged)",
            problems.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("{file} is not valid TOML; fix it before setting a PIN"))?;

    let pin = read_pin()?;
    let hash = kiosk::hash_pin(&pin)?;
    match doc
        .get_mut("pin_hash")
        .and_then(toml_edit::Item::as_value_mut)
    {
        Some(old) => {
            // Keep the comment written after the old value.
            let decor = old.decor().clone();
            *old = hash.as_str().into();
            *old.decor_mut() = decor;
        }
        None => {
            doc.insert("pin_hash", toml_edit::value(hash.as_str()));
        }
    }
    // The file keeps who may read it: IT's /etc/patient-kiosk/settings.d/50-pin.toml stays
    // readable by the kiosk's group (never by everyone); a user's own file stays theirs.
    let (mode, group) = settings_access(&path);
    patient_kiosk::storage::write_atomically(&path, doc.to_string().as_bytes(), mode)
        .with_context(|| format!("writing {file}"))?;
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(mode))
        .with_context(|| format!("setting the mode of {file}"))?;
    if let Some(gid) = group {
        std::os::unix::fs::chown(&path, None, Some(gid))
            .with_context(|| format!("giving {file} to group {gid}"))?;
    }
    println!(
        "The staff PIN is set (stored as a salted hash in {file}, mode {mode:04o}{}).",
        group.map(|g| format!(", group {g}")).unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

/// The new PIN from standard input: one line from a pipe (scripts, tests); typed twice
/// when a person is at a terminal, refused if the two differ.
fn read_pin() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    let read_line = |prompt: &str| -> anyhow::Result<String> {
        eprintln!("{prompt}");
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .context("reading the PIN from standard input")?;
        Ok(line.trim().to_owned())
    };
    let pin = read_line("Type the new staff PIN (4 to 8 digits) and press Enter:")?;
    if stdin.is_terminal() {
        let again = read_line("Type it again to confirm:")?;
        if again != pin {
            bail!("the two PINs differ; nothing was changed");
        }
    }
    Ok(pin)
}

/// Replace the settings file with `data`, readable by its owner only (never a link,
/// device, FIFO or socket: `write_atomically` refuses them).
/// The mode and group a settings file gets when `set-pin` rewrites it. A file (or, for a new
/// one, a folder) in another group than the writer's, such as IT's
/// /etc/patient-kiosk/settings.d (root:kiosk), stays readable by that group, so the kiosk
/// can still read it: at most 0640, never by everyone (it holds the PIN hash). Otherwise
/// 0600.
fn settings_access(path: &Path) -> (u32, Option<u32>) {
    use std::os::unix::fs::MetadataExt;
    let own = rustix::process::getegid().as_raw();
    // A group of its own (the kiosk's, for a file root writes) may read it; the writer's
    // own group needs nothing.
    let shared = |gid: u32| (gid != own).then_some(gid);
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        return match shared(meta.gid()) {
            Some(gid) => ((meta.mode() & 0o740) | 0o600, Some(gid)),
            None => (0o600, None),
        };
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let folder_gid = folder
        .and_then(|f| std::fs::metadata(f).ok())
        .and_then(|m| shared(m.gid()));
    match folder_gid {
        Some(gid) => (0o640, Some(gid)),
        None => (0o600, None),
    }
}
