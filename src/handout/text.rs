//! Text layout for the handout. krilla writes glyphs but does not break lines, so:
//! epaint (egui's text engine, already built for the screens) decides where each line
//! breaks, wrapping long words when it must, and harfrust (the shaper epaint itself uses)
//! turns each line into glyphs with kerning. Each glyph keeps the text it stands for, so the
//! PDF can be searched and read aloud.

use std::sync::Arc;

use epaint::text::{
    FontData, FontDefinitions, FontFamily, FontId, Fonts, LayoutJob, TextFormat, TextOptions,
    TextWrapping,
};
use harfrust::{FontRef, ShaperData, UnicodeBuffer};
use krilla::text::{GlyphId, KrillaGlyph};
use skrifa::MetadataProvider as _;

const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/AtkinsonHyperlegible-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/AtkinsonHyperlegible-Bold.ttf");

/// epaint lays text out on a pixel grid; at one pixel per point it snaps each glyph to the
/// nearest point at most, which the width check below allows for, and its glyph atlas stays
/// small.
const PIXELS_PER_POINT: f32 = 1.0;

/// Lines are broken this much short of the width asked for, so the pixel snapping above can
/// never push a line past the margin.
const WRAP_SLACK: f32 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

/// A font size (points) and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub size: f32,
    pub weight: Weight,
}

impl Style {
    pub const fn regular(size: f32) -> Self {
        Self {
            size,
            weight: Weight::Regular,
        }
    }

    pub const fn bold(size: f32) -> Self {
        Self {
            size,
            weight: Weight::Bold,
        }
    }
}

/// One laid-out line: its text, the glyphs that draw it, and how wide it is.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub glyphs: Vec<KrillaGlyph>,
    pub width: f32,
    pub style: Style,
}

/// A font for both jobs: harfrust shapes with it, krilla embeds (a subset of) it.
struct Face {
    font_ref: FontRef<'static>,
    shaper: ShaperData,
    units_per_em: f32,
    /// Ascent and descent (negative) as a fraction of the font size.
    ascent: f32,
    descent: f32,
    pdf: krilla::text::Font,
}

impl Face {
    fn new(data: &'static [u8], name: &str) -> Result<Self, String> {
        let font_ref =
            FontRef::new(data).map_err(|e| format!("the {name} font cannot be read: {e}"))?;
        let metrics = font_ref.metrics(
            skrifa::instance::Size::unscaled(),
            skrifa::instance::LocationRef::default(),
        );
        let units_per_em = f32::from(metrics.units_per_em.max(1));
        let pdf = krilla::text::Font::new(data.into(), 0)
            .ok_or_else(|| format!("the {name} font cannot be embedded in a PDF"))?;
        Ok(Self {
            shaper: ShaperData::new(&font_ref),
            font_ref,
            units_per_em,
            ascent: metrics.ascent / units_per_em,
            descent: metrics.descent / units_per_em,
            pdf,
        })
    }
}

/// Breaks and shapes text in the handout's two fonts.
pub struct TextEngine {
    fonts: Fonts,
    regular: Face,
    bold: Face,
}

const BOLD_FAMILY: &str = "bold";

impl TextEngine {
    pub fn new() -> Result<Self, String> {
        let mut defs = FontDefinitions::empty();
        defs.font_data.insert(
            "regular".into(),
            Arc::new(FontData::from_static(REGULAR_TTF)),
        );
        defs.font_data
            .insert("bold".into(), Arc::new(FontData::from_static(BOLD_TTF)));
        defs.families
            .insert(FontFamily::Proportional, vec!["regular".into()]);
        defs.families
            .insert(FontFamily::Name(BOLD_FAMILY.into()), vec!["bold".into()]);
        let options = TextOptions {
            font_hinting: false,
            subpixel_binning: false,
            ..TextOptions::default()
        };
        Ok(Self {
            fonts: Fonts::new(options, defs),
            regular: Face::new(REGULAR_TTF, "regular")?,
            bold: Face::new(BOLD_TTF, "bold")?,
        })
    }

    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The krilla font to draw a line of this weight with.
    pub fn pdf_font(&self, weight: Weight) -> krilla::text::Font {
        self.face(weight).pdf.clone()
    }

