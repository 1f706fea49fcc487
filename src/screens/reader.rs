//! The page reader: one short page at a time, large type, a fixed bar of Back, Home and
//! Next, and where you are ("Page 2 of 4"). Staff walk-throughs add a topic list.

use egui::{Align, CornerRadius, Layout, Rect, Role, Sense, Stroke, StrokeKind, Ui, WidgetInfo};

use super::Ctx;
use super::widgets::{
    Kind, big_button_ui, centered_column, heading_ui, live_text_ui, number_badge_ui, text_ui,
    toggle_row_ui,
};
use crate::content::{Block, Callout, Image, Page, Quiz, Tone};
use crate::model::Action;
use crate::theme::size;

pub fn ui(ui: &mut Ui, c: &mut Ctx<'_>, topic_idx: usize, page_idx: usize) {
    let state = c.state;
    let Some(topic) = state.content().topics.get(topic_idx) else {
        c.push(Action::GoHome);
        return;
    };
    let Some(page) = topic.pages.get(page_idx) else {
        c.push(Action::GoHome);
        return;
    };
    let title = c.fill(&topic.title);
    super::top_bar::ui(ui, c, &title);
    let zone_before = super::spoken::set_zone(ui.ctx(), super::spoken::Zone::Bottom);
    let tools_in_bar = nav_bar_ui(ui, c, page_idx, topic.pages.len());
    super::spoken::set_zone(ui.ctx(), zone_before);
    if state.session().walk_through() {
        walk_through_panel(ui, c, Some(topic_idx));
    }
    // A page longer than the screen says "More below" in a strip under it, never over its
    // text: the strip is taken from the page only while there is more below (as measured
    // on the frame before).
    let more_id = egui::Id::unique(("more_below", topic_idx, page_idx));
    let more_before = ui
        .ctx()
        .data(|d| d.get_temp::<bool>(more_id))
        .unwrap_or(false);
    // A short page uses its screen: its words stand larger (up to FIT_MAX) and it sits in
    // the middle of the space, as measured on the frames before (see `Fit`).
    let fit_id = egui::Id::unique((
        "page_fit",
        topic_idx,
        page_idx,
        c.look.scale.to_bits(),
        c.state.session().lang(),
    ));
    // Not a page that grows under the patient's finger (a quiz's answer adds its verdict
    // below): centring it again would move every button up as they tap.
    let fits = !page.blocks.iter().any(|b| matches!(b, Block::Quiz(_)));
    let fit = ui
        .ctx()
        .data(|d| d.get_temp::<Fit>(fit_id))
        .filter(|_| fits);
    let base_scale = c.look.scale;
    c.look.scale = base_scale * fit.map_or(1.0, |f| f.factor);
    let strip = more_below_height(ui, c);
    egui::CentralPanel::no_frame()
        .frame(super::widgets::page_frame(&c.look))
        .show(ui, |ui| {
            // The page's own height: less the strip while there is more below.
            let view = if more_before {
                (ui.available_height() - strip).max(strip)
            } else {
                ui.available_height()
            };
            let mut area = super::widgets::scroll_area(("page", topic_idx, page_idx));
            if more_before {
                area = area.max_height(view);
            }
            let top = fit
                .and_then(|f| f.height)
                .map_or(0.0, |h| ((view - h) * 0.4).max(0.0));
            let out = area.show(ui, |ui| {
                ui.add_space(top);
                let shown = Shown {
                    page,
                    // The first page opens with the topic's main point and, when the page
                    // has no picture of its own, the topic's picture.
                    summary: (page_idx == 0).then_some(topic.summary.as_str()),
                    picture: page_picture(page, (page_idx == 0).then_some(&topic.image)),
                    with_tools: !tools_in_bar,
                    last: page_idx + 1 == topic.pages.len(),
                };
                let side_by_side = shown.picture.is_some()
                    && ui.available_width() >= size::SIDE_BY_SIDE_MIN * c.look.scale.sqrt();
                if side_by_side {
                    page_beside_picture_ui(ui, c, &shown);
                } else {
                    let width = size::READING_WIDTH * c.look.scale.sqrt();
                    centered_column(ui, width, |ui| page_ui(ui, c, &shown, true));
                }
            });
            let next = Fit::next(fit, out.content_size.y - top, out.inner_rect.height());
            if fits
                && next != fit
                && let Some(next) = next
            {
                ui.ctx().data_mut(|d| d.insert_temp(fit_id, next));
                ui.ctx().request_repaint();
            }
            let hidden_below =
                out.content_size.y - (out.state.clamped_offset().y + out.inner_rect.height());
            let more = hidden_below > 1.0;
            if more != more_before {
                ui.ctx().data_mut(|d| d.insert_temp(more_id, more));
                ui.ctx().request_repaint();
            } else if more {
                more_below_ui(ui, c, out.inner_rect);
            }
        });
    c.look.scale = base_scale;
}

