//! `patient-kiosk doctor`: checks a kiosk PC the way a clinic's IT person would before the
//! doors open, one line per check with what to do about a failure. Nothing here is used by
//! the running kiosk.

use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::content::{self, DirSource, EmbeddedSource};
use crate::machine::Machine;
use crate::system::print;
use crate::system::processes::Processes;

/// What `doctor` checks besides the machine's own folders.
#[derive(Debug, Clone)]
pub struct Setup {
    pub content: Option<PathBuf>,
    pub cupsd_conf: PathBuf,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    /// What was found; for a failure, what to do.
    pub detail: String,
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mark = if self.ok { "ok  " } else { "FAIL" };
        write!(f, "{mark} {}: {}", self.name, self.detail)
    }
}

fn pass(name: &'static str, detail: impl Into<String>) -> Check {
    Check {
        name,
        ok: true,
        detail: detail.into(),
    }
}

fn fail(name: &'static str, detail: impl Into<String>) -> Check {
    Check {
        name,
        ok: false,
        detail: detail.into(),
    }
}

/// Run every check on this machine.
pub fn run(setup: &Setup, machine: &Machine) -> Vec<Check> {
    let layers = machine.folders.settings_layers();
    let loaded = Settings::load_layers(&layers);
    let mut checks = vec![settings_check(&layers, &loaded)];
    checks.extend(
        layers
            .iter()
            .filter(|p| p.exists())
            .map(|p| settings_mode_check(p)),
    );
    checks.push(if loaded.settings.staff_access_enabled() {
        pass("staff PIN", "set")
    } else {
        fail(
            "staff PIN",
            "not set, so staff cannot open the staff menu; run `patient-kiosk set-pin`",
        )
    });
    // What the kiosk will show: the --content folder, else the installed pack, else built in.
    let packs = machine.folders.packs();
    let pack = match (&setup.content, &packs) {
        (None, Some(dir)) => crate::packs::current(dir),
        _ => None,
    };
    checks.push(match &pack {
        Some((installed, dir)) => {
            content_check_named(Some(dir), &format!("content pack {}", installed.seq))
        }
        None => content_check(setup.content.as_deref()),
    });
    if !loaded.settings.pack_url.trim().is_empty() && setup.content.is_none() {
        checks.push(pack_check(&loaded.settings, packs.as_deref()));
    }
    if !loaded.settings.metrics_file.trim().is_empty() {
        checks.push(metrics_check(Path::new(
            loaded.settings.metrics_file.trim(),
        )));
    }
    checks.push(session_check(
        &KIOSK_SESSION_PROGRAMS,
        pam_systemd_installed(),
    ));
    let processes = &machine.processes;
    checks.push(printer_check(processes, &loaded.settings.printer));
    checks.extend(cups_privacy_checks(&setup.cupsd_conf));
    checks.push(speech_check(processes, &loaded.settings.speech_command));
    checks.push(display_check());
    checks.push(data_dir_check(processes, machine.folders.data.as_deref()));
    checks
}

