//! Keys and pointer events that the state needs to hear about before the screen is drawn.

use egui::{Event, Key, Modifiers};

use crate::model::{Action, AppState, Screen};

/// Whether any touch, pointer or key arrived this frame (it keeps the idle timer back).
pub(crate) fn had_input(ctx: &egui::Context) -> bool {
    ctx.input(|i| {
        i.events.iter().any(|e| {
            matches!(
                e,
                Event::PointerMoved(_)
                    | Event::PointerButton { .. }
                    | Event::Touch { .. }
                    | Event::Key { .. }
                    | Event::Text(_)
                    | Event::MouseWheel { .. }
            )
        })
    })
}

/// Keys show focus rings; a touch or click hides them again.
pub(crate) fn keyboard_mode(ctx: &egui::Context, mut keyboard: bool) -> bool {
    ctx.input(|i| {
        for e in &i.events {
            match e {
                Event::Key { .. } => keyboard = true,
                Event::PointerButton { .. } | Event::Touch { .. } => keyboard = false,
                _ => {}
            }
        }
    });
    keyboard
}

/// The keyboard shortcuts: the staff chord, Escape, and typing on the PIN pad.
pub(crate) fn keyboard_actions(ctx: &egui::Context, state: &AppState) -> Vec<Action> {
    let mut out = Vec::new();
    let staff_chord = Modifiers::CTRL | Modifiers::ALT;
    if ctx.input_mut(|i| i.consume_key(staff_chord, Key::S)) {
        out.push(Action::OpenStaffPin);
    }
    if ctx.input(|i| i.key_pressed(Key::Escape)) {
        out.push(if state.idle().prompt_shown() {
            Action::KeepReading
        } else if state.notice().is_some() {
            Action::CloseNotice
        } else if state.session().words_open() {
            Action::CloseWords
        } else {
            Action::Back
        });
    }
    if state.screen() == Screen::StaffPin && !state.idle().prompt_shown() {
        ctx.input(|i| {
            for e in &i.events {
                if let Event::Text(t) = e {
                    out.extend(t.chars().filter(char::is_ascii_digit).map(Action::PinDigit));
                }
            }
        });
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Backspace)) {
            out.push(Action::PinBackspace);
        }
        // Enter submits the PIN. Taken here, before drawing, so it never also presses the
        // focused key of the pad.
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
            out.push(Action::PinSubmit);
        }
    }
    out
}
