//! Big, touch-friendly building blocks shared by the screens. Every one is at least
//! [`size::TOUCH_MIN`] on each side, shows a clear focus ring for keypad users, and carries
//! an accessible label.

use egui::{
    Align2, Color32, CornerRadius, FontId, Rect, Response, Role, Sense, Stroke, StrokeKind, Ui,
    Vec2, WidgetInfo, pos2, vec2,
};

use super::spoken::Role as Role_;
use crate::theme::{self, Palette, size};

/// How prominent a button is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Primary,
    Secondary,
    /// Smaller type for the top bar's controls (still full touch size).
    Tool,
    ToolPrimary,
}

impl Kind {
    fn is_tool(self) -> bool {
        matches!(self, Kind::Tool | Kind::ToolPrimary)
    }
}

/// Per-frame drawing context: palette and text scale.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub palette: Palette,
    pub scale: f32,
    /// Draw focus rings (the patient is using keys, not touch).
    pub show_focus: bool,
    /// The window was cleared to this page background for this frame: pages leave it
    /// unpainted.
    pub page_cleared: bool,
}

impl Look {
    pub fn body(&self) -> FontId {
        theme::body(self.scale)
    }
    pub fn heading(&self) -> FontId {
        theme::heading(self.scale)
    }
    pub fn title(&self) -> FontId {
        theme::title(self.scale)
    }
    pub fn button(&self) -> FontId {
        theme::button(self.scale)
    }
    pub fn lead(&self) -> FontId {
        theme::lead(self.scale)
    }
    pub fn small(&self) -> FontId {
        theme::small(self.scale)
    }
    pub fn tool(&self) -> FontId {
        theme::tool(self.scale)
    }
    /// Inner padding of a button of this kind.
    pub fn button_padding(&self, kind: Kind) -> Vec2 {
        let base = if kind.is_tool() {
            vec2(12.0, 10.0)
        } else {
            vec2(28.0, 14.0)
        };
        base * self.scale.sqrt()
    }
    pub fn button_font(&self, kind: Kind) -> FontId {
        if kind.is_tool() {
            self.tool()
        } else {
            self.button()
        }
    }
}

/// Draw the focus ring around a focused control.
pub fn focus_ring(ui: &Ui, response: &Response, look: &Look) {
    // A control reached by keys may be below the fold: bring it into view.
    if response.gained_focus() {
        response.scroll_to_me(None);
    }
    if look.show_focus && response.has_focus() {
        ui.painter().rect_stroke(
            response.rect.expand(6.0),
            CornerRadius::same(size::RADIUS + 4),
            Stroke::new(size::FOCUS_STROKE, look.palette.focus),
            StrokeKind::Outside,
        );
    }
}

/// A large button with a text label. `min_width` 0 means "as wide as the text needs".
pub fn big_button_ui(ui: &mut Ui, look: &Look, text: &str, kind: Kind, min_width: f32) -> Response {
    big_button_sized_ui(ui, look, text, kind, vec2(min_width, size::TOUCH_MIN))
}

/// A large button at least `min_size` big (width capped to the space available).
pub fn big_button_sized_ui(
    ui: &mut Ui,
    look: &Look,
    text: &str,
    kind: Kind,
    min_size: Vec2,
) -> Response {
    button_as_ui(ui, look, text, kind, min_size, Role_::Button)
}

/// A large button that speech mode says as `role` (a toggle, a picked answer, a PIN key).
pub fn button_as_ui(
    ui: &mut Ui,
    look: &Look,
    text: &str,
    kind: Kind,
    min_size: Vec2,
    role: Role_,
) -> Response {
    button_named_ui(ui, look, (text, text), kind, min_size, role)
}