/// How much larger a short page's words may stand.
const FIT_MAX: f32 = 1.3;

/// How a page fits its screen: the factor its words are drawn larger by, and its height
/// drawn so (to centre it). Measured at 1.0 first, then at the factor; a page that would
/// then scroll steps back down, so a fitted page never needs scrolling.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fit {
    factor: f32,
    height: Option<f32>,
}

impl Fit {
    /// The fit after a frame drawn at `fit` measured `content` high in a `view` high area.
    fn next(fit: Option<Fit>, content: f32, view: f32) -> Option<Fit> {
        if content <= 0.0 || view <= 0.0 {
            return fit;
        }
        match fit {
            // First sight, at 1.0: a page filling under 90% of the area grows towards it.
            None => Some(Fit {
                factor: step((0.9 * view / content).sqrt()),
                height: None,
            }),
            Some(f) if content > view && f.factor > 1.0 => Some(Fit {
                factor: step(f.factor - 0.05),
                height: None,
            }),
            Some(f) if f.height.is_none_or(|h| (h - content).abs() > 1.0) => Some(Fit {
                factor: f.factor,
                height: Some(content),
            }),
            same => same,
        }
    }
}

/// A fit factor in tenths, rounded down, from 1.0 to [`FIT_MAX`]: a few text sizes only, so
/// the glyph atlas holds each glyph at a few sizes rather than one per page.
fn step(factor: f32) -> f32 {
    ((factor * 10.0).floor() / 10.0).clamp(1.0, FIT_MAX)
}

/// The height of the strip "More below" takes under the page.
fn more_below_height(ui: &Ui, c: &Ctx<'_>) -> f32 {
    let galley = ui.painter().layout_no_wrap(
        c.strings.more_below.clone(),
        c.look.tool(),
        c.look.palette.on_primary,
    );
    galley.size().y + 2.0 * MORE_BELOW_PAD.y + 12.0
}

const MORE_BELOW_PAD: egui::Vec2 = egui::vec2(24.0, 8.0);

/// A page longer than the screen says so under it, until the patient has scrolled to the
/// end.
fn more_below_ui(ui: &mut Ui, c: &Ctx<'_>, area: Rect) {
    let look = c.look;
    let p = look.palette;
    let text = &c.strings.more_below;
    let galley = ui
        .painter()
        .layout_no_wrap(text.clone(), look.tool(), p.on_primary);
    let pad = MORE_BELOW_PAD;
    let pill = galley.size() + 2.0 * pad;
    // In the strip under the page, at its right, under the scroll bar.
    let rect = Rect::from_min_size(
        egui::pos2(area.right() - pill.x - 24.0, area.bottom() + 6.0),
        pill,
    );
    let response = ui.interact(rect, ui.scope_id().with("more_below"), Sense::hover());
    response.widget_info(|| WidgetInfo::labeled(Role::Label, true, text));
    let painter = ui.painter();
    painter.rect_filled(rect, CornerRadius::same(size::RADIUS), p.primary);
    painter.galley(rect.min + pad, galley, p.on_primary);
}

/// What the reader shows of one page.
struct Shown<'a> {
    page: &'a Page,
    summary: Option<&'a str>,
    /// The page's picture (its own first image, or the topic's on page 1).
    picture: Option<&'a Image>,
    with_tools: bool,
    /// The topic's last page: it offers the handout.
    last: bool,
}

