//! The printed handout: what the patient read and the questions they picked, on paper, in
//! their language, in large clear print. One builder serves the kiosk's print button and the
//! `patient-kiosk handout` command.
//!
//! The steps: check the request's ids, fill the clinic's details into the content, lay the
//! text out into rows ([`text`], [`compose`]), cut the rows into pages ([`layout`]), add
//! "Page n of N" and write the PDF with krilla ([`pdf`]). Nothing here prints or saves; see
//! [`crate::system::print`].

mod compose;
mod layout;
mod pdf;
mod text;
pub mod words;

use crate::config::Settings;
use crate::content::{ContentSource, Library};

pub use crate::config::Paper;
use compose::{Composer, Header, sizes};
use layout::{Op, Placed, Row};
use text::TextEngine;

/// What to put in a handout. Holds no name or anything else that identifies the patient.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The patient's language; content and wording fall back to English where missing.
    pub lang: String,
    /// Topic ids; printed in the kiosk's topic order, each once.
    pub topics: Vec<String>,
    /// Question ids; printed in this order, each once.
    pub questions: Vec<String>,
    pub paper: Paper,
    /// The day it is printed (the only date on the page).
    pub date: chrono::NaiveDate,
}

impl Request {
    /// The content's default topics ([`Library::handout_topics`]), no questions, and the
    /// clinic's paper.
    pub fn with_defaults(
        library: &Library,
        settings: &Settings,
        lang: &str,
        date: chrono::NaiveDate,
    ) -> Self {
        Self {
            lang: lang.to_owned(),
            topics: library.handout_topics().to_vec(),
            questions: Vec::new(),
            paper: settings.paper,
            date,
        }
    }
}

