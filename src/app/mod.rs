//! The app shell: eframe's `App`. [`App::logic`](eframe::App::logic) turns input, the
//! clock and finished background jobs into [`Action`]s, applies them through the reducer
//! and carries out the [`Effect`]s it returns; [`App::ui`](eframe::App::ui) draws the
//! current screen and queues the actions it asks for until the next frame's logic.

mod effects;
mod input;
pub mod jobs;
pub mod pacing;
mod speech;
mod startup;

pub use startup::{LoadedContent, Options, StartError, build_state, load_content};

use std::sync::Arc;
use std::time::Duration;

use egui::{CursorIcon, ViewportCommand};

use crate::i18n::Strings;
use crate::kiosk::Clock;
use crate::machine::{Machine, Printer};
use crate::model::{Action, AppState, Effect, Screen};
use crate::screens::{self, Ctx, images::ImageCache, widgets::Look};
use crate::system::speech::Speaker;
use crate::theme::{self, TextSize, size};
use jobs::{Executor, Jobs, Threads};
use pacing::Pacing;

/// Something that drives the kiosk without a person (the benchmarks in `measure`): asked
/// for actions at the start of each frame, until it is done.
pub trait Driver {
    fn step(&mut self, state: &AppState) -> Vec<Action>;
    fn done(&self) -> bool;
    /// Close the window once done (a benchmark run); a warm-up leaves the kiosk running.
    fn quit_when_done(&self) -> bool {
        true
    }
}

/// The longest time from the first tap's release to the second tap's release that still
/// counts as a double tap (speech mode presses with it): half a second between the taps,
/// plus the second tap's own length.
pub const DOUBLE_TAP_WINDOW: f64 = 0.65;

/// How often the welcome screen checks whether an upgrade replaced the program.
const UPGRADE_CHECK_EVERY: Duration = Duration::from_secs(60);

/// What the shell remembers between frames about the window, not about the patient.
#[derive(Debug, Default)]
struct View {
    applied_look: Option<(bool, TextSize)>,
    last_screen: Option<Screen>,
    /// "Need more time?" was showing last frame.
    prompt_was_shown: bool,
    /// The last input came from keys: show focus rings (touch users never see them).
    keyboard_mode: bool,
    /// Kiosk mode asked the window to cover the monitor (for systems without a window
    /// manager that honours full-screen).
    covered_monitor: bool,
    close_sent: bool,
    speaking: bool,
    /// When the program file was last checked for an upgrade.
    program_checked: Option<Duration>,
    /// The content packs this kiosk shows or will show next, claimed so that no `update`
    /// (a cron job) deletes their folders while their pictures are in use.
    packs_in_use: Vec<crate::packs::InUse>,
    /// Said once what is speaking now has finished (another language's voice).
    speak_next: std::collections::VecDeque<(String, String, crate::system::speech::Voice)>,
    speech: speech::SpeechView,
}

/// The running kiosk.
pub struct KioskApp {
    state: AppState,
    /// The computer: its folders, clock, printer, speech engine and child processes.
    machine: Machine,
    clock: Arc<dyn Clock>,
    images: ImageCache,
    view: View,
    speaker: Box<dyn Speaker>,
    printer: Arc<dyn Printer>,
    jobs: Jobs,
    /// Actions the last frame's drawing asked for, with when, applied by the next `logic`.
    inbox: Vec<(Action, Duration)>,
    driver: Option<Box<dyn Driver>>,
    usage_writes: effects::UsageWrites,
    /// On a real window: drops egui's settling frames (see `pacing`).
    pacing: Option<Pacing>,
    /// A tap's action is applied by a second pass of the frame that saw it (not the next).
    same_frame: bool,
    /// The largest texture side egui is told of (it sizes its glyph atlas by it).
    atlas_side: usize,
    /// The window's clear colour is the page background, so pages draw no background of
    /// their own when the window was cleared to it (on a real window; a test harness clears
    /// to its own colour).
    background_by_clear: bool,
    /// The colour eframe cleared the window to for this frame. eframe asks for it before the
    /// frame runs, so on the frame that changes the look it is the old background.
    cleared_to: std::cell::Cell<Option<egui::Color32>>,
}