/// The picture a page shows: its own first image block, else `fallback`.
fn page_picture<'a>(page: &'a Page, fallback: Option<&'a Image>) -> Option<&'a Image> {
    page.blocks
        .iter()
        .find_map(|b| match b {
            Block::Image(img) => Some(img),
            _ => None,
        })
        .or(fallback)
}

/// Landscape: the text on the left, the picture beside it on the right, so a page fills
/// one screen instead of stacking into a scroll.
fn page_beside_picture_ui(ui: &mut Ui, c: &mut Ctx<'_>, shown: &Shown<'_>) {
    let text_max = size::READING_WIDTH * c.look.scale.sqrt();
    super::widgets::two_columns(
        ui,
        c,
        (0.57, text_max, 900.0),
        |ui, c| page_ui(ui, c, shown, false),
        |ui, c| {
            ui.add_space(size::GAP);
            if let Some(picture) = shown.picture {
                let max_h = (ui.ctx().content_rect().height() * 0.55).max(200.0);
                image_ui(ui, c, picture, max_h);
            }
        },
    );
}

/// The fixed bottom bar.
/// The fixed bottom bar. Returns whether the page tools (read aloud, words) fitted in it;
/// on narrow screens they go at the top of the page instead.
fn nav_bar_ui(ui: &mut Ui, c: &mut Ctx<'_>, page: usize, pages: usize) -> bool {
    let look = c.look;
    let p = look.palette;
    let s = c.strings;
    let last = page + 1 >= pages;
    let next_label = if last { &s.all_topics } else { &s.next };
    let progress = s.page_of(page + 1, pages);
    let frame = super::widgets::bar_frame(&p);
    egui::Panel::bottom("nav_bar")
        .frame(frame)
        .show(ui, |ui| {
            let gap = ui.spacing().item_spacing.x;
            let width = |text: &str, kind: Kind, min: f32| {
                let w = ui
                    .painter()
                    .layout_no_wrap(text.to_owned(), look.button_font(kind), p.text)
                    .size()
                    .x;
                (w + 2.0 * look.button_padding(kind).x).max(min) + gap
            };
            let tools: f32 = tool_labels(c)
                .iter()
                .map(|t| width(t, Kind::Tool, 0.0))
                .sum();
            let needed = width(&s.back, Kind::Secondary, 140.0)
                + width(&s.home, Kind::Secondary, 140.0)
                + width(next_label, Kind::Primary, 180.0)
                + width(&progress, Kind::Tool, 0.0)
                + tools;
            let tools_here = needed < ui.available_width();
            ui.horizontal(|ui| {
                if big_button_ui(ui, &look, &s.back, Kind::Secondary, 140.0).clicked() {
                    c.push(Action::PrevPage);
                }
                if big_button_ui(ui, &look, &s.home, Kind::Secondary, 140.0).clicked() {
                    c.push(Action::GoHome);
                }
                if tools_here {
                    page_tools_ui(ui, c);
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    let next = big_button_ui(ui, &look, next_label, Kind::Primary, 180.0);
                    if c.focus_primary {
                        next.request_focus();
                    }
                    if next.clicked() {
                        c.push(Action::NextPage);
                    }
                    ui.with_layout(Layout::top_down(Align::Center), |ui| {
                        let text_h = look.body().size * 1.2;
                        ui.add_space(((next.rect.height() - text_h) / 2.0).max(0.0));
                        text_ui(ui, &progress, look.body(), p.text);
                    });
                });
            });
            tools_here
        })
        .inner
}

