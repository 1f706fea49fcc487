//! Speech mode in the shell: keys and taps become spoken-focus actions over the items the
//! last frame listed (see [`crate::screens::spoken`]), the focused item is outlined and
//! holds egui's keyboard focus, so Enter presses exactly what the patient heard.
//!
//! Keys (an audio keypad sends the same codes): Up/Down and Tab/Shift+Tab move; Enter or
//! Space presses; Left/Right turn pages; the help keys (F1 by default, Help and ?) explain;
//! R repeats; P (or Pause, Play/Pause) pauses and goes on; Escape stops the talking; + and -
//! (or the volume keys) change the volume; ] and [ the speed. With speech mode off, any of
//! these turns it on and does nothing else.

use egui::{Event, Id, Key, LayerId, Modifiers, Order, Sense};

use super::KioskApp;
use crate::i18n::Strings;
use crate::model::{Action, Screen};
use crate::screens::spoken::{self, Item};
use crate::theme::size;

/// A key speech mode acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpeechKey {
    Next,
    Previous,
    Press,
    PageBack,
    PageNext,
    Help,
    Repeat,
    Pause,
    Stop,
    Louder,
    Quieter,
    Faster,
    Slower,
}

fn speech_key(key: Key, modifiers: Modifiers, help: &[Key]) -> Option<SpeechKey> {
    if modifiers.ctrl || modifiers.alt || modifiers.command {
        return None;
    }
    if help.contains(&key) || matches!(key, Key::Help | Key::Questionmark) {
        return Some(SpeechKey::Help);
    }
    Some(match key {
        Key::ArrowDown => SpeechKey::Next,
        Key::ArrowUp => SpeechKey::Previous,
        Key::Tab if modifiers.shift => SpeechKey::Previous,
        Key::Tab => SpeechKey::Next,
        Key::Enter | Key::Space => SpeechKey::Press,
        Key::ArrowLeft => SpeechKey::PageBack,
        Key::ArrowRight => SpeechKey::PageNext,
        Key::R => SpeechKey::Repeat,
        Key::P | Key::Pause | Key::MediaPlayPause => SpeechKey::Pause,
        Key::Escape => SpeechKey::Stop,
        Key::Plus | Key::Equals | Key::AudioVolumeUp => SpeechKey::Louder,
        Key::Minus | Key::AudioVolumeDown => SpeechKey::Quieter,
        Key::CloseBracket => SpeechKey::Faster,
        Key::OpenBracket => SpeechKey::Slower,
        _ => return None,
    })
}

/// What the shell remembers of speech mode between frames.
#[derive(Debug, Default)]
pub(super) struct SpeechView {
    /// The last frame's items, in the order a patient hears them.
    items: Vec<Item>,
    /// Bring the focused item into view on the next frame.
    scroll: bool,
    /// A double tap asked to press the focused item (on the next frame).
    press: bool,
    /// Enter went through to the focused item on this frame number: say it again once
    /// its new state is drawn (ticked, on), unless the press made the kiosk speak.
    pressed: Option<(u64, u64)>,
    /// Something was spoken since the last press.
    pub(super) spoke: bool,
    frame: u64,
}

impl KioskApp {
    fn speech_on(&self) -> bool {
        self.state.session().speech().is_some()
    }

    fn focused_item(&self) -> Option<&Item> {
        let focus = self.state.session().speech()?.focus()?;
        self.view.speech.items.iter().find(|i| i.key() == focus)
    }

