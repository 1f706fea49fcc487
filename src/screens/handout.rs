//! "Print my handout...": the patient ticks topics, sees an outline of what will be on
//! paper, and prints. The PDF is made and printed off the UI thread (see `KioskApp`); this
//! screen only shows progress and the outcome.

use egui::{Align, Layout, Ui};

use super::Ctx;
use super::widgets::{Kind, big_button_ui, centered_column, text_ui, toggle_row_ui};
use crate::model::{Action, PrintStatus};
use crate::theme::size;

fn bottom_bar(ui: &mut Ui, c: &mut Ctx<'_>, primary: Option<(&str, Action)>, back: bool) {
    let look = c.look;
    let p = look.palette;
    let frame = super::widgets::bar_frame(&p);
    let zone_before = super::spoken::set_zone(ui.ctx(), super::spoken::Zone::Bottom);
    egui::Panel::bottom("handout_bar")
        .frame(frame)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if back
                    && big_button_ui(ui, &look, &c.strings.back, Kind::Secondary, 160.0).clicked()
                {
                    c.push(Action::Back);
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if let Some((label, action)) = primary {
                        let lead = matches!(action, Action::PrintHandout);
                        let zone = if lead {
                            super::spoken::Zone::Lead
                        } else {
                            super::spoken::Zone::Bottom
                        };
                        let before = super::spoken::set_zone(ui.ctx(), zone);
                        let r = big_button_ui(ui, &look, label, Kind::Primary, 240.0);
                        super::spoken::set_zone(ui.ctx(), before);
                        if c.focus_primary {
                            r.request_focus();
                        }
                        if r.clicked() {
                            c.push(action);
                        }
                    }
                });
            });
        });
    super::spoken::set_zone(ui.ctx(), zone_before);
}

/// Choose topics and see the outline.
pub fn choose_ui(ui: &mut Ui, c: &mut Ctx<'_>) {
    let s = c.strings;
    super::top_bar::ui(ui, c, &s.handout_title);
    let can_print = !c.state.session().handout_topics().is_empty();
    bottom_bar(
        ui,
        c,
        can_print.then_some((s.print.as_str(), Action::PrintHandout)),
        true,
    );
    let look = c.look;
    let p = look.palette;
    let state = c.state;
    egui::CentralPanel::no_frame()
        .frame(super::widgets::page_frame(&c.look))
        .show(ui, |ui| {
            super::widgets::scroll_area("handout_choose").show(ui, |ui| {
                centered_column(ui, size::READING_WIDTH * look.scale.sqrt(), |ui| {
                    text_ui(ui, &s.handout_choose, look.body(), p.text);
                    ui.add_space(size::GAP);
                    for topic in &state.content().topics {
                        let on = state.session().handout_topics().contains(&topic.id);
                        if toggle_row_ui(ui, &look, &c.fill(&topic.title), on).clicked() {
                            c.push(Action::ToggleHandoutTopic(topic.id.clone()));
                        }
                    }
                    ui.add_space(size::GAP);
                    outline_ui(ui, c);
                });
            });
        });
}

/// A faithful outline of the handout: each chosen topic with its page headings, then the
/// questions, in the order they will print.
fn outline_ui(ui: &mut Ui, c: &Ctx<'_>) {
    let look = c.look;
    let p = look.palette;
    let s = c.strings;
    let state = c.state;
    super::widgets::card_frame(&p, 24).show(ui, |ui| {
        ui.set_width(ui.available_width());
        super::widgets::heading_ui(ui, &s.handout_outline, look.heading(), p.text, 2);
        text_ui(
            ui,
            state.settings().clinic_name_in(state.session().lang()),
            look.body(),
            p.text_muted,
        );
        text_ui(ui, &s.handout_note, look.body(), p.text_muted);
        for id in state.session().handout_topics() {
            let Some(topic) = state.content().topic(id) else {
                continue;
            };
            ui.add_space(size::GAP / 2.0);
            text_ui(ui, &c.fill(&topic.title), look.button(), p.text);
            for page in &topic.pages {
                text_ui(
                    ui,
                    &format!("  {}", c.fill(&page.heading)),
                    look.small(),
                    p.text,
                );
            }
        }
        ui.add_space(size::GAP / 2.0);
        let picked = state.session().picked();
        text_ui(
            ui,
            &s.handout_questions(picked.len()),
            look.button(),
            p.text,
        );
        for id in picked {
            if let Some(q) = state.content().question(id) {
                text_ui(ui, &format!("  {}", c.fill(&q.text)), look.small(), p.text);
            }
        }
    });
}

/// Progress, then the outcome.
pub fn printing_ui(ui: &mut Ui, c: &mut Ctx<'_>) {
    let s = c.strings;
    let status = c.state.session().print();
    let busy = status == PrintStatus::Working;
    bottom_bar(
        ui,
        c,
        (!busy).then_some((s.done.as_str(), Action::PrintDone)),
        false,
    );
    let look = c.look;
    let p = look.palette;
    egui::CentralPanel::no_frame()
        .frame(super::widgets::page_frame(&c.look))
        .show(ui, |ui| {
            let bottom = ui.max_rect().bottom();
            // With questions picked, the page also offers them for the phone (most of all
            // when the printer failed).
            let codes = if busy {
                Vec::new()
            } else {
                c.state.phone_codes()
            };
            centered_column(ui, size::READING_WIDTH, |ui| {
                let top_space = if codes.is_empty() { 0.2 } else { 0.04 };
                ui.add_space(ui.available_height() * top_space);
                ui.vertical_centered(|ui| {
                    let message = match status {
                        PrintStatus::Printed => &s.printed,
                        PrintStatus::Failed => &s.print_failed,
                        _ => &s.printing,
                    };
                    if busy {
                        ui.add(egui::Spinner::new().size(96.0).color(p.primary));
                        ui.add_space(size::GAP);
                    }
                    super::widgets::live_text_ui(ui, message, look.title(), p.text);
                });
                if !codes.is_empty() {
                    ui.add_space(size::GAP);
                    super::my_questions::phone_code_ui(ui, c, &codes, bottom);
                }
            });
        });
}
