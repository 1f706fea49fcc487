//! The topic grid: one big tile (picture and title) per topic, as many columns as fit.

use egui::{CornerRadius, Rect, Role, Sense, Stroke, StrokeKind, Ui, WidgetInfo, pos2, vec2};

use super::Ctx;
use super::widgets::focus_ring;
use crate::content::Topic;
use crate::model::Action;
use crate::theme::size;

pub fn ui(ui: &mut Ui, c: &mut Ctx<'_>) {
    let title = c.strings.topics_heading.clone();
    super::top_bar::ui(ui, c, &title);
    if c.state.session().walk_through() {
        super::reader::walk_through_panel(ui, c, None);
    }
    egui::CentralPanel::no_frame()
        .frame(super::widgets::page_frame(&c.look))
        .show(ui, |ui| {
            let avail_h = ui.available_height();
            super::widgets::scroll_area("home").show(ui, |ui| grid_ui(ui, c, avail_h));
        });
}

fn grid_ui(ui: &mut Ui, c: &mut Ctx<'_>, avail_h: f32) {
    let state = c.state;
    let topics = &state.content().topics;
    let gap = size::GAP;
    let width = ui.available_width() - 16.0;
    let min_w = size::TILE_MIN_WIDTH * c.look.scale.sqrt();
    let widest = (((width + gap) / (min_w + gap)).floor() as usize).clamp(1, 6);
    let title_h = 2.0 * c.look.button().size * 1.25 + 28.0;
    let layout = |cols: usize| {
        let tile_w = (width - gap * (cols as f32 - 1.0)) / cols as f32;
        let rows = topics.len().div_ceil(cols).max(1);
        let fit_h = (avail_h - gap * rows as f32 - 8.0) / rows as f32;
        (cols, tile_w, fit_h)
    };
    // Every topic on one screen when one more column (tiles at least 3/4 of their usual
    // width) makes it fit with a decent picture; otherwise the widest tiles, and scroll.
    let (cols, tile_w, fit_h) = (widest..=6)
        .map(layout)
        .take_while(|&(_, tile_w, _)| tile_w >= min_w * 0.75)
        .find(|&(_, _, fit_h)| fit_h >= title_h + 120.0)
        .unwrap_or_else(|| layout(widest));
    let tile_h = fit_h.max(title_h + 120.0).min(tile_w * 0.95);
    let mut clicked = None;
    let mut first = true;
    for row in topics.chunks(cols) {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            for topic in row {
                let response = tile_ui(ui, c, topic, vec2(tile_w, tile_h));
                if first && c.focus_primary {
                    response.request_focus();
                }
                first = false;
                if response.clicked() {
                    clicked = Some(topic.id.clone());
                }
            }
        });
        ui.add_space(gap - ui.spacing().item_spacing.y);
    }
    if let Some(id) = clicked
        && let Some(i) = state.content().topic_index(&id)
    {
        c.push(Action::OpenTopic(i));
    }
}

fn tile_ui(ui: &mut Ui, c: &mut Ctx<'_>, topic: &Topic, size_: egui::Vec2) -> egui::Response {
    let look = c.look;
    let p = look.palette;
    let (rect, response) = ui.allocate_exact_size(size_, Sense::click());
    let title = c.fill(&topic.title);
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &title));
    super::spoken::item(ui, &response, super::spoken::Role::Button, &title);
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let pressed = response.is_pointer_button_down_on();
    let stroke = if response.hovered() || pressed {
        Stroke::new(4.0, p.primary)
    } else {
        Stroke::new(2.0, p.border)
    };
    ui.painter().rect(
        if pressed { rect.shrink(3.0) } else { rect },
        CornerRadius::same(size::RADIUS),
        p.surface,
        stroke,
        StrokeKind::Inside,
    );
    let pad = 14.0;
    let galley = ui
        .painter()
        .layout(title, look.button(), p.text, rect.width() - 2.0 * pad);
    let text_top = rect.bottom() - pad - galley.size().y;
    let pic_area = Rect::from_min_max(
        rect.min + vec2(pad, pad),
        pos2(rect.right() - pad, text_top - pad / 2.0),
    );
    if pic_area.height() > 40.0
        && let Ok(tex) = c.images.get(
            ui.ctx(),
            c.state.source(),
            &topic.image.src,
            super::images::Size::Thumbnail,
            pic_area.size(),
        )
    {
        let tex_size = tex.size_vec2();
        let scale = (pic_area.width() / tex_size.x).min(pic_area.height() / tex_size.y);
        let pic = Rect::from_center_size(pic_area.center(), tex_size * scale);
        ui.painter().image(
            tex.id(),
            pic,
            Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            egui::Color32::WHITE,
        );
    }
    ui.painter().galley(
        pos2(rect.center().x - galley.size().x / 2.0, text_top),
        galley,
        p.text,
    );
    focus_ring(ui, &response, &look);
    response
}
