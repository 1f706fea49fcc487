//! Language help: the notice that free language help is available, in each language the
//! clinic shows, each in its own script; a tap shows that language's interpreter card, in
//! the language and in English, for the patient to show staff. Also the entry to it on the
//! welcome screen and the top bar: a painted language symbol (a speech bubble with 文 and A)
//! and the names of the first languages in their own scripts, so it is found without
//! reading English.
//!
//! The notices' lines come from [`crate::language_help::layout`]: broken, put in visual
//! order (right to left for Arabic, Persian, Urdu and Yiddish) and split by font there, then
//! drawn here one galley per line with a section per run.

use egui::text::{LayoutJob, TextFormat};
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, vec2,
};

use super::Ctx;
use super::spoken::Role as Spoken;
use super::widgets::{Kind, big_button_ui, centered_column, focus_ring, text_ui};
use crate::language_help::fonts::FontKey;
use crate::language_help::layout::{self, Line};
use crate::language_help::{Language, tag};
use crate::model::Action;
use crate::theme::size;

/// The language symbol's side: its letters are as big as any text (Section 508).
const ICON: f32 = size::MIN_TEXT / 0.38;

/// Space between lines, as a share of the font size.
const LEADING: f32 = 1.45;

/// Break `text` to `width` and lay out each line as a galley.
fn galleys(
    ui: &Ui,
    text: &str,
    font: FontKey,
    size: f32,
    width: f32,
    color: Color32,
) -> Vec<(std::sync::Arc<egui::Galley>, Line)> {
    layout::lines(text, font, size, width)
        .into_iter()
        .map(|line| {
            let job = layout::layout_job(&line, size, color);
            (ui.painter().layout_job(job), line)
        })
        .collect()
}

/// Paint `text` in `font` within `rect`'s width from its top, right-aligned when the script
/// runs right to left; returns the height used.
fn paint_text(ui: &Ui, rect: Rect, text: &str, font: FontKey, size: f32, color: Color32) -> f32 {
    let line_height = size * LEADING;
    let mut y = rect.top();
    for (galley, _) in galleys(ui, text, font, size, rect.width(), color) {
        let x = if font.is_rtl() {
            rect.right() - galley.size().x
        } else {
            rect.left()
        };
        let top = y + (line_height - galley.size().y) / 2.0;
        ui.painter().galley(Pos2::new(x, top), galley, color);
        y += line_height;
    }
    y - rect.top()
}

/// How tall `text` is when painted by [`paint_text`].
fn text_height(text: &str, font: FontKey, size: f32, width: f32) -> f32 {
    layout::lines(text, font, size, width).len() as f32 * size * LEADING
}

/// What speech mode says for a language: its notice in its own voice, or its English name
/// where the speech engine has no voice for it.
fn spoken_notice(lang: &Language) -> String {
    match &lang.voice {
        Some(voice) => tag(voice, &format!("{}. {}", lang.name, lang.notice())),
        None => format!("{}.", lang.english),
    }
}

/// The language help screen.
pub fn ui(ui: &mut Ui, c: &mut Ctx<'_>) {
    let s = c.strings;
    super::top_bar::ui(ui, c, &s.language_help);
    back_bar_ui(ui, c, "language_help_bar");
    let look = c.look;
    let p = look.palette;
    let help = c.state.language_help();
    egui::CentralPanel::no_frame()
        .frame(super::widgets::page_frame(&look))
        .show(ui, |ui| {
            super::widgets::scroll_area("language_help").show(ui, |ui| {
                centered_column(ui, 1800.0, |ui| {
                    text_ui(ui, &s.language_help_intro, look.lead(), p.text);
                    ui.add_space(size::GAP);
                    if help.is_empty() {
                        text_ui(ui, &s.language_help_none, look.heading(), p.text);
                        return;
                    }
                    let columns = if ui.available_width() >= 1200.0 { 2 } else { 1 };
                    let gap = size::GAP;
                    let width =
                        (ui.available_width() - gap * (columns - 1) as f32) / columns as f32;
                    for (row, langs) in help.languages().chunks(columns).enumerate() {
                        ui.horizontal_top(|ui| {
                            ui.spacing_mut().item_spacing.x = gap;
                            for (col, lang) in langs.iter().enumerate() {
                                let i = row * columns + col;
                                if notice_ui(ui, c, lang, width).clicked() {
                                    c.push(Action::ShowInterpreterCard(i));
                                }
                            }
                        });
                        ui.add_space(gap);
                    }
                });
            });
        });
}

