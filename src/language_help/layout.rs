//! Lines of a notice, ready to draw on screen (egui) or on paper (krilla). Neither lays out
//! right-to-left text or falls back between fonts mid-line the way a script needs, so this
//! does it for both: it breaks the text into lines (at spaces, between CJK characters,
//! inside a word only when it is longer than a line), puts each line's runs in visual order
//! with the Unicode bidirectional algorithm, and splits each run where the font changes
//! (digits and some punctuation come from the Latin font). Each run is then shaped whole by
//! harfrust, right to left where the run is, which joins Arabic letters and forms Indic
//! conjuncts; its glyphs come out in visual order.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use harfrust::{Direction, FontRef, ShaperData, UnicodeBuffer};
use unicode_bidi::{Level, ParagraphBidiInfo};
use unicode_segmentation::UnicodeSegmentation as _;

use super::fonts::{ALL, FontKey, font_for};

/// A piece of a line in one font and one direction, in logical order within itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub font: FontKey,
    pub text: String,
    pub rtl: bool,
}

/// One line: its runs left to right as they appear, and its width in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

impl Line {
    /// The line's text as it reads on screen, left to right (runs in visual order, each run's
    /// characters reversed when it runs right to left): for tests and checks.
    pub fn visual_text(&self) -> String {
        self.runs
            .iter()
            .map(|r| {
                if r.rtl {
                    r.text.graphemes(true).rev().collect::<String>()
                } else {
                    r.text.clone()
                }
            })
            .collect()
    }
}

/// The line as one egui layout job: a section per run, in visual order, each in its font's
/// family, never wrapped (the line is already broken).
pub fn layout_job(line: &Line, size: f32, color: egui::Color32) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    for run in &line.runs {
        job.append(
            &run.text,
            0.0,
            egui::text::TextFormat::simple(egui::FontId::new(size, run.font.family()), color),
        );
    }
    job.wrap.max_width = f32::INFINITY;
    job
}

/// One shaped glyph: its id, advance and offsets in ems, and the bytes of the run's text it
/// draws.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub id: u32,
    pub x_advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    pub y_advance: f32,
    pub text: Range<usize>,
}

struct Shaper {
    font: FontRef<'static>,
    data: ShaperData,
    units_per_em: f32,
}

fn shaper(key: FontKey) -> Option<&'static Shaper> {
    static SHAPERS: OnceLock<Vec<Option<Shaper>>> = OnceLock::new();
    let all = SHAPERS.get_or_init(|| {
        ALL.iter()
            .map(|k| {
                let font = FontRef::new(k.bytes()).ok()?;
                let units_per_em = {
                    use skrifa::MetadataProvider as _;
                    let m = font.metrics(
                        skrifa::instance::Size::unscaled(),
                        skrifa::instance::LocationRef::default(),
                    );
                    f32::from(m.units_per_em.max(1))
                };
                Some(Shaper {
                    data: ShaperData::new(&font),
                    font,
                    units_per_em,
                })
            })
            .collect()
    });
    let i = ALL.iter().position(|k| *k == key)?;
    all[i].as_ref()
}

/// Shape a run: its glyphs left to right (for a right-to-left run, the text's end comes
/// first).
pub fn shape(run: &Run) -> Vec<Glyph> {
    let Some(s) = shaper(run.font) else {
        return Vec::new();
    };
    let shaper = s.data.shaper(&s.font).build();
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&run.text);
    buffer.guess_segment_properties();
    buffer.set_direction(if run.rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    });
    let shaped = shaper.shape(buffer, harfrust::ShapeOptions::new());
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    // Each glyph draws its cluster: from its start up to the next cluster's start.
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let upem = s.units_per_em;
    infos
        .iter()
        .zip(positions)
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            let end = starts
                .iter()
                .copied()
                .find(|&c| c > start)
                .unwrap_or(run.text.len());
            Glyph {
                id: info.glyph_id,
                x_advance: pos.x_advance as f32 / upem,
                x_offset: pos.x_offset as f32 / upem,
                y_offset: pos.y_offset as f32 / upem,
                y_advance: pos.y_advance as f32 / upem,
                text: start..end,
            }
        })
        .collect()
}

