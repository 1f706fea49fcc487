//! Writes laid-out pages as a PDF with krilla. krilla embeds only the glyphs used (subset
//! fonts) and maps every glyph back to its text, so the handout can be searched, copied and
//! read aloud. Everything is drawn in gray levels so it prints the same in black and white.

use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};

use super::layout::{Op, Placed};
use super::text::TextEngine;

/// What the document says about itself (shown by PDF readers, used by screen readers).
pub struct Info<'a> {
    pub title: &'a str,
    pub lang: &'a str,
}

/// Draw `pages` on paper `size` points; rows are placed from the top edge and from
/// `margin_x`.
pub fn write(
    engine: &TextEngine,
    size: (f32, f32),
    margin_x: f32,
    pages: &[Vec<Placed>],
    info: &Info<'_>,
) -> Result<Vec<u8>, String> {
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(info.title.to_owned())
            .language(info.lang.to_owned())
            .creator("patient-kiosk".to_owned()),
    );
    let settings = PageSettings::from_wh(size.0, size.1)
        .ok_or_else(|| format!("bad paper size {} x {} pt", size.0, size.1))?;
    for placed in pages {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        for Placed { x, y, row } in placed {
            for op in &row.ops {
                draw(&mut surface, engine, op, margin_x + x, *y);
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| e.to_string())
}

/// The PDF font of a language help notice font (read once, embedded as a subset by krilla).
fn notice_font(key: crate::language_help::fonts::FontKey) -> Option<krilla::text::Font> {
    use crate::language_help::fonts::ALL;
    static FONTS: std::sync::OnceLock<Vec<Option<krilla::text::Font>>> = std::sync::OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        ALL.iter()
            .map(|k| krilla::text::Font::new(k.bytes().into(), 0))
            .collect()
    });
    fonts.get(ALL.iter().position(|k| *k == key)?)?.clone()
}

fn fill(luma: u8) -> Fill {
    Fill {
        paint: luma::Color::new(luma).into(),
        ..Fill::default()
    }
}

fn draw(surface: &mut Surface<'_>, engine: &TextEngine, op: &Op, dx: f32, dy: f32) {
    match op {
        Op::Text {
            x,
            baseline,
            line,
            luma,
        } => {
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*luma)));
            surface.draw_glyphs(
                Point::from_xy(dx + x, dy + baseline),
                &line.glyphs,
                engine.pdf_font(line.style.weight),
                &line.text,
                line.style.size,
                false,
            );
        }
        Op::Notice {
            x,
            baseline,
            line,
            size,
        } => {
            surface.set_stroke(None);
            surface.set_fill(Some(fill(0)));
            let mut at = dx + x;
            for run in &line.runs {
                let Some(font) = notice_font(run.font) else {
                    continue;
                };
                let glyphs: Vec<KrillaGlyph> = crate::language_help::layout::shape(run)
                    .into_iter()
                    .map(|g| {
                        KrillaGlyph::new(
                            GlyphId::new(g.id),
                            g.x_advance,
                            g.x_offset,
                            g.y_offset,
                            g.y_advance,
                            g.text,
                            None,
                        )
                    })
                    .collect();
                let advance: f32 = glyphs.iter().map(|g| g.x_advance).sum::<f32>() * size;
                surface.draw_glyphs(
                    Point::from_xy(at, dy + baseline),
                    &glyphs,
                    font,
                    &run.text,
                    *size,
                    false,
                );
                at += advance;
            }
        }
        Op::Fill { x, y, w, h, luma } => {
            let mut pb = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(dx + x, dy + y, *w, *h) {
                pb.push_rect(rect);
            }
            if let Some(path) = pb.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(*luma)));
                surface.draw_path(&path);
            }
        }
        Op::Outline { x, y, w, h, width } => {
            let mut pb = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(dx + x, dy + y, *w, *h) {
                pb.push_rect(rect);
            }
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    width: *width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Op::Image { x, y, w, h, image } => {
            if let Some(size) = Size::from_wh(*w, *h) {
                surface.push_transform(&Transform::from_translate(dx + x, dy + y));
                surface.draw_image(image.clone(), size);
                surface.pop();
            }
        }
        Op::Qr {
            x,
            y,
            module,
            size,
            dark,
        } => {
            // One rectangle per run of dark modules in a row: a small, crisp vector code.
            let mut pb = PathBuilder::new();
            for (r, cells) in dark.chunks(*size).enumerate() {
                let mut c = 0;
                while c < cells.len() {
                    if !cells[c] {
                        c += 1;
                        continue;
                    }
                    let start = c;
                    while c < cells.len() && cells[c] {
                        c += 1;
                    }
                    if let Some(rect) = Rect::from_xywh(
                        dx + x + start as f32 * module,
                        dy + y + r as f32 * module,
                        (c - start) as f32 * module,
                        *module,
                    ) {
                        pb.push_rect(rect);
                    }
                }
            }
            if let Some(path) = pb.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(0)));
                surface.draw_path(&path);
            }
        }
    }
}