/// One language's notice as a card that opens its interpreter card.
fn notice_ui(ui: &mut Ui, c: &Ctx<'_>, lang: &Language, width: f32) -> egui::Response {
    let look = c.look;
    let p = look.palette;
    let pad = 20.0 * look.scale.sqrt();
    // Fixed sizes, already large: every size of every script's glyphs is kept in egui's
    // glyph atlas, and these scripts have many.
    let name_size = 40.0;
    let body_size = size::MIN_TEXT;
    let inner = width - 2.0 * pad;
    let notice = lang.notice();
    let height = 2.0 * pad
        + text_height(&lang.name, lang.font, name_size, inner)
        + text_height(&notice, lang.font, body_size, inner);
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
    if ui.is_rect_visible(rect) {
        super::widgets::button_plate(ui, &response, rect, p.surface, Stroke::new(2.0, p.border));
        let inner_rect = rect.shrink(pad);
        let used = paint_text(ui, inner_rect, &lang.name, lang.font, name_size, p.text);
        let body = Rect::from_min_max(
            Pos2::new(inner_rect.left(), inner_rect.top() + used),
            inner_rect.max,
        );
        paint_text(ui, body, &notice, lang.font, body_size, p.text);
    }
    focus_ring(ui, &response, &look);
    let name = format!("{} ({}): {}", lang.name, lang.english, notice);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    super::spoken::item(ui, &response, Spoken::Button, &spoken_notice(lang));
    response
}

/// The interpreter card: big, in the language and in English.
pub fn card_ui(ui: &mut Ui, c: &mut Ctx<'_>, i: usize) {
    let s = c.strings;
    super::top_bar::ui(ui, c, &s.interpreter_card);
    back_bar_ui(ui, c, "interpreter_card_bar");
    let look = c.look;
    let p = look.palette;
    let Some(lang) = c.state.language_help().get(i) else {
        return;
    };
    egui::CentralPanel::no_frame()
        .frame(super::widgets::page_frame(&look))
        .show(ui, |ui| {
            super::widgets::scroll_area("interpreter_card").show(ui, |ui| {
                centered_column(ui, 1500.0, |ui| {
                    let pad = 40.0 * look.scale.sqrt();
                    let width = ui.available_width();
                    let inner = width - 2.0 * pad;
                    let name_size = 64.0;
                    let card_size = 52.0;
                    let english = lang.card_english();
                    let english_font = FontId::new(44.0, crate::theme::bold());
                    let english_galley =
                        ui.painter()
                            .layout(english.clone(), english_font, p.text, inner);
                    let card_h = if lang.card.is_empty() {
                        0.0
                    } else {
                        text_height(&lang.card, lang.font, card_size, inner)
                    };
                    let height = 2.0 * pad
                        + text_height(&lang.name, lang.font, name_size, inner)
                        + card_h
                        + pad
                        + english_galley.size().y;
                    let (rect, response) =
                        ui.allocate_exact_size(vec2(width, height), Sense::hover());
                    ui.painter().rect(
                        rect,
                        CornerRadius::same(size::RADIUS),
                        p.surface,
                        Stroke::new(6.0, p.primary),
                        StrokeKind::Inside,
                    );
                    let inner_rect = rect.shrink(pad);
                    let mut y = inner_rect.top();
                    let at = |y: f32| {
                        Rect::from_min_max(Pos2::new(inner_rect.left(), y), inner_rect.max)
                    };
                    y += paint_text(ui, at(y), &lang.name, lang.font, name_size, p.primary);
                    if !lang.card.is_empty() {
                        y += paint_text(ui, at(y), &lang.card, lang.font, card_size, p.text);
                    }
                    ui.painter().line_segment(
                        [
                            Pos2::new(inner_rect.left(), y + pad / 2.0),
                            Pos2::new(inner_rect.right(), y + pad / 2.0),
                        ],
                        Stroke::new(2.0, p.border),
                    );
                    ui.painter().galley(
                        Pos2::new(inner_rect.left(), y + pad),
                        english_galley,
                        p.text,
                    );
                    let label = format!("{} {} {english}", lang.name, lang.card);
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Label, true, label.trim())
                    });
                    let spoken = match &lang.voice {
                        Some(voice) if !lang.card.is_empty() => tag(voice, &lang.card),
                        _ => english.clone(),
                    };
                    super::spoken::item(ui, &response, Spoken::Text, &spoken);
                    if lang.voice.is_some() && !lang.card.is_empty() {
                        // The English line too, in the patient's own voice.
                        let (_, english_response) =
                            ui.allocate_exact_size(vec2(1.0, 1.0), Sense::hover());
                        super::spoken::item(ui, &english_response, Spoken::Text, &english);
                    }
                });
            });
        });
}