/// How wide a run is at `size` points.
pub fn run_width(run: &Run, size: f32) -> f32 {
    shape(run).iter().map(|g| g.x_advance).sum::<f32>() * size
}

/// Where a line may break: after spaces, and on either side of a CJK character (but not
/// before the punctuation that closes it).
fn pieces(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_space = false;
    let mut prev_cjk = false;
    for (i, c) in text.char_indices() {
        let cjk = is_cjk(c);
        let closing = "。，、：；！？）」』．,.:;!?)".contains(c);
        if i > start && ((prev_space && !c.is_whitespace()) || ((cjk || prev_cjk) && !closing)) {
            out.push(start..i);
            start = i;
        }
        prev_space = c.is_whitespace();
        prev_cjk = cjk;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// A letter of a right-to-left script (Hebrew, Arabic and their presentation forms).
fn is_strong_rtl(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}')
}

/// Split logical text into runs of one font each.
fn font_runs(text: &str, script: FontKey, rtl: bool) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for g in text.graphemes(true) {
        let Some(first) = g.chars().next() else {
            continue;
        };
        // Spaces stay with the run they are in, so a line of one script is one run.
        let font = match runs.last() {
            Some(last) if first.is_whitespace() && last.font.covers(first) => last.font,
            _ => font_for(first, script),
        };
        match runs.last_mut() {
            Some(last) if last.font == font => last.text.push_str(g),
            _ => runs.push(Run {
                font,
                text: g.to_owned(),
                rtl,
            }),
        }
    }
    runs
}

fn width_of(text: &str, script: FontKey, size: f32) -> f32 {
    font_runs(text, script, false)
        .iter()
        .map(|r| run_width(r, size))
        .sum()
}

/// Break `text` (one paragraph per `\n`) in `script` into lines no wider than `width` points
/// at `size` points, each in visual order. A right-to-left script's paragraphs run right to
/// left (its lines are meant to be drawn against the right edge).
pub fn lines(text: &str, script: FontKey, size: f32, width: f32) -> Vec<Line> {
    // Shaping every notice again each frame would cost milliseconds: the screen asks for the
    // same few texts at the same sizes, so their lines are kept (a few hundred at most).
    type Key = (String, FontKey, u32, u32);
    static CACHE: OnceLock<Mutex<HashMap<Key, Vec<Line>>>> = OnceLock::new();
    let key = (text.to_owned(), script, size.to_bits(), width.to_bits());
    let cache = CACHE.get_or_init(Mutex::default);
    if let Ok(cache) = cache.lock()
        && let Some(lines) = cache.get(&key)
    {
        return lines.clone();
    }
    let lines = lines_uncached(text, script, size, width);
    if let Ok(mut cache) = cache.lock() {
        if cache.len() >= 512 {
            cache.clear();
        }
        cache.insert(key, lines.clone());
    }
    lines
}

fn lines_uncached(text: &str, script: FontKey, size: f32, width: f32) -> Vec<Line> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let para = para.trim();
        if para.is_empty() {
            continue;
        }
        let level = if script.is_rtl() {
            Level::rtl()
        } else {
            Level::ltr()
        };
        let bidi = ParagraphBidiInfo::new(para, Some(level));
        for range in break_lines(para, script, size, width) {
            out.push(visual_line(&bidi, para, range, script, size));
        }
    }
    out
}

