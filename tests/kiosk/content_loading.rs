//! The content loader: the embedded content loads whole, and each kind of broken file is
//! refused with an error that names the file, the line and the field.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use std::path::{Path, PathBuf};

use common::run_validate;

use patient_kiosk::content::{
    self, ContentError, DirSource, EmbeddedSource, source::export_embedded,
};

fn exported() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    export_embedded(&root).unwrap();
    (dir, root)
}

fn errors(root: &Path) -> Vec<ContentError> {
    content::load(&DirSource::new(root))
        .expect_err("the broken folder must be refused")
        .0
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn line_of(root: &Path, rel: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn file(root: &Path, rel: &str) -> String {
    root.join(rel).display().to_string()
}

#[test]
fn every_embedded_file_loads_into_fourteen_topics_in_two_languages() {
    let lib = content::load(&EmbeddedSource).unwrap();
    assert_eq!(lib.languages, ["en", "es"]);
    let ids: Vec<&str> = lib
        .lang("en")
        .topics
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "what-it-is",
            "how-it-works",
            "what-it-helps",
            "right-for-me",
            "before-your-visit",
            "the-visit",
            "aftercare",
            "results",
            "cost",
            "risks",
            "pro-vs-home",
            "medical-types",
            "other-choices",
            "questions"
        ]
    );
    assert_eq!(lib.lang("en").questions().count(), 25);
    assert!(
        lib.missing_translations.is_empty(),
        "{:?}",
        lib.missing_translations
    );
    for topic in &lib.lang("es").topics {
        for page in &topic.pages {
            assert_eq!(page.lang, "es", "{}/{} is translated", topic.id, page.id);
        }
    }
}

#[test]
fn the_exported_folder_loads_the_same_as_the_embedded_content() {
    let (_dir, root) = exported();
    let from_dir = content::load(&DirSource::new(&root)).unwrap();
    let embedded = content::load(&EmbeddedSource).unwrap();
    assert_eq!(from_dir.lang("en").topics, embedded.lang("en").topics);
    assert_eq!(from_dir.lang("es").topics, embedded.lang("es").topics);
}

#[test]
fn an_unknown_field_is_named_with_its_line() {
    let (_dir, root) = exported();
    edit(
        &root,
        "en/07-aftercare.toml",
        "title = \"Aftercare\"\n",
        "title = \"Aftercare\"\ncolour = \"red\"\n",
    );
    let errs = errors(&root);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!(e.file, file(&root, "en/07-aftercare.toml"));
    assert_eq!(e.line, Some(3));
    assert_eq!(e.field, "colour");
    assert!(
        e.message.starts_with("unknown field `colour`"),
        "{}",
        e.message
    );
}

#[test]
fn a_missing_image_is_named_with_its_line() {
    let (_dir, root) = exported();
    edit(
        &root,
        "en/09-cost.toml",
        "image = \"cost.png\"",
        "image = \"price.png\"",
    );
    let errs = errors(&root);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].file, file(&root, "en/09-cost.toml"));
    assert_eq!(
        errs[0].line,
        Some(line_of(&root, "en/09-cost.toml", "price.png"))
    );
    assert_eq!(errs[0].field, "image");
    assert!(
        errs[0]
            .message
            .starts_with("no image named `price.png` in the image folder"),
        "{}",
        errs[0].message
    );
}

#[test]
fn an_empty_page_is_refused() {
    let (_dir, root) = exported();
    let rel = "en/09-cost.toml";
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{text}\n[[page]]\nid = \"blank\"\nheading = \"Nothing here\"\n"),
    )
    .unwrap();
    let errs = errors(&root);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let pages = text.matches("[[page]]").count() + 1;
    assert_eq!(errs[0].field, format!("page[{pages}].block"));
    assert_eq!(errs[0].message, "the page is empty: it has no blocks");
    // The page's [[page]] header, just above its id.
    assert_eq!(
        errs[0].line,
        Some(line_of(&root, rel, "id = \"blank\"") - 1)
    );
}

#[test]
fn a_duplicate_topic_id_names_both_files() {
    let (_dir, root) = exported();
    std::fs::copy(
        root.join("en/09-cost.toml"),
        root.join("en/13-cost-again.toml"),
    )
    .unwrap();
    let errs = errors(&root);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].file, file(&root, "en/13-cost-again.toml"));
    assert_eq!(errs[0].line, Some(1));
    assert_eq!(errs[0].field, "id");
    assert_eq!(
        errs[0].message,
        format!(
            "topic id `cost` is also used by {}",
            file(&root, "en/09-cost.toml")
        )
    );
}

