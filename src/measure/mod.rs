//! Self-measurements for the benchmark scripts in `bench/`: time to the first frame, and
//! memory after start and after walking every page. Never used in normal running: the
//! kiosk's own modules do not import this one (it drives the app from outside, as a
//! [`Driver`]).

use std::time::Instant;

use crate::app::{Driver, KioskApp, StartError};
use crate::model::{Action, AppState, Screen};

/// What the kiosk measures before quitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Print the time from process start to the first frame on screen, then quit.
    Startup,
    /// Print memory after the first frame and after walking every page of every topic in
    /// every language at every text size, then quit.
    Walk,
}

/// Resident and proportional set size of this process, in KiB (Linux).
pub fn memory_kib() -> Option<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/self/smaps_rollup").ok()?;
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    Some((field("Rss:")?, field("Pss:")?))
}

/// Drives a benchmark run, one step per frame.
#[derive(Debug)]
pub struct Runner {
    pub mode: Mode,
    started: Instant,
    frames: u64,
    /// The walk's frames still to come, last first: the actions of one frame each.
    walk: Option<Vec<Vec<Action>>>,
    done: bool,
}

impl Runner {
    /// `started` is taken as early as possible in `main`.
    pub fn new(mode: Mode, started: Instant) -> Self {
        Self {
            mode,
            started,
            frames: 0,
            walk: None,
            done: false,
        }
    }

    fn report_memory(label: &str) {
        match memory_kib() {
            Some((rss, pss)) => println!(
                "memory {label}: rss {:.1} MB, pss {:.1} MB",
                rss as f64 / 1024.0,
                pss as f64 / 1024.0
            ),
            None => println!("memory {label}: /proc/self/smaps_rollup is not readable"),
        }
    }

    /// Called at the start of each frame. Returns actions to apply; sets `done` to quit.
    fn next_actions(&mut self, state: &AppState) -> Vec<Action> {
        self.frames += 1;
        match self.mode {
            Mode::Startup => {
                // Frame 2 starts once frame 1 has been painted and presented.
                if self.frames == 2 {
                    println!(
                        "startup: first frame on screen after {:.1} ms",
                        self.started.elapsed().as_secs_f64() * 1000.0
                    );
                    self.done = true;
                }
                Vec::new()
            }
            Mode::Walk => self.walk_step(state),
        }
    }

    fn walk_step(&mut self, state: &AppState) -> Vec<Action> {
        if self.frames == 2 {
            Self::report_memory("after the first frame");
        }
        let walk = self.walk.get_or_insert_with(|| walk_frames(state));
        match walk.pop() {
            Some(actions) => actions,
            None => {
                Self::report_memory(&format!(
                    "after walking every page in every language at every text size ({} frames)",
                    self.frames
                ));
                self.done = true;
                vec![Action::Finish]
            }
        }
    }
}

/// Every page of every topic, in every language at every text size: one frame's actions
/// each, last first.
fn walk_frames(state: &AppState) -> Vec<Vec<Action>> {
    let mut out = Vec::new();
    for size in 0..crate::theme::TextSize::ALL.len() {
        for lang in state.languages() {
            // A new patient: the normal look, then this language and text size.
            let mut start = vec![Action::Finish, Action::SetLanguage(lang.clone())];
            start.extend(std::iter::repeat_n(Action::CycleTextSize, size));
            start.push(Action::Start);
            out.push(start);
            for (t, topic) in state.library().lang(&lang).topics.iter().enumerate() {
                out.push(vec![Action::OpenTopic(t)]);
                out.extend(std::iter::repeat_n(
                    vec![Action::NextPage],
                    topic.pages.len().saturating_sub(1),
                ));
            }
        }
    }
    out.reverse();
    out
}

impl Driver for Runner {
    fn step(&mut self, state: &AppState) -> Vec<Action> {
        self.next_actions(state)
    }

    fn done(&self) -> bool {
        self.done
    }
}

