//! Speech mode's view of a screen. While speech mode is on, every widget the screens draw
//! (text, pictures, buttons, tick boxes) is listed here with what it is and where, so the
//! keys and taps of a patient who cannot see move through exactly what a sighted patient
//! sees. The list lives for one frame in egui's memory; the app shell reads it after
//! drawing. With speech mode off, nothing is listed.

use egui::{Id, Rect, Response, Ui};

use crate::i18n::Strings;

/// Where on the screen an item is: the order a patient hears them in. What is open over
/// the screen (the idle prompt, a dialog) is all there is while it is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Zone {
    /// A dialog or prompt over the screen.
    Overlay,
    /// A control heard before the page it closes, wherever it is drawn: Print on the
    /// handout screen is one Down away, not after every topic and the whole outline.
    Lead,
    /// The page itself: heard first.
    #[default]
    Body,
    /// The bar of Back, Home and Next.
    Bottom,
    /// The top bar: where you are, My questions, text size, language, Finish.
    Top,
}

/// What kind of thing an item is, as speech mode says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Text,
    Picture,
    Button,
    /// A button that is on or off (high contrast, Audio).
    Toggle(bool),
    /// An answer that is picked or not.
    Choice(bool),
    CheckBox(bool),
    /// A numbered step: its number.
    Step(usize),
    /// A key of the staff PIN pad: never says its digit.
    PinKey,
}

impl Role {
    /// Whether Enter (or a double tap) presses it.
    pub fn pressable(self) -> bool {
        !matches!(self, Role::Text | Role::Picture | Role::Step(_))
    }
}

/// One thing on the screen.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: Id,
    pub rect: Rect,
    pub text: String,
    pub role: Role,
    pub zone: Zone,
}

impl Item {
    /// The key the state keeps for the focus.
    pub fn key(&self) -> u64 {
        self.id.value()
    }

    /// What speech mode says for it: "Aftercare, button", "Tick ..., check box, ticked".
    pub fn describe(&self, s: &Strings) -> String {
        let sp = &s.speech;
        let text = self.text.trim();
        match self.role {
            Role::Text => text.to_owned(),
            Role::Picture => format!("{}: {text}", sp.picture),
            Role::Button => format!("{text}, {}", sp.button),
            Role::Toggle(on) => {
                let state = if on { &sp.on_state } else { &sp.off_state };
                format!("{text}, {}, {state}", sp.button)
            }
            Role::Choice(on) => {
                if on {
                    format!("{text}, {}, {}", sp.button, sp.selected)
                } else {
                    format!("{text}, {}", sp.button)
                }
            }
            Role::CheckBox(on) => {
                let state = if on { &sp.ticked } else { &sp.not_ticked };
                format!("{text}, {}, {state}", sp.check_box)
            }
            Role::Step(n) => format!("{}: {text}", s.speech_step(n)),
            Role::PinKey => format!("{}, {}", sp.pin_key, sp.button),
        }
    }
}

/// The frame's list, kept in egui's memory while the screens draw.
#[derive(Debug, Clone, Default)]
struct Spoken {
    on: bool,
    focus: Option<u64>,
    /// Bring the focused item into view this frame (the focus just moved).
    scroll: bool,
    zone: Zone,
    items: Vec<Item>,
}

fn id() -> Id {
    Id::unique("speech_mode_items")
}

fn with<R>(ctx: &egui::Context, f: impl FnOnce(&mut Spoken) -> R) -> R {
    ctx.data_mut(|d| f(d.get_temp_mut_or_default::<Spoken>(id())))
}

/// Start a frame's list: `on` when speech mode is on, with the focus to bring into view.
pub fn begin(ctx: &egui::Context, on: bool, focus: Option<u64>, scroll: bool) {
    with(ctx, |s| {
        *s = Spoken {
            on,
            focus,
            scroll,
            ..Spoken::default()
        }
    });
}

/// The frame's items in the order a patient hears them: only the overlay's while one is
/// open, else the page, then the bottom bar, then the top bar.
pub fn finish(ctx: &egui::Context) -> Vec<Item> {
    let mut items = with(ctx, |s| std::mem::take(&mut s.items));
    if items.iter().any(|i| i.zone == Zone::Overlay) {
        items.retain(|i| i.zone == Zone::Overlay);
    }
    // The page in the order it was drawn (its reading order); a bar left to right, row by
    // row (its controls are drawn from both ends).
    items.sort_by(|a, b| {
        a.zone.cmp(&b.zone).then_with(|| {
            if matches!(a.zone, Zone::Top | Zone::Bottom) {
                let row = |i: &Item| (i.rect.center().y / 40.0).floor();
                row(a)
                    .total_cmp(&row(b))
                    .then(a.rect.left().total_cmp(&b.rect.left()))
            } else {
                std::cmp::Ordering::Equal
            }
        })
    });
    items
}

/// What is drawn from now on is part of `zone`; returns the zone before, to set back.
pub fn set_zone(ctx: &egui::Context, zone: Zone) -> Zone {
    with(ctx, |s| std::mem::replace(&mut s.zone, zone))
}

/// List the widget `response` drew, saying `text` as a `role`.
pub fn item(ui: &Ui, response: &Response, role: Role, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let scroll = with(ui.ctx(), |s| {
        if !s.on {
            return false;
        }
        s.items.push(Item {
            id: response.id,
            // What shows of it: a page scrolled under the top bar is not tapped there.
            rect: response.rect.intersect(ui.clip_rect()),
            text: text.to_owned(),
            role,
            zone: s.zone,
        });
        let here = s.focus == Some(response.id.value()) && s.scroll;
        if here {
            s.scroll = false;
        }
        here
    });
    if scroll {
        response.scroll_to_me(Some(egui::Align::Center));
    }
}
