//! The bar across the top of the patient screens: where you are, and the controls every
//! screen offers (my questions, text size, contrast, language, finish).

use egui::{Align, Layout, Ui};

use super::Ctx;
use super::widgets::{Kind, tool_ui};
use crate::model::{Action, Screen};
use crate::theme::size;

/// Draw the top bar with `title` on the left.
pub fn ui(ui: &mut Ui, c: &mut Ctx<'_>, title: &str) {
    let look = c.look;
    let p = look.palette;
    let frame = egui::Frame::new()
        .fill(p.surface)
        .inner_margin(egui::Margin::symmetric(size::MARGIN as i8, 12))
        .stroke(egui::Stroke::new(1.0, p.border));
    let zone_before = super::spoken::set_zone(ui.ctx(), super::spoken::Zone::Top);
    egui::Panel::top("top_bar").frame(frame).show(ui, |ui| {
        let s = c.strings;
        let n = c.state.session().picked().len();
        let mut controls: Vec<(String, Kind, Action)> = Vec::new();
        if c.state.screen() != Screen::MyQuestions {
            controls.push((s.my_questions_count(n), Kind::Tool, Action::OpenMyQuestions));
        }
        controls.push((
            s.text_size_label(c.state.session().text_size()).to_owned(),
            Kind::Tool,
            Action::CycleTextSize,
        ));
        controls.push((s.contrast.clone(), Kind::Tool, Action::ToggleContrast));
        controls.push((s.audio.clone(), Kind::Tool, Action::ToggleSpeech));
        for lang in c.state.languages() {
            if lang != c.state.session().lang() {
                let name = crate::i18n::Strings::get(&lang).language_name.clone();
                controls.push((name, Kind::Tool, Action::SetLanguage(lang)));
            }
        }
        controls.push((s.finish.clone(), Kind::ToolPrimary, Action::Finish));

        // Measure the controls to choose one row or two.
        let gap = ui.spacing().item_spacing.x;
        let controls_width: f32 = controls
            .iter()
            .map(|(t, _, _)| {
                ui.painter()
                    .layout_no_wrap(t.clone(), look.tool(), p.text)
                    .size()
                    .x
                    + 2.0 * look.button_padding(Kind::Tool).x
                    + gap
            })
            .sum::<f32>();
        let entry_width = super::language_help::entry_width(ui, c, false);
        let title_width = ui
            .painter()
            .layout_no_wrap(title.to_owned(), look.lead(), p.text)
            .size()
            .x;
        let one_row = controls_width + title_width.min(480.0) + gap < ui.available_width();
        // Language help's symbol joins the controls, unless it alone would push them onto a
        // second row (the welcome screen always has it).
        let with_entry = !one_row
            || controls_width + entry_width + title_width.min(480.0) + gap < ui.available_width();
        let draw_controls = |ui: &mut Ui, c: &mut Ctx<'_>, reversed: bool| {
            let mut order: Vec<&(String, Kind, Action)> = controls.iter().collect();
            if reversed {
                order.reverse();
            }
            for (i, (text, kind, action)) in order.iter().enumerate() {
                // Language help sits just before Finish, wherever the row starts.
                let finish = matches!(action, Action::Finish);
                if finish && !reversed && with_entry {
                    super::language_help::entry_ui(ui, c, false);
                }
                let on = super::widgets::toggle_state(c.state, action);
                if tool_ui(ui, &look, text, on, *kind).clicked() {
                    c.push(action.clone());
                }
                if finish && reversed && i == 0 && with_entry {
                    super::language_help::entry_ui(ui, c, false);
                }
            }
        };
        if one_row {
            ui.horizontal(|ui| {
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    draw_controls(ui, c, true);
                    ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                        super::widgets::heading_ui(ui, title, look.lead(), p.text, 1);
                    });
                });
            });
        } else {
            super::widgets::heading_ui(ui, title, look.lead(), p.text, 1);
            ui.horizontal_wrapped(|ui| draw_controls(ui, c, false));
        }
    });
    super::spoken::set_zone(ui.ctx(), zone_before);
}
