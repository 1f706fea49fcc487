//! Drawing: one file per screen. Each reads the state through [`Ctx`] and pushes the
//! [`Action`]s that taps and keys ask for; none changes the state itself.

mod handout;
mod home;
mod idle;
pub mod images;
pub mod language_help;
mod my_questions;
mod reader;
pub mod spoken;
mod staff;
mod top_bar;
mod welcome;
pub mod widgets;

use std::time::Duration;

use crate::i18n::Strings;
use crate::model::{Action, AppState, Notice, Screen};
use images::ImageCache;
use widgets::Look;

/// What every screen gets to draw with.
pub struct Ctx<'a> {
    pub state: &'a AppState,
    pub images: &'a mut ImageCache,
    pub look: Look,
    pub strings: &'static Strings,
    pub now: Duration,
    /// The screen just changed: give its main control keyboard focus.
    pub focus_primary: bool,
    /// "Need more time?" has just appeared: give its main button focus (once, not every
    /// frame, so focus can move to "Start over now").
    pub prompt_appeared: bool,
    /// Read-aloud is speaking now.
    pub speaking: bool,
    pub actions: Vec<Action>,
}

impl Ctx<'_> {
    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// Fill the clinic placeholders in content text.
    pub fn fill(&self, text: &str) -> String {
        self.state
            .settings()
            .placeholders(self.state.session().lang(), &self.strings.no_phone)
            .fill(text)
    }
}

/// Draw the current screen and whatever is open over it.
pub fn draw(ui: &mut egui::Ui, c: &mut Ctx<'_>) {
    let ctx = ui.ctx().clone();
    // The window, as assistive technology names it: the clinic and what the kiosk teaches.
    let lang = c.state.session().lang();
    let name = format!(
        "{}: {}",
        c.state.settings().clinic_name_in(lang),
        c.strings.learn_about
    );
    ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(name));
    let overlay = c.state.session().words_open()
        || c.state.notice().is_some()
        || c.state.idle().prompt_shown();
    // The screen in a group of its own, so that while a dialog or the idle prompt is open
    // assistive technology has only that (the dialog is modal for it too).
    ui.scope(|ui| {
        if overlay {
            ctx.accesskit_node_builder(ui.unique_id(), |node| node.set_hidden());
        }
        match c.state.screen() {
            Screen::Welcome => welcome::ui(ui, c),
            Screen::Home => home::ui(ui, c),
            Screen::Reader { topic, page } => reader::ui(ui, c, topic, page),
            Screen::MyQuestions => my_questions::ui(ui, c),
            Screen::Handout => handout::choose_ui(ui, c),
            Screen::Printing => handout::printing_ui(ui, c),
            Screen::StaffPin => staff::pin_ui(ui, c),
            Screen::StaffMenu => staff::menu_ui(ui, c),
            Screen::LanguageHelp => language_help::ui(ui, c),
            Screen::InterpreterCard(i) => language_help::card_ui(ui, c, i),
        }
    });
    let zone_before = spoken::set_zone(&ctx, spoken::Zone::Overlay);
    if c.state.session().words_open() {
        reader::words_ui(&ctx, c);
    }
    if let Some(notice) = c.state.notice() {
        let text = match notice {
            Notice::SpeechUnavailable => c.strings.speech_unavailable.clone(),
        };
        reader::notice_ui(&ctx, c, &text);
    }
    if c.state.idle().prompt_shown() {
        idle::prompt_ui(&ctx, c);
    }
    spoken::set_zone(&ctx, zone_before);
}