fn settings_check(layers: &[PathBuf], loaded: &crate::config::Loaded) -> Check {
    let (read, missing): (Vec<&PathBuf>, Vec<&PathBuf>) = layers.iter().partition(|p| p.exists());
    let list = |files: &[&PathBuf]| {
        files
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if read.is_empty() {
        return fail(
            "settings",
            format!(
                "no settings file ({} do not exist): the kiosk uses the defaults (no clinic name, no PIN)",
                list(&missing)
            ),
        );
    }
    if loaded.warnings.is_empty() {
        pass("settings", format!("read {}, all valid", list(&read)))
    } else {
        let problems: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
        fail("settings", problems.join("; "))
    }
}

/// A settings file may hold the PIN hash: nobody but the kiosk and its admins should read it.
fn settings_mode_check(path: &Path) -> Check {
    let Ok(meta) = std::fs::metadata(path) else {
        return pass("settings file mode", "no file to check");
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o007 != 0 {
            return fail(
                "settings file mode",
                format!(
                    "{}: {mode:o}: anyone on the machine can read the PIN hash; `chmod o-rwx` it",
                    path.display()
                ),
            );
        }
        pass(
            "settings file mode",
            format!("{}: {mode:o}", path.display()),
        )
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        pass("settings file mode", "not checked on this system")
    }
}

/// What the unit runs: cage, and the Xwayland Debian 12's cage will not start without.
pub const KIOSK_SESSION_PROGRAMS: [(&str, &str); 2] =
    [("/usr/bin/cage", "cage"), ("/usr/bin/Xwayland", "xwayland")];

/// The PAM module that registers the unit's login with logind (its seat and
/// `XDG_RUNTIME_DIR`), in the library folder of any architecture.
pub fn pam_systemd_installed() -> bool {
    ["/usr/lib", "/lib"].iter().any(|lib| {
        Path::new(lib).join("security/pam_systemd.so").is_file()
            || std::fs::read_dir(lib).is_ok_and(|dirs| {
                dirs.flatten()
                    .any(|d| d.path().join("security/pam_systemd.so").is_file())
            })
    })
}

/// The kiosk's session: the programs the unit starts are installed, and the PAM module its
/// login needs (`pam_systemd`: without it cage exits, "XDG_RUNTIME_DIR is not set").
pub fn session_check(programs: &[(&str, &str)], pam_systemd: bool) -> Check {
    // Each missing piece (what is missing, its Debian package).
    let mut missing: Vec<(&str, &str)> = programs
        .iter()
        .filter(|(path, _)| !Path::new(path).is_file())
        .copied()
        .collect();
    if !pam_systemd {
        missing.push(("pam_systemd.so", "libpam-systemd"));
    }
    if missing.is_empty() {
        pass(
            "kiosk session",
            "cage, Xwayland and pam_systemd are installed",
        )
    } else {
        fail(
            "kiosk session",
            format!(
                "missing {}: the unit cannot start the kiosk; `apt install {}`",
                missing
                    .iter()
                    .map(|(what, package)| format!("{what} (Debian package {package})"))
                    .collect::<Vec<_>>()
                    .join(", "),
                missing
                    .iter()
                    .map(|(_, package)| *package)
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        )
    }
}

/// Content pack updates: the keys read, and how the last update went.
fn pack_check(settings: &Settings, packs: Option<&Path>) -> Check {
    let url = settings.pack_url.trim();
    if let Err(e) = crate::packs::check_keys(&settings.pack_public_key) {
        return fail("content pack updates", format!("{url}: {e}"));
    }
    match packs.and_then(crate::packs::read_last) {
        None => pass(
            "content pack updates",
            format!("{url}: no update yet (the kiosk checks a minute after it starts)"),
        ),
        Some(last) => {
            let when = last.local_time();
            if last.ok {
                pass(
                    "content pack updates",
                    format!("{url}: {when}: {}", last.message),
                )
            } else {
                fail(
                    "content pack updates",
                    format!("{url}: the last update failed ({when}): {}", last.message),
                )
            }
        }
    }
}

/// The metrics file's folder exists and the kiosk can replace files in it.
fn metrics_check(file: &Path) -> Check {
    let Some(folder) = file.parent().filter(|f| f.is_dir()) else {
        return fail(
            "metrics file",
            format!(
                "{}: its folder does not exist; install prometheus-node-exporter (docs/deploy.md, Metrics)",
                file.display()
            ),
        );
    };
    let probe = folder.join(".patient-kiosk-doctor-probe");
    if let Err(e) = crate::storage::write_regular_file(&probe, b"ok") {
        return fail(
            "metrics file",
            format!(
                "cannot write in {} ({e}): `chgrp kiosk` and `chmod 1775` it (docs/deploy.md, Metrics)",
                folder.display()
            ),
        );
    }
    let _removed = std::fs::remove_file(&probe);
    pass("metrics file", format!("{} can be written", file.display()))
}

fn content_check(dir: Option<&Path>) -> Check {
    let place = dir.map_or("the built-in content".to_owned(), |d| {
        d.display().to_string()
    });
    content_check_named(dir, &place)
}

fn content_check_named(dir: Option<&Path>, place: &str) -> Check {
    let result = match dir {
        Some(dir) => content::load(&DirSource::new(dir)),
        None => content::load(&EmbeddedSource),
    };
    let place = place.to_owned();
    match result {
        Ok(lib) => {
            if let Some(dir) = dir {
                let broken = content::check_pictures(&lib, &DirSource::new(dir));
                if !broken.is_empty() {
                    return fail("content", format!("{place}: {}", broken.join("; ")));
                }
            }
            let topics = lib.lang(lib.fallback_lang()).topics.len();
            let past = lib.past_review(chrono::Local::now().date_naive());
            if !past.is_empty() {
                return fail(
                    "content",
                    format!(
                        "{place}: {} topic file(s) past their review date ({}): have a \
                         clinician check them against their sources, then set `reviewed` \
                         and `review_by`",
                        past.len(),
                        past.join("; ")
                    ),
                );
            }
            pass(
                "content",
                format!("{place}: {topics} topics in {}", lib.languages.join(", ")),
            )
        }
        Err(errors) => {
            let first: Vec<String> = errors.0.iter().take(3).map(ToString::to_string).collect();
            fail(
                "content",
                format!(
                    "{place} has {} error(s), so the kiosk would show the built-in content: {}; run `patient-kiosk validate {place}`",
                    errors.0.len(),
                    first.join("; ")
                ),
            )
        }
    }
}

fn printer_check(processes: &Processes, name: &str) -> Check {
    let name = name.trim();
    if name.is_empty() {
        return match processes
            .command("lpstat")
            .arg("-d")
            .env("LC_ALL", "C")
            .output()
        {
            Ok(out)
                if String::from_utf8_lossy(&out.stdout).contains("system default destination:") =>
            {
                pass(
                    "printer",
                    String::from_utf8_lossy(&out.stdout).trim().to_owned(),
                )
            }
            Ok(_) => fail(
                "printer",
                "no `printer` in the settings and no system default printer; set `printer` or run `lpoptions -d NAME`",
            ),
            Err(e) => fail(
                "printer",
                format!("cannot run lpstat ({e}); install cups-client"),
            ),
        };
    }
    match print::check_printer(processes, name) {
        Ok(()) => pass(
            "printer",
            format!("`{name}` is installed and accepting jobs"),
        ),
        Err(e) => fail("printer", format!("`{name}`: {e}")),
    }
}

/// CUPS keeps every printed job's file and its history by default; on a kiosk they hold
/// what patients asked.
fn cups_privacy_checks(conf: &Path) -> Vec<Check> {
    let text = match std::fs::read_to_string(conf) {
        Ok(t) => t,
        Err(e) => {
            return vec![fail(
                "CUPS job files",
                format!("cannot read {} ({e}); is CUPS installed?", conf.display()),
            )];
        }
    };
    let value = |key: &str| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.strip_prefix(key))
            .filter_map(|rest| rest.split_whitespace().next())
            .next_back()
            .map(str::to_ascii_lowercase)
    };
    [("PreserveJobFiles", "CUPS job files"), ("PreserveJobHistory", "CUPS job history")]
        .into_iter()
        .map(|(key, name)| match value(key).as_deref() {
            Some("no" | "off" | "false") => pass(name, format!("{key} No in {}", conf.display())),
            other => fail(
                name,
                format!(
                    "{key} is {} in {}: CUPS keeps printed handouts; set `{key} No` and restart cups (docs/deploy.md)",
                    other.unwrap_or("not set (CUPS keeps them by default)"),
                    conf.display()
                ),
            ),
        })
        .collect()
}