impl KioskApp {
    /// Build the app on egui's context, on this machine: fonts and options are set here, once.
    pub fn new(ctx: &egui::Context, state: AppState, machine: Machine) -> Self {
        ctx.set_fonts(theme::fonts());
        ctx.global_style_mut(|s| s.visuals.text_options = theme::text_options());
        ctx.options_mut(|o| {
            o.zoom_with_keyboard = false;
            // Speech mode's double tap: a gap of up to half a second between the taps, for
            // hands that are not quick. egui times it from the first tap's release to the
            // second's, which adds the second tap's own length (a finger rests about 0.1 s).
            o.input_options.max_double_click_delay = DOUBLE_TAP_WINDOW;
            // A tap's action is drawn by a second pass of the same frame; a new look (high
            // contrast, text size) needs a third, and a new screen may ask for one more to
            // size itself.
            o.max_passes = std::num::NonZeroUsize::MIN.saturating_add(3);
        });
        let speaker = machine.speaker(&state.settings().speech_command);
        machine.stop.attach(ctx);
        // A kiosk that starts in speech mode says where it is at once, as after a reset.
        let inbox = if state.session().speech().is_some() {
            vec![(Action::SpeechRepeat, machine.clock.now())]
        } else {
            Vec::new()
        };
        Self {
            state,
            clock: machine.clock.clone(),
            printer: machine.printer.clone(),
            machine,
            images: ImageCache::default(),
            view: View::default(),
            speaker,
            jobs: Jobs::new(Arc::new(Threads), Some(ctx.clone())),
            inbox,
            driver: None,
            usage_writes: effects::UsageWrites::default(),
            pacing: None,
            same_frame: true,
            atlas_side: theme::GLYPH_ATLAS_SIDE,
            background_by_clear: false,
            cleared_to: std::cell::Cell::new(None),
        }
    }

    /// egui's own glyph atlas: as wide as the GPU allows, with sub-pixel binning (benchmarks
    /// measure the memory [`theme::GLYPH_ATLAS_SIDE`] and [`theme::text_options`] save).
    pub fn with_egui_glyph_atlas(mut self, ctx: &egui::Context) -> Self {
        ctx.global_style_mut(|s| s.visuals.text_options = Default::default());
        self.atlas_side = usize::MAX;
        self
    }

    /// On a real window: pages draw no background quad when the window was cleared to the
    /// page background (every frame but the one that changes the look). With software GL
    /// every pixel a quad covers is shaded, where a clear is a fill of memory.
    pub fn with_background_by_clear(mut self) -> Self {
        self.background_by_clear = true;
        self
    }

    /// Apply taps in the next frame, as before the second pass (benchmarks measure the gain).
    pub fn applying_taps_next_frame(mut self) -> Self {
        self.same_frame = false;
        self
    }

    /// Take over egui's repaint requests on a real window; `forward` wakes its event loop.
    pub fn with_pacing(mut self, ctx: &egui::Context, forward: pacing::Forward) -> Self {
        self.pacing = Some(Pacing::install(ctx, forward));
        self
    }

    /// Run background jobs another way (tests run them inline or hold them).
    pub fn with_executor(mut self, executor: Arc<dyn Executor>) -> Self {
        self.jobs.set_executor(executor);
        self
    }

    /// Let a driver (a benchmark) press the buttons.
    pub fn with_driver(mut self, driver: Box<dyn Driver>) -> Self {
        self.driver = Some(driver);
        self
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Background jobs started and not yet finished.
    pub fn jobs_running(&self) -> usize {
        self.jobs.running()
    }

    /// Logic and drawing of one frame, for callers that run egui themselves (benchmarks).
    pub fn run_frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.logic_pass(&ctx);
        self.ui_pass(ui);
    }

