//! The first screen: who the clinic is, what the kiosk teaches, one big way in. The logo
//! doubles as the hidden staff gesture (press and hold).

use egui::{Sense, Ui, vec2};

use super::Ctx;
use super::widgets::{Kind, big_button_sized_ui, centered_column, focus_ring, text_ui, tool_ui};
use crate::model::Action;
use crate::theme::size;

pub fn ui(ui: &mut Ui, c: &mut Ctx<'_>) {
    let look = c.look;
    let p = look.palette;
    egui::CentralPanel::no_frame()
        .frame(super::widgets::page_frame(&c.look))
        .show(ui, |ui| {
            let avail = ui.available_height();
            egui::ScrollArea::vertical()
                .scroll_source(egui::scroll_area::ScrollSource::ALL)
                .show(ui, |ui| {
                    // Spacing shrinks on short screens so everything fits without scrolling.
                    let gap = (avail * 0.03).clamp(8.0, size::GAP * 1.5);
                    centered_column(ui, 1400.0, |ui| {
                        ui.spacing_mut().item_spacing.y = 0.0;
                        ui.add_space((avail * 0.05).min(80.0));
                        ui.vertical_centered(|ui| {
                            logo_ui(ui, c, (avail * 0.15).clamp(96.0, 160.0));
                            ui.add_space(gap);
                            let lang = c.state.session().lang();
                            let settings = c.state.settings();
                            super::widgets::heading_ui(
                                ui,
                                settings.clinic_name_in(lang),
                                look.title(),
                                p.text,
                                1,
                            );
                            ui.add_space(gap / 2.0);
                            text_ui(ui, &c.strings.learn_about, look.heading(), p.text);
                            ui.add_space(gap * 2.0);
                            let start = start_button_ui(ui, c, (avail * 0.16).clamp(96.0, 180.0));
                            if c.focus_primary {
                                start.request_focus();
                            }
                            if start.clicked() {
                                c.push(Action::Start);
                            }
                            ui.add_space(gap * 2.0);
                            text_ui(ui, &c.strings.general_info, look.body(), p.text_muted);
                            let owner = settings.content_owner_in(lang).trim();
                            if !owner.is_empty() {
                                ui.add_space(gap / 2.0);
                                text_ui(ui, owner, look.body(), p.text_muted);
                            }
                            ui.add_space(gap);
                            // Text size, contrast, audio and language: one tap each, before
                            // starting. The language comes last, so speech mode's Up reaches it
                            // in one key ("Para español, presione Arriba...").
                            let mut options: Vec<(String, Action)> = vec![
                                (
                                    c.strings
                                        .text_size_label(c.state.session().text_size())
                                        .to_owned(),
                                    Action::CycleTextSize,
                                ),
                                (c.strings.contrast.clone(), Action::ToggleContrast),
                                (c.strings.audio.clone(), Action::ToggleSpeech),
                            ];
                            options.extend(
                                c.state
                                    .languages()
                                    .into_iter()
                                    .filter(|l| *l != c.state.session().lang())
                                    .map(|l| {
                                        let name =
                                            crate::i18n::Strings::get(&l).language_name.clone();
                                        (name, Action::SetLanguage(l))
                                    }),
                            );
                            let widths: f32 = options
                                .iter()
                                .map(|(t, _)| {
                                    ui.painter()
                                        .layout_no_wrap(t.clone(), look.tool(), p.text)
                                        .size()
                                        .x
                                        + 2.0 * look.button_padding(Kind::Tool).x
                                        + ui.spacing().item_spacing.x
                                })
                                .sum();
                            // Language help, found without reading English: its symbol and
                            // the languages' own names, on a row of its own.
                            let entry = super::language_help::entry_width(ui, c, true);
                            ui.horizontal(|ui| {
                                ui.add_space(((ui.available_width() - entry) / 2.0).max(0.0));
                                super::language_help::entry_ui(ui, c, true);
                            });
                            ui.add_space(gap / 2.0);
                            let margin = ((ui.available_width() - widths) / 2.0).max(0.0);
                            ui.horizontal_wrapped(|ui| {
                                ui.add_space(margin);
                                for (text, action) in options {
                                    let on = super::widgets::toggle_state(c.state, &action);
                                    if tool_ui(ui, &look, &text, on, Kind::Tool).clicked() {
                                        c.push(action);
                                    }
                                }
                            });
                        });
                    });
                });
        });
}

/// The big "Touch to start" target: most of the screen's width.
fn start_button_ui(ui: &mut Ui, c: &mut Ctx<'_>, height: f32) -> egui::Response {
    let look = c.look;
    let width = (ui.available_width() * 0.7).clamp(size::TOUCH_MIN, 900.0);
    big_button_sized_ui(
        ui,
        &look,
        &c.strings.touch_to_start,
        Kind::Primary,
        vec2(width, height),
    )
}

/// The clinic logo. Held for [`crate::model::STAFF_HOLD`], it opens the staff PIN pad (the
/// state times the hold; this only reports press and release).
fn logo_ui(ui: &mut Ui, c: &mut Ctx<'_>, side: f32) {
    // Not focusable, and hidden from assistive technology: the gesture is for staff, and a
    // patient's screen reader must not announce it.
    let (rect, response) = ui.allocate_exact_size(vec2(side, side), Sense::DRAG);
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_hidden());
    match c.images.get(
        ui.ctx(),
        c.state.source(),
        "logo.png",
        super::images::Size::Thumbnail,
        rect.size(),
    ) {
        Ok(tex) => {
            ui.painter().image(
                tex.id(),
                rect,
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                egui::Color32::WHITE,
            );
        }
        Err(_) => {
            ui.painter()
                .rect_filled(rect, egui::CornerRadius::same(32), c.look.palette.primary);
        }
    }
    focus_ring(ui, &response, &c.look);
    let held = response.is_pointer_button_down_on();
    if held != c.state.hold_started().is_some() {
        c.push(Action::StaffHold(held));
    }
}