#[test]
fn a_topic_listed_in_the_order_but_missing_is_a_dangling_reference() {
    let (_dir, root) = exported();
    edit(&root, "topics.toml", "\"cost\",", "\"cost\",\n  \"laser\",");
    let errs = errors(&root);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].file, file(&root, "topics.toml"));
    assert_eq!(errs[0].line, Some(line_of(&root, "topics.toml", "laser")));
    assert_eq!(errs[0].field, "order");
    assert_eq!(
        errs[0].message,
        format!("topic `laser` has no file in {}", file(&root, "en/"))
    );
}

#[test]
fn a_question_id_used_twice_is_refused() {
    let (_dir, root) = exported();
    let lib = content::load(&EmbeddedSource).unwrap();
    let ids = lib.question_ids();
    let rel = "en/12-questions.toml";
    edit(
        &root,
        rel,
        &format!("id = \"{}\"", ids[1]),
        &format!("id = \"{}\"", ids[0]),
    );
    let errs = errors(&root);
    assert!(
        errs.iter().any(|e| e.file == file(&root, rel)
            && e.field == "question.id"
            && e.message
                == format!(
                    "question id `{}` is used twice (also in topic `questions`)",
                    ids[0]
                )),
        "{errs:?}"
    );
}

#[test]
fn a_block_missing_its_text_names_the_block_type() {
    let (_dir, root) = exported();
    let rel = "en/09-cost.toml";
    edit(
        &root,
        rel,
        "type = \"paragraph\"\ntext = ",
        "type = \"paragraph\"\n# text = ",
    );
    let errs = errors(&root);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].file, file(&root, rel));
    assert_eq!(errs[0].field, "page[1].block[1].text");
    assert_eq!(errs[0].message, "a `paragraph` block needs `text`");
    assert_eq!(
        errs[0].line,
        Some(line_of(&root, rel, "type = \"paragraph\"") - 1)
    );
}

#[test]
fn a_block_field_of_another_type_is_refused() {
    let (_dir, root) = exported();
    let rel = "en/09-cost.toml";
    edit(
        &root,
        rel,
        "type = \"paragraph\"\n",
        "type = \"paragraph\"\nsrc = \"cost.png\"\n",
    );
    let errs = errors(&root);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].field, "page[1].block[1].src");
    assert_eq!(errs[0].message, "a `paragraph` block has no field `src`");
    assert_eq!(
        errs[0].line,
        Some(line_of(&root, rel, "src = \"cost.png\""))
    );
}

#[test]
fn a_zero_byte_picture_is_refused_naming_the_file_that_uses_it() {
    let (_dir, root) = exported();
    std::fs::write(root.join("images/cost.png"), b"").unwrap();
    let errs = errors(&root);
    // Reported once, at the first file that uses it.
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].file, file(&root, "en/09-cost.toml"));
    assert_eq!(errs[0].field, "image");
    assert_eq!(errs[0].message, "image `cost.png` is an empty file");
}

#[test]
fn text_that_is_not_utf8_is_refused_with_its_line() {
    let (_dir, root) = exported();
    let path = root.join("es/09-cost.toml");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"\n# \xff\xfe\n");
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    std::fs::write(&path, bytes).unwrap();
    let errs = errors(&root);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].file, file(&root, "es/09-cost.toml"));
    assert_eq!(errs[0].line, Some(lines));
    assert!(errs[0].message.starts_with("is not valid UTF-8"));
}

#[test]
fn a_missing_translated_page_falls_back_to_english_and_is_listed() {
    let (_dir, root) = exported();
    let rel = "es/09-cost.toml";
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    // Drop the Spanish file's last page.
    let cut = text.rfind("[[page]]").unwrap();
    std::fs::write(root.join(rel), &text[..cut]).unwrap();
    let lib = content::load(&DirSource::new(&root)).unwrap();
    let es = lib.lang("es").topic("cost").unwrap();
    let en = lib.lang("en").topic("cost").unwrap();
    assert_eq!(es.pages.len(), en.pages.len());
    let last = es.pages.last().unwrap();
    assert_eq!(last.lang, "en");
    assert_eq!(last, en.pages.last().unwrap());
    assert_eq!(lib.missing_translations.len(), 1);
    assert!(lib.missing_translations[0].contains(&format!("page `{}` of topic `cost`", last.id)));
}

