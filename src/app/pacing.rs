//! Frame pacing: a tap is answered by one frame, and nothing repaints after it unless
//! something moves.
//!
//! On a kiosk PC without a GPU every frame is drawn by Mesa's software renderer and costs the
//! whole window (about 15 ms at 1920x1080, 45 ms at 3840x2160). egui asks for two more frames
//! after every frame with input in it, "to give some things time to settle" (its repaint
//! logic: an immediate request always means two repaints). The kiosk needs none of them: it
//! applies what a tap asked for in the same frame (a second pass, see `KioskApp::ui_pass`),
//! with no animations, so those frames paint the same picture again and only make the
//! patient wait for the screen to go still.
//!
//! [`Pacing`] sits between egui and eframe's event loop. It passes on every repaint request
//! but the immediate ones egui makes for itself while a frame is starting (before the
//! kiosk's own logic runs) or between two passes of one frame. Any request dropped there is
//! always followed, in the same frame, by the kiosk's logic and drawing, so nothing that
//! happened is missed: a finished print job or a timer is seen by that logic, and whatever
//! still moves (a scroll that glides on) asks again from inside the drawing, which is passed
//! on.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Hands a repaint request on to the window's event loop: repaint at `when`, asked for while
/// egui's pass count was the given number.
pub type Forward = Box<dyn Fn(Instant, u64) + Send + Sync>;

/// Where the window's frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Between frames: a request (a finished job, a timer) is passed on at once.
    Between,
    /// egui is starting a frame or a pass, before the kiosk's logic: its immediate requests
    /// are its own settling frames, and dropped.
    Settling,
    /// The kiosk's logic and drawing run: requests are gathered and passed on once, when
    /// the frame ends (a request made in the first of two passes would be stale by then).
    Running,
}

struct Shared {
    phase: Phase,
    /// The soonest repaint asked for during this frame.
    wanted: Option<Instant>,
}

/// Filters egui's repaint requests (see the module documentation).
#[derive(Clone)]
pub struct Pacing {
    shared: Arc<Mutex<Shared>>,
    forward: Arc<Forward>,
    dropped: Arc<AtomicU64>,
}

impl std::fmt::Debug for Pacing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pacing")
            .field("dropped", &self.dropped())
            .finish_non_exhaustive()
    }
}

impl Pacing {
    /// Take over `ctx`'s repaint requests; the ones that count go to `forward`.
    pub fn install(ctx: &egui::Context, forward: Forward) -> Self {
        let pacing = Self {
            shared: Arc::new(Mutex::new(Shared {
                phase: Phase::Between,
                wanted: None,
            })),
            forward: Arc::new(forward),
            dropped: Arc::new(AtomicU64::new(0)),
        };
        // The observer sees every request (the callback only those egui thinks are new).
        // Both are called with egui's context locked: nothing here may call into it.
        let seen = pacing.clone();
        ctx.set_repaint_observer(move |info| {
            seen.requested(info.delay, info.current_cumulative_pass_nr)
        });
        // egui's second, "settling" repaint after every immediate request comes through the
        // callback alone: never passed on.
        ctx.set_request_repaint_callback(|_| {});
        pacing
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn requested(&self, delay: Duration, pass_nr: u64) {
        let when = Instant::now().checked_add(delay);
        let mut s = self.lock();
        match s.phase {
            Phase::Settling if delay.is_zero() => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
            Phase::Settling | Phase::Running => {
                if let Some(when) = when {
                    s.wanted = Some(s.wanted.map_or(when, |w| w.min(when)));
                }
            }
            Phase::Between => {
                drop(s);
                if let Some(when) = when {
                    (self.forward)(when, pass_nr);
                }
            }
        }
    }

    /// A frame is about to start (eframe's raw input hook): egui's own requests follow.
    pub fn frame_starts(&self) {
        self.lock().phase = Phase::Settling;
    }

    /// The kiosk's logic starts: requests from here on count.
    pub fn logic_starts(&self) {
        self.lock().phase = Phase::Running;
    }

    /// The kiosk's drawing ended. With `another_pass`, egui runs the frame again; otherwise
    /// the frame is done and the soonest request made during it is passed on, as of
    /// `pass_nr` (egui's count once this pass ends).
    pub fn ui_ends(&self, another_pass: bool, pass_nr: u64) {
        let mut s = self.lock();
        if another_pass {
            s.phase = Phase::Settling;
            return;
        }
        s.phase = Phase::Between;
        let wanted = s.wanted.take();
        drop(s);
        if let Some(when) = wanted {
            (self.forward)(when, pass_nr);
        }
    }

    /// egui's own settling repaints dropped so far.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Got = Arc<Mutex<Vec<(Duration, u64)>>>;

    /// Pacing on a context past its first frames (egui sets up its window in the first one);
    /// what it passes on from then is recorded as (delay from now, pass).
    fn recorded(ctx: &egui::Context) -> (Pacing, Got) {
        let got: Got = Arc::default();
        let sink = Arc::clone(&got);
        let pacing = Pacing::install(
            ctx,
            Box::new(move |when, nr| {
                let delay = when.saturating_duration_since(Instant::now());
                sink.lock().unwrap().push((delay, nr));
            }),
        );
        for _ in 0..3 {
            frame(ctx, &pacing, egui::RawInput::default(), |_| {});
        }
        got.lock().unwrap().clear();
        (pacing, got)
    }

    /// One frame as eframe runs it: raw input hook, then passes of logic and drawing.
    fn frame(
        ctx: &egui::Context,
        pacing: &Pacing,
        input: egui::RawInput,
        draw: impl Fn(&egui::Ui),
    ) {
        pacing.frame_starts();
        let mut output = ctx.run_ui(input, |ui| {
            pacing.logic_starts();
            draw(ui);
            pacing.ui_ends(ui.ctx().will_discard(), ui.ctx().cumulative_pass_nr());
        });
        // No painter here: the font texture is not uploaded.
        output.textures_delta.clear();
    }

    fn tap() -> egui::RawInput {
        let pos = egui::pos2(10.0, 10.0);
        let button = |pressed| egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        };
        egui::RawInput {
            events: vec![egui::Event::PointerMoved(pos), button(true), button(false)],
            ..Default::default()
        }
    }