/// The bottom bar with Back.
fn back_bar_ui(ui: &mut Ui, c: &mut Ctx<'_>, id: &'static str) {
    let look = c.look;
    let frame = super::widgets::bar_frame(&look.palette);
    let zone_before = super::spoken::set_zone(ui.ctx(), super::spoken::Zone::Bottom);
    egui::Panel::bottom(id).frame(frame).show(ui, |ui| {
        let back = big_button_ui(ui, &look, &c.strings.back, Kind::Secondary, 200.0);
        if c.focus_primary {
            back.request_focus();
        }
        if back.clicked() {
            c.push(Action::Back);
        }
    });
    super::spoken::set_zone(ui.ctx(), zone_before);
}

/// The language symbol: a speech bubble with 文 behind one with A.
fn symbol(ui: &Ui, rect: Rect, fg: Color32, bg: Color32) {
    let painter = ui.painter();
    let side = rect.height();
    let bubble = |r: Rect, fill: Color32, stroke: Stroke, tail_left: bool| {
        painter.rect(
            r,
            CornerRadius::same((side * 0.12) as u8),
            fill,
            stroke,
            StrokeKind::Inside,
        );
        let bx = if tail_left {
            r.left() + r.width() * 0.25
        } else {
            r.right() - r.width() * 0.25
        };
        let dir = if tail_left { -1.0 } else { 1.0 };
        let tail = vec![
            Pos2::new(bx - side * 0.08, r.bottom() - 1.0),
            Pos2::new(bx + side * 0.08, r.bottom() - 1.0),
            Pos2::new(bx + dir * side * 0.1, r.bottom() + side * 0.1),
        ];
        painter.add(egui::Shape::convex_polygon(
            tail,
            if fill == Color32::TRANSPARENT {
                stroke.color
            } else {
                fill
            },
            Stroke::NONE,
        ));
    };
    let back = Rect::from_min_size(
        rect.min + vec2(0.0, side * 0.04),
        vec2(side * 0.62, side * 0.5),
    );
    let front = Rect::from_min_size(
        rect.min + vec2(side * 0.38, side * 0.32),
        vec2(side * 0.62, side * 0.5),
    );
    bubble(back, bg, Stroke::new((side * 0.05).max(2.0), fg), true);
    painter.text(
        back.center(),
        Align2::CENTER_CENTER,
        "文",
        FontId::new(side * 0.38, FontKey::CjkTc.family()),
        fg,
    );
    bubble(front, fg, Stroke::NONE, false);
    painter.text(
        front.center(),
        Align2::CENTER_CENTER,
        "A",
        FontId::new(side * 0.38, crate::theme::bold()),
        bg,
    );
}