#[test]
fn validate_on_the_command_line_reports_the_same_errors_and_fails() {
    let (_dir, root) = exported();
    edit(
        &root,
        "en/09-cost.toml",
        "image = \"cost.png\"",
        "image = \"price.png\"",
    );
    let out = run_validate(&root);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let expected = errors(&root)[0].to_string();
    assert_eq!(stdout.trim(), expected);
    assert!(expected.starts_with(&format!("{}:", file(&root, "en/09-cost.toml"))));

    let good = exported();
    let out = run_validate(&good.1);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_handout_defaults_are_read_from_topics_toml() {
    let lib = content::load(&EmbeddedSource).unwrap();
    assert_eq!(
        lib.handout_topics(),
        [
            "what-it-is",
            "before-your-visit",
            "aftercare",
            "risks",
            "results",
            "cost"
        ]
    );

    let (_dir, root) = exported();
    edit(
        &root,
        "topics.toml",
        "handout = [",
        "handout = [\"the-visit\", ",
    );
    let lib = content::load(&DirSource::new(&root)).unwrap();
    assert_eq!(lib.handout_topics()[0], "the-visit");
    assert_eq!(lib.handout_topics().len(), 7);
}

#[test]
fn without_handout_defaults_the_handout_has_every_topic_in_order() {
    let every: Vec<String> = content::load(&EmbeddedSource)
        .unwrap()
        .lang("en")
        .topics
        .iter()
        .map(|t| t.id.clone())
        .collect();
    assert_eq!(every.len(), 14);
    for key in ["", "handout = []"] {
        let (_dir, root) = exported();
        let index = root.join("topics.toml");
        let text = std::fs::read_to_string(&index).unwrap();
        let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("handout")).collect();
        assert!(
            kept.len() < text.lines().count(),
            "topics.toml has `handout`"
        );
        std::fs::write(&index, format!("{}\n{key}\n", kept.join("\n"))).unwrap();
        let lib = content::load(&DirSource::new(&root)).unwrap();
        assert_eq!(lib.handout_topics(), every, "with {key:?}");
    }
}

#[test]
fn an_unknown_handout_topic_is_named_with_its_line() {
    let (_dir, root) = exported();
    edit(
        &root,
        "topics.toml",
        "handout = [",
        "handout = [\"laser\", ",
    );
    let errs = errors(&root);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].file, file(&root, "topics.toml"));
    assert_eq!(errs[0].line, Some(line_of(&root, "topics.toml", "laser")));
    assert_eq!(errs[0].field, "handout");
    assert_eq!(
        errs[0].message,
        "topic `laser` is not in the `order` list, so it cannot be a handout default"
    );
}

#[test]
fn phone_sentences_read_right_with_a_number_in_brackets_or_the_stand_in() {
    use patient_kiosk::config::Settings;
    use patient_kiosk::i18n::Strings;
    let lib = content::load(&EmbeddedSource).unwrap();
    for lang in ["en", "es"] {
        let content = lib.lang(lang);
        let no_phone = &Strings::get(lang).no_phone;
        for phone in ["(555) 010-2345", ""] {
            let settings = Settings {
                clinic_phone: phone.into(),
                ..Settings::default()
            };
            let fill = settings.placeholders(lang, no_phone);
            let cost = content.topic("cost").unwrap();
            let texts: Vec<String> = cost
                .pages
                .iter()
                .flat_map(|p| p.plain_text())
                .map(|t| fill.fill(&t))
                .collect();
            let shown = if phone.is_empty() { no_phone } else { phone };
            assert!(
                texts.iter().any(|t| t.contains(shown)),
                "{lang}: the cost topic gives the phone: {texts:?}"
            );
            // Every topic, the cost page first among them: no doubled brackets.
            for topic in &content.topics {
                for text in topic.pages.iter().flat_map(|p| p.plain_text()) {
                    let text = fill.fill(&text);
                    assert!(
                        !text.contains("((") && !text.contains("))"),
                        "{lang}, {}: {text}",
                        topic.id
                    );
                }
            }
        }
    }
}

/// Replace the first line of `rel` that starts with `start` by `new` (or drop it when
/// `new` is empty); returns that line's number.
fn replace_line(root: &Path, rel: &str, start: &str, new: &str) -> usize {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("{rel} has a line starting {start:?}"));
    if new.is_empty() {
        lines.remove(at);
    } else {
        lines[at] = new;
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    at + 1
}

