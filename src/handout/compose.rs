//! Turns what the patient chose into rows of the handout's column: the clinic header, the
//! topics with their headings, lists, boxes and pictures, and the question checklist with
//! lines to write on. Sizes and spacing for print live in [`sizes`], in one place.

use krilla::image::Image as PdfImage;

use super::layout::{Op, Row, keep_together};
use super::text::{Line, Style, TextEngine};
use crate::content::{Block, Callout, ContentSource, Image, Placeholders, Tone, Topic};

/// The handout's type scale and spacing, in points. Body text is 12.5 pt in columns about
/// 40 characters wide: large print that still fits a typical handout on a few pages.
pub mod sizes {
    use super::Style;

    pub const BODY: Style = Style::regular(12.5);
    pub const BODY_BOLD: Style = Style::bold(12.5);
    /// Captions, the footer and the QR code's label: the smallest text printed.
    pub const SMALL: Style = Style::regular(12.0);
    pub const SMALL_BOLD: Style = Style::bold(12.0);
    /// A page's heading inside a topic, and a box's title.
    pub const H2: Style = Style::bold(14.0);
    /// A topic's title and "Your questions".
    pub const H1: Style = Style::bold(18.0);
    pub const TITLE: Style = Style::bold(24.0);
    pub const CLINIC: Style = Style::bold(20.0);
    /// Line height as a multiple of the font size.
    pub const LEADING: f32 = 1.3;
    pub const PARA_GAP: f32 = 6.0;
    pub const ITEM_GAP: f32 = 3.0;
    pub const H2_GAP: f32 = 12.0;
    pub const H1_GAP: f32 = 20.0;
    /// Indent of list text after its bullet or number.
    pub const HANG: f32 = 20.0;
    pub const BOX_PAD: f32 = 10.0;
    pub const IMAGE_MAX_HEIGHT: f32 = 150.0;
    /// Room for handwriting under each question.
    pub const ANSWER_LINE: f32 = 26.0;
    pub const ANSWER_LINES: usize = 2;
    pub const CHECKBOX: f32 = 12.0;
    pub const QR_SIZE: f32 = 76.0;
    pub const QR_COLUMN: f32 = 112.0;
    /// Light gray that prints as a visible tint in black and white.
    pub const TINT: u8 = 238;
    pub const GRAY_TEXT: u8 = 70;
}

use sizes::*;

#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
}

/// How a box is drawn; each reads in black and white without colour.
#[derive(Clone, Copy)]
struct BoxStyle {
    border: f32,
    /// Thicker left edge, so the box is found at a glance.
    bar: f32,
    background: Option<u8>,
}

impl BoxStyle {
    fn for_tone(tone: Tone) -> Self {
        match tone {
            Tone::CallClinic => Self {
                border: 2.0,
                bar: 7.0,
                background: None,
            },
            Tone::Tip => Self {
                border: 0.0,
                bar: 5.0,
                background: Some(TINT),
            },
            Tone::Note => Self {
                border: 1.0,
                bar: 1.0,
                background: None,
            },
            Tone::Remember => Self {
                border: 2.0,
                bar: 5.0,
                background: Some(TINT),
            },
        }
    }
}

/// What the header shows about the clinic (empty fields are left out).
pub struct Header<'a> {
    pub clinic_name: &'a str,
    /// (label, value) pairs: phone, address, website.
    pub details: Vec<(&'a str, &'a str)>,
    /// The QR code's modules and side, with its label.
    pub qr: Option<(Vec<bool>, usize, &'a str)>,
    pub title: &'a str,
    pub printed_on: &'a str,
    pub note: &'a str,
    /// Who wrote and checked the text (the `content_owner` setting); may be empty.
    pub owner: &'a str,
}

/// Builds the column of rows, top to bottom.
pub struct Composer<'a> {
    engine: &'a mut TextEngine,
    width: f32,
    fill: &'a Placeholders,
    source: &'a dyn ContentSource,
    /// Boxes already printed: aftercare and risks share "Call the clinic if", and one copy
    /// on paper is enough.
    callouts_done: Vec<Callout>,
    pub rows: Vec<Row>,
}

