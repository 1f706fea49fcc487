//! The printed handout, read back the way a person or a printer would see it: the text on
//! each page (poppler's `pdftotext`), the fonts (`pdffonts`), the page count and paper size
//! (`pdfinfo`), and a real print through CUPS to the `KioskPDF` queue.
//!
//! Needs poppler-utils and, for the print test, CUPS with the KioskPDF printer:
//! run `.ci/cups-setup.sh` (as root) first.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDate;
use patient_kiosk::config::Settings;
use patient_kiosk::content::{self, Block, EmbeddedSource, LangContent, Library};
use patient_kiosk::handout::{self, Handout, HandoutError, Paper, Request};
use patient_kiosk::system::print::{self, PrintError};
use patient_kiosk::system::processes::Processes;

const SETUP_HINT: &str = "run .ci/cups-setup.sh (as root) to install poppler-utils and CUPS";

fn library() -> Library {
    content::load(&EmbeddedSource).unwrap()
}

fn clinic() -> Settings {
    Settings {
        clinic_name: "Riverside Skin Clinic".into(),
        clinic_phone: "(555) 010-2030".into(),
        clinic_address: "12 Main Street, Springfield".into(),
        clinic_website: "riverside-skin.example".into(),
        price_range: "$200 to $700".into(),
        ..Settings::default()
    }
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn request(lang: &str, topics: &[&str], questions: &[&str], paper: Paper) -> Request {
    Request {
        lang: lang.into(),
        topics: topics.iter().map(|&t| t.to_owned()).collect(),
        questions: questions.iter().map(|&q| q.to_owned()).collect(),
        paper,
        date: date(),
    }
}

/// The topics a handout has when nobody chose, as the embedded `topics.toml` lists them.
fn default_topics() -> Vec<String> {
    library().handout_topics().to_vec()
}

fn strs(ids: &[String]) -> Vec<&str> {
    ids.iter().map(String::as_str).collect()
}

fn build(req: &Request) -> Handout {
    handout::build(&library(), &EmbeddedSource, &clinic(), req).unwrap()
}

/// The PDF written to a temporary file, kept alive with its folder.
struct PdfFile {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn to_file(pdf: &[u8]) -> PdfFile {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("handout.pdf");
    std::fs::write(&path, pdf).unwrap();
    PdfFile { _dir: dir, path }
}

fn poppler(tool: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(path)
        .env("LC_ALL", "C")
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{tool}` ({e}): {SETUP_HINT}"));
    assert!(
        out.status.success(),
        "`{tool}` failed on {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Each page's text in reading order, with runs of white space made single spaces so
/// wrapped lines read on.
fn pages_text(pdf: &[u8]) -> Vec<String> {
    let file = to_file(pdf);
    let out = Command::new("pdftotext")
        // Content-stream order: the order the handout is read in, column by column.
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&file.path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("cannot run `pdftotext` ({e}): {SETUP_HINT}"));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(normalize).collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn page_count(path: &Path) -> usize {
    let info = poppler("pdfinfo", &[], path);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Whether a page prints at all: one holding only a self-check or quizzes is the patient's
/// own, and prints not even its heading.
fn prints(page: &patient_kiosk::content::Page) -> bool {
    !page
        .blocks
        .iter()
        .all(|b| matches!(b, Block::SelfCheck(_) | Block::Quiz(_)))
}

/// Every piece of text a topic prints, with the clinic's details filled in.
fn printed_text(
    content: &LangContent,
    topic: &str,
    settings: &Settings,
    no_phone: &str,
) -> Vec<String> {
    let fill = settings.placeholders(&content.lang, no_phone);
    let topic = content.topic(topic).unwrap();
    let mut out = vec![topic.title.clone()];
    for page in &topic.pages {
        if prints(page) {
            out.push(page.heading.clone());
        }
        for block in &page.blocks {
            match block {
                Block::Paragraph(t) => out.push(t.clone()),
                Block::Bullets(items) | Block::Steps(items) => out.extend(items.iter().cloned()),
                Block::Callout(c) => {
                    out.push(c.title.clone());
                    out.extend(c.text.iter().cloned());
                    out.extend(c.items.iter().cloned());
                }
                Block::Image(img) => out.extend(img.caption.iter().cloned()),
                Block::Question(q) => out.push(q.text.clone()),
                Block::Checklist(c) => {
                    out.push(c.title.clone());
                    out.extend(c.items.iter().cloned());
                }
                // Private to the patient's session: never printed.
                Block::SelfCheck(_) | Block::Quiz(_) => {}
            }
        }
    }
    out.iter().map(|t| normalize(&fill.fill(t))).collect()
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn the_default_handout_has_every_topic_question_and_clinic_detail() {
    let questions = ["good-candidate", "risks-for-me", "sessions-cost"];
    let req = request("en", &strs(&default_topics()), &questions, Paper::Letter);
    let made = build(&req);
    let pages = pages_text(&made.pdf);
    // A paragraph may run on over a page break: read the pages on without their footers.
    let all = pages
        .iter()
        .map(|p| {
            p.rsplit_once("Riverside Skin Clinic ·")
                .map_or(p.as_str(), |(body, _)| body)
        })
        .collect::<Vec<_>>()
        .join(" ");
    let all = normalize(&all);
    let lib = library();
    let en = lib.lang("en");
    let settings = clinic();

    for topic in &default_topics() {
        for text in printed_text(en, topic, &settings, "") {
            let start: String = text.chars().take(30).collect();
            let near = all
                .find(&start)
                .map(|at| all[at..].chars().take(text.len() + 80).collect::<String>());
            assert!(
                all.contains(&text),
                "`{text}` ({topic}) is not in the handout; near its start: {near:?}"
            );
        }
    }
    for id in questions {
        let q = normalize(&en.question(id).unwrap().text);
        assert!(all.contains(&q), "question `{q}` is missing");
    }
    // The cost topic says what this clinic charges, and the risks box how to call it.
    assert!(
        all.contains("one treatment session costs $200 to $700"),
        "{all}"
    );
    assert!(all.contains("Clinic phone: (555) 010-2030."));
    assert!(all.contains("Call the clinic if"));
    for detail in [
        "Riverside Skin Clinic",
        "(555) 010-2030",
        "12 Main Street, Springfield",
        "riverside-skin.example",
        "Scan to visit our website",
        "Printed on November 25, 2026",
        "This is general information, not medical advice. Your doctor will decide what is right for you.",
        "Your questions",
    ] {
        assert!(
            pages[0..].iter().any(|p| p.contains(detail)),
            "`{detail}` missing"
        );
    }
    assert!(
        pages[0].contains("Riverside Skin Clinic"),
        "the header is on page 1"
    );

    let file = to_file(&made.pdf);
    assert_eq!(page_count(&file.path), made.pages);
    assert_eq!(pages.len(), made.pages);
    assert!(
        // The safety text (when to call 911, what to tell the clinic) made the default five;
        // the second content review's (the 911 signs in full, urgent care, what to stop, the
        // pictures of normal healing and dark patches) six, seven with three questions.
        (1..=7).contains(&made.pages),
        "a typical handout should be 1 to 7 pages, not {}",
        made.pages
    );
    for (i, page) in pages.iter().enumerate() {
        let label = format!("Page {} of {}", i + 1, made.pages);
        assert!(page.contains(&label), "page {} lacks `{label}`", i + 1);
    }
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn a_short_choice_fits_on_three_pages_at_most() {
    let req = request("en", &["aftercare"], &["who-to-call"], Paper::Letter);
    let made = build(&req);
    // Aftercare alone is 2 pages (its 911 and call-the-clinic boxes in full); the question
    // with its answer lines starts a third.
    assert!(made.pages <= 3, "{} pages", made.pages);
    let all = pages_text(&made.pdf).join(" ");
    assert!(all.contains("Who do I call if I have a problem after treatment?"));
    assert!(
        !all.contains("Risks and side effects"),
        "only the chosen topic"
    );
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn fonts_are_embedded_as_subsets() {
    let made = build(&request(
        "en",
        &strs(&default_topics()),
        &["recovery"],
        Paper::Letter,
    ));
    let file = to_file(&made.pdf);
    let fonts = poppler("pdffonts", &[], &file.path);
    // name  type  encoding  emb sub uni  object ID
    let rows: Vec<Vec<&str>> = fonts
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    // Atkinson regular and bold for the text; Noto subsets for the language-help notices'
    // scripts (only the glyphs they use).
    let atkinson = rows.iter().filter(|c| c[0].contains("Atkinson")).count();
    assert_eq!(atkinson, 2, "regular and bold:\n{fonts}");
    for cols in rows {
        let name = cols[0];
        let n = cols.len();
        let (emb, sub, uni) = (cols[n - 5], cols[n - 4], cols[n - 3]);
        assert!(
            name.contains("Atkinson") || name.contains("Noto"),
            "{fonts}"
        );
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "a subset font is named ABCDEF+Name: {fonts}"
        );
        assert_eq!((emb, sub, uni), ("yes", "yes", "yes"), "{fonts}");
    }
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn every_question_flows_onto_a_new_page_without_losing_a_line() {
    let lib = library();
    let ids = lib.question_ids();
    assert_eq!(ids.len(), 34);
    let made = handout::build(
        &lib,
        &EmbeddedSource,
        &clinic(),
        &request("en", &[], &ids, Paper::Letter),
    )
    .unwrap();
    assert!(
        made.pages >= 2,
        "15 questions with answer lines take more than a page"
    );
    let pages = pages_text(&made.pdf);
    let en = lib.lang("en");
    let mut seen_on = Vec::new();
    for id in &ids {
        let q = normalize(&en.question(id).unwrap().text);
        let on: Vec<usize> = (0..pages.len())
            .filter(|&p| pages[p].contains(&q))
            .collect();
        assert_eq!(
            on.len(),
            1,
            "`{q}` should be whole on exactly one page, is on {on:?}"
        );
        seen_on.push(on[0]);
    }
    // In the order picked, running on from page to page; then the notices of free language
    // help close the handout.
    assert!(seen_on.windows(2).all(|w| w[0] <= w[1]), "{seen_on:?}");
    let last = *seen_on.last().unwrap();
    let help = pages
        .iter()
        .position(|p| p.contains("Language help"))
        .expect("the notices of free language help");
    assert!(help >= last, "they follow the questions: {help} < {last}");
    assert_eq!(pages.len(), made.pages);
    // Every question keeps its "Answers" label (and its lines) on its own page.
    let labels: usize = pages.iter().map(|p| p.matches("Answers").count()).sum();
    assert_eq!(labels, ids.len());
}

/// A word as `pdftotext -bbox` sees it: its text and box in points from the top left.
struct Word {
    text: String,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

/// A page's size and words.
struct WordPage {
    width: f32,
    height: f32,
    words: Vec<Word>,
}

fn word_boxes(pdf: &[u8]) -> Vec<WordPage> {
    let file = to_file(pdf);
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(&file.path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("cannot run `pdftotext` ({e}): {SETUP_HINT}"));
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |line: &str, name: &str| -> f32 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    let mut pages: Vec<WordPage> = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            pages.push(WordPage {
                width: attr(line, "width"),
                height: attr(line, "height"),
                words: Vec::new(),
            });
        } else if line.starts_with("<word ") {
            let text = line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()].to_owned();
            pages.last_mut().unwrap().words.push(Word {
                text,
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
            });
        }
    }
    pages
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn nothing_runs_off_the_page_or_into_the_other_column() {
    let settings = Settings {
        clinic_name: "Dermatology and Aesthetic Skin Care Center of the Greater Springfield Valley"
            .into(),
        clinic_phone: "+1 (555) 010-2030 extension 12345".into(),
        clinic_address: "Suite-1234567890-ABCDEFGHIJKLMNOPQRSTUVWXYZ-abcdefghijklmnopqrstuvwxyz, \
                         1200 Long Boulevard, Springfield"
            .into(),
        clinic_website:
            "https://www.dermatology-and-aesthetic-skin-care-center.example/patients/microneedling"
                .into(),
        price_range: "between $150 and $900 for each visit, depending on the area".into(),
        ..Settings::default()
    };
    let lib = library();
    let all_topics: Vec<&str> = lib
        .lang("en")
        .topics
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let questions = lib.question_ids();
    for (lang, paper) in [("en", Paper::Letter), ("es", Paper::A4)] {
        let req = request(lang, &all_topics, &questions, paper);
        let made = handout::build(&lib, &EmbeddedSource, &settings, &req).unwrap();
        let pages = word_boxes(&made.pdf);
        assert_eq!(pages.len(), made.pages);
        for (n, page) in pages.iter().enumerate() {
            let (w, h) = (page.width, page.height);
            for word in &page.words {
                let Word {
                    text,
                    x0,
                    y0,
                    x1,
                    y1,
                } = word;
                let inside = *x0 >= 44.0 && *x1 <= w - 44.0 && *y0 >= 40.0 && *y1 <= h - 38.0;
                assert!(
                    inside,
                    "{lang} page {}: `{text}` at {x0},{y0}-{x1},{y1} is outside the margins",
                    n + 1
                );
                // Below page 1's header and above the footer, text is in two columns with a
                // gap in the middle.
                if n > 0 && *y1 < h - 85.0 {
                    assert!(
                        !(*x0 < w / 2.0 && *x1 > w / 2.0),
                        "{lang} page {}: `{text}` crosses into the other column",
                        n + 1
                    );
                }
            }
        }
        // And nothing was dropped to make it fit.
        let text: String = pages_text(&made.pdf).concat().split_whitespace().collect();
        let content = lib.lang(lang);
        for id in &questions {
            let q: String = content
                .question(id)
                .unwrap()
                .text
                .split_whitespace()
                .collect();
            assert!(text.contains(&q), "{lang}: `{q}` missing");
        }
        let long: String = settings.clinic_address.split_whitespace().collect();
        assert!(text.contains(&long), "{lang}: the long address was cut");
    }
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn a_spanish_handout_has_spanish_headings_and_wording() {
    let req = request(
        "es",
        &strs(&default_topics()),
        &["good-candidate"],
        Paper::A4,
    );
    let made = build(&req);
    let all = pages_text(&made.pdf).join(" ");
    let lib = library();
    let es = lib.lang("es");
    for topic in &default_topics() {
        let t = es.topic(topic).unwrap();
        assert!(all.contains(&normalize(&t.title)), "`{}` missing", t.title);
        for page in t.pages.iter().filter(|p| prints(p)) {
            assert!(
                all.contains(&normalize(&page.heading)),
                "`{}` missing",
                page.heading
            );
        }
    }
    let q = normalize(&es.question("good-candidate").unwrap().text);
    assert!(all.contains(&q), "`{q}` missing");
    for wording in [
        "Sus preguntas",
        "Respuestas",
        "Impreso el 25 de noviembre de 2026",
        "Esta es información general, no un consejo médico.",
        &format!("Página 1 de {}", made.pages),
        "Teléfono",
    ] {
        assert!(all.contains(wording), "`{wording}` missing");
    }
    assert!(!all.contains("Your questions"));
}

#[test]
fn an_unknown_topic_or_question_is_refused_with_the_valid_ids() {
    let lib = library();
    let err = handout::build(
        &lib,
        &EmbeddedSource,
        &clinic(),
        &request("en", &["aftercare", "tattoos"], &[], Paper::Letter),
    )
    .unwrap_err();
    let HandoutError::UnknownTopic { id, valid } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(id, "tattoos");
    assert_eq!(valid.len(), lib.lang("en").topics.len());
    let message = err.to_string();
    for topic in &lib.lang("en").topics {
        assert!(message.contains(&topic.id), "{message}");
    }

    let err = handout::build(
        &lib,
        &EmbeddedSource,
        &clinic(),
        &request("en", &[], &["is-it-safe"], Paper::Letter),
    )
    .unwrap_err();
    assert!(
        matches!(err, HandoutError::UnknownQuestion { .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("is-it-safe") && message.contains("board-certified"),
        "{message}"
    );
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn a4_and_letter_pages_differ_in_size() {
    let media_box = |paper| {
        let made = build(&request("en", &["cost"], &[], paper));
        let file = to_file(&made.pdf);
        let info = poppler("pdfinfo", &["-box"], &file.path);
        info.lines()
            .find_map(|l| l.strip_prefix("MediaBox:"))
            .unwrap()
            .split_whitespace()
            .map(|n| n.parse::<f32>().unwrap())
            .collect::<Vec<_>>()
    };
    let letter = media_box(Paper::Letter);
    let a4 = media_box(Paper::A4);
    assert_eq!(letter, vec![0.0, 0.0, 612.0, 792.0]);
    assert!(
        (a4[2] - 595.28).abs() < 0.1 && (a4[3] - 841.89).abs() < 0.1,
        "{a4:?}"
    );
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn without_a_website_there_is_no_qr_code_and_empty_details_are_left_out() {
    let settings = Settings {
        clinic_name: "Riverside Skin Clinic".into(),
        ..Settings::default()
    };
    let req = request("en", &["risks"], &[], Paper::Letter);
    let made = handout::build(&library(), &EmbeddedSource, &settings, &req).unwrap();
    let all = pages_text(&made.pdf).join(" ");
    assert!(!all.contains("Scan to visit"));
    assert!(!all.contains("Website") && !all.contains("Phone"), "{all}");
    // With no phone set, no sentence gives one: the text says where else to go.
    let words = all.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!words.contains("Clinic phone"), "{words}");
    assert!(
        words.contains("Can't reach the clinic? Go to urgent care or an emergency room."),
        "{words}"
    );
    assert!(
        words.contains("Ask the front desk for the clinic's phone number."),
        "{words}"
    );
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn the_command_line_writes_a_handout_and_refuses_unknown_ids() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    std::fs::write(
        &config,
        "clinic_name = \"Riverside Skin Clinic\"\npaper = \"a4\"\n",
    )
    .unwrap();
    let out_pdf = dir.path().join("out/handout.pdf");
    let run = |args: &[&str]| {
        crate::common::kiosk_command(dir.path())
            .arg("--config")
            .arg(&config)
            .arg("handout")
            .arg("--out")
            .arg(&out_pdf)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "--topics",
        "cost,risks",
        "--questions",
        "recovery",
        "--lang",
        "es",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Wrote"));
    let all = pages_text(&std::fs::read(&out_pdf).unwrap()).join(" ");
    assert!(all.contains("Costo") && all.contains("Riesgos y efectos secundarios"));
    let info = poppler("pdfinfo", &[], &out_pdf);
    assert!(info.contains("595.28 x 841.89"), "the settings' A4: {info}");

    let out = run(&["--topics", "cost,tattoos"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tattoos")
            && stderr.contains("what-it-is")
            && stderr.contains("pro-vs-home"),
        "{stderr}"
    );
    let out = run(&["--questions", "nope"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("board-certified"));
    let out = run(&["--lang", "fr"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("en, es"));
}

/// The embedded content exported to a folder, with one topic taken out: its file in every
/// language and its id in every list of `topics.toml`.
fn content_without(topic: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    content::source::export_embedded(&root).unwrap();
    for lang in ["en", "es"] {
        let removed = std::fs::read_dir(root.join(lang))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let text = std::fs::read_to_string(p).unwrap();
                text.lines().any(|l| l == format!("id = \"{topic}\""))
            })
            .map(|p| std::fs::remove_file(p).unwrap())
            .count();
        assert_eq!(removed, 1, "one `{topic}` file in {lang}/");
    }
    let index = root.join("topics.toml");
    let mut table: toml::Table = std::fs::read_to_string(&index).unwrap().parse().unwrap();
    for (_, value) in table.iter_mut() {
        if let toml::Value::Array(ids) = value {
            ids.retain(|id| id.as_str() != Some(topic));
        }
    }
    std::fs::write(&index, toml::to_string(&table).unwrap()).unwrap();
    (dir, root)
}

#[test]
fn the_command_line_handout_works_on_a_folder_without_a_default_topic() {
    let (dir, root) = content_without("cost");
    assert!(
        content::load(&content::DirSource::new(&root)).is_ok(),
        "the folder without `cost` is valid content"
    );
    let out_pdf = dir.path().join("x.pdf");
    let out = crate::common::kiosk_command(dir.path())
        .arg("--config")
        .arg(dir.path().join("settings.toml"))
        .arg("--content")
        .arg(&root)
        .arg("handout")
        .arg("--out")
        .arg(&out_pdf)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains("built-in content"),
        "the clinic's folder is used, not the built-in content: {stderr}"
    );
    let pdf = std::fs::read(&out_pdf).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF is written");
}

// ---------------------------------------------------------------------------------------
// Printing through CUPS

const PRINTER: &str = "KioskPDF";

fn require_kiosk_printer() {
    let ok = Command::new("lpstat")
        .args(["-p", PRINTER])
        .env("LC_ALL", "C")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "the CUPS printer {PRINTER} is not set up: {SETUP_HINT}");
}

/// Folders cups-pdf writes to: the submitting user's ~/PDF, or the anonymous spool.
fn cups_pdf_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("/var/spool/cups-pdf/ANONYMOUS")];
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join("PDF"));
    }
    dirs
}

fn pdfs_in(dirs: &[PathBuf]) -> Vec<PathBuf> {
    dirs.iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flat_map(|entries| entries.flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

#[test]
#[ignore = "needs CUPS with its KioskPDF and KioskDead queues, and poppler-utils: bash .ci/test sets them up"]
fn a_handout_prints_through_cups_with_all_its_pages() {
    require_kiosk_printer();
    let made = build(&request(
        "en",
        &strs(&default_topics()),
        &["who-to-call", "recovery"],
        Paper::Letter,
    ));
    let dirs = cups_pdf_dirs();
    let before = pdfs_in(&dirs);
    let started = SystemTime::now();

    let job = print::submit_pdf(&Processes::default(), &made.pdf, Some(PRINTER)).unwrap();
    let number = job
        .strip_prefix("KioskPDF-")
        .unwrap_or_else(|| panic!("job id {job}"));
    assert!(number.parse::<u32>().is_ok(), "job id {job}");

    // cups-pdf names the file `<title>-job_<n>.pdf`; prefer that, accept any new PDF.
    let deadline = Instant::now() + Duration::from_secs(60);
    let printed = loop {
        let new: Vec<PathBuf> = pdfs_in(&dirs)
            .into_iter()
            .filter(|p| !before.contains(p))
            .filter(|p| {
                std::fs::metadata(p)
                    .and_then(|m| m.modified())
                    .is_ok_and(|m| m + Duration::from_secs(2) >= started)
            })
            .collect();
        let ours = new
            .iter()
            .find(|p| p.to_string_lossy().ends_with(&format!("job_{number}.pdf")))
            .or(new.first());
        if let Some(path) = ours {
            // Wait for cups-pdf to finish writing: pdfinfo must read the whole file.
            let done = Command::new("pdfinfo")
                .arg(path)
                .output()
                .is_ok_and(|o| o.status.success());
            if done {
                break path.clone();
            }
        }
        assert!(
            Instant::now() < deadline,
            "no PDF from job {job} in {dirs:?} after 60 s (see `lpstat -W all` and /var/log/cups/)"
        );
        std::thread::sleep(Duration::from_millis(500));
    };
    assert_eq!(page_count(&printed), made.pages, "{}", printed.display());
    let _ = std::fs::remove_file(&printed);
}

#[test]
#[ignore = "needs CUPS with its KioskPDF and KioskDead queues, and poppler-utils: bash .ci/test sets them up"]
fn printing_to_a_missing_printer_names_it() {
    require_kiosk_printer();
    let made = build(&request("en", &["cost"], &[], Paper::Letter));
    let err = print::submit_pdf(&Processes::default(), &made.pdf, Some("NoSuchKioskPrinter"))
        .unwrap_err();
    assert!(
        matches!(&err, PrintError::PrinterMissing { printer } if printer == "NoSuchKioskPrinter"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "printer `NoSuchKioskPrinter` is not installed (`lpstat -p` lists the printers)"
    );
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn a_handout_that_could_not_print_is_kept_for_staff() {
    let made = build(&request("en", &["cost"], &[], Paper::Letter));
    let dir = tempfile::tempdir().unwrap();
    let now = SystemTime::now();
    let path = print::save_for_staff(&dir.path().join("handouts"), &made.pdf, now).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), made.pdf);
    assert_eq!(page_count(&path), made.pages);
    let week = Duration::from_secs(7 * 86_400);
    assert_eq!(
        print::delete_older_than(path.parent().unwrap(), week, now),
        0
    );
    assert_eq!(
        print::delete_older_than(path.parent().unwrap(), week, now + week * 2),
        1
    );
    assert!(!path.exists());
}

/// The spool files CUPS holds for job `job` (`KioskPDF-12` is `d00012-001` and `c00012`).
fn spool_files(job: &str) -> Vec<PathBuf> {
    let Some(n) = job.rsplit('-').next().and_then(|n| n.parse::<u32>().ok()) else {
        return Vec::new();
    };
    [format!("d{n:05}-001"), format!("c{n:05}")]
        .iter()
        .map(|name| PathBuf::from("/var/spool/cups").join(name))
        .filter(|p| p.exists())
        .collect()
}

#[test]
#[ignore = "needs CUPS with its KioskPDF and KioskDead queues, and poppler-utils: bash .ci/test sets them up"]
fn the_kiosk_prints_from_memory_waits_for_the_job_and_leaves_nothing_behind() {
    require_kiosk_printer();
    let made = build(&request("en", &["aftercare"], &["recovery"], Paper::Letter));
    let dirs = cups_pdf_dirs();
    let before = pdfs_in(&dirs);
    let job = print::print_and_wait(
        &Processes::default(),
        &made.pdf,
        Some(PRINTER),
        Duration::from_secs(90),
    )
    .unwrap();
    // Done means CUPS no longer lists it as waiting or printing.
    assert!(
        !unfinished_jobs().contains(&job),
        "{job} is still in the queue"
    );
    // With PreserveJobFiles No (docs/deploy.md, .ci/cups-setup.sh) CUPS deletes its copy.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !spool_files(&job).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(
        spool_files(&job),
        Vec::<PathBuf>::new(),
        "the spool keeps {job}"
    );
    // cups-pdf's own output stands in for the paper: remove what this test printed.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let new: Vec<PathBuf> = pdfs_in(&dirs)
            .into_iter()
            .filter(|p| !before.contains(p))
            .collect();
        if !new.is_empty() {
            for p in new {
                std::fs::remove_file(&p).unwrap();
            }
            break;
        }
        assert!(
            Instant::now() < deadline,
            "cups-pdf wrote nothing for {job}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

#[test]
#[ignore = "needs CUPS with its KioskPDF and KioskDead queues, and poppler-utils: bash .ci/test sets them up"]
fn a_job_that_never_finishes_is_cancelled_and_reported() {
    require_kiosk_printer();
    // KioskDead sends to a socket nobody listens on, as a printer that is switched off.
    for tool in ["cupsenable", "cupsaccept"] {
        let ok = Command::new(tool).arg("KioskDead").status().unwrap();
        assert!(ok.success(), "{tool} KioskDead: {SETUP_HINT}");
    }
    let made = build(&request("en", &["cost"], &[], Paper::Letter));
    let err = print::print_and_wait(
        &Processes::default(),
        &made.pdf,
        Some("KioskDead"),
        Duration::from_secs(3),
    )
    .unwrap_err();
    let PrintError::NotCompleted { job, waited } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(*waited, 3);
    assert!(err.to_string().contains("did not finish"), "{err}");
    assert!(
        !unfinished_jobs().contains(job),
        "{job} was cancelled, not left to print for nobody"
    );
}

#[test]
#[ignore = "needs CUPS with its KioskPDF and KioskDead queues, and poppler-utils: bash .ci/test sets them up"]
fn the_command_line_waits_for_the_job_and_a_dead_queue_is_an_error() {
    require_kiosk_printer();
    for tool in ["cupsenable", "cupsaccept"] {
        let ok = Command::new(tool).arg("KioskDead").status().unwrap();
        assert!(ok.success(), "{tool} KioskDead: {SETUP_HINT}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out_pdf = dir.path().join("handout.pdf");
    let before = unfinished_jobs();
    let out = crate::common::kiosk_command(dir.path())
        .args(["handout", "--topics", "cost", "--out"])
        .arg(&out_pdf)
        .args(["--print", "--printer", "KioskDead", "--wait", "3"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a dead queue fails: {stderr}");
    assert!(stderr.contains("did not finish"), "{stderr}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("Printed"),
        "never says it printed"
    );
    // Only this queue's: other tests print to KioskPDF at the same time.
    let left: Vec<String> = unfinished_jobs()
        .into_iter()
        .filter(|j| j.starts_with("KioskDead-") && !before.contains(j))
        .collect();
    assert!(left.is_empty(), "the job stayed in the spool: {left:?}");
}

/// Job ids CUPS has not finished.
fn unfinished_jobs() -> Vec<String> {
    let queue = Command::new("lpstat")
        .args(["-W", "not-completed", "-o"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&queue.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn the_handout_says_who_wrote_and_checked_it_and_prices_in_spanish_words() {
    let settings = Settings::parse(
        "clinic_name = \"Riverside Skin Clinic\"\n\
         price_range = \"$200 to $700\"\n\
         content_owner = \"Written by Riverside staff, checked by Dr Ruiz\"\n\
         [es]\n\
         clinic_name = \"Clínica Riverside\"\n\
         price_range = \"entre $200 y $700\"\n\
         content_owner = \"Escrito por Riverside, revisado por el Dr. Ruiz\"\n",
        "s.toml",
    )
    .unwrap();
    let en = handout::build(
        &library(),
        &EmbeddedSource,
        &settings,
        &request("en", &["cost"], &[], Paper::Letter),
    )
    .unwrap();
    let text = pages_text(&en.pdf).join(" ");
    assert!(
        text.contains("Written by Riverside staff, checked by Dr Ruiz"),
        "{text}"
    );
    let es = handout::build(
        &library(),
        &EmbeddedSource,
        &settings,
        &request("es", &["cost"], &[], Paper::Letter),
    )
    .unwrap();
    let text = pages_text(&es.pdf).join(" ");
    assert!(
        text.contains("Escrito por Riverside, revisado por el Dr. Ruiz"),
        "{text}"
    );
    assert!(text.contains("Clínica Riverside"), "{text}");
    assert!(text.contains("entre $200 y $700"), "{text}");
    assert!(!text.contains("$200 to $700"), "{text}");
}

#[test]
#[ignore = "needs poppler-utils (pdftotext, pdfinfo, pdffonts): bash .ci/test installs it"]
fn pages_that_print_nothing_leave_no_heading_behind() {
    let lib = library();
    let made = build(&request(
        "en",
        &["right-for-me", "aftercare", "risks"],
        &[],
        Paper::Letter,
    ));
    let all = pages_text(&made.pdf).join(" ");
    for topic in ["right-for-me", "aftercare", "risks"] {
        for page in &lib.lang("en").topic(topic).unwrap().pages {
            if !prints(page) {
                assert!(
                    !all.contains(&page.heading),
                    "`{}` ({topic}) prints with nothing under it",
                    page.heading
                );
            }
        }
    }
    assert!(!all.contains("Check what you know"), "{all}");
    assert!(
        !all.contains("I take blood thinners"),
        "the self-check stays private"
    );
}