    /// Apply an action now and carry out its effects.
    fn dispatch(&mut self, ctx: &egui::Context, action: Action) {
        let now = self.clock.now();
        self.dispatch_at(ctx, action, now);
    }

    /// Apply an action that was asked for at `at` (a press on the last frame).
    fn dispatch_at(&mut self, ctx: &egui::Context, action: Action, at: Duration) {
        for effect in self.state.apply(action, at) {
            self.run_effect(ctx, effect);
        }
    }

    fn logic_pass(&mut self, ctx: &egui::Context) {
        if let Some(pacing) = &self.pacing {
            pacing.logic_starts();
        }
        let zoomed = Self::scale_to_screen(ctx);
        if ctx.input(|i| i.is_scrolling()) {
            // A mouse wheel's notch is spread over a few frames: ask for the next one.
            ctx.request_repaint();
        }
        self.cover_monitor(ctx);
        self.handle_close(ctx);
        self.view.keyboard_mode = input::keyboard_mode(ctx, self.view.keyboard_mode);

        // What the patient pressed last frame first, at the time they pressed it; then the
        // clock; then this frame's keys and finished jobs.
        for (action, at) in std::mem::take(&mut self.inbox) {
            self.dispatch_at(ctx, action, at);
        }
        let mut actions = vec![Action::Tick {
            had_input: input::had_input(ctx),
        }];
        if self.machine.stop.requested() && !self.state.quitting() {
            actions.push(Action::Terminate);
        }
        actions.extend(self.restart_after_upgrade());
        self.claim_packs();
        actions.extend(self.speech_keys(ctx));
        actions.extend(input::keyboard_actions(ctx, &self.state));
        actions.extend(self.speech_press(ctx));
        actions.extend(self.jobs.finished());
        // A driver steps once a frame, in its first pass (later passes redraw the same frame).
        if let Some(driver) = &mut self.driver
            && !driver.done()
            && ctx.output(|o| o.num_completed_passes) == 0
        {
            actions.extend(driver.step(&self.state));
            ctx.request_repaint();
        }
        self.view.speaking = self.speaker.is_speaking();
        if !self.view.speaking
            && let Some((lang, text, voice)) = self.view.speak_next.pop_front()
        {
            self.speak(ctx, &lang, &text, voice);
        }
        if let Some(e) = self.speaker.failure() {
            actions.push(Action::SpeechFailed(e.to_string()));
        }
        for action in actions {
            self.dispatch(ctx, action);
        }
        if self
            .driver
            .as_ref()
            .is_some_and(|d| d.done() && d.quit_when_done())
        {
            // Quit as "Exit kiosk" does (kiosk mode refuses any other close).
            self.run_effect(ctx, Effect::Quit);
        }

        let look = (
            self.state.session().high_contrast(),
            self.state.session().text_size(),
        );
        if self.view.applied_look != Some(look) {
            theme::apply(ctx, &self.palette(), look.1);
            self.view.applied_look = Some(look);
            // This pass's drawing started with the old style: draw it again in the new one,
            // or the frame on screen would mix the two until something else repainted. Not
            // in the pass that changed the zoom (at start-up): egui's next pass would keep
            // the screen's old size in points; the next frame gets it right.
            if zoomed {
                ctx.request_repaint();
            } else {
                ctx.request_discard("a new look");
            }
        }
        self.images.refresh(self.state.content_generation());
        if self.state.settings().hide_cursor {
            ctx.set_cursor_icon(CursorIcon::None);
        }
        self.schedule_wake(ctx);
    }