/// A large button showing `label` and named `name` (for speech and assistive technology:
/// "Remove: Does it hurt?" where the button only shows "Remove").
pub fn button_named_ui(
    ui: &mut Ui,
    look: &Look,
    (label, name): (&str, &str),
    kind: Kind,
    min_size: Vec2,
    role: Role_,
) -> Response {
    let text = label;
    let (fill, fg) = match kind {
        Kind::Primary | Kind::ToolPrimary => (look.palette.primary, look.palette.on_primary),
        Kind::Secondary | Kind::Tool => (look.palette.secondary, look.palette.on_secondary),
    };
    let pad = look.button_padding(kind);
    let wrap = (ui.available_width() - 2.0 * pad.x).max(80.0);
    let galley = ui
        .painter()
        .layout(text.to_owned(), look.button_font(kind), fg, wrap);
    let height = (galley.size().y + 2.0 * pad.y).max(min_size.y.max(size::TOUCH_MIN));
    let width = (galley.size().x + 2.0 * pad.x)
        .max(min_size.x.min(ui.available_width()))
        .max(size::TOUCH_MIN);
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
    if ui.is_rect_visible(rect) {
        let stroke = match kind {
            Kind::Primary | Kind::ToolPrimary => Stroke::NONE,
            Kind::Secondary | Kind::Tool => Stroke::new(2.0, look.palette.border),
        };
        button_plate(ui, &response, rect, fill, stroke);
        let pos = rect.center() - galley.size() / 2.0;
        ui.painter().galley(pos, galley, fg);
    }
    focus_ring(ui, &response, look);
    match role {
        Role_::Toggle(on) | Role_::Choice(on) => {
            response.widget_info(|| WidgetInfo::selected(Role::Button, true, on, name));
        }
        _ => response.widget_info(|| WidgetInfo::labeled(Role::Button, true, name)),
    }
    super::spoken::item(ui, &response, role, name);
    response
}

/// A button's rounded plate, drawn a little smaller while it is held down (the finger
/// sees it press).
pub fn button_plate(ui: &Ui, response: &Response, rect: Rect, fill: Color32, stroke: Stroke) {
    let draw = if response.is_pointer_button_down_on() {
        rect.shrink(2.0)
    } else {
        rect
    };
    ui.painter().rect(
        draw,
        CornerRadius::same(size::RADIUS),
        fill,
        stroke,
        StrokeKind::Inside,
    );
}

/// A top-bar control, drawn filled while its setting is on (high contrast), and telling
/// assistive technology whether it is on.
pub fn tool_ui(ui: &mut Ui, look: &Look, text: &str, on: Option<bool>, kind: Kind) -> Response {
    let kind = if on == Some(true) {
        Kind::ToolPrimary
    } else {
        kind
    };
    let role = on.map_or(Role_::Button, Role_::Toggle);
    button_as_ui(ui, look, text, kind, vec2(0.0, size::TOUCH_MIN), role)
}

/// Whether a control that does `action` is on now (high contrast, Audio), or `None` for a
/// control that is not a toggle.
pub fn toggle_state(state: &crate::model::AppState, action: &crate::model::Action) -> Option<bool> {
    use crate::model::Action;
    match action {
        Action::ToggleContrast => Some(state.session().high_contrast()),
        Action::ToggleSpeech => Some(state.session().speech().is_some()),
        _ => None,
    }
}