impl<'a> Composer<'a> {
    pub fn new(
        engine: &'a mut TextEngine,
        width: f32,
        fill: &'a Placeholders,
        source: &'a dyn ContentSource,
    ) -> Self {
        Self {
            engine,
            width,
            fill,
            source,
            callouts_done: Vec::new(),
            rows: Vec::new(),
        }
    }

    fn line_row(&self, line: Line, x: f32, luma: u8) -> Row {
        let style = line.style;
        let height = style.size * LEADING;
        let (ascent, box_height) = self.engine.ascent_and_height(style);
        let baseline = (height - box_height) / 2.0 + ascent;
        Row::new(
            height,
            vec![Op::Text {
                x,
                baseline,
                line,
                luma,
            }],
        )
    }

    fn text_rows(
        &mut self,
        text: &str,
        style: Style,
        x: f32,
        width: f32,
        align: Align,
    ) -> Vec<Row> {
        let text = self.fill.fill(text);
        self.engine
            .lines(&text, style, width)
            .into_iter()
            .map(|line| {
                let x = match align {
                    Align::Left => x,
                    Align::Center => x + ((width - line.width) / 2.0).max(0.0),
                };
                self.line_row(line, x, 0)
            })
            .collect()
    }

    /// A paragraph: no single line left alone at the top or bottom of a page.
    fn paragraph_rows(&mut self, text: &str, style: Style, x: f32, width: f32) -> Vec<Row> {
        let mut rows = self.text_rows(text, style, x, width, Align::Left);
        let n = rows.len();
        if n >= 2 {
            rows[0].keep_with_next = true;
            rows[n - 2].keep_with_next = true;
        }
        if let Some(first) = rows.first_mut() {
            first.space_before = PARA_GAP;
        }
        rows
    }

    fn heading_rows(&mut self, text: &str, style: Style, gap: f32, width: f32) -> Vec<Row> {
        let mut rows = self.text_rows(text, style, 0.0, width, Align::Left);
        for row in &mut rows {
            row.keep_with_next = true;
        }
        if let Some(first) = rows.first_mut() {
            first.space_before = gap;
        }
        rows
    }