/// A finished handout.
#[derive(Debug, Clone)]
pub struct Handout {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoutError {
    #[error("unknown topic `{id}`; the topics are: {}", valid.join(", "))]
    UnknownTopic { id: String, valid: Vec<String> },
    #[error("unknown question `{id}`; the questions are: {}", valid.join(", "))]
    UnknownQuestion { id: String, valid: Vec<String> },
    #[error("unknown language `{code}`; the languages are: {}", valid.join(", "))]
    UnknownLanguage { code: String, valid: Vec<String> },
    /// The built-in fonts or wording are broken: a bug in the build, not the request.
    #[error("the handout cannot be set up: {0}")]
    Setup(String),
    #[error("the handout PDF cannot be written: {0}")]
    Pdf(String),
}

/// Page margins, in points.
const MARGIN_X: f32 = 45.0;
const MARGIN_TOP: f32 = 48.0;
const MARGIN_BOTTOM: f32 = 40.0;
/// Between the last row of text and the footer.
const FOOTER_GAP: f32 = 12.0;
/// Between the header and the columns below it.
const HEADER_GAP: f32 = 14.0;
const COLUMNS: usize = 2;
const COLUMN_GAP: f32 = 24.0;

/// Build the handout's PDF.
pub fn build(
    library: &Library,
    source: &dyn ContentSource,
    settings: &Settings,
    req: &Request,
) -> Result<Handout, HandoutError> {
    if !library.offers(&req.lang) {
        return Err(HandoutError::UnknownLanguage {
            code: req.lang.clone(),
            valid: library.languages.clone(),
        });
    }
    let content = library.lang(&req.lang);
    let topics = chosen_topics(library, req)?;
    let questions = chosen_questions(library, req)?;
    let words = words::for_lang(&req.lang).map_err(HandoutError::Setup)?;
    // The same stand-in for a missing phone number as on screen.
    let mut fill = settings.placeholders(&req.lang, &crate::i18n::Strings::get(&req.lang).no_phone);
    // A phone number reads best on one line (the stand-in words may wrap).
    if !settings.clinic_phone.trim().is_empty() {
        fill.clinic_phone = fill.clinic_phone.replace(' ', "\u{a0}");
    }

    let (paper_w, paper_h) = req.paper.size_pt();
    let width = paper_w - 2.0 * MARGIN_X;
    let mut engine = TextEngine::new().map_err(HandoutError::Setup)?;

    // The footer first: its height decides how much room the text has on each page.
    let footer_left = footer_text(settings, &req.lang);
    let page_label_room = engine.width(&words.page_of(99, 99), sizes::SMALL_BOLD) + 24.0;
    let footer_lines = engine.lines(&footer_left, sizes::SMALL, width - page_label_room);
    let footer_height = footer_lines.len().max(1) as f32 * sizes::SMALL.size * sizes::LEADING;
    let footer_top = paper_h - MARGIN_BOTTOM - footer_height;
    let body_height = footer_top - FOOTER_GAP - MARGIN_TOP;

    let qr = qr_modules(&settings.clinic_website);
    let mut details = Vec::new();
    for (label, value) in [
        (&words.phone, &settings.clinic_phone),
        (&words.address, &settings.clinic_address),
        (&words.website, &settings.clinic_website),
    ] {
        if !value.trim().is_empty() {
            details.push((label.as_str(), value.as_str()));
        }
    }
    let printed_on = words.printed_on(req.date);
    let header = Header {
        clinic_name: settings.clinic_name_in(&req.lang),
        details,
        qr: qr.map(|(dark, size)| (dark, size, words.scan_website.as_str())),
        title: &words.title,
        printed_on: &printed_on,
        note: &words.general_info,
        owner: settings.content_owner_in(&req.lang),
    };

    // The header runs across the page; the topics and questions flow down two columns,
    // about 40 characters wide, the line length easy readers manage best.
    let mut composer = Composer::new(&mut engine, width, &fill, source);
    composer.header(&header);
    let header_rows = std::mem::take(&mut composer.rows);
    let column_width = (width - COLUMN_GAP) / COLUMNS as f32;
    let mut composer = Composer::new(&mut engine, column_width, &fill, source);
    for id in &topics {
        if let Some(topic) = content.topic(id) {
            composer.topic(topic);
        }
    }
    let question_texts: Vec<&str> = questions
        .iter()
        .filter_map(|id| content.question(id))
        .map(|q| q.text.as_str())
        .collect();
    composer.questions(
        &words.your_questions,
        &words.questions_intro,
        &words.answers,
        &question_texts,
    );
    // The notice of free language help, in the clinic's languages (Section 1557: a
    // significant communication carries it).
    let (help, _, _) = crate::language_help::LanguageHelp::load(source, settings);
    composer.language_help(
        &crate::i18n::Strings::get(&req.lang).language_help,
        help.languages(),
    );
    let rows = std::mem::take(&mut composer.rows);

    let mut pages = place(header_rows, rows, column_width, body_height);
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let footer = footer_row(&engine, &footer_lines, &words.page_of(i + 1, total), width);
        page.push(Placed {
            x: 0.0,
            y: footer_top,
            row: footer,
        });
    }
    let title = format!("{} - {}", words.title, settings.clinic_name_in(&req.lang));
    let info = pdf::Info {
        title: &title,
        lang: &req.lang,
    };
    let pdf = pdf::write(&engine, (paper_w, paper_h), MARGIN_X, &pages, &info)
        .map_err(HandoutError::Pdf)?;
    Ok(Handout { pdf, pages: total })
}

/// Put the header at the top of page 1 and pour the rows into the columns below it, page
/// after page. Returns each page's rows, placed from the paper's top edge.
fn place(
    header_rows: Vec<Row>,
    rows: Vec<Row>,
    column_width: f32,
    body_height: f32,
) -> Vec<Vec<Placed>> {
    let mut first_page = Vec::new();
    let mut header_height = 0.0;
    for (i, row) in header_rows.into_iter().enumerate() {
        if i > 0 {
            header_height += row.space_before;
        }
        let height = row.height;
        first_page.push(Placed {
            x: 0.0,
            y: MARGIN_TOP + header_height,
            row,
        });
        header_height += height;
    }
    header_height += HEADER_GAP;
    let columns = layout::paginate(rows, |n| {
        if n < COLUMNS {
            body_height - header_height
        } else {
            body_height
        }
    });
    let mut pages = vec![first_page];
    for (n, column) in columns.into_iter().enumerate() {
        let page = n / COLUMNS;
        if page >= pages.len() {
            pages.push(Vec::new());
        }
        let x = (n % COLUMNS) as f32 * (column_width + COLUMN_GAP);
        let top = MARGIN_TOP + if page == 0 { header_height } else { 0.0 };
        if let Some(placed) = pages.last_mut() {
            placed.extend(column.into_iter().map(|p| Placed {
                x,
                y: top + p.y,
                row: p.row,
            }));
        }
    }
    pages
}