/// Greedy line breaking in logical order: byte ranges of `para`, without trailing spaces.
fn break_lines(para: &str, script: FontKey, size: f32, width: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut used = 0.0;
    let mut pieces = pieces(para);
    pieces.reverse();
    while let Some(piece) = pieces.pop() {
        let text = &para[piece.clone()];
        let w = width_of(text, script, size);
        let w_trimmed = width_of(text.trim_end(), script, size);
        if start.is_some() && used + w_trimmed > width {
            lines.push(start.unwrap_or(0)..end);
            start = None;
            used = 0.0;
        }
        if start.is_none() && w_trimmed > width {
            // Longer than a whole line: as many graphemes as fit, the rest goes on.
            let mut cut = piece.start;
            for (i, g) in text.grapheme_indices(true) {
                let at = piece.start + i + g.len();
                if cut > piece.start && width_of(&para[piece.start..at], script, size) > width {
                    break;
                }
                cut = at;
            }
            lines.push(piece.start..cut);
            if cut < piece.end {
                pieces.push(cut..piece.end);
            }
            continue;
        }
        start.get_or_insert(piece.start);
        end = piece.end;
        used += w;
    }
    if let Some(s) = start {
        lines.push(s..end);
    }
    lines
        .into_iter()
        .map(|r| r.start..r.start + para[r.clone()].trim_end().len())
        .filter(|r| !r.is_empty())
        .collect()
}

fn visual_line(
    bidi: &ParagraphBidiInfo<'_>,
    para: &str,
    range: Range<usize>,
    script: FontKey,
    size: f32,
) -> Line {
    let (levels, runs) = bidi.visual_runs(range);
    let mut out = Vec::new();
    for run in runs {
        let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
        let mut pieces = font_runs(&para[run], script, rtl);
        if rtl {
            pieces.reverse();
            for piece in &mut pieces {
                // Punctuation and spaces alone in a right-to-left run (a comma from the Latin
                // font in a Yiddish line) have no direction of their own for a shaper to
                // find: put them in visual order here, and shape them left to right.
                if !piece.text.chars().any(is_strong_rtl) {
                    piece.text = piece.text.graphemes(true).rev().collect();
                    piece.rtl = false;
                }
            }
        }
        out.extend(pieces);
    }
    let width = out.iter().map(|r| run_width(r, size)).sum();
    Line { runs: out, width }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arabic_line_reads_right_to_left() {
        let lines = lines("أنا أتحدث العربية.", FontKey::Arabic, 20.0, 1000.0);
        assert_eq!(lines.len(), 1);
        // Left to right on screen: the full stop, then the last word ... the first word.
        let visual = lines[0].visual_text();
        assert!(visual.starts_with('.'), "{visual}");
        assert!(visual.ends_with("انأ"), "{visual}");
    }

    #[test]
    fn a_comma_from_another_font_stays_after_its_word_in_a_yiddish_line() {
        let lines = lines(
            "אויב איר רעדט אידיש, זענען פארהאן.",
            FontKey::Hebrew,
            20.0,
            2000.0,
        );
        let visual = lines[0].visual_text();
        // Read right to left: "אידיש" then its comma then a space then "זענען".
        assert!(visual.contains("ןענעז ,שידיא"), "{visual}");
        assert!(visual.starts_with('.'), "{visual}");
    }

    #[test]
    fn digits_in_a_right_to_left_line_keep_their_order() {
        let lines = lines("اتصل برقم 711 الآن", FontKey::Arabic, 20.0, 1000.0);
        let visual = lines[0].visual_text();
        assert!(visual.contains("711"), "{visual}");
        assert!(visual.find("711") < visual.find("لصتا"), "{visual}");
    }

    #[test]
    fn lines_fit_and_keep_every_character() {
        let text = "Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho bạn.";
        let lines = lines(text, FontKey::Latin, 20.0, 200.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 200.0 + 0.01, "{l:?}");
        }
        let joined: String = lines
            .iter()
            .map(Line::visual_text)
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(joined, text);
    }

    #[test]
    fn chinese_breaks_between_characters_but_not_before_a_full_stop() {
        let lines = lines(
            "如果您使用繁體中文，您可以免費獲得語言援助服務。",
            FontKey::CjkTc,
            20.0,
            100.0,
        );
        assert!(lines.len() > 2);
        for l in &lines {
            let t = l.visual_text();
            assert!(!t.starts_with(['，', '。']), "{t}");
        }
    }
}