    /// Bulleted or numbered items; the marker hangs left of the item's lines. An item of up
    /// to three lines stays whole, and neither the first nor the last item stands alone at
    /// the top or bottom of a column.
    fn list_rows(&mut self, items: &[String], numbered: bool, x: f32, width: f32) -> Vec<Row> {
        let mut out: Vec<Row> = Vec::new();
        let mut item_ends = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let mut rows = self.text_rows(item, BODY, x + HANG, width - HANG, Align::Left);
            let marker = if numbered {
                self.engine.shape(&format!("{}.", i + 1), BODY_BOLD)
            } else {
                self.engine.shape("•", BODY_BOLD)
            };
            if let Some(first) = rows.first_mut() {
                let marker_x = if numbered {
                    x + HANG - 5.0 - marker.width
                } else {
                    x + 4.0
                };
                let baseline = first.ops.iter().find_map(|op| match op {
                    Op::Text { baseline, .. } => Some(*baseline),
                    _ => None,
                });
                // Before the item's text, so the PDF reads "• item" in order.
                first.ops.insert(
                    0,
                    Op::Text {
                        x: marker_x,
                        baseline: baseline.unwrap_or(first.height * 0.75),
                        line: marker,
                        luma: 0,
                    },
                );
                first.space_before = if i == 0 { PARA_GAP } else { ITEM_GAP };
            }
            if rows.len() <= 3 {
                keep_together(&mut rows);
            }
            out.extend(rows);
            item_ends.push(out.len());
        }
        if item_ends.len() >= 2 {
            for end in [item_ends[0], item_ends[item_ends.len() - 2]] {
                if let Some(row) = end.checked_sub(1).and_then(|i| out.get_mut(i)) {
                    row.keep_with_next = true;
                }
            }
        }
        out
    }

    /// A checkbox with the question beside it; `answer_label` adds ruled lines to write on.
    fn checklist_rows(&mut self, text: &str, answer_label: Option<&str>) -> Vec<Row> {
        let indent = HANG + 4.0;
        let mut rows = self.text_rows(text, BODY, indent, self.width - indent, Align::Left);
        if let Some(first) = rows.first_mut() {
            let y = (first.height - CHECKBOX) / 2.0;
            first.ops.push(Op::Outline {
                x: 1.0,
                y,
                w: CHECKBOX,
                h: CHECKBOX,
                width: 1.2,
            });
            first.space_before = if answer_label.is_some() {
                12.0
            } else {
                ITEM_GAP
            };
        }
        if let Some(label) = answer_label {
            let label = self.engine.shape(label, SMALL);
            let mut label_row = self.line_row(label, indent, GRAY_TEXT);
            label_row.space_before = 2.0;
            rows.push(label_row);
            for _ in 0..ANSWER_LINES {
                rows.push(Row::new(
                    ANSWER_LINE,
                    vec![Op::Fill {
                        x: indent,
                        y: ANSWER_LINE - 1.0,
                        w: self.width - indent,
                        h: 0.7,
                        luma: 0,
                    }],
                ));
            }
        }
        keep_together(&mut rows);
        rows
    }

    /// Draw a box around rows laid out for `self.width - inset(style)`.
    fn boxed(&self, inner: Vec<Row>, style: BoxStyle) -> Vec<Row> {
        let n = inner.len();
        let left = style.bar.max(style.border) + BOX_PAD;
        let mut out = Vec::with_capacity(n);
        for (i, mut row) in inner.into_iter().enumerate() {
            let first = i == 0;
            let last = i + 1 == n;
            let top = if first {
                style.border + BOX_PAD - 2.0
            } else {
                row.space_before
            };
            row.shift(left, top);
            row.space_before = 0.0;
            if last {
                row.height += BOX_PAD + style.border;
            }
            let h = row.height;
            let w = self.width;
            let mut decor = Vec::new();
            if let Some(luma) = style.background {
                decor.push(Op::Fill {
                    x: 0.0,
                    y: 0.0,
                    w,
                    h,
                    luma,
                });
            }
            let edge = |x: f32, y: f32, w: f32, h: f32| Op::Fill {
                x,
                y,
                w,
                h,
                luma: 0,
            };
            decor.push(edge(0.0, 0.0, style.bar.max(style.border), h));
            if style.border > 0.0 {
                decor.push(edge(w - style.border, 0.0, style.border, h));
                if first {
                    decor.push(edge(0.0, 0.0, w, style.border));
                }
                if last {
                    decor.push(edge(0.0, h - style.border, w, style.border));
                }
            }
            row.ops.splice(0..0, decor);
            out.push(row);
        }
        keep_together(&mut out);
        if let Some(first) = out.first_mut() {
            first.space_before = PARA_GAP + 4.0;
        }
        out
    }

    fn inner_width(&self, style: BoxStyle) -> f32 {
        self.width - 2.0 * BOX_PAD - style.bar.max(style.border) - style.border
    }

    fn callout_rows(&mut self, c: &Callout) -> Vec<Row> {
        let style = BoxStyle::for_tone(c.tone);
        let width = self.inner_width(style);
        let mut inner = self.text_rows(&c.title, H2, 0.0, width, Align::Left);
        if let Some(text) = &c.text {
            let mut rows = self.text_rows(text, BODY, 0.0, width, Align::Left);
            if let Some(first) = rows.first_mut() {
                first.space_before = 3.0;
            }
            inner.extend(rows);
        }
        inner.extend(self.list_rows(&c.items, false, 0.0, width));
        self.boxed(inner, style)
    }

    fn image_rows(&mut self, img: &Image) -> Vec<Row> {
        let Some(bytes) = self.source.read_image(&img.src) else {
            log::warn!("handout: the picture {} cannot be read; left out", img.src);
            return Vec::new();
        };
        let image = match PdfImage::from_png(bytes.into(), true) {
            Ok(image) => image,
            Err(e) => {
                log::warn!(
                    "handout: the picture {} is not a usable PNG ({e}); left out",
                    img.src
                );
                return Vec::new();
            }
        };
        let (px_w, px_h) = image.size();
        if px_w == 0 || px_h == 0 {
            return Vec::new();
        }
        let aspect = px_w as f32 / px_h as f32;
        let mut h = IMAGE_MAX_HEIGHT;
        let mut w = h * aspect;
        if w > self.width {
            w = self.width;
            h = w / aspect;
        }
        let mut rows = vec![Row::new(
            h,
            vec![Op::Image {
                x: (self.width - w) / 2.0,
                y: 0.0,
                w,
                h,
                image,
            }],
        )];
        rows[0].space_before = PARA_GAP + 4.0;
        if let Some(caption) = &img.caption {
            let mut caption_rows = self.text_rows(caption, SMALL, 0.0, self.width, Align::Center);
            if let Some(first) = caption_rows.first_mut() {
                first.space_before = 4.0;
            }
            rows.extend(caption_rows);
        }
        keep_together(&mut rows);
        rows
    }

    fn block_rows(&mut self, block: &Block) -> Vec<Row> {
        let width = self.width;
        match block {
            Block::Paragraph(text) => self.paragraph_rows(text, BODY, 0.0, width),
            Block::Bullets(items) => self.list_rows(items, false, 0.0, width),
            Block::Steps(items) => self.list_rows(items, true, 0.0, width),
            Block::Callout(c) if self.callouts_done.contains(c) => Vec::new(),
            Block::Callout(c) => {
                self.callouts_done.push(c.clone());
                self.callout_rows(c)
            }
            Block::Image(img) => self.image_rows(img),
            Block::Question(q) => self.checklist_rows(&q.text, None),
            // Private: what a patient ticks adds to their own question list, which prints.
            Block::SelfCheck(_) | Block::Quiz(_) => Vec::new(),
            // Empty boxes: what a patient ticked on screen stays on screen.
            Block::Checklist(list) => {
                let mut rows = self.paragraph_rows(&list.title, BODY_BOLD, 0.0, width);
                for item in &list.items {
                    rows.extend(self.checklist_rows(item, None));
                }
                rows
            }
        }
    }

    /// A topic: its title over a rule, then each page's heading and blocks.
    pub fn topic(&mut self, topic: &Topic) {
        let mut title = self.heading_rows(&topic.title, H1, H1_GAP, self.width);
        if let Some(last) = title.last_mut() {
            let y = last.height + 1.0;
            last.ops.push(Op::Fill {
                x: 0.0,
                y,
                w: self.width,
                h: 1.5,
                luma: 0,
            });
            last.height += 5.0;
        }
        self.rows.extend(title);
        for page in &topic.pages {
            let mut body = Vec::new();
            for (i, block) in page.blocks.iter().enumerate() {
                let rows = self.block_rows(block);
                // "Bring a list of:" never ends a column with its list in the next.
                let leads_into_list = matches!(block, Block::Paragraph(t) if t.trim_end().ends_with(':'))
                    && matches!(
                        page.blocks.get(i + 1),
                        Some(Block::Bullets(_) | Block::Steps(_))
                    );
                body.extend(rows);
                if leads_into_list && let Some(last) = body.last_mut() {
                    last.keep_with_next = true;
                }
            }
            // A page whose blocks print nothing (a quiz, a self-check, a box printed
            // already) prints no heading either.
            if body.is_empty() {
                continue;
            }
            let heading = self.heading_rows(&page.heading, H2, H2_GAP, self.width);
            self.rows.extend(heading);
            self.rows.extend(body);
        }
    }

    /// "Your questions": each picked question with a box to tick and lines for the answers.
    pub fn questions(&mut self, heading: &str, intro: &str, answers: &str, questions: &[&str]) {
        if questions.is_empty() {
            return;
        }
        let rows = self.heading_rows(heading, H1, H1_GAP, self.width);
        self.rows.extend(rows);
        let mut intro_rows = self.paragraph_rows(intro, BODY, 0.0, self.width);
        if let Some(last) = intro_rows.last_mut() {
            last.keep_with_next = true;
        }
        self.rows.extend(intro_rows);
        for q in questions {
            let rows = self.checklist_rows(q, Some(answers));
            self.rows.extend(rows);
        }
    }

    /// Language help on paper: under `heading`, each language's name and its tagline (free
    /// language help is available) in its own script, right-aligned where it reads right to
    /// left. Each language stays in one piece.
    pub fn language_help(&mut self, heading: &str, languages: &[crate::language_help::Language]) {
        use crate::language_help::layout;
        if languages.is_empty() {
            return;
        }
        let rows = self.heading_rows(heading, H1, H1_GAP, self.width);
        self.rows.extend(rows);
        for lang in languages {
            let mut rows = Vec::new();
            for (text, size) in [(&lang.name, 11.0), (&lang.tagline, 10.0)] {
                for line in layout::lines(text, lang.font, size, self.width) {
                    // Enough room for marks above and below (Vietnamese, Indic scripts).
                    let height = size * 1.4;
                    let x = if lang.rtl() {
                        (self.width - line.width).max(0.0)
                    } else {
                        0.0
                    };
                    // Noto's ascent and descent (1.07 and 0.29 em) centred in the line.
                    let baseline = (height - 1.36 * size) / 2.0 + 1.07 * size;
                    rows.push(Row::new(
                        height,
                        vec![Op::Notice {
                            x,
                            baseline,
                            line,
                            size,
                        }],
                    ));
                }
            }
            keep_together(&mut rows);
            if let Some(first) = rows.first_mut() {
                first.space_before = ITEM_GAP;
            }
            self.rows.extend(rows);
        }
    }

    /// The clinic's name and details (with the QR code to its website on the right), the
    /// title, the date and the general-information note.
    pub fn header(&mut self, header: &Header<'_>) {
        let qr_column = if header.qr.is_some() { QR_COLUMN } else { 0.0 };
        let left_width = self.width - qr_column;
        let mut ops = Vec::new();
        let mut y = 0.0;
        for row in self.text_rows(header.clinic_name, CLINIC, 0.0, left_width, Align::Left) {
            ops.extend(row.ops.into_iter().map(|op| op.shifted(0.0, y)));
            y += row.height;
        }
        y += 2.0;
        let label_width = header
            .details
            .iter()
            .map(|(label, _)| self.engine.width(label, BODY_BOLD))
            .fold(0.0, f32::max);
        let value_x = label_width + 10.0;
        for (label, value) in &header.details {
            let label = self.engine.shape(label, BODY_BOLD);
            let label_row = self.line_row(label, 0.0, 0);
            ops.extend(label_row.ops.into_iter().map(|op| op.shifted(0.0, y)));
            let value_rows =
                self.text_rows(value, BODY, value_x, left_width - value_x, Align::Left);
            for row in value_rows {
                ops.extend(row.ops.into_iter().map(|op| op.shifted(0.0, y)));
                y += row.height;
            }
        }
        let mut right_y = 0.0;
        if let Some((dark, size, label)) = &header.qr {
            let module = QR_SIZE / *size as f32;
            let x = self.width - (QR_COLUMN + QR_SIZE) / 2.0;
            ops.push(Op::Qr {
                x,
                y: 2.0,
                module,
                size: *size,
                dark: dark.clone(),
            });
            right_y = QR_SIZE + 6.0;
            let label_rows = self.text_rows(
                label,
                SMALL,
                self.width - QR_COLUMN + 6.0,
                QR_COLUMN - 6.0,
                Align::Center,
            );
            for row in label_rows {
                ops.extend(row.ops.into_iter().map(|op| op.shifted(0.0, right_y)));
                right_y += row.height;
            }
        }
        let height = f32::max(y, right_y) + 8.0;
        ops.push(Op::Fill {
            x: 0.0,
            y: height - 2.0,
            w: self.width,
            h: 2.0,
            luma: 0,
        });
        self.rows.push(Row::new(height, ops));

        let mut title = self.heading_rows(header.title, TITLE, 14.0, self.width);
        if let Some(last) = title.last_mut() {
            last.keep_with_next = false;
        }
        self.rows.extend(title);
        let printed = self.text_rows(header.printed_on, BODY, 0.0, self.width, Align::Left);
        self.rows.extend(printed);
        let style = BoxStyle::for_tone(Tone::Note);
        let width = self.inner_width(style);
        let mut note = self.text_rows(header.note, BODY_BOLD, 0.0, width, Align::Left);
        if !header.owner.trim().is_empty() {
            note.extend(self.text_rows(header.owner, BODY, 0.0, width, Align::Left));
        }
        let boxed = self.boxed(note, style);
        self.rows.extend(boxed);
    }
}