/// Staff walk-through: every topic, one tap away, beside the page.
pub fn walk_through_panel(ui: &mut Ui, c: &mut Ctx<'_>, current: Option<usize>) {
    let look = c.look;
    let state = c.state;
    egui::Panel::left("walk_through")
        .resizable(false)
        .exact_size(380.0)
        .frame(
            egui::Frame::new()
                .fill(look.palette.surface)
                .inner_margin(16),
        )
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .scroll_source(egui::scroll_area::ScrollSource::ALL)
                .show(ui, |ui| {
                    for (i, topic) in state.content().topics.iter().enumerate() {
                        let kind = if Some(i) == current {
                            Kind::Primary
                        } else {
                            Kind::Secondary
                        };
                        if big_button_ui(ui, &look, &topic.title, kind, ui.available_width())
                            .clicked()
                        {
                            c.push(Action::OpenTopic(i));
                        }
                    }
                });
        });
}

/// The page's words (and, when `with_picture`, its picture in reading order), then the
/// handout button on a topic's last page.
fn page_ui(ui: &mut Ui, c: &mut Ctx<'_>, shown: &Shown<'_>, with_picture: bool) {
    let look = c.look;
    let p = look.palette;
    let page = shown.page;
    ui.add_space(size::GAP / 2.0);
    if shown.with_tools {
        ui.horizontal_wrapped(|ui| page_tools_ui(ui, c));
        ui.add_space(size::GAP / 2.0);
    }
    heading_ui(ui, &c.fill(&page.heading), look.heading(), p.text, 2);
    ui.add_space(size::GAP * 0.6);
    if let Some(summary) = shown.summary {
        text_ui(ui, &c.fill(summary), look.lead(), p.primary);
        ui.add_space(size::GAP);
    }
    for block in &page.blocks {
        if let Block::Image(img) = block {
            // Beside the text, the picture column shows it.
            if !with_picture && shown.picture == Some(img) {
                continue;
            }
        }
        block_ui(ui, c, block);
        ui.add_space(size::GAP * 0.8);
    }
    // The topic's picture on a first page without its own, after the words on a narrow
    // screen (beside them on a wide one).
    let own_picture = shown
        .picture
        .is_some_and(|pic| page.blocks.iter().any(|b| b == &Block::Image(pic.clone())));
    if with_picture
        && !own_picture
        && let Some(picture) = shown.picture
    {
        let max_h = (ui.ctx().content_rect().height() * 0.3).max(160.0);
        image_ui(ui, c, picture, max_h);
        ui.add_space(size::GAP * 0.8);
    }
    if shown.last {
        let label = c.strings.print_my_handout.clone();
        if big_button_ui(ui, &c.look, &label, Kind::Secondary, 0.0).clicked() {
            c.push(Action::OpenHandout);
        }
        ui.add_space(size::GAP);
    }
}

fn block_ui(ui: &mut Ui, c: &mut Ctx<'_>, block: &Block) {
    let look = c.look;
    let p = look.palette;
    match block {
        Block::Paragraph(text) => {
            text_ui(ui, &c.fill(text), look.body(), p.text);
        }
        Block::Bullets(items) => bullets_ui(ui, c, items),
        Block::Steps(items) => {
            ui.vertical(|ui| {
                super::widgets::group_role(ui, Role::List);
                for (i, item) in items.iter().enumerate() {
                    ui.horizontal(|ui| {
                        super::widgets::group_role(ui, Role::ListItem);
                        number_badge_ui(ui, &look, i + 1);
                        ui.add_space(8.0);
                        ui.vertical(|ui| {
                            ui.add_space(10.0);
                            let role = super::spoken::Role::Step(i + 1);
                            super::widgets::text_as_ui(
                                ui,
                                &c.fill(item),
                                look.body(),
                                p.text,
                                role,
                            );
                        });
                    });
                    ui.add_space(6.0);
                }
            })
            .inner
        }
        Block::Callout(callout) => callout_ui(ui, c, callout),
        Block::Image(image) => {
            let max_h = (ui.ctx().content_rect().height() * 0.36).max(200.0);
            image_ui(ui, c, image, max_h);
        }
        Block::Checklist(list) => {
            let items: Vec<&str> = list.items.iter().map(String::as_str).collect();
            tick_list_ui(ui, c, &list.id, &list.title, &items);
        }
        Block::SelfCheck(check) => {
            let items: Vec<&str> = check.items.iter().map(|(s, _)| s.as_str()).collect();
            tick_list_ui(ui, c, &check.id, &check.title, &items);
        }
        Block::Quiz(quiz) => quiz_ui(ui, c, quiz),
        Block::Question(q) => {
            let on = c.state.session().is_picked(&q.id);
            if toggle_row_ui(ui, &look, &c.fill(&q.text), on).clicked() {
                c.push(Action::ToggleQuestion(q.id.clone()));
            }
        }
    }
}