    fn ui_pass(&mut self, ui: &mut egui::Ui) {
        let screen = self.state.screen();
        let focus_primary = self.view.last_screen != Some(screen);
        self.view.last_screen = Some(screen);
        let prompt = self.state.idle().prompt_shown();
        let prompt_appeared = prompt && !self.view.prompt_was_shown;
        self.view.prompt_was_shown = prompt;
        let palette = self.palette();
        let taps = self.speech_begin(ui.ctx());
        let speech_mode = self.state.session().speech().is_some();
        let mut c = Ctx {
            state: &self.state,
            images: &mut self.images,
            look: Look {
                palette,
                scale: self.state.session().text_size().factor(),
                show_focus: self.view.keyboard_mode,
                page_cleared: self.cleared_to.get() == Some(palette.background),
            },
            strings: Strings::get(self.state.session().lang()),
            now: self.clock.now(),
            focus_primary,
            prompt_appeared,
            // In speech mode every move speaks: the page's Read aloud stays as it is.
            speaking: self.view.speaking && !speech_mode,
            actions: Vec::new(),
        };
        screens::draw(ui, &mut c);
        let (mut actions, at) = (std::mem::take(&mut c.actions), c.now);
        actions.extend(taps);
        actions.extend(self.speech_end(ui.ctx()));
        let ctx = ui.ctx();
        if !actions.is_empty() {
            self.inbox.extend(actions.into_iter().map(|a| (a, at)));
            // Run this frame again: its logic applies them and the result is what the
            // patient sees, in the frame that answers the tap.
            if self.same_frame {
                ctx.request_discard("apply what was pressed");
            }
            if !ctx.will_discard() {
                // No pass left (a new screen sized itself): the next frame does it.
                ctx.request_repaint();
            }
        }
        if let Some(pacing) = &self.pacing {
            pacing.ui_ends(ctx.will_discard(), ctx.cumulative_pass_nr());
        }
    }

    /// Hold a claim on the pack shown and the one waiting for the next patient (and only
    /// those): see [`crate::packs::InUse`].
    fn claim_packs(&mut self) {
        let wanted = self
            .state
            .pack()
            .map(|p| p.seq)
            .into_iter()
            .chain(self.state.pending_pack());
        // Every frame: compared without allocating; claimed again only when it changed.
        if wanted
            .clone()
            .eq(self.view.packs_in_use.iter().map(|c| c.seq))
        {
            return;
        }
        let Some(dir) = self.state.packs_dir().map(std::path::Path::to_owned) else {
            return;
        };
        self.view.packs_in_use = wanted
            .into_iter()
            .filter_map(|seq| crate::packs::InUse::claim(&dir, seq))
            .collect();
    }

    /// Once a minute, on the welcome screen with nobody using the kiosk: if an upgrade
    /// replaced the program, restart to run the new one (never in the middle of a patient;
    /// the package does not restart the kiosk itself).
    fn restart_after_upgrade(&mut self) -> Option<Action> {
        let now = self.clock.now();
        if self.state.quitting()
            || self.state.screen() != Screen::Welcome
            || self.state.has_patient_state()
            || self
                .view
                .program_checked
                .is_some_and(|at| now < at + UPGRADE_CHECK_EVERY)
        {
            return None;
        }
        self.view.program_checked = Some(now);
        self.machine
            .program
            .replaced()
            .then_some(Action::RestartForUpgrade)
    }

    /// Sleep until the next thing is due: no continuous repaint, ever.
    fn schedule_wake(&self, ctx: &egui::Context) {
        let now = self.clock.now();
        let mut wake = self.state.next_wake(now);
        let mut sooner = |d: Duration| wake = Some(wake.map_or(d, |w| w.min(d)));
        if self.view.speaking {
            // Only while speaking: notice when the engine finishes, to show "Read aloud" again.
            sooner(Duration::from_millis(500));
        }
        if self.state.screen() == Screen::Welcome {
            // Notice an upgrade between patients (`restart_after_upgrade`).
            sooner(UPGRADE_CHECK_EVERY);
        }
        if let Some(wake) = wake {
            // Never hand the window system a time it cannot add to "now".
            ctx.request_repaint_after(wake.min(crate::model::PURGE_EVERY));
        }
    }

