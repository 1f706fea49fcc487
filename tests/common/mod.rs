//! One place that builds the kiosk for tests: the real app on the embedded content, on a
//! temporary machine of its own (a clock that only moves when told, a recording printer and
//! speech engine, no programs to run, its own empty folders), counts kept in memory.
#![allow(
    clippy::expect_used,
    dead_code,
    reason = "a failed setup step stops the test; each test file uses a different part"
)]

mod cpu_render;

use std::sync::Arc;
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use patient_kiosk::app::KioskApp;
use patient_kiosk::app::jobs::Inline;
use patient_kiosk::config::Settings;
use patient_kiosk::content::{self, EmbeddedSource, Library};
use patient_kiosk::kiosk::ManualClock;
use patient_kiosk::machine::Machine;
use patient_kiosk::model::AppState;
use patient_kiosk::storage::Usage;

pub const HD: (f32, f32) = (1920.0, 1080.0);

pub fn library() -> Arc<Library> {
    Arc::new(content::load(&EmbeddedSource).expect("the embedded content loads"))
}

/// The first block `pick` takes, in reading order, with the topic it is in.
pub fn first_block<T>(
    content: &content::LangContent,
    pick: impl Fn(&content::Block) -> Option<T>,
) -> Option<(&content::Topic, T)> {
    content.topics.iter().find_map(|t| {
        t.pages
            .iter()
            .flat_map(|p| &p.blocks)
            .find_map(&pick)
            .map(|found| (t, found))
    })
}

pub fn state_with(settings: Settings, usage: Usage, clock: &ManualClock) -> AppState {
    use patient_kiosk::kiosk::Clock;
    AppState::new(
        library(),
        Arc::new(EmbeddedSource),
        settings,
        usage,
        clock.now(),
    )
}

/// A temporary machine of the test's own, with this clock (see [`Machine::temporary`]).
pub fn machine(clock: &ManualClock) -> Machine {
    Machine::temporary()
        .expect("a temporary folder")
        .with_clock(Arc::new(clock.clone()))
}

/// A temporary machine that reads `config` last (as `--config`) and keeps its data (counts,
/// PIN lock, packs) in `data` (as `--data-dir`).
pub fn machine_at(
    clock: &ManualClock,
    config: &std::path::Path,
    data: &std::path::Path,
) -> Machine {
    let mut machine = machine(clock);
    machine.folders.config = Some(config.to_owned());
    machine.folders.data = Some(data.to_owned());
    machine
}

/// A temporary machine whose speech engine is this recorder.
pub fn machine_speaking(clock: &ManualClock, speaker: &RecordingSpeaker) -> Machine {
    machine(clock).with_speech(Arc::new(speaker.clone()))
}

/// The kiosk at a screen size, with its clock: the real eframe app (its `logic` and `ui`
/// run each frame as in production) on a temporary machine. Background jobs run inline, so
/// no test races a thread; `setup` can swap in another executor or a driver.
pub fn kiosk_built(
    size: (f32, f32),
    state: AppState,
    clock: ManualClock,
    setup: impl FnOnce(KioskApp) -> KioskApp,
) -> Harness<'static, KioskApp> {
    let machine = machine(&clock);
    kiosk_on(size, state, machine, 0.25, setup)
}

/// As [`kiosk_built`], on this machine (a test's own printer or speech engine), with
/// `step_dt` seconds of egui time per frame (kittest's default is a quarter second; a
/// finger's double tap needs frames as short as a screen's).
pub fn kiosk_on(
    size: (f32, f32),
    state: AppState,
    machine: Machine,
    step_dt: f32,
    setup: impl FnOnce(KioskApp) -> KioskApp,
) -> Harness<'static, KioskApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(size.0, size.1))
        .with_step_dt(step_dt)
        .with_max_steps((1.0 / step_dt).ceil() as u64 * 2)
        .with_render_cursor(false)
        // Screens are drawn on the CPU: no GPU, Mesa or wgpu needed.
        .renderer(cpu_render::CpuRenderer::default())
        .build_eframe(move |cc| {
            setup(KioskApp::new(&cc.egui_ctx, state, machine).with_executor(Arc::new(Inline)))
        });
    // Settle the first frames. A driver (the soak's warm-up) keeps asking for frames on
    // purpose, so not settling is no failure here; tests step such a kiosk themselves.
    if harness.run_ok().is_none() {
        harness.step();
    }
    harness
}

/// The kiosk at a screen size, with its clock.
pub fn kiosk_with(
    size: (f32, f32),
    state: AppState,
    clock: ManualClock,
) -> Harness<'static, KioskApp> {
    kiosk_built(size, state, clock, |app| app)
}

pub fn kiosk(size: (f32, f32)) -> (Harness<'static, KioskApp>, ManualClock) {
    let clock = ManualClock::default();
    let state = state_with(Settings::default(), Usage::in_memory(), &clock);
    (kiosk_with(size, state, clock.clone()), clock)
}