/// A title over rows of tick boxes (a checklist or a self-check).
fn tick_list_ui(ui: &mut Ui, c: &mut Ctx<'_>, id: &str, title: &str, items: &[&str]) {
    let look = c.look;
    heading_ui(ui, &c.fill(title), look.lead(), look.palette.text, 3);
    ui.add_space(size::GAP / 2.0);
    for (i, item) in items.iter().enumerate() {
        let on = c.state.session().is_ticked(id, i);
        if toggle_row_ui(ui, &look, &c.fill(item), on).clicked() {
            c.push(Action::ToggleTick(id.to_owned(), i));
        }
        ui.add_space(6.0);
    }
}

/// "Check what you know": the question, one big button per answer, then whether it was
/// right, the sentence that explains it and, after a wrong answer, a question to add.
fn quiz_ui(ui: &mut Ui, c: &mut Ctx<'_>, quiz: &Quiz) {
    let look = c.look;
    let p = look.palette;
    let s = c.strings;
    text_ui(ui, &c.fill(&quiz.text), look.lead(), p.text);
    ui.add_space(size::GAP / 2.0);
    let picked = c.state.session().answer(&quiz.id);
    ui.horizontal_wrapped(|ui| {
        for (i, choice) in quiz.choices.iter().enumerate() {
            let on = picked == Some(i);
            let label = c.fill(choice);
            let kind = if on { Kind::Primary } else { Kind::Secondary };
            let role = super::spoken::Role::Choice(on);
            let min = egui::vec2(0.0, size::TOUCH_MIN);
            let button = super::widgets::button_as_ui(ui, &look, &label, kind, min, role);
            if button.clicked() {
                c.push(Action::AnswerQuiz(quiz.id.clone(), i));
            }
        }
    });
    let Some(picked) = picked else {
        return;
    };
    ui.add_space(size::GAP / 2.0);
    let right = picked == quiz.answer;
    let verdict = if right { &s.quiz_right } else { &s.quiz_wrong };
    live_text_ui(
        ui,
        &format!("{verdict} {}", c.fill(&quiz.explain)),
        look.body(),
        p.text,
    );
    if right {
        return;
    }
    let Some(question) = c.state.content().question(&quiz.asks) else {
        return;
    };
    let text = c.fill(&question.text);
    if c.state.session().is_picked(&quiz.asks) {
        text_ui(ui, &format!("{} {text}", s.quiz_added), look.body(), p.text);
    } else {
        let label = format!("{} {text}", s.quiz_add);
        if big_button_ui(ui, &look, &label, Kind::Secondary, 0.0).clicked() {
            c.push(Action::ToggleQuestion(quiz.asks.clone()));
        }
    }
}

fn bullets_ui(ui: &mut Ui, c: &Ctx<'_>, items: &[String]) {
    // A list, item by item, for assistive technology ("list, 5 items").
    ui.vertical(|ui| {
        super::widgets::group_role(ui, Role::List);
        bullet_items_ui(ui, c, items);
    });
}

fn bullet_items_ui(ui: &mut Ui, c: &Ctx<'_>, items: &[String]) {
    let look = c.look;
    let line = look.body().size * 1.2;
    for item in items {
        // A row only as tall as its text (`horizontal` would make each at least a touch
        // target tall, and a list of eight would not fit the screen).
        let width = ui.available_width();
        ui.allocate_ui_with_layout(
            egui::vec2(width, line),
            Layout::left_to_right(Align::Min),
            |ui| {
                super::widgets::group_role(ui, Role::ListItem);
                let d = look.body().size * 0.32;
                let (rect, _) = ui.allocate_exact_size(egui::vec2(d * 3.0, line), Sense::hover());
                ui.painter().circle_filled(
                    egui::pos2(rect.center().x, rect.top() + line * 0.5),
                    d / 2.0,
                    look.palette.text,
                );
                ui.vertical(|ui| text_ui(ui, &c.fill(item), look.body(), look.palette.text));
            },
        );
    }
}