/// The first few languages' own names, for the entry: "Español · 中文 · Tiếng Việt".
fn names_job(c: &Ctx<'_>, size: f32, color: Color32, count: usize) -> LayoutJob {
    let mut job = LayoutJob::default();
    for (i, lang) in c
        .state
        .language_help()
        .languages()
        .iter()
        .take(count)
        .enumerate()
    {
        if i > 0 {
            job.append(
                " · ",
                0.0,
                TextFormat::simple(FontId::new(size, FontKey::Latin.family()), color),
            );
        }
        job.append(
            &lang.name,
            0.0,
            TextFormat::simple(FontId::new(size, lang.font.family()), color),
        );
    }
    job.wrap.max_width = f32::INFINITY;
    job
}

/// Language help itself has no entry to it.
fn on_language_help(c: &Ctx<'_>) -> bool {
    matches!(
        c.state.screen(),
        crate::model::Screen::LanguageHelp | crate::model::Screen::InterpreterCard(_)
    )
}

/// The entry's parts: on the welcome screen (`big`) its label and the first languages' own
/// names beside it; in the top bar the symbol alone (named for assistive technology).
fn entry_parts(
    ui: &Ui,
    c: &Ctx<'_>,
    big: bool,
) -> Option<(std::sync::Arc<egui::Galley>, std::sync::Arc<egui::Galley>)> {
    let look = c.look;
    let fg = look.palette.on_secondary;
    big.then(|| {
        let label = ui
            .painter()
            .layout_no_wrap(c.strings.language_help.clone(), look.tool(), fg);
        let names = ui.painter().layout_job(names_job(c, size::MIN_TEXT, fg, 5));
        (label, names)
    })
}

/// The way in to language help: the symbol, "Language help", and on the welcome screen
/// (`big`) the first languages' own names beside it.
pub fn entry_ui(ui: &mut Ui, c: &mut Ctx<'_>, big: bool) {
    if on_language_help(c) {
        return;
    }
    let look = c.look;
    let p = look.palette;
    let (fg, bg) = (p.on_secondary, p.secondary);
    let parts = entry_parts(ui, c, big);
    let pad = look.button_padding(Kind::Tool);
    let icon = ICON;
    let size = vec2(
        entry_width(ui, c, big) - ui.spacing().item_spacing.x,
        size::TOUCH_MIN,
    );
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    if ui.is_rect_visible(rect) {
        super::widgets::button_plate(ui, &response, rect, bg, Stroke::new(2.0, p.border));
        let left = if parts.is_some() {
            rect.left() + pad.x
        } else {
            rect.center().x - icon / 2.0
        };
        let icon_rect = Rect::from_min_size(
            Pos2::new(left, rect.center().y - icon / 2.0),
            vec2(icon, icon),
        );
        symbol(ui, icon_rect, fg, bg);
        if let Some((label, names)) = parts {
            let mut x = icon_rect.right() + pad.x;
            let label_w = label.size().x;
            ui.painter().galley(
                Pos2::new(x, rect.center().y - label.size().y / 2.0),
                label,
                fg,
            );
            x += label_w + pad.x;
            ui.painter().galley(
                Pos2::new(x, rect.center().y - names.size().y / 2.0),
                names,
                fg,
            );
        }
    }
    focus_ring(ui, &response, &look);
    let name = c.strings.language_help.clone();
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    super::spoken::item(ui, &response, Spoken::Button, &name);
    if response.clicked() {
        c.push(Action::OpenLanguageHelp);
    }
}

/// How wide the entry is, with the space after it (for the rows it sits in).
pub fn entry_width(ui: &Ui, c: &Ctx<'_>, big: bool) -> f32 {
    if on_language_help(c) {
        return 0.0;
    }
    let pad = c.look.button_padding(Kind::Tool);
    let icon = ICON;
    let inner = match entry_parts(ui, c, big) {
        Some((label, names)) => pad.x * 3.0 + icon + label.size().x + names.size().x + pad.x,
        None => (icon + 2.0 * pad.x).max(size::TOUCH_MIN),
    };
    inner + ui.spacing().item_spacing.x
}