/// The actions that bring a fresh kiosk to `screen` (welcome, home or a page).
fn actions_to(screen: Screen) -> Vec<Action> {
    let mut out = Vec::new();
    if screen != Screen::Welcome {
        out.push(Action::Start);
    }
    if let Screen::Reader { topic, page } = screen {
        out.push(Action::OpenTopic(topic));
        out.extend(std::iter::repeat_n(Action::NextPage, page));
    }
    out
}

/// What one screen costs to draw at one size.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameCost {
    pub size: (f32, f32),
    pub screen: String,
    pub median_ms: f64,
}

/// CPU time to build and tessellate one frame of every page, without a window or GPU:
/// egui's output only. Returns (screen size, page, median milliseconds) per page.
pub fn frame_costs(
    machine: &crate::machine::Machine,
    state_for: &dyn Fn() -> Result<AppState, StartError>,
    sizes: &[(f32, f32)],
    repeats: usize,
) -> Result<Vec<FrameCost>, StartError> {
    let mut out = Vec::new();
    for &size in sizes {
        let ctx = egui::Context::default();
        // As a window system reports it: the same pixels, in points at the current scale.
        let input = |ctx: &egui::Context| {
            let ppp = ctx.pixels_per_point();
            egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(
                    egui::Pos2::ZERO,
                    egui::vec2(size.0, size.1) / ppp,
                )),
                // What the kiosk tells egui on a real window (`KioskApp::raw_input_hook`).
                max_texture_side: Some(crate::theme::GLYPH_ATLAS_SIDE),
                ..Default::default()
            }
        };
        // Every screen in every language at every text size.
        let first = state_for()?;
        let mut screens = Vec::new();
        for lang in first.languages() {
            for (size_i, text) in crate::theme::TextSize::ALL.iter().enumerate() {
                let mut look = vec![Action::SetLanguage(lang.clone())];
                look.extend(std::iter::repeat_n(Action::CycleTextSize, size_i));
                let name = |what: &str| format!("{lang} {text:?} {what}");
                screens.push((name("welcome"), look.clone(), Screen::Welcome));
                screens.push((name("home"), look.clone(), Screen::Home));
                for (t, topic) in first.library().lang(&lang).topics.iter().enumerate() {
                    for (p, page) in topic.pages.iter().enumerate() {
                        screens.push((
                            name(&format!("{}/{}", topic.id, page.id)),
                            look.clone(),
                            Screen::Reader { topic: t, page: p },
                        ));
                    }
                }
            }
        }
        for (name, look, screen) in screens {
            let mut state = state_for()?;
            for action in look.into_iter().chain(actions_to(screen)) {
                // Effects (saving counts) are not part of a frame's cost: dropped here.
                let _effects = state.apply(action, std::time::Duration::ZERO);
            }
            let mut app = KioskApp::new(&ctx, state, machine.clone());
            let mut times = Vec::with_capacity(repeats);
            // Two warm-up frames: the first lays out fonts and uploads pictures.
            for i in 0..repeats + 2 {
                let start = Instant::now();
                let mut output = ctx.run_ui(input(&ctx), |ui| app.run_frame(ui));
                let meshes = ctx.tessellate(output.shapes, output.pixels_per_point);
                let vertices: usize = meshes
                    .iter()
                    .map(|m| match &m.primitive {
                        egui::epaint::Primitive::Mesh(mesh) => mesh.vertices.len(),
                        egui::epaint::Primitive::Callback(_) => 0,
                    })
                    .sum();
                if i == repeats + 1 {
                    log::debug!("{name}: {} meshes, {vertices} vertices", meshes.len());
                }
                // No GPU here: texture uploads are dropped on purpose.
                output.textures_delta.clear();
                if i >= 2 {
                    times.push(start.elapsed().as_secs_f64() * 1000.0);
                }
            }
            log::debug!(
                "{name}: font atlas {:?}, {:.0}% full",
                ctx.fonts(|f| f.font_image_size()),
                ctx.fonts(|f| f.font_atlas_fill_ratio()) * 100.0
            );
            times.sort_by(f64::total_cmp);
            out.push(FrameCost {
                size,
                screen: name,
                median_ms: times.get(times.len() / 2).copied().unwrap_or_default(),
            });
        }
    }
    Ok(out)
}