fn callout_ui(ui: &mut Ui, c: &Ctx<'_>, callout: &Callout) {
    let look = c.look;
    let p = look.palette;
    let (bg, edge) = match callout.tone {
        Tone::CallClinic => (p.urgent_bg, p.urgent_edge),
        Tone::Tip => (p.tip_bg, p.primary),
        Tone::Note => (p.note_bg, p.border),
        Tone::Remember => (p.remember_bg, p.remember_edge),
    };
    let response = egui::Frame::new()
        .fill(bg)
        .corner_radius(CornerRadius::same(size::RADIUS))
        .inner_margin(egui::Margin {
            left: 40,
            right: 24,
            top: 20,
            bottom: 20,
        })
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            // The box's colour says what kind it is: speech and assistive technology say it
            // in words.
            let s = &c.strings.speech;
            let kind = match callout.tone {
                Tone::CallClinic => &s.urgent,
                Tone::Tip => &s.tip,
                Tone::Note => &s.note,
                Tone::Remember => &s.remember,
            };
            let title = c.fill(&callout.title);
            let said = format!("{kind}: {title}");
            let r = super::widgets::text_said_ui(ui, &title, &said, look.heading(), p.text);
            super::widgets::mark_heading(ui, &r, &title, 3);
            ui.ctx()
                .accesskit_node_builder(r.id, |node| node.set_description(kind.as_str()));
            if let Some(text) = &callout.text {
                text_ui(ui, &c.fill(text), look.body(), p.text);
            }
            if !callout.items.is_empty() {
                bullets_ui(ui, c, &callout.items);
            }
        })
        .response;
    let r = response.rect;
    ui.painter().rect_filled(
        Rect::from_min_max(r.min, egui::pos2(r.left() + 14.0, r.bottom())),
        CornerRadius {
            nw: size::RADIUS,
            sw: size::RADIUS,
            ne: 0,
            se: 0,
        },
        edge,
    );
}

fn image_ui(ui: &mut Ui, c: &mut Ctx<'_>, image: &Image, max_h: f32) {
    let look = c.look;
    let p = look.palette;
    let max_w = ui.available_width().min(900.0);
    let state = c.state;
    match c.images.get(
        ui.ctx(),
        state.source(),
        &image.src,
        super::images::Size::Full,
        egui::vec2(max_w, max_h),
    ) {
        Ok(tex) => {
            let tex_size = tex.size_vec2();
            let scale = (max_w / tex_size.x).min(max_h / tex_size.y);
            let shown = tex_size * scale;
            ui.vertical_centered(|ui| {
                let (rect, response) = ui.allocate_exact_size(shown, Sense::hover());
                response.widget_info(|| WidgetInfo::labeled(Role::Image, true, &image.alt));
                super::spoken::item(ui, &response, super::spoken::Role::Picture, &image.alt);
                ui.painter().rect(
                    rect.expand(2.0),
                    CornerRadius::same(8),
                    egui::Color32::WHITE,
                    Stroke::new(2.0, p.border),
                    StrokeKind::Outside,
                );
                ui.painter().image(
                    tex.id(),
                    rect,
                    Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                    egui::Color32::WHITE,
                );
            });
        }
        Err(_) => {
            // The picture is missing or broken: say what it shows instead.
            egui::Frame::new()
                .stroke(Stroke::new(2.0, p.border))
                .inner_margin(16)
                .show(ui, |ui| {
                    text_ui(ui, &image.alt, look.body(), p.text);
                });
        }
    }
    if let Some(caption) = &image.caption {
        ui.vertical_centered(|ui| text_ui(ui, &c.fill(caption), look.body(), p.text_muted));
    }
}

