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
    let state = c.state;
    egui::CentralPanel::no_frame()
        .frame(super::widgets::page_frame(&p))
        .show(ui, |ui| {
            super::widgets::scroll_area("my_questions").show(ui, |ui| {
                centered_column(ui, size::READING_WIDTH * look.scale.sqrt(), |ui| {
                    let picked = state.session().picked();
                    if picked.is_empty() {
                        text_ui(ui, &s.no_questions, look.heading(), p.text);
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
                });
            });
        });
}

fn question_row_ui(ui: &mut Ui, c: &mut Ctx<'_>, n: usize, id: &str, text: &str) {
    let look = c.look;
    let p = look.palette;
    super::widgets::card_frame(&p, 16).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let remove = big_button_ui(ui, &look, &c.strings.remove, Kind::Secondary, 160.0);
            // The accessible name starts with the visible word and says which question.
            let name = format!("{}: {text}", c.strings.remove);
            remove.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
            if remove.clicked() {
                c.push(Action::RemoveQuestion(id.to_owned()));
            }
            ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                text_ui(ui, &format!("{n}. {text}"), look.body(), p.text);
            });
        });
    });
}