/// A full-width toggle with a big tick box: used for picking questions.
pub fn toggle_row_ui(ui: &mut Ui, look: &Look, text: &str, on: bool) -> Response {
    let p = look.palette;
    let box_side = 52.0 * look.scale.sqrt();
    let pad = vec2(24.0, 18.0);
    let width = ui.available_width();
    let wrap = (width - box_side - 3.0 * pad.x).max(100.0);
    let fg = if on { p.on_picked } else { p.text };
    let galley = ui.painter().layout(text.to_owned(), look.body(), fg, wrap);
    let height = (galley.size().y + 2.0 * pad.y).max(size::TOUCH_MIN.max(box_side + 2.0 * pad.y));
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
    if ui.is_rect_visible(rect) {
        let (fill, stroke) = if on {
            (p.picked, Stroke::new(3.0, p.picked))
        } else {
            (p.surface, Stroke::new(3.0, p.border))
        };
        ui.painter().rect(
            rect,
            CornerRadius::same(size::RADIUS),
            fill,
            stroke,
            StrokeKind::Inside,
        );
        let box_rect = Rect::from_min_size(
            pos2(rect.left() + pad.x, rect.center().y - box_side / 2.0),
            Vec2::splat(box_side),
        );
        let box_fill = if on { p.on_picked } else { p.surface };
        let box_stroke = if on { p.on_picked } else { p.text };
        ui.painter().rect(
            box_rect,
            CornerRadius::same(8),
            box_fill,
            Stroke::new(4.0, box_stroke),
            StrokeKind::Inside,
        );
        if on {
            let s = box_side;
            let o = box_rect.min;
            ui.painter().line(
                vec![
                    pos2(o.x + s * 0.2, o.y + s * 0.52),
                    pos2(o.x + s * 0.42, o.y + s * 0.74),
                    pos2(o.x + s * 0.8, o.y + s * 0.28),
                ],
                Stroke::new(7.0, p.picked),
            );
        }
        let text_pos = pos2(
            box_rect.right() + pad.x,
            rect.center().y - galley.size().y / 2.0,
        );
        ui.painter().galley(text_pos, galley, fg);
    }
    focus_ring(ui, &response, look);
    response.widget_info(|| WidgetInfo::selected(Role::CheckBox, true, on, text));
    super::spoken::item(ui, &response, Role_::CheckBox(on), text);
    response
}

/// Wrapped text in the given font and colour, as wide as the space allows.
pub fn text_ui(ui: &mut Ui, text: &str, font: FontId, color: Color32) -> Response {
    text_as_ui(ui, text, font, color, Role_::Text)
}

/// Wrapped text that speech mode says differently: `said` ("Important: Call 911 right
/// away if", where the box's colour shows what kind it is).
pub fn text_said_ui(ui: &mut Ui, text: &str, said: &str, font: FontId, color: Color32) -> Response {
    let response = label_ui(ui, text, font, color);
    super::spoken::item(ui, &response, Role_::Text, said);
    response
}

/// Wrapped, unselectable text (what every text widget here draws).
fn label_ui(ui: &mut Ui, text: &str, font: FontId, color: Color32) -> Response {
    ui.add(
        egui::Label::new(egui::RichText::new(text).font(font).color(color))
            .wrap()
            .selectable(false),
    )
}

/// Wrapped text that speech mode says as `role` (a numbered step).
pub fn text_as_ui(ui: &mut Ui, text: &str, font: FontId, color: Color32, role: Role_) -> Response {
    let response = label_ui(ui, text, font, color);
    super::spoken::item(ui, &response, role, text);
    response
}

/// A heading at `level` (1 for a screen's title): assistive technology lists it among
/// the screen's headings, so a screen-reader user can jump from one to the next.
pub fn heading_ui(ui: &mut Ui, text: &str, font: FontId, color: Color32, level: usize) -> Response {
    let response = text_ui(ui, text, font, color);
    mark_heading(ui, &response, text, level);
    response
}

/// Tell assistive technology that the text `response` drew is a heading at `level`.
pub fn mark_heading(ui: &Ui, response: &Response, text: &str, level: usize) {
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(Role::Heading);
        node.set_level(level);
        // A label's words are its value; a heading's are its name.
        node.set_label(text);
    });
}

/// Text that changes while the patient is on the screen (a quiz's verdict, the idle
/// countdown, how printing went): assistive technology says it when it appears or changes.
pub fn live_text_ui(ui: &mut Ui, text: &str, font: FontId, color: Color32) -> Response {
    let response = text_ui(ui, text, font, color);
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_live(egui::accesskit::Live::Polite);
    });
    response
}

/// Mark the [`Ui`] being drawn as a `role` group (a list, a list item) for assistive
/// technology; its widgets are the group's children.
pub fn group_role(ui: &Ui, role: Role) {
    ui.ctx()
        .accesskit_node_builder(ui.unique_id(), |node| node.set_role(role));
}

/// Name the modal dialog `ui` is drawing in, and tell assistive technology it is modal.
/// Call it from inside the dialog.
pub fn name_dialog(ui: &Ui, name: &str) {
    let dialog = ui
        .stack()
        .iter()
        .find(|s| s.kind() == Some(egui::UiKind::Modal))
        .map(|s| s.unique_id);
    if let Some(id) = dialog {
        ui.ctx().accesskit_node_builder(id, |node| {
            node.set_role(Role::Dialog);
            node.set_label(name);
            node.set_modal();
        });
    }
}

