//! patient-kiosk: a full-screen clinic kiosk that teaches patients about microneedling.
//!
//! `main.rs` only parses the command line; everything else lives here so tests build the
//! real app. See `ARCHITECTURE.md` for how content files become pixels.

pub mod bench;
pub mod content;
pub mod handout;
pub mod i18n;
pub mod kiosk;
pub mod print;
pub mod settings;
pub mod speech;
pub mod state;
pub mod theme;
mod toml_error;
pub mod ui;
pub mod usage;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use content::{ContentSource, DirSource, EmbeddedSource, Library};
use kiosk::{Clock, SystemClock};
use settings::Settings;
use state::AppState;
use usage::Usage;

/// How the kiosk was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A normal window that closes normally (staff desktops, development).
    pub windowed: bool,
    pub config: Option<PathBuf>,
    /// A clinic's own content folder instead of the embedded one.
    pub content: Option<PathBuf>,
    /// Where usage counts are kept (default: the platform's data folder).
    pub usage_file: Option<PathBuf>,
    /// Measure and quit (benchmark scripts).
    pub bench: Option<(bench::Mode, std::time::Instant)>,
}

/// Load the content: the clinic's folder if given and sound, else the embedded copy.
/// Problems with the folder come back as warnings for staff.
pub fn load_content(dir: Option<&Path>) -> (Arc<Library>, Arc<dyn ContentSource>, Vec<String>) {
    let mut warnings = Vec::new();
    if let Some(dir) = dir {
        let source = DirSource::new(dir);
        match content::load(&source) {
            Ok(lib) => return (Arc::new(lib), Arc::new(source), warnings),
            Err(errors) => {
                log::error!("{errors}");
                warnings.push(format!(
                    "content: the folder {} has errors, so the built-in content is shown:",
                    dir.display()
                ));
                warnings.extend(errors.0.iter().map(|e| format!("content: {e}")));
            }
        }
    }
    match content::load(&EmbeddedSource) {
        Ok(lib) => (Arc::new(lib), Arc::new(EmbeddedSource), warnings),
        Err(errors) => {
            // Only possible in a broken build; the test suite loads the embedded content.
            panic!("the embedded content is broken: {errors}");
        }
    }
}

/// Build the whole kiosk state from the options: settings, content, usage counts.
pub fn build_state(opts: &Options, clock: &dyn Clock) -> AppState {
    let loaded = Settings::load(opts.config.as_deref());
    let (library, source, content_warnings) = load_content(opts.content.as_deref());
    let usage_path = opts.usage_file.clone().or_else(Usage::default_path);
    let (usage, usage_warning) = match usage_path {
        Some(p) => Usage::load(&p),
        None => (Usage::in_memory(), None),
    };
    // Handouts kept for staff hold what a patient asked: none is kept beyond a day.
    let handouts = print::handout_dir(&loaded.settings);
    let day = std::time::Duration::from_secs(24 * 60 * 60);
    let removed = print::delete_older_than(&handouts, day, std::time::SystemTime::now());
    if removed > 0 {
        log::info!(
            "deleted {removed} handout(s) older than a day from {}",
            handouts.display()
        );
    }
    let mut state = AppState::new(library, source, loaded.settings, usage, clock.now());
    state.kiosk_mode = !opts.windowed;
    state
        .warnings
        .extend(loaded.warnings.iter().map(|w| format!("settings: {w}")));
    state.warnings.extend(content_warnings);
    state.warnings.extend(usage_warning.map(|w| w.to_string()));
    for w in &state.warnings {
        log::warn!("{w}");
    }
    state
}

/// Open the kiosk window and run until staff exit it (or, windowed, until it is closed).
pub fn run(opts: &Options) -> eframe::Result<()> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock::default());
    let mut state = build_state(opts, clock.as_ref());
    let bench = opts.bench;
    if bench.is_some() {
        // Measurements must not touch the clinic's counts.
        state.usage = Usage::in_memory();
    }
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Learn about microneedling")
        .with_app_id("patient-kiosk");
    viewport = if opts.windowed {
        viewport
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 600.0])
    } else {
        viewport
            .with_fullscreen(true)
            .with_decorations(false)
            .with_window_level(egui::WindowLevel::AlwaysOnTop)
    };
    // glow by measurement (README, Figures): lighter than wgpu on software-rendered
    // kiosks. `--features wgpu` builds the wgpu renderer to compare.
    #[cfg(feature = "wgpu")]
    let renderer = eframe::Renderer::Wgpu;
    #[cfg(not(feature = "wgpu"))]
    let renderer = eframe::Renderer::Glow;
    let native = eframe::NativeOptions {
        viewport,
        renderer,
        ..Default::default()
    };
    eframe::run_native(
        "patient-kiosk",
        native,
        Box::new(move |_cc| {
            let mut app = ui::KioskApp::new(state, clock);
            if let Some((mode, started)) = bench {
                app = app.with_bench(bench::Runner::new(mode, started));
            }
            Ok(Box::new(app))
        }),
    )
}
