//! "My questions": what the patient picked, to review and change before the consultation.

use egui::{Align, Layout, Role, Ui, WidgetInfo};

use super::Ctx;
use super::widgets::{Kind, big_button_ui, centered_column, text_ui};
use crate::model::Action;
use crate::theme::size;

pub fn ui(ui: &mut Ui, c: &mut Ctx<'_>) {
    let s = c.strings;
    super::top_bar::ui(ui, c, &s.my_questions);
    let look = c.look;
    let p = look.palette;
    let frame = super::widgets::bar_frame(&p);
    let zone_before = super::spoken::set_zone(ui.ctx(), super::spoken::Zone::Bottom);
    egui::Panel::bottom("questions_bar")
        .frame(frame)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let back = big_button_ui(ui, &look, &s.back, Kind::Secondary, 200.0);
                if back.clicked() {
                    c.push(Action::Back);
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    let print = big_button_ui(ui, &look, &s.print_my_handout, Kind::Primary, 240.0);
                    if c.focus_primary {
                        print.request_focus();
                    }
                    if print.clicked() {
                        c.push(Action::OpenHandout);
                    }
                    if big_button_ui(ui, &look, &s.pick_questions, Kind::Secondary, 240.0).clicked()
                    {
                        c.push(Action::PickQuestions);
                    }
                });
            });
        });
    super::spoken::set_zone(ui.ctx(), zone_before);
    let state = c.state;
    egui::CentralPanel::no_frame()
        .frame(super::widgets::page_frame(&c.look))
        .show(ui, |ui| {
            let codes = state.phone_codes();
            let wide = ui.available_width() >= size::SIDE_BY_SIDE_MIN * look.scale.sqrt();
            // The code fills what is left of the screen below its words, so it is as big as
            // the screen allows without scrolling.
            let code_bottom = ui.max_rect().bottom();
            super::widgets::scroll_area("my_questions").show(ui, |ui| {
                if wide && !codes.is_empty() {
                    super::widgets::two_columns(
                        ui,
                        c,
                        (0.58, size::READING_WIDTH, f32::INFINITY),
                        list_ui,
                        |ui, c| phone_code_ui(ui, c, &codes, code_bottom),
                    );
                } else {
                    centered_column(ui, size::READING_WIDTH * look.scale.sqrt(), |ui| {
                        list_ui(ui, c);
                        if !codes.is_empty() {
                            ui.add_space(size::GAP);
                            phone_code_ui(ui, c, &codes, code_bottom);
                        }
                    });
                }
            });
        });
}

/// The picked questions, each with Remove.
fn list_ui(ui: &mut Ui, c: &mut Ctx<'_>) {
    let s = c.strings;
    let look = c.look;
    let p = look.palette;
    let state = c.state;
    let picked = state.session().picked();
    if picked.is_empty() {
        super::widgets::heading_ui(ui, &s.no_questions, look.heading(), p.text, 2);
        return;
    }
    text_ui(ui, &s.my_questions_intro, look.body(), p.text);
    ui.add_space(size::GAP);
    for (n, id) in picked.iter().enumerate() {
        let Some(q) = state.content().question(id) else {
            continue;
        };
        let text = c.fill(&q.text);
        question_row_ui(ui, c, n + 1, id, &text);
        ui.add_space(size::GAP / 2.0);
    }
}

/// The questions as a code for the patient's phone: what it is, the code (black on white
/// in every theme, each module a whole number of screen pixels so it stays sharp), and
/// "Code 1 of 2" with Next code when the questions need more than one.
pub(super) fn phone_code_ui(ui: &mut Ui, c: &mut Ctx<'_>, codes: &[crate::qr::Code], bottom: f32) {
    let s = c.strings;
    let look = c.look;
    let p = look.palette;
    let Some(code) = codes.get(c.state.session().code_shown() % codes.len().max(1)) else {
        return;
    };
    super::widgets::heading_ui(ui, &s.phone_code_title, look.heading(), p.text, 2);
    text_ui(ui, &s.phone_code_help, look.small(), p.text);
    ui.add_space(size::GAP / 2.0);
    let modules = code.side + 2 * crate::qr::QUIET_ZONE;
    let more = codes.len() > 1;
    let below = if more { 110.0 } else { 16.0 };
    let room_h = bottom - ui.cursor().top() - below;
    let room = ui.available_width().min(room_h).max(modules as f32);
    let ppp = ui.ctx().pixels_per_point();
    let module = ((room * ppp / modules as f32).floor().max(1.0)) / ppp;
    let side = module * modules as f32;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
    response.widget_info(|| WidgetInfo::labeled(Role::Image, true, &s.phone_code_alt));
    super::spoken::item(
        ui,
        &response,
        super::spoken::Role::Picture,
        &s.phone_code_alt,
    );
    let painter = ui.painter();
    let snap = |v: f32| (v * ppp).round() / ppp;
    let origin = egui::pos2(snap(rect.left()), snap(rect.top()));
    painter.rect_filled(
        egui::Rect::from_min_size(origin, egui::vec2(side, side)),
        0,
        egui::Color32::WHITE,
    );
    let quiet = crate::qr::QUIET_ZONE as f32;
    for y in 0..code.side {
        let row = &code.dark[y * code.side..(y + 1) * code.side];
        let mut x = 0;
        while x < code.side {
            if !row[x] {
                x += 1;
                continue;
            }
            // One rectangle per run of dark modules: fewer shapes, no seams.
            let start = x;
            while x < code.side && row[x] {
                x += 1;
            }
            let min =
                origin + egui::vec2((start as f32 + quiet) * module, (y as f32 + quiet) * module);
            painter.rect_filled(
                egui::Rect::from_min_size(min, egui::vec2((x - start) as f32 * module, module)),
                0,
                egui::Color32::BLACK,
            );
        }
    }
    if more {
        ui.add_space(size::GAP / 2.0);
        let n = c.state.session().code_shown() % codes.len() + 1;
        ui.horizontal(|ui| {
            text_ui(ui, &s.code_of(n, codes.len()), look.body(), p.text);
            if big_button_ui(ui, &look, &s.next_code, Kind::Secondary, 0.0).clicked() {
                c.push(Action::NextCode);
            }
        });
    }
}

fn question_row_ui(ui: &mut Ui, c: &mut Ctx<'_>, n: usize, id: &str, text: &str) {
    let look = c.look;
    let p = look.palette;
    super::widgets::card_frame(&p, 16).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            // The accessible name starts with the visible word and says which question.
            let name = format!("{}: {text}", c.strings.remove);
            let remove = super::widgets::button_named_ui(
                ui,
                &look,
                (&c.strings.remove, &name),
                Kind::Secondary,
                egui::vec2(160.0, size::TOUCH_MIN),
                super::spoken::Role::Button,
            );
            if remove.clicked() {
                c.push(Action::RemoveQuestion(id.to_owned()));
            }
            ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                text_ui(ui, &format!("{n}. {text}"), look.body(), p.text);
            });
        });
    });
}