#[test]
fn a_topic_without_its_review_date_or_sources_is_refused_naming_what_is_missing() {
    let (_dir, root) = exported();
    let rel = "en/07-aftercare.toml";
    replace_line(&root, rel, "reviewed =", "");
    let errs = errors(&root);
    assert!(
        errs.iter().any(|e| e.file == file(&root, rel)
            && e.field == "reviewed"
            && e.message.contains("2026-12-01")),
        "{errs:?}"
    );

    let (_dir, root) = exported();
    let line = replace_line(&root, rel, "review_by =", "review_by = 2020-01-01");
    let errs = errors(&root);
    assert!(
        errs.iter().any(|e| e.line == Some(line)
            && e.field == "review_by"
            && e.message.contains("after `reviewed`")),
        "{errs:?}"
    );

    let (_dir, root) = exported();
    let line = replace_line(&root, rel, "year =", "year = 3000");
    let errs = errors(&root);
    assert!(
        errs.iter()
            .any(|e| e.line == Some(line) && e.field == "source[1].year"),
        "{errs:?}"
    );

    let (_dir, root) = exported();
    let line = replace_line(&root, rel, "reviewed =", "reviewed = \"last spring\"");
    let errs = errors(&root);
    assert!(
        errs.iter()
            .any(|e| e.file == file(&root, rel) && e.line == Some(line)),
        "a date in quotes is text, not a date: {errs:?}"
    );

    let (_dir, root) = exported();
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut kept = Vec::new();
    let mut in_source = false;
    for l in text.lines() {
        if l.starts_with("[[") {
            in_source = l == "[[source]]";
        }
        if !in_source {
            kept.push(l);
        }
    }
    std::fs::write(&path, kept.join("\n")).unwrap();
    let errs = errors(&root);
    assert!(
        errs.iter().any(|e| e.file == file(&root, rel)
            && e.field == "source"
            && e.message.contains("names no sources")),
        "{errs:?}"
    );
}

#[test]
fn content_past_its_review_date_is_named_for_staff_and_by_doctor() {
    let (_dir, root) = exported();
    for lang in ["en", "es"] {
        let rel = format!("{lang}/07-aftercare.toml");
        replace_line(&root, &rel, "reviewed =", "reviewed = 2025-06-01");
        replace_line(&root, &rel, "review_by =", "review_by = 2025-12-01");
    }
    let lib = content::load(&DirSource::new(&root)).unwrap();
    let today = chrono::Local::now().date_naive();
    assert_eq!(
        lib.past_review(today),
        [
            "aftercare (en): due for review since 2025-12-01",
            "aftercare (es): due for review since 2025-12-01"
        ]
    );
    let out = common::kiosk_command(root.parent().unwrap())
        .arg("--content")
        .arg(&root)
        .arg("doctor")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("aftercare (en): due for review since 2025-12-01"),
        "{said}"
    );
    assert!(!out.status.success(), "doctor fails: {said}");
}

#[test]
fn a_checklist_needs_its_items_and_a_glossary_form_cannot_be_empty() {
    let (_dir, root) = exported();
    let lib = content::load(&EmbeddedSource).unwrap();
    let first = lib.lang("en").checklists().next().unwrap();
    let (list, title) = (first.id.clone(), first.title.clone());
    let rel = std::fs::read_dir(root.join("en"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains(&format!("\"{list}\""))
        })
        .unwrap();
    let rel = format!("en/{}", rel.file_name().unwrap().to_string_lossy());
    edit(
        &root,
        &rel,
        &format!("title = \"{title}\""),
        "title = \" \"",
    );
    let errs = errors(&root);
    assert!(
        errs.iter().any(|e| e.file == file(&root, &rel)
            && e.field.ends_with(".title")
            && e.message == "the title is empty"),
        "{errs:?}"
    );

    let (_dir, root) = exported();
    let line = replace_line(&root, "en/glossary.toml", "forms =", "forms = [\"\"]");
    let errs = errors(&root);
    assert!(
        errs.iter()
            .any(|e| e.line == Some(line) && e.field.contains("forms")),
        "{errs:?}"
    );
}

#[test]
fn a_self_check_or_quiz_asking_for_an_unknown_question_is_refused_with_its_line() {
    let (_dir, root) = exported();
    let rel = "en/04-right-for-me.toml";
    edit(&root, rel, "\"me-blood-thinners\"", "\"me-blood-thiners\"");
    let errs = errors(&root);
    let line = line_of(&root, rel, "\"me-blood-thiners\"");
    assert!(
        errs.iter().any(|e| e.file == file(&root, rel)
            && e.line == Some(line)
            && e.field == "self-check.asks"
            && e.message.contains("me-blood-thiners")),
        "{errs:?}"
    );

    let (_dir, root) = exported();
    let rel = "en/07-aftercare.toml";
    let line = replace_line(&root, rel, "answer =", "answer = 7");
    let errs = errors(&root);
    assert!(
        errs.iter().any(|e| e.line == Some(line)
            && e.field.ends_with(".answer")
            && e.message.contains("1 to")),
        "{errs:?}"
    );
}

#[test]
fn a_self_check_needs_one_question_for_each_statement() {
    let (_dir, root) = exported();
    let rel = "en/04-right-for-me.toml";
    edit(&root, rel, "  \"me-isotretinoin\",\n", "");
    let errs = errors(&root);
    assert!(
        errs.iter().any(|e| e.file == file(&root, rel)
            && e.field.ends_with(".asks")
            && e.message.contains("4 question(s) for 5 item(s)")),
        "{errs:?}"
    );
}