/// The clinic's `speech_command`: known placeholders and an installed program; for
/// espeak-ng (the default), its version.
fn speech_check(processes: &Processes, command: &[String]) -> Check {
    if let Err(why) = crate::system::speech::check_command_on(processes, command) {
        return fail("speech", format!("{why}, so the kiosk cannot talk"));
    }
    let program = command.first().map(String::as_str).unwrap_or_default();
    let engine = crate::system::speech::ENGINE;
    if Path::new(program).file_name().and_then(|n| n.to_str()) != Some(engine) {
        return pass(
            "speech",
            format!("speech_command runs `{}`", command.join(" ")),
        );
    }
    match processes.command(program).arg("--version").output() {
        Ok(out) if out.status.success() => pass(
            "speech",
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .next()
                .unwrap_or(engine)
                .trim()
                .to_owned(),
        ),
        Ok(out) => fail(
            "speech",
            format!("`{program} --version` failed ({})", out.status),
        ),
        Err(e) => fail("speech", format!("`{program}` could not run: {e}")),
    }
}

/// A Wayland or X11 display the kiosk can open: its socket answers.
fn display_check() -> Check {
    #[cfg(unix)]
    {
        use std::os::unix::net::UnixStream;
        if let Ok(name) = std::env::var("WAYLAND_DISPLAY") {
            let socket = if Path::new(&name).is_absolute() {
                PathBuf::from(&name)
            } else {
                let run = std::env::var_os("XDG_RUNTIME_DIR").unwrap_or_default();
                PathBuf::from(run).join(&name)
            };
            return match UnixStream::connect(&socket) {
                Ok(_) => pass("display", format!("Wayland display {name}")),
                Err(e) => fail(
                    "display",
                    format!("Wayland display {name} does not answer ({e})"),
                ),
            };
        }
        if let Ok(name) = std::env::var("DISPLAY") {
            let number = name
                .trim_start_matches(|c: char| c != ':')
                .trim_start_matches(':')
                .split('.')
                .next()
                .unwrap_or_default()
                .to_owned();
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
            return match UnixStream::connect(&socket) {
                Ok(_) => pass("display", format!("X display {name}")),
                Err(e) => fail("display", format!("X display {name} does not answer ({e})")),
            };
        }
    }
    fail(
        "display",
        "no display: run doctor in the kiosk's session, or start the kiosk under cage (docs/deploy.md)",
    )
}

