//! The kiosk's window: each frame reads the state, draws the current screen, collects the
//! [`Action`]s the patient asked for and applies them afterwards. Also the per-frame kiosk
//! rules that need egui: screen scaling, the idle prompt, refusing to close, the staff gesture.

mod handout;
mod home;
mod idle;
pub mod images;
mod my_questions;
mod reader;
mod staff;
mod top_bar;
mod welcome;
pub mod widgets;

use std::sync::{Arc, mpsc};
use std::time::Duration;

use egui::{CursorIcon, Event, Key, Modifiers, ViewportCommand};

use crate::i18n::Strings;
use crate::kiosk::{Clock, IdleEvent};
use crate::speech::{Espeak, Speaker};
use crate::state::{Action, AppState, PrintStatus, Screen};
use crate::theme::{self, TextSize, size};
use images::ImageCache;
use widgets::Look;

/// How long staff hold the logo to open the PIN pad.
pub const STAFF_HOLD: Duration = Duration::from_secs(3);

/// What every screen gets to draw with.
pub struct Ctx<'a> {
    pub state: &'a AppState,
    pub images: &'a mut ImageCache,
    pub look: Look,
    pub strings: &'static Strings,
    pub now: Duration,
    /// The screen just changed: give its main control keyboard focus.
    pub focus_primary: bool,
    pub actions: Vec<Action>,
    /// When the staff hold on the logo began (welcome screen).
    pub hold_started: &'a mut Option<Duration>,
    /// Read-aloud is speaking now.
    pub speaking: bool,
}

impl Ctx<'_> {
    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// Fill the clinic placeholders in content text.
    pub fn fill(&self, text: &str) -> String {
        self.state
            .settings
            .placeholders(&self.strings.no_phone)
            .fill(text)
    }
}

/// The running kiosk.
pub struct KioskApp {
    pub state: AppState,
    clock: Arc<dyn Clock>,
    images: ImageCache,
    installed: bool,
    applied_look: Option<(bool, TextSize)>,
    last_screen: Option<Screen>,
    hold_started: Option<Duration>,
    content_generation: u64,
    /// The last input came from keys: show focus rings (touch users never see them).
    keyboard_mode: bool,
    /// Kiosk mode asked the window to cover the monitor (for systems without a window
    /// manager that honours full-screen).
    covered_monitor: bool,
    close_sent: bool,
    speaker: Box<dyn Speaker>,
    bench: Option<crate::bench::Runner>,
    printer: PrintFn,
    /// The handout being made and printed: the reset count it belongs to, and its result.
    print_job: Option<(u64, mpsc::Receiver<Result<String, String>>)>,
}

/// Sends a PDF file to a printer (CUPS by default; tests use a fake).
pub type PrintFn = Arc<
    dyn Fn(&std::path::Path, Option<&str>) -> Result<String, crate::print::PrintError>
        + Send
        + Sync,
>;

impl KioskApp {
    pub fn new(state: AppState, clock: Arc<dyn Clock>) -> Self {
        let content_generation = state.content_generation;
        Self {
            state,
            clock,
            images: ImageCache::default(),
            installed: false,
            applied_look: None,
            last_screen: None,
            hold_started: None,
            content_generation,
            keyboard_mode: false,
            covered_monitor: false,
            close_sent: false,
            speaker: Box::new(Espeak::default()),
            bench: None,
            printer: Arc::new(crate::print::print_pdf),
            print_job: None,
        }
    }

    /// Print through something other than CUPS (tests).
    pub fn with_printer(mut self, printer: PrintFn) -> Self {
        self.printer = printer;
        self
    }

