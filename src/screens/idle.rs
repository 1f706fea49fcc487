//! "Need more time?": shown after a while without a touch, with a visible countdown and
//! one big way to stay. If nobody answers, the kiosk forgets the patient and starts over.

use egui::Id;

use super::Ctx;
use super::widgets::{Kind, big_button_ui, text_ui};
use crate::model::Action;
use crate::theme::size;

pub fn prompt_ui(ctx: &egui::Context, c: &mut Ctx<'_>) {
    let look = c.look;
    let p = look.palette;
    let s = c.strings;
    let seconds = c.state.idle().seconds_left(c.now);
    let modal = egui::Modal::new(Id::unique("idle_prompt"))
        .backdrop_color(p.overlay)
        .frame(
            egui::Frame::new()
                .fill(p.surface)
                .stroke(egui::Stroke::new(4.0, p.primary))
                .corner_radius(size::RADIUS)
                .inner_margin(48),
        )
        .show(ctx, |ui| {
            let width = (ctx.content_rect().width() * 0.8).min(1100.0);
            ui.set_width(width);
            super::widgets::name_dialog(ui, &s.need_more_time);
            ui.vertical_centered(|ui| {
                super::widgets::heading_ui(ui, &s.need_more_time, look.title(), p.text, 1);
                ui.add_space(size::GAP);
                text_ui(ui, &s.idle_explain, look.body(), p.text);
                ui.add_space(size::GAP);
                super::widgets::live_text_ui(
                    ui,
                    &s.starting_over_in(seconds),
                    look.heading(),
                    p.text,
                );
                ui.add_space(size::GAP * 1.5);
                let keep = big_button_ui(ui, &look, &s.keep_reading, Kind::Primary, width * 0.8);
                if c.prompt_appeared {
                    keep.request_focus();
                }
                if keep.clicked() {
                    c.push(Action::KeepReading);
                }
                ui.add_space(size::GAP);
                if big_button_ui(ui, &look, &s.start_over_now, Kind::Secondary, width * 0.5)
                    .clicked()
                {
                    c.push(Action::Finish);
                }
            });
        });
    // A tap beside the prompt means someone is there: keep reading (it never reaches the
    // screen beneath).
    if modal.backdrop_response.clicked() {
        c.push(Action::KeepReading);
    }
}