fn chosen_topics(library: &Library, req: &Request) -> Result<Vec<String>, HandoutError> {
    let all = &library.lang(library.fallback_lang()).topics;
    if let Some(bad) = req
        .topics
        .iter()
        .find(|id| !all.iter().any(|t| &t.id == *id))
    {
        return Err(HandoutError::UnknownTopic {
            id: bad.clone(),
            valid: all.iter().map(|t| t.id.clone()).collect(),
        });
    }
    Ok(all
        .iter()
        .filter(|t| req.topics.contains(&t.id))
        .map(|t| t.id.clone())
        .collect())
}

fn chosen_questions(library: &Library, req: &Request) -> Result<Vec<String>, HandoutError> {
    let valid = library.question_ids();
    let mut out: Vec<String> = Vec::new();
    for id in &req.questions {
        if !valid.contains(&id.as_str()) {
            return Err(HandoutError::UnknownQuestion {
                id: id.clone(),
                valid: valid.iter().map(|&v| v.to_owned()).collect(),
            });
        }
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    Ok(out)
}

/// The clinic's name and phone, so a loose page still says whom to call. The phone number
/// stays on one line, and a wrapped footer breaks after the dot between the two.
fn footer_text(settings: &Settings, lang: &str) -> String {
    let phone = settings.clinic_phone.trim().replace(' ', "\u{a0}");
    [settings.clinic_name_in(lang).trim(), phone.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\u{a0}\u{a0}·  ")
}

fn footer_row(engine: &TextEngine, left: &[text::Line], page_label: &str, width: f32) -> Row {
    let line_height = sizes::SMALL.size * sizes::LEADING;
    let (ascent, box_height) = engine.ascent_and_height(sizes::SMALL);
    let baseline = (line_height - box_height) / 2.0 + ascent;
    let mut ops = vec![Op::Fill {
        x: 0.0,
        y: -6.0,
        w: width,
        h: 0.75,
        luma: 0,
    }];
    for (i, line) in left.iter().enumerate() {
        ops.push(Op::Text {
            x: 0.0,
            baseline: baseline + i as f32 * line_height,
            line: line.clone(),
            luma: 0,
        });
    }
    let label = engine.shape(page_label, sizes::SMALL_BOLD);
    ops.push(Op::Text {
        x: width - label.width,
        baseline,
        line: label,
        luma: 0,
    });
    Row::new(line_height * left.len().max(1) as f32, ops)
}

/// The QR code for the clinic's website, if one is set: its dark modules and side length.
/// A quiet zone is left around it by the layout, not in the modules.
fn qr_modules(website: &str) -> Option<(Vec<bool>, usize)> {
    let site = website.trim();
    if site.is_empty() {
        return None;
    }
    let url = if site.contains("://") {
        site.to_owned()
    } else {
        format!("https://{site}")
    };
    match qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => {
            let size = code.width();
            let dark = code
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect();
            Some((dark, size))
        }
        Err(e) => {
            log::warn!("handout: no QR code for the website ({e})");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_names_parse_as_the_settings_spell_them() {
        assert_eq!("A4".parse::<Paper>(), Ok(Paper::A4));
        assert_eq!(Paper::from_name("letter"), Some(Paper::Letter));
        assert!("legal".parse::<Paper>().unwrap_err().contains("letter"));
    }

    #[test]
    fn a_website_without_a_scheme_still_gets_a_qr_code() {
        let (dark, size) = qr_modules("example-clinic.com").unwrap();
        assert_eq!(dark.len(), size * size);
        assert!(size >= 21);
        assert!(qr_modules("  ").is_none());
    }
}
