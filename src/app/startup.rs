//! Starting the kiosk: the options it was given, and the state built from the settings,
//! the content and the usage counts, with every problem turned into a staff warning.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Settings;
use crate::content::{self, ContentSource, DirSource, EmbeddedSource, Library};
use crate::machine::Machine;
use crate::model::{AppState, Warning};
use crate::packs::{self, Installed};
use crate::storage::Usage;
use crate::system::print;

/// How the kiosk was asked to start (where its files are is the machine's part).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A normal window that closes normally (staff desktops, development).
    pub windowed: bool,
    /// A clinic's own content folder instead of the embedded one.
    pub content: Option<PathBuf>,
    /// Measure and quit (benchmark scripts).
    pub bench: Option<(crate::measure::Mode, std::time::Instant)>,
}

/// Why the kiosk cannot start at all.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Only possible in a broken build; the test suite loads the embedded content.
    #[error("the embedded content is broken: {0}")]
    EmbeddedContent(content::ContentErrors),
}

/// The content the kiosk shows, where it came from, and why it is not the clinic's own
/// folder when that had errors.
pub struct LoadedContent {
    pub library: Arc<Library>,
    pub source: Arc<dyn ContentSource>,
    pub warnings: Vec<Warning>,
}

/// Load the content: the clinic's folder if given and sound, else the embedded copy.
/// Problems with the folder come back as warnings for staff.
pub fn load_content(dir: Option<&Path>) -> Result<LoadedContent, StartError> {
    let mut warnings = Vec::new();
    if let Some(dir) = dir {
        let source = DirSource::new(dir);
        match content::load(&source) {
            Ok(lib) => {
                return Ok(LoadedContent {
                    library: Arc::new(lib),
                    source: Arc::new(source),
                    warnings,
                });
            }
            Err(errors) => {
                log::error!("{errors}");
                warnings.push(Warning::Content(format!(
                    "the folder {} has errors, so the built-in content is shown:",
                    dir.display()
                )));
                warnings.extend(errors.0.iter().map(|e| Warning::Content(e.to_string())));
            }
        }
    }
    let lib = content::load(&EmbeddedSource).map_err(StartError::EmbeddedContent)?;
    Ok(LoadedContent {
        library: Arc::new(lib),
        source: Arc::new(EmbeddedSource),
        warnings,
    })
}

/// The installed content pack, if there is one: rolled back to the pack before when it
/// does not load (with a staff warning), and none at all when neither loads.
fn load_pack(packs: &Path) -> (Option<(Installed, LoadedContent)>, Vec<Warning>) {
    let mut warnings = Vec::new();
    for _ in 0..2 {
        let Some((installed, dir)) = packs::current(packs) else {
            break;
        };
        match packs::load_dir(&dir) {
            Ok(lib) => {
                let content = LoadedContent {
                    library: Arc::new(lib),
                    source: Arc::new(DirSource::new(&dir)),
                    warnings: Vec::new(),
                };
                return (Some((installed, content)), warnings);
            }
            Err(e) => {
                log::error!("content pack {}: {e}", installed.seq);
                warnings.push(Warning::Content(format!(
                    "content pack {} did not load, so it was rolled back: {e}",
                    installed.seq
                )));
                if packs::roll_back(packs).is_none() {
                    break;
                }
            }
        }
    }
    (None, warnings)
}

/// Build the whole kiosk state from the options: settings, content, usage counts.
pub fn build_state(opts: &Options, machine: &Machine) -> Result<AppState, StartError> {
    let folders = &machine.folders;
    let clock = machine.clock.as_ref();
    let loaded = Settings::load_layers(&folders.settings_layers());
    let packs = folders.packs();
    // A folder given on the command line wins; else the installed pack; else built in.
    let (pack, mut pack_warnings) = match (&opts.content, &packs) {
        (None, Some(packs)) => load_pack(packs),
        _ => (None, Vec::new()),
    };
    let (installed, content) = match pack {
        Some((installed, content)) => (Some(installed), content),
        None => (None, load_content(opts.content.as_deref())?),
    };
    let LoadedContent {
        library,
        source,
        warnings: content_warnings,
    } = content;
    pack_warnings.extend(content_warnings);
    let content_warnings = pack_warnings;
    let last_update = packs.as_deref().and_then(packs::read_last);
    let (usage, usage_warning) = match folders.usage_file() {
        Some(p) => Usage::load(&p),
        None => (Usage::in_memory(), None),
    };
    // Handouts kept for staff hold what a patient asked: none is kept beyond a day.
    let handouts = folders.handouts(&loaded.settings.handout_dir);
    let day = std::time::Duration::from_secs(24 * 60 * 60);
    let removed = print::delete_older_than(&handouts, day, std::time::SystemTime::now());
    if removed > 0 {
        log::info!(
            "deleted {removed} handout(s) older than a day from {}",
            handouts.display()
        );
    }
    let pin_lock_file = folders.pin_lock_file();
    let (pin_lock, pin_lock_warning) = match &pin_lock_file {
        Some(file) => crate::storage::pin_lock::load(file, std::time::SystemTime::now()),
        None => (crate::kiosk::PinLock::default(), None),
    };
    let warnings = loaded
        .warnings
        .iter()
        .map(|w| Warning::Settings(w.to_string()))
        .chain(content_warnings)
        .chain(usage_warning.map(|w| Warning::Usage(w.to_string())))
        .chain(pin_lock_warning.map(|w| Warning::PinLock(w.to_string())));
    let sources = loaded.sources.clone();
    // One rule: a folder given with --content is what the kiosk shows, always; it then
    // never checks `pack_url` (a pack it installed would take over at the next patient,
    // and the folder again at the next start).
    if opts.content.is_some() && !loaded.settings.pack_url.trim().is_empty() {
        log::info!("showing the --content folder: pack_url is not checked");
    }
    let packs = packs.filter(|_| opts.content.is_none());
    let mut state = AppState::new(library, source, loaded.settings, usage, clock.now())
        .with_settings_sources(sources)
        .with_warnings(warnings)
        .with_pack(installed, last_update, packs);
    if let Some(file) = pin_lock_file {
        state = state.with_pin_lock(pin_lock, file, clock.now());
    }
    Ok(if opts.windowed {
        state.windowed()
    } else {
        state
    })
}
