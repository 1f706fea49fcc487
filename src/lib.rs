//! patient-kiosk: a full-screen clinic kiosk that teaches patients about microneedling.
//!
//! `main.rs` only parses the command line; everything else lives here so tests build the
//! real app. See `ARCHITECTURE.md` for how content files become pixels and paper.
//!
//! - [`app`]: the eframe shell that runs the reducer's effects and background jobs.
//! - [`model`]: the state, the actions that change it, the effects it asks for.
//! - [`kiosk`]: the rules of a public kiosk (clock, idle timer, staff PIN).
//! - [`content`]: the patient text, loaded and checked.
//! - [`config`]: the clinic's settings. [`storage`]: the usage counts.
//! - [`system`]: printing and speech. `screens`: drawing (private). [`handout`]: the PDF.
//! - [`doctor`]: the `doctor` command's checks of a kiosk PC.
//! - [`machine`]: the computer the kiosk runs on, as one value built in `main` (folders,
//!   clock, printer, speech engine, child processes); tests build a temporary one.
//! - [`measure`]: self-measurements for the benchmarks (not used by the kiosk itself).

pub mod app;
pub mod cli;
pub mod config;
pub mod content;
pub mod doctor;
pub mod handout;
pub mod i18n;
pub mod kiosk;
pub mod language_help;
pub mod machine;
pub mod measure;
pub mod model;
pub mod packs;
pub mod qr;
mod screens;
pub mod storage;
pub mod system;
pub mod theme;
mod toml_error;

pub use app::{LoadedContent, Options, StartError, build_state, load_content};
pub use machine::Machine;

/// Why the kiosk stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("the window could not run: {0}")]
    Window(#[from] eframe::Error),
    #[error("the window system could not be reached: {0}")]
    EventLoop(#[from] winit::error::EventLoopError),
}

/// Benchmarks only (bench/run.sh): `PATIENT_KIOSK_BENCH_UNDO=pacing,same-frame,vsync-off,
/// dithering-off,background-clear,glyph-atlas` turns the named frame-time and memory
/// measures off, to measure what each one gives.
fn undone(what: &str) -> bool {
    std::env::var("PATIENT_KIOSK_BENCH_UNDO").is_ok_and(|v| v.split(',').any(|w| w.trim() == what))
}

/// Open the kiosk window on this machine and run until staff exit it (or, windowed, until
/// it is closed).
pub fn run(opts: &Options, mut machine: Machine) -> Result<(), RunError> {
    if opts.bench.is_some() {
        // Measurements must not touch the clinic's counts.
        machine.folders.usage_file =
            Some(std::env::temp_dir().join("patient-kiosk-bench-usage.toml"));
    }
    let state = build_state(opts, &machine)?;
    let bench = opts.bench;
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
        // Measured with bench/run.sh on software GL (README, Figures): a swap that waits
        // for a vertical blank only delays the answer to a tap, and the kiosk draws no
        // gradients for dithering to smooth. (Under a Wayland compositor eframe paces
        // frames by the compositor's callbacks whatever this says.)
        glow_options: eframe::egui_glow::GlowConfiguration {
            vsync: undone("vsync-off"),
            ..Default::default()
        },
        dithering: undone("dithering-off"),
        ..Default::default()
    };
    // Our own event loop (eframe's run_native makes one it keeps to itself), so the kiosk can
    // wake it for the repaints it wants and no others (`app::pacing`).
    let event_loop =
        winit::event_loop::EventLoop::<eframe::UserEvent>::with_user_event().build()?;
    let proxy = std::sync::Mutex::new(event_loop.create_proxy());
    let wake: app::pacing::Forward = Box::new(move |when, cumulative_pass_nr| {
        let event = eframe::UserEvent::RequestRepaint {
            viewport_id: egui::ViewportId::ROOT,
            when,
            cumulative_pass_nr,
        };
        // Fails only once the loop has ended: nothing left to wake.
        let _closed = proxy
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .send_event(event);
    });
    let mut window = eframe::create_native(
        "patient-kiosk",
        native,
        Box::new(move |cc| {
            let mut app = app::KioskApp::new(&cc.egui_ctx, state, machine);
            if !undone("pacing") {
                app = app.with_pacing(&cc.egui_ctx, wake);
            }
            if !undone("background-clear") {
                app = app.with_background_by_clear();
            }
            if undone("glyph-atlas") {
                app = app.with_egui_glyph_atlas(&cc.egui_ctx);
            }
            if undone("same-frame") {
                app = app.applying_taps_next_frame();
            }
            if let Some((mode, started)) = bench {
                app = app.with_driver(Box::new(measure::Runner::new(mode, started)));
            }
            Ok(Box::new(app))
        }),
        &event_loop,
    );
    event_loop.run_app(&mut window)?;
    Ok(())
}