    /// Distance from the top of the glyphs' box to the baseline, and the box's height.
    pub fn ascent_and_height(&self, style: Style) -> (f32, f32) {
        let face = self.face(style.weight);
        (
            face.ascent * style.size,
            (face.ascent - face.descent) * style.size,
        )
    }

    /// Break `text` into lines no wider than `width` points. A `\n` starts a new line; a word
    /// longer than a whole line is split wherever it must be. Every character of the text
    /// ends up on some line, except spaces at line ends.
    pub fn lines(&mut self, text: &str, style: Style, width: f32) -> Vec<Line> {
        let mut out = Vec::new();
        let family = match style.weight {
            Weight::Regular => FontFamily::Proportional,
            Weight::Bold => FontFamily::Name(BOLD_FAMILY.into()),
        };
        for para in text.split('\n') {
            let para = para.trim();
            if para.is_empty() {
                continue;
            }
            let mut job = LayoutJob::single_section(
                para.to_owned(),
                TextFormat::simple(
                    FontId::new(style.size, family.clone()),
                    epaint::Color32::BLACK,
                ),
            );
            job.wrap = TextWrapping {
                max_width: (width - WRAP_SLACK).max(style.size),
                ..TextWrapping::default()
            };
            let galley = self.fonts.layout_uncached(PIXELS_PER_POINT, Arc::new(job));
            // epaint keeps one glyph per character, so each row is the next run of characters.
            let mut start = 0;
            for row in &galley.rows {
                let count = row.row.glyphs.len();
                let end = para[start..]
                    .char_indices()
                    .nth(count)
                    .map_or(para.len(), |(i, _)| start + i);
                self.push_line(&mut out, &para[start..end], style);
                start = end;
            }
            // Never drop text, even if epaint's rows and the characters ever disagree.
            self.push_line(&mut out, &para[start..], style);
        }
        out
    }

    fn push_line(&self, out: &mut Vec<Line>, text: &str, style: Style) {
        let text = text.trim();
        if !text.is_empty() {
            out.push(self.shape(text, style));
        }
    }

    /// Shape one line (no breaking).
    pub fn shape(&self, text: &str, style: Style) -> Line {
        let face = self.face(style.weight);
        let shaper = face.shaper.shaper(&face.font_ref).build();
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = shaper.shape(buffer, harfrust::ShapeOptions::new());
        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        let upem = face.units_per_em;
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut advance = 0.0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // The cluster runs up to the next glyph that starts a different one.
            let end = infos[i + 1..]
                .iter()
                .map(|next| next.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            let x_advance = pos.x_advance as f32 / upem;
            advance += x_advance;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                x_advance,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end.max(start),
                None,
            ));
        }
        Line {
            text: text.to_owned(),
            glyphs,
            width: advance * style.size,
            style,
        }
    }

    /// How wide `text` is on one line.
    pub fn width(&self, text: &str, style: Style) -> f32 {
        self.shape(text, style).width
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_the_width_and_keep_every_word() {
        let mut engine = TextEngine::new().unwrap();
        let text = "Most people have mild side effects for a few days, and a word like \
                    Pneumonoultramicroscopicsilicovolcanoconiosisxxxxxxxxxxxxxxxxxxxxxxxx \
                    is split rather than cut off.";
        let style = Style::regular(13.0);
        let lines = engine.lines(text, style, 150.0);
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(line.width <= 150.0, "{} is {} wide", line.text, line.width);
        }
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
        let without_spaces: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined.replace(' ', ""), without_spaces);
    }

    #[test]
    fn glyphs_cover_the_text_in_order() {
        let engine = TextEngine::new().unwrap();
        let line = engine.shape("Qué es el microneedling", Style::bold(20.0));
        assert_eq!(line.glyphs.first().unwrap().text_range.start, 0);
        assert_eq!(line.glyphs.last().unwrap().text_range.end, line.text.len());
        assert!(line.width > 100.0 && line.width < 300.0, "{}", line.width);
    }
}