    #[test]
    fn a_tap_asks_for_no_settling_frames_after_it() {
        let ctx = egui::Context::default();
        let (pacing, got) = recorded(&ctx);
        frame(&ctx, &pacing, tap(), |_| {});
        frame(&ctx, &pacing, egui::RawInput::default(), |_| {});
        assert!(got.lock().unwrap().is_empty(), "{:?}", got.lock().unwrap());
        assert!(
            pacing.dropped() >= 1,
            "egui's own request was seen and dropped"
        );
    }

    #[test]
    fn a_timer_asked_for_in_a_tapped_frame_still_wakes_the_kiosk() {
        let ctx = egui::Context::default();
        let (pacing, got) = recorded(&ctx);
        // egui asks for itself at once (dropped), then the kiosk for its idle timer.
        frame(&ctx, &pacing, tap(), |ui| {
            ui.ctx().request_repaint_after(Duration::from_secs(5))
        });
        let got = got.lock().unwrap();
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0 > Duration::from_secs(4) && got[0].0 <= Duration::from_secs(5));
    }

    #[test]
    fn a_second_pass_is_waited_for_and_the_request_carries_the_last_pass() {
        let ctx = egui::Context::default();
        let (pacing, got) = recorded(&ctx);
        frame(&ctx, &pacing, tap(), |ui| {
            if ui.ctx().output(|o| o.num_completed_passes) == 0 {
                // What a tap's action does: run the frame again with it applied.
                ui.ctx().request_discard("a tap");
            } else {
                // Something still moving asks for the next frame.
                ui.ctx().request_repaint();
            }
        });
        let got = got.lock().unwrap();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, Duration::ZERO);
        // As eframe checks it: requested in the frame that just ended, so not stale.
        assert_eq!(got[0].1 + 1, ctx.cumulative_pass_nr());
    }

    #[test]
    fn a_request_from_another_thread_between_frames_is_passed_on_at_once() {
        let ctx = egui::Context::default();
        let (pacing, got) = recorded(&ctx);
        frame(&ctx, &pacing, tap(), |_| {});
        // A print job finishing while the kiosk waits.
        let worker = ctx.clone();
        std::thread::spawn(move || worker.request_repaint())
            .join()
            .unwrap();
        assert_eq!(got.lock().unwrap().len(), 1);
    }
}