    /// Keys speech mode takes before the screens see them (they never reach egui's own
    /// focus moves). With speech mode off, any of its keys turns it on and does nothing
    /// else (Enter does not press "Touch to start"), except on the staff screens, where
    /// staff type on a keyboard.
    pub(super) fn speech_keys(&mut self, ctx: &egui::Context) -> Vec<Action> {
        self.view.speech.frame += 1;
        let on = self.speech_on();
        let help: Vec<Key> = self
            .state
            .settings()
            .speech_help_keys
            .iter()
            .filter_map(|k| Key::from_name(k))
            .collect();
        let focused_pressable = self.focused_item().is_some_and(|i| i.role.pressable());
        // The PIN pad's Enter submits (staff type the PIN on a keyboard).
        let pin_pad = self.state.screen() == Screen::StaffPin;
        let staff = pin_pad || self.state.screen() == Screen::StaffMenu;
        let mut keys = Vec::new();
        ctx.input_mut(|i| {
            i.events.retain(|e| {
                let Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    repeat,
                    ..
                } = e
                else {
                    return true;
                };
                let Some(k) = speech_key(*key, *modifiers, &help) else {
                    return true;
                };
                if !on && staff {
                    return true;
                }
                if *repeat {
                    // A held key acts once: its repeats would race through the screen (or
                    // press again) faster than anyone can listen.
                    return false;
                }
                if !on {
                    keys.push(k);
                    return false;
                }
                if k == SpeechKey::Press && (pin_pad || focused_pressable) {
                    // egui presses the focused control, which is the one the patient heard.
                    keys.push(k);
                    return true;
                }
                keys.push(k);
                false
            });
        });
        if keys.is_empty() && !self.view.speech.press {
            return Vec::new();
        }
        // Speech mode moves the focus itself.
        ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        if !on {
            return vec![Action::SpeechOn];
        }
        let mut out = Vec::new();
        for k in keys {
            out.extend(self.speech_key_action(k, focused_pressable, pin_pad));
        }
        out
    }

    /// A double tap presses the focused item as Enter would, after the other keys.
    pub(super) fn speech_press(&mut self, ctx: &egui::Context) -> Vec<Action> {
        if !std::mem::take(&mut self.view.speech.press) || !self.speech_on() {
            return Vec::new();
        }
        let prompt = self.state.idle().prompt_shown();
        match self.focused_item() {
            Some(item) if item.role.pressable() => {
                let key = item.key();
                self.note_press(key);
                ctx.input_mut(|i| {
                    i.events.push(Event::Key {
                        key: Key::Enter,
                        physical_key: None,
                        pressed: true,
                        repeat: false,
                        modifiers: Modifiers::NONE,
                    });
                });
                Vec::new()
            }
            Some(_) => vec![Action::SpeechRepeat],
            None if prompt => vec![Action::KeepReading],
            None => vec![Action::SpeechRepeat],
        }
    }

    /// The focused item `key` is being pressed this frame: say it again once its new state
    /// is drawn, unless the press makes the kiosk speak.
    fn note_press(&mut self, key: u64) {
        self.view.speech.pressed = Some((key, self.view.speech.frame));
        self.view.speech.spoke = false;
    }

    fn speech_key_action(&mut self, k: SpeechKey, pressable: bool, pin_pad: bool) -> Vec<Action> {
        let s = Strings::get(self.state.session().lang());
        let prompt = self.state.idle().prompt_shown();
        match k {
            SpeechKey::Next | SpeechKey::Previous => {
                self.move_focus(k == SpeechKey::Next).into_iter().collect()
            }
            SpeechKey::Press => {
                if pin_pad && !pressable {
                    Vec::new()
                } else if pressable {
                    let key = self.focused_item().map(Item::key).unwrap_or_default();
                    self.note_press(key);
                    Vec::new()
                } else if prompt && self.focused_item().is_none() {
                    vec![Action::KeepReading]
                } else if self.focused_item().is_some() {
                    vec![Action::SpeechRepeat]
                } else {
                    vec![Action::SpeechSay(s.speech.nothing_focused.clone())]
                }
            }
            SpeechKey::PageBack | SpeechKey::PageNext if prompt => vec![Action::SpeechRepeat],
            SpeechKey::PageBack => match self.state.screen() {
                Screen::Reader { .. } => vec![Action::PrevPage],
                Screen::MyQuestions | Screen::Handout | Screen::Printing => vec![Action::Back],
                _ => vec![Action::SpeechSay(s.speech.no_page.clone())],
            },
            SpeechKey::PageNext => match self.state.screen() {
                Screen::Reader { .. } => vec![Action::NextPage],
                _ => vec![Action::SpeechSay(s.speech.no_page.clone())],
            },
            SpeechKey::Help => vec![Action::SpeechHelp],
            SpeechKey::Repeat => vec![Action::SpeechRepeat],
            SpeechKey::Pause => vec![Action::SpeechPause],
            SpeechKey::Stop => {
                let mut out = vec![Action::StopReading];
                if prompt {
                    out.push(Action::KeepReading);
                }
                out
            }
            SpeechKey::Louder => vec![Action::SpeechVolume(true)],
            SpeechKey::Quieter => vec![Action::SpeechVolume(false)],
            SpeechKey::Faster => vec![Action::SpeechRate(true)],
            SpeechKey::Slower => vec![Action::SpeechRate(false)],
        }
    }

    /// Focus the next (or previous) item, wrapping round: "Top of the screen" when Down
    /// goes from the last item to the first.
    fn move_focus(&mut self, down: bool) -> Option<Action> {
        let items = &self.view.speech.items;
        let s = Strings::get(self.state.session().lang());
        if items.is_empty() {
            return Some(Action::SpeechRepeat);
        }
        let last = items.len() - 1;
        let current = self
            .state
            .session()
            .speech()
            .and_then(|sp| sp.focus())
            .and_then(|k| items.iter().position(|i| i.key() == k));
        let (index, wrapped) = match (down, current) {
            (true, None) => (0, false),
            (true, Some(i)) if i < last => (i + 1, false),
            (true, Some(_)) => (0, true),
            (false, Some(i)) if i > 0 => (i - 1, false),
            (false, _) => (last, false),
        };
        let item = items.get(index)?;
        let mut text = item.describe(s);
        if wrapped {
            text = format!("{} {text}", s.speech.top);
        }
        self.view.speech.scroll = true;
        Some(Action::SpeechFocus {
            key: item.key(),
            text,
        })
    }

    /// Start listing the frame's items (only in speech mode).
    /// Start listing the frame's items, and take this frame's taps (only in speech mode).
    /// The tap layer goes up before the screens draw, so a frame that only scrolls (a mouse
    /// wheel) can let it through to the page beneath. Returns actions for the next frame.
    pub(super) fn speech_begin(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let focus = self.state.session().speech().and_then(|sp| sp.focus());
        let scroll = std::mem::take(&mut self.view.speech.scroll);
        spoken::begin(ctx, self.speech_on(), focus, scroll);
        if !self.speech_on() {
            return Vec::new();
        }
        let s = Strings::get(self.state.session().lang());
        self.touch_exploration(ctx, s)
    }

    /// After drawing: keep the items, outline the focus and give it egui's
    /// keyboard focus. Returns actions for the next frame.
    pub(super) fn speech_end(&mut self, ctx: &egui::Context) -> Vec<Action> {
        self.view.speech.items = spoken::finish(ctx);
        if !self.speech_on() {
            self.view.speech.pressed = None;
            return Vec::new();
        }
        let mut out = Vec::new();
        let s = Strings::get(self.state.session().lang());
        // A pressed item that changed (ticked, on) is said again.
        if let Some((key, frame)) = self.view.speech.pressed
            && frame < self.view.speech.frame
        {
            self.view.speech.pressed = None;
            if !self.view.speech.spoke
                && let Some(item) = self.view.speech.items.iter().find(|i| i.key() == key)
            {
                out.push(Action::SpeechFocus {
                    key,
                    text: item.describe(s),
                });
            }
        }
        if let Some(item) = self.focused_item() {
            let (id, rect, pressable) = (item.id, item.rect, item.role.pressable());
            let painter =
                ctx.layer_painter(LayerId::new(Order::Tooltip, Id::unique("speech_outline")));
            painter.rect_stroke(
                rect.expand(6.0),
                egui::CornerRadius::same(size::RADIUS),
                egui::Stroke::new(size::FOCUS_STROKE, self.palette().focus),
                egui::StrokeKind::Outside,
            );
            let egui_focus = ctx.memory(|m| m.focused());
            if pressable {
                if egui_focus != Some(id) {
                    ctx.memory_mut(|m| m.request_focus(id));
                }
            } else if let Some(other) = egui_focus {
                ctx.memory_mut(|m| m.surrender_focus(other));
            }
        }
        out
    }

    /// While speech mode is on, a tap says what is under the finger and moves the focus
    /// there; a double tap presses the focused item. Nothing beneath gets the tap.
    fn touch_exploration(&mut self, ctx: &egui::Context, s: &Strings) -> Vec<Action> {
        let screen = ctx.content_rect();
        // The wheel scrolls the page as ever: the layer only takes presses and taps.
        let wheel = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, Event::MouseWheel { .. }))
        });
        let touch = egui::Area::new(Id::unique("speech_touch"))
            .order(Order::Tooltip)
            .interactable(!wheel)
            .fixed_pos(screen.min)
            .show(ctx, |ui| ui.allocate_rect(screen, Sense::CLICK))
            .inner;
        if touch.double_clicked() {
            self.view.speech.press = true;
            ctx.request_repaint();
            return Vec::new();
        }
        if !touch.clicked() {
            return Vec::new();
        }
        let Some(pos) = touch.interact_pointer_pos() else {
            return Vec::new();
        };
        // The smallest item under the finger (a button in a card, not the card).
        let hit = self
            .view
            .speech
            .items
            .iter()
            .filter(|i| i.rect.contains(pos))
            .min_by(|a, b| a.rect.area().total_cmp(&b.rect.area()));
        match hit {
            Some(item) => vec![Action::SpeechFocus {
                key: item.key(),
                text: item.describe(s),
            }],
            None => Vec::new(),
        }
    }
}