    /// Make and print the handout on a worker thread, so the kiosk never freezes. The PDF
    /// is kept in the handout folder (for staff when printing fails; deleted after a day).
    fn start_print_job(&mut self) {
        let s = &self.state;
        let req = crate::handout::Request {
            lang: s.session.lang.clone(),
            topics: s.session.handout_topics.clone(),
            questions: s.session.picked().to_vec(),
            paper: crate::handout::Paper::from_name(&s.settings.paper).unwrap_or_default(),
            date: chrono::Local::now().date_naive(),
        };
        let (library, source, settings) = (s.library.clone(), s.source.clone(), s.settings.clone());
        let printer = self.printer.clone();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let result = (|| {
                let handout = crate::handout::build(&library, source.as_ref(), &settings, &req)
                    .map_err(|e| format!("handout: {e}"))?;
                let dir = crate::print::handout_dir(&settings);
                let day = std::time::Duration::from_secs(24 * 60 * 60);
                crate::print::delete_older_than(&dir, day, std::time::SystemTime::now());
                let path =
                    crate::print::save_for_staff(&dir, &handout.pdf, std::time::SystemTime::now())
                        .map_err(|e| format!("handout: {e}"))?;
                let name = settings.printer.trim();
                printer(&path, (!name.is_empty()).then_some(name))
                    .map_err(|e| format!("handout: {e}; the PDF is kept at {}", path.display()))
            })();
            // The kiosk may have quit meanwhile; nothing to tell then.
            let _ = tx.send(result);
        });
        self.print_job = Some((self.state.resets, rx));
        self.state.session.print = PrintStatus::Working;
    }

    /// Pick up a finished print job's result.
    fn poll_print_job(&mut self) {
        let Some((resets, rx)) = &self.print_job else {
            return;
        };
        let result = match rx.try_recv() {
            Ok(result) => result,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => {
                Err("handout: the print job stopped unexpectedly".into())
            }
        };
        let same_patient = *resets == self.state.resets;
        self.print_job = None;
        match result {
            Ok(job) => {
                log::info!("handout sent to the printer as job {job}");
                if same_patient {
                    self.state.session.print = PrintStatus::Printed;
                }
            }
            Err(msg) => {
                log::warn!("{msg}");
                self.state.warnings.push(msg);
                if same_patient {
                    self.state.session.print = PrintStatus::Failed;
                }
            }
        }
    }

    /// Run a self-measurement (see `bench/`) and quit when it is done.
    pub fn with_bench(mut self, runner: crate::bench::Runner) -> Self {
        self.bench = Some(runner);
        self
    }

    /// Use another speech engine (tests use a recording fake).
    pub fn with_speaker(mut self, speaker: Box<dyn Speaker>) -> Self {
        self.speaker = speaker;
        self
    }

    /// Speak the page on screen; if speech cannot start, tell the patient kindly and
    /// staff exactly why.
    fn read_aloud(&mut self) {
        let Some(page) = self.state.current_page() else {
            return;
        };
        let fill = self
            .state
            .settings
            .placeholders(&Strings::get(&page.lang).no_phone);
        let pieces: Vec<String> = page.plain_text().iter().map(|t| fill.fill(t)).collect();
        let script = crate::speech::page_script(&pieces);
        let lang = page.lang.clone();
        if let Err(e) = self.speaker.speak(&lang, &script) {
            speech_failed(&mut self.state, &e);
        }
    }

    fn install(&mut self, ctx: &egui::Context) {
        if self.installed {
            return;
        }
        self.installed = true;
        ctx.set_fonts(theme::fonts());
        ctx.options_mut(|o| {
            o.zoom_with_keyboard = false;
        });
    }

    /// Scale the whole layout with the screen: designed for 1920x1080, never shrunk below
    /// one point per pixel, so 4K screens get everything twice as big.
    fn scale_to_screen(ctx: &egui::Context) {
        let ppp = ctx.pixels_per_point();
        let rect = ctx.content_rect();
        let (pw, ph) = (rect.width() * ppp, rect.height() * ppp);
        if pw < 1.0 || ph < 1.0 {
            return;
        }
        let (dw, dh) = size::DESIGN_SCREEN;
        let target = (pw / dw).min(ph / dh).max(1.0);
        if (target - ppp).abs() > 0.01 {
            let native = ctx.native_pixels_per_point().unwrap_or(1.0);
            ctx.set_zoom_factor(target / native);
        }
    }

    /// Without a window manager (a bare X server) full-screen is not applied: cover the
    /// monitor by hand, once.
    fn cover_monitor(&mut self, ctx: &egui::Context) {
        if !self.state.kiosk_mode || self.covered_monitor {
            return;
        }
        let (monitor, inner, fullscreen) = ctx.input(|i| {
            let v = i.viewport();
            (v.monitor_size, v.inner_rect, v.fullscreen)
        });
        let Some(monitor) = monitor else {
            return;
        };
        self.covered_monitor = true;
        let covers = inner.is_some_and(|r| (r.size() - monitor).length() < 2.0);
        if fullscreen != Some(true) || !covers {
            ctx.send_viewport_cmd(ViewportCommand::OuterPosition(egui::pos2(0.0, 0.0)));
            ctx.send_viewport_cmd(ViewportCommand::InnerSize(monitor));
        }
    }

    fn update_input_mode(&mut self, ctx: &egui::Context) {
        ctx.input(|i| {
            for e in &i.events {
                match e {
                    Event::Key { .. } => self.keyboard_mode = true,
                    Event::PointerButton { .. } | Event::Touch { .. } => {
                        self.keyboard_mode = false;
                    }
                    _ => {}
                }
            }
        });
    }

    fn had_input(ctx: &egui::Context) -> bool {
        ctx.input(|i| {
            i.events.iter().any(|e| {
                matches!(
                    e,
                    Event::PointerMoved(_)
                        | Event::PointerButton { .. }
                        | Event::Touch { .. }
                        | Event::Key { .. }
                        | Event::Text(_)
                        | Event::MouseWheel { .. }
                )
            })
        })
    }

    /// Kiosk mode refuses every close request (Alt+F4, the window manager); only the staff
    /// menu's "Exit kiosk" closes the window.
    fn handle_close(&mut self, ctx: &egui::Context) {
        if self.state.quit {
            if !self.close_sent {
                self.close_sent = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            return;
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.state.kiosk_mode {
            log::info!("close request refused: kiosk mode");
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
        }
    }

    fn keyboard_actions(&self, ctx: &egui::Context) -> Vec<Action> {
        let mut out = Vec::new();
        let staff_chord = Modifiers::CTRL | Modifiers::ALT;
        if ctx.input_mut(|i| i.consume_key(staff_chord, Key::S)) {
            out.push(Action::OpenStaffPin);
        }
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            out.push(if self.state.idle.prompt_shown() {
                Action::KeepReading
            } else if self.state.notice.is_some() {
                Action::CloseNotice
            } else if self.state.session.words_open {
                Action::CloseWords
            } else {
                Action::Back
            });
        }
        if self.state.screen == Screen::StaffPin {
            ctx.input(|i| {
                for e in &i.events {
                    if let Event::Text(t) = e {
                        out.extend(t.chars().filter(char::is_ascii_digit).map(Action::PinDigit));
                    }
                }
                if i.key_pressed(Key::Backspace) {
                    out.push(Action::PinBackspace);
                }
            });
        }
        out
    }

    /// One frame: kiosk rules, then the screen, then the actions it produced.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.install(&ctx);
        Self::scale_to_screen(&ctx);
        self.cover_monitor(&ctx);
        self.handle_close(&ctx);
        self.update_input_mode(&ctx);

        self.poll_print_job();
        let now = self.clock.now();
        let had_input = Self::had_input(&ctx);
        let mut actions = self.keyboard_actions(&ctx);
        if let Some(runner) = &mut self.bench
            && !runner.done
        {
            actions.extend(runner.step(&self.state));
            if runner.done {
                // Quit as "Exit kiosk" does (kiosk mode refuses any other close).
                self.state.quit = true;
            }
            ctx.request_repaint();
        }
        if self.state.tick(now, had_input) == IdleEvent::Reset {
            self.hold_started = None;
            self.speaker.stop();
        }

        let look_key = (
            self.state.session.high_contrast,
            self.state.session.text_size,
        );
        if self.applied_look != Some(look_key) {
            let palette = self.palette();
            theme::apply(&ctx, &palette, look_key.1);
            self.applied_look = Some(look_key);
        }
        if self.content_generation != self.state.content_generation {
            self.images.clear();
            self.content_generation = self.state.content_generation;
        }
        if self.state.settings.hide_cursor {
            ctx.set_cursor_icon(CursorIcon::None);
        }

        let focus_primary = self.last_screen != Some(self.state.screen);
        self.last_screen = Some(self.state.screen);
        let speaking = self.speaker.is_speaking();
        if let Some(e) = self.speaker.failure() {
            speech_failed(&mut self.state, &e);
        }
        let palette = self.palette();
        let mut c = Ctx {
            state: &self.state,
            images: &mut self.images,
            look: Look {
                palette,
                scale: self.state.session.text_size.factor(),
                show_focus: self.keyboard_mode,
            },
            strings: Strings::get(&self.state.session.lang),
            now,
            focus_primary,
            actions: Vec::new(),
            hold_started: &mut self.hold_started,
            speaking,
        };
        match self.state.screen {
            Screen::Welcome => welcome::ui(ui, &mut c),
            Screen::Home => home::ui(ui, &mut c),
            Screen::Reader { topic, page } => reader::ui(ui, &mut c, topic, page),
            Screen::MyQuestions => my_questions::ui(ui, &mut c),
            Screen::Handout => handout::choose_ui(ui, &mut c),
            Screen::Printing => handout::printing_ui(ui, &mut c),
            Screen::StaffPin => staff::pin_ui(ui, &mut c),
            Screen::StaffMenu => staff::menu_ui(ui, &mut c),
        }
        if self.state.session.words_open {
            reader::words_ui(&ctx, &mut c);
        }
        if let Some(notice) = &self.state.notice {
            reader::notice_ui(&ctx, &mut c, notice);
        }
        if self.state.idle.prompt_shown() {
            idle::prompt_ui(&ctx, &mut c);
        }
        actions.extend(c.actions);
        let screen_before = self.state.screen;
        for action in actions {
            match action {
                Action::ReadAloud => self.read_aloud(),
                Action::StopReading => self.speaker.stop(),
                _ => {}
            }
            self.state.apply(action, now);
        }
        if self.state.session.print == PrintStatus::Requested {
            self.start_print_job();
        }
        // Speech belongs to its page: a new page, a reset or Finish silences it.
        if self.state.screen != screen_before {
            self.speaker.stop();
        }

        // Sleep until the next thing is due: no continuous repaint, ever.
        let now = self.clock.now();
        let mut wake = self
            .state
            .idle
            .next_wake(now, self.state.has_patient_state());
        if let Some(pin_lock) = self.state.pin.locked_for(now)
            && self.state.screen == Screen::StaffPin
        {
            let second = Duration::from_secs(1);
            wake = Some(wake.map_or(second, |w| w.min(second)));
            let _ = pin_lock;
        }
        if let Some(started) = self.hold_started {
            let due = (started + STAFF_HOLD).saturating_sub(now);
            wake = Some(wake.map_or(due, |w| w.min(due)));
        }
        if self.print_job.is_some() {
            let soon = Duration::from_millis(100);
            wake = Some(wake.map_or(soon, |w| w.min(soon)));
        }
        if speaking {
            // Only while speaking: notice when the engine finishes, to show "Read aloud" again.
            let half = Duration::from_millis(500);
            wake = Some(wake.map_or(half, |w| w.min(half)));
        }
        if let Some(wake) = wake {
            ctx.request_repaint_after(wake);
        }
    }

    fn palette(&self) -> theme::Palette {
        if self.state.session.high_contrast {
            theme::HIGH_CONTRAST
        } else {
            theme::STANDARD
        }
    }
}

impl eframe::App for KioskApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }
}

/// Speech could not start or stopped with an error: tell the patient kindly, staff exactly.
fn speech_failed(state: &mut AppState, e: &crate::speech::SpeechError) {
    let msg = e.to_string();
    log::warn!("{msg}");
    if !state.warnings.contains(&msg) {
        state.warnings.push(msg);
    }
    state.notice = Some(Strings::get(&state.session.lang).speech_unavailable.clone());
}