    /// Scale the whole layout with the screen (true if the zoom changed): designed for 1920x1080, never shrunk below
    /// one point per pixel, so 4K screens get everything twice as big.
    fn scale_to_screen(ctx: &egui::Context) -> bool {
        let ppp = ctx.pixels_per_point();
        let rect = ctx.content_rect();
        let (pw, ph) = (rect.width() * ppp, rect.height() * ppp);
        if pw < 1.0 || ph < 1.0 {
            return false;
        }
        let (dw, dh) = size::DESIGN_SCREEN;
        let target = (pw / dw).min(ph / dh).max(1.0);
        if (target - ppp).abs() > 0.01 {
            let native = ctx.native_pixels_per_point().unwrap_or(1.0);
            ctx.set_zoom_factor(target / native);
            return true;
        }
        false
    }

    /// Without a window manager (a bare X server) full-screen is not applied: cover the
    /// monitor by hand, once.
    fn cover_monitor(&mut self, ctx: &egui::Context) {
        if !self.state.kiosk_mode() || self.view.covered_monitor {
            return;
        }
        let (monitor, inner, fullscreen) = ctx.input(|i| {
            let v = i.viewport();
            (v.monitor_size, v.inner_rect, v.fullscreen)
        });
        let Some(monitor) = monitor else {
            return;
        };
        self.view.covered_monitor = true;
        let covers = inner.is_some_and(|r| (r.size() - monitor).length() < 2.0);
        if fullscreen != Some(true) || !covers {
            ctx.send_viewport_cmd(ViewportCommand::OuterPosition(egui::pos2(0.0, 0.0)));
            ctx.send_viewport_cmd(ViewportCommand::InnerSize(monitor));
        }
    }

    /// Kiosk mode refuses every close request (Alt+F4, the window manager); only the staff
    /// menu's "Exit kiosk" closes the window.
    fn handle_close(&mut self, ctx: &egui::Context) {
        // Exit kiosk, or a benchmark that finished: the close the kiosk asked for itself.
        if self.state.quitting() || self.view.close_sent {
            return;
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.state.kiosk_mode() {
            log::info!("close request refused: kiosk mode");
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
        }
    }

    /// The look changed after eframe cleared the window (a tap on High contrast is drawn in
    /// the frame that saw it): clear it again to the new page background, as eframe allows
    /// between its clear and its painting, so the page still needs no background quad.
    fn clear_to_page(&self, ctx: &egui::Context, frame: &eframe::Frame) {
        let background = self.palette().background;
        if !self.background_by_clear || self.cleared_to.get() == Some(background) {
            return;
        }
        // Only the OpenGL renderer gives its context; with another, the page draws its own.
        let Some(gl) = frame.gl() else { return };
        let pixels = (ctx.content_rect().size() * ctx.pixels_per_point()).round();
        eframe::egui_glow::painter::clear(
            gl,
            [pixels.x as u32, pixels.y as u32],
            background.to_normalized_gamma_f32(),
        );
        self.cleared_to.set(Some(background));
    }

    fn palette(&self) -> theme::Palette {
        if self.state.session().high_contrast() {
            theme::HIGH_CONTRAST
        } else {
            theme::STANDARD
        }
    }
}

impl eframe::App for KioskApp {
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        // eframe tells egui the GPU's largest texture on the first frame; egui sizes its glyph
        // atlas by it. (Every picture the kiosk makes is smaller: `screens::images`.)
        raw_input.max_texture_side = raw_input.max_texture_side.map(|s| s.min(self.atlas_side));
        if let Some(pacing) = &self.pacing {
            pacing.frame_starts();
        }
    }

    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        let background = self.palette().background;
        if self.background_by_clear {
            self.cleared_to.set(Some(background));
        }
        background.to_normalized_gamma_f32()
    }

    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.logic_pass(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        // Before and after the pass: its logic or its actions may change the look.
        self.clear_to_page(ui.ctx(), frame);
        self.ui_pass(ui);
        self.clear_to_page(ui.ctx(), frame);
    }
}
