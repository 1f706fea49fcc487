//! The floor for the kiosk's memory: a bare eframe window with the kiosk's eframe features
//! (glow, X11 and Wayland, AccessKit) and its font, full screen, one line of text. Prints
//! its memory the way `patient-kiosk --bench-walk` does, after 60 frames, then quits.
//! `bash bench/run.sh` measures both in one run. A binary, not an example, so it is built
//! without the test-only dependencies (which turn on eframe's wgpu):
//! `cargo build --release --features bare-window --bin bare-window`.

use std::time::Instant;

struct Bare {
    frames: u32,
    started: Instant,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Learn about microneedling");
        });
        self.frames += 1;
        if self.frames == 60 {
            match patient_kiosk::measure::memory_kib() {
                Some((rss, pss)) => println!(
                    "memory bare window after {} frames: rss {:.1} MB, pss {:.1} MB ({:.0} ms)",
                    self.frames,
                    rss as f64 / 1024.0,
                    pss as f64 / 1024.0,
                    self.started.elapsed().as_secs_f64() * 1000.0
                ),
                None => println!("memory bare window: /proc/self/smaps_rollup is not readable"),
            }
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        ui.ctx().request_repaint();
    }
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_fullscreen(true)
            .with_decorations(false),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "bare-window",
        options,
        Box::new(|cc| {
            cc.egui_ctx.set_fonts(patient_kiosk::theme::fonts());
            Ok(Box::new(Bare {
                frames: 0,
                started: Instant::now(),
            }))
        }),
    )
}