/// Read aloud (or Stop and Repeat while speaking), and "Words to know" when the page uses
/// glossary words.
fn page_tools_ui(ui: &mut Ui, c: &mut Ctx<'_>) {
    let look = c.look;
    let s = c.strings;
    let words = c.state.words_on_page().len();
    {
        if c.speaking {
            if big_button_ui(ui, &look, &s.stop_reading, Kind::ToolPrimary, 0.0).clicked() {
                c.push(Action::StopReading);
            }
            if big_button_ui(ui, &look, &s.repeat, Kind::Tool, 0.0).clicked() {
                c.push(Action::ReadAloud);
            }
        } else if big_button_ui(ui, &look, &s.read_aloud, Kind::Tool, 0.0).clicked() {
            c.push(Action::ReadAloud);
        }
        if words > 0 && big_button_ui(ui, &look, &s.words_to_know, Kind::Tool, 0.0).clicked() {
            c.push(Action::ShowWords);
        }
    }
}

/// The labels [`page_tools_ui`] will show, for measuring.
fn tool_labels(c: &Ctx<'_>) -> Vec<String> {
    let s = c.strings;
    let mut out = if c.speaking {
        vec![s.stop_reading.clone(), s.repeat.clone()]
    } else {
        vec![s.read_aloud.clone()]
    };
    if !c.state.words_on_page().is_empty() {
        out.push(s.words_to_know.clone());
    }
    out
}

fn dialog_frame(c: &Ctx<'_>) -> egui::Frame {
    egui::Frame::new()
        .fill(c.look.palette.surface)
        .stroke(Stroke::new(4.0, c.look.palette.primary))
        .corner_radius(size::RADIUS)
        .inner_margin(40)
}

/// A dialog over the screen with a big Close button; true when the patient closed it
/// (the button, Escape, or a tap outside).
fn dialog_ui(
    ctx: &egui::Context,
    c: &Ctx<'_>,
    (id, name): (&str, &str),
    width: f32,
    add: impl FnOnce(&mut Ui),
) -> bool {
    let look = c.look;
    let modal = egui::Modal::new(egui::Id::unique(id))
        .backdrop_color(look.palette.overlay)
        .frame(dialog_frame(c))
        .show(ctx, |ui| {
            ui.set_width(width);
            super::widgets::name_dialog(ui, name);
            add(ui);
            ui.add_space(size::GAP);
            ui.vertical_centered(|ui| {
                let close = big_button_ui(ui, &look, &c.strings.close, Kind::Primary, 300.0);
                close.request_focus();
                close.clicked()
            })
            .inner
        });
    modal.inner || modal.should_close()
}

/// "Words to know": the glossary words this page uses, with their plain meaning.
pub fn words_ui(ctx: &egui::Context, c: &mut Ctx<'_>) {
    let look = c.look;
    let p = look.palette;
    let state = c.state;
    let width = (ctx.content_rect().width() * 0.8).min(1100.0);
    let name = c.strings.words_to_know.clone();
    let closed = dialog_ui(ctx, c, ("words_to_know", &name), width, |ui| {
        heading_ui(ui, &c.strings.words_to_know, look.title(), p.text, 1);
        ui.add_space(size::GAP);
        egui::ScrollArea::vertical()
            .max_height(ctx.content_rect().height() * 0.55)
            .scroll_source(egui::scroll_area::ScrollSource::ALL)
            .show(ui, |ui| {
                for term in state.words_on_page() {
                    heading_ui(ui, &term.word, look.heading(), p.text, 2);
                    text_ui(ui, &term.meaning, look.body(), p.text);
                    ui.add_space(size::GAP / 2.0);
                }
            });
    });
    if closed {
        c.push(Action::CloseWords);
    }
}

/// A short message for the patient (for example, read-aloud is not available).
pub fn notice_ui(ctx: &egui::Context, c: &mut Ctx<'_>, notice: &str) {
    let look = c.look;
    let width = (ctx.content_rect().width() * 0.7).min(1000.0);
    let closed = dialog_ui(ctx, c, ("notice", notice), width, |ui| {
        text_ui(ui, notice, look.heading(), look.palette.text);
    });
    if closed {
        c.push(Action::CloseNotice);
    }
}