fn data_dir_check(processes: &Processes, dir: Option<&Path>) -> Check {
    let Some(dir) = dir else {
        return fail(
            "data folder",
            "this system has no data folder (no home folder); pass --data-dir DIR",
        );
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(
            "data folder",
            format!("cannot create {} ({e})", dir.display()),
        );
    }
    let probe = dir.join(".doctor-write-test");
    // Never through a link or into a FIFO left at the probe's name (doctor may run as root).
    if let Err(e) = crate::storage::write_regular_file(&probe, b"ok") {
        return fail(
            "data folder",
            format!("cannot write in {} ({e})", dir.display()),
        );
    }
    let _removed = std::fs::remove_file(&probe);
    // Free space, as `df` reports it (the kiosk needs little: counts and failed handouts).
    let free_kib = processes
        .command("df")
        .args(["-Pk", "--"])
        .arg(dir)
        .output()
        .ok()
        .and_then(|out| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .nth(1)
                .and_then(|l| l.split_whitespace().nth(3))
                .and_then(|v| v.parse::<u64>().ok())
        });
    match free_kib {
        Some(kib) if kib < 50 * 1024 => fail(
            "data folder",
            format!(
                "{}: only {} MB free; the kiosk needs at least 50 MB",
                dir.display(),
                kib / 1024
            ),
        ),
        Some(kib) => pass(
            "data folder",
            format!("{} is writable, {} MB free", dir.display(), kib / 1024),
        ),
        None => pass("data folder", format!("{} is writable", dir.display())),
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;

    #[test]
    fn a_kiosk_session_without_its_pieces_names_each_package_to_install() {
        let dir = tempfile::tempdir().unwrap();
        let cage = dir.path().join("cage");
        std::fs::write(&cage, "").unwrap();
        let cage = cage.to_str().unwrap();
        let ok = session_check(&[(cage, "cage")], true);
        assert!(ok.ok, "{ok}");
        let missing = session_check(
            &[(cage, "cage"), ("/nonexistent/Xwayland", "xwayland")],
            false,
        );
        assert!(!missing.ok);
        assert!(
            missing
                .detail
                .ends_with("`apt install xwayland libpam-systemd`"),
            "{missing}"
        );
        assert!(missing.detail.contains("pam_systemd.so"), "{missing}");
    }

    #[test]
    fn the_data_folder_check_passes_in_a_writable_folder_and_leaves_no_probe() {
        let dir = tempfile::tempdir().unwrap();
        let check = data_dir_check(&Processes::default(), Some(dir.path()));
        // A full disk fails the check for its free space only.
        assert!(check.ok || check.detail.contains("MB free"), "{check}");
        assert!(!dir.path().join(".doctor-write-test").exists());
    }

    #[test]
    fn the_data_folder_check_never_writes_through_a_link_at_its_probe() {
        let dir = tempfile::tempdir().unwrap();
        let precious = dir.path().join("shadow");
        std::fs::write(&precious, "keep me").unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        std::os::unix::fs::symlink(&precious, data.join(".doctor-write-test")).unwrap();
        let check = data_dir_check(&Processes::default(), Some(&data));
        assert!(!check.ok, "{check}");
        assert!(check.detail.contains("is a link"), "{check}");
        assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
    }
}