/// Tap the button (or tile, or toggle) with this exact label.
pub fn tap(h: &mut Harness<'_, KioskApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// Whether some text with exactly this label is on screen.
pub fn shows(h: &Harness<'_, KioskApp>, label: &str) -> bool {
    // A dialog is named by its heading: both carry the words.
    h.query_all_by_label(label).next().is_some()
}

pub fn shows_containing(h: &Harness<'_, KioskApp>, part: &str) -> bool {
    h.query_all_by_label_contains(part).next().is_some()
}

pub fn press(h: &mut Harness<'_, KioskApp>, key: egui::Key) {
    h.key_press(key);
    h.run();
}

/// Every control a patient can act on: role, label and rectangle.
pub fn controls(h: &Harness<'_, KioskApp>) -> Vec<(Role, String, egui::Rect)> {
    h.root()
        .children_recursive()
        .filter(|n| {
            matches!(
                n.accesskit_node().role(),
                Role::Button | Role::CheckBox | Role::Link
            )
        })
        .map(|n| {
            (
                n.accesskit_node().role(),
                n.accesskit_node().label().unwrap_or_default(),
                n.rect(),
            )
        })
        .collect()
}

/// Tap as a finger or mouse does: move there (one frame), press (another), let go (a third).
/// A kittest `click()` does all three in one frame, which hid the "Start over now" bug.
pub fn real_tap(h: &mut Harness<'_, KioskApp>, label: &str) {
    let at = h.get_by_label(label).rect().center();
    real_tap_at(h, at);
}

pub fn real_tap_at(h: &mut Harness<'_, KioskApp>, at: egui::Pos2) {
    use egui::{Event, Modifiers, PointerButton};
    h.event(Event::PointerMoved(at));
    h.run();
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
}

/// Let time pass with nobody touching the kiosk.
pub fn wait(h: &mut Harness<'_, KioskApp>, clock: &ManualClock, by: Duration) {
    clock.advance(by);
    h.step();
    h.run();
}

/// Tap a topic tile on the home screen, scrolling down to it first if it is below the fold.
pub fn open_topic(h: &mut Harness<'_, KioskApp>, title: &str) {
    tap_in_view(h, Role::Button, title);
}

/// Scroll a control into view the way a patient would (drag the page up), then tap it.
pub fn tap_in_view(h: &mut Harness<'_, KioskApp>, role: Role, label: &str) {
    // Bottom bars cover the last part of the screen; aim above them.
    let height = h.ctx.content_rect().height() - 140.0;
    for _ in 0..60 {
        let node = h.get_by_role_and_label(role, label);
        if node.rect().max.y < height {
            break;
        }
        node.scroll_down();
        h.run();
    }
    h.get_by_role_and_label(role, label).click();
    h.run();
}

/// The kiosk's program as staff or IT run it, on a machine of its own: `home` is its home
/// folder (its own settings in `home/.config`, its data in `home/.local/share`) and the
/// machine-wide settings file is `home/etc/settings.toml`, so nothing of this computer's
/// `/etc` or the real home folder is read or written.
pub fn kiosk_command(home: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_patient-kiosk"));
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env(
            "PATIENT_KIOSK_SYSTEM_SETTINGS",
            home.join("etc").join("settings.toml"),
        );
    cmd
}

/// Run `patient-kiosk validate DIR` as staff would, and return what it printed.
pub fn run_validate(dir: &std::path::Path) -> std::process::Output {
    kiosk_command(dir.parent().unwrap_or(dir))
        .arg("validate")
        .arg(dir)
        .output()
        .expect("the patient-kiosk binary runs")
}

/// The built-in content exported to a temporary folder, as IT starts a clinic's own content:
/// the temporary folder (gone when it is dropped) and the content folder in it,
/// `folder/content`, so a test can put things beside the content, outside it.
pub fn exported() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("content");
    content::source::export_embedded(&root).expect("the built-in content exports");
    (dir, root)
}

/// [`exported`], then the file `rel` of the content folder changed by `change`, which is
/// given its path: the one file a careless edit, a broken disk or a hostile hand spoiled.
pub fn exported_with(
    rel: &str,
    change: impl FnOnce(&std::path::Path),
) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = exported();
    change(&root.join(rel));
    (dir, root)
}

/// Replace the first `from` in the file `rel` of the content folder `root` by `to`, as staff
/// editing it would. Fails the test when the file has no `from` (the edit would change nothing).
pub fn edit(root: &std::path::Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("the file to edit reads");
    assert!(text.contains(from), "{rel} contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("the edited file writes");
}

/// Every problem the loader finds in the content folder `root`, which must be refused.
pub fn refused(root: &std::path::Path) -> content::ContentErrors {
    content::load(&content::DirSource::new(root)).expect_err("the broken folder must be refused")
}

/// The recording speech engine and printer of a temporary machine: the one fake speaker in
/// these tests (there is no sound card here).
pub use patient_kiosk::machine::recording::RecordingSpeaker;

/// A clinic that set its name (in both languages), phone and price.
pub fn harbor_settings() -> patient_kiosk::config::Settings {
    patient_kiosk::config::Settings::parse(
        "clinic_name = \"Harbor Skin Clinic\"\n\
         clinic_phone = \"(555) 010-2345\"\n\
         price_range = \"about $250 to $400\"\n\
         [es]\n\
         clinic_name = \"Clínica Harbor\"\n\
         price_range = \"entre unos $250 y $400\"\n",
        "s.toml",
    )
    .expect("the Harbor settings parse")
}