/// A painted number in a filled circle (for numbered steps).
pub fn number_badge_ui(ui: &mut Ui, look: &Look, n: usize) -> Rect {
    let d = 60.0 * look.scale.sqrt();
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(d), Sense::hover());
    response.widget_info(|| WidgetInfo::labeled(Role::Label, true, n.to_string()));
    ui.painter()
        .circle_filled(rect.center(), d / 2.0, look.palette.primary);
    ui.painter().text(
        rect.center(),
        Align2::CENTER_CENTER,
        n.to_string(),
        look.button(),
        look.palette.on_primary,
    );
    rect
}

/// Lay out `add` in a centred column no wider than `max_width`.
pub fn centered_column<R>(ui: &mut Ui, max_width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    let width = ui.available_width().min(max_width);
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui)
        })
        .inner
    })
    .inner
}

/// Two columns side by side, centred, with a wide gap: the left takes `left_share` of the
/// width (at most `left_max`), the right the rest (at most `right_max`). The row is only as
/// tall as its columns, and `state` is lent to each side in turn.
pub fn two_columns<T>(
    ui: &mut Ui,
    state: &mut T,
    (left_share, left_max, right_max): (f32, f32, f32),
    left: impl FnOnce(&mut Ui, &mut T),
    right: impl FnOnce(&mut Ui, &mut T),
) {
    let gap = size::GAP * 2.0;
    // The row puts item spacing between its four parts (margin, left, gap, right).
    let total = ui.available_width() - 3.0 * ui.spacing().item_spacing.x;
    let left_w = ((total - gap) * left_share).min(left_max);
    let right_w = (total - gap - left_w).min(right_max);
    let margin = ((total - left_w - gap - right_w) / 2.0).max(0.0);
    // Not `horizontal_top`: that stretches nested right-to-left rows to the row's height.
    ui.allocate_ui_with_layout(
        vec2(ui.available_width(), 0.0),
        egui::Layout::left_to_right(egui::Align::Min),
        |ui| {
            ui.add_space(margin);
            ui.vertical(|ui| {
                ui.set_width(left_w);
                left(ui, state);
            });
            ui.add_space(gap);
            ui.vertical(|ui| {
                ui.set_width(right_w);
                right(ui, state);
            });
        },
    );
}

/// The frame of a screen's main area: the page background and its margins.
pub fn page_frame(look: &Look) -> egui::Frame {
    let fill = if look.page_cleared {
        Color32::TRANSPARENT
    } else {
        look.palette.background
    };
    egui::Frame::new().fill(fill).inner_margin(size::MARGIN)
}

/// A bordered card on the page (a picked question, the handout outline).
pub fn card_frame(p: &Palette, margin: i8) -> egui::Frame {
    egui::Frame::new()
        .fill(p.surface)
        .stroke(Stroke::new(2.0, p.border))
        .corner_radius(size::RADIUS)
        .inner_margin(margin)
}

/// The frame of a fixed bar across the top or bottom of a screen.
pub fn bar_frame(p: &Palette) -> egui::Frame {
    egui::Frame::new()
        .fill(p.surface)
        .inner_margin(egui::Margin::symmetric(size::MARGIN as i8, 14))
        .stroke(Stroke::new(1.0, p.border))
}

/// A vertical scroll area for a screen's content. Dragging scrolls too: most kiosks are
/// touch-only, and egui otherwise waits for a first touch to allow it.
/// A vertical scroll area that a finger can drag. Each screen names its own, so one
/// screen's scroll position never carries over to another.
pub fn scroll_area(id: impl std::hash::Hash + std::fmt::Debug) -> egui::ScrollArea {
    egui::ScrollArea::vertical()
        .id_salt(id)
        .scroll_source(egui::scroll_area::ScrollSource::ALL)
        .auto_shrink([false, false])
}
