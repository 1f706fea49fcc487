//! The content loader: the embedded content loads whole, and each kind of broken file is
//! refused with an error that names the file, the line and the field.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use std::path::Path;

use common::{edit, exported, exported_with, refused, run_validate};

use patient_kiosk::content::{self, DirSource, EmbeddedSource};

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
    assert_eq!(lib.lang("en").questions().count(), 34);
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

/// One mistake staff can make in one content file, and the one error that must name it.
struct Case {
    /// What staff did, in words: a failure names the case by it.
    name: &'static str,
    /// The file edited, in the content folder: the error must name it.
    file: &'static str,
    /// What staff changed in it.
    edit: Edit,
    /// The line the error must give, in the file as edited.
    line: Line,
    field: Text,
    /// `{content}` in it stands for the content folder's path.
    message: Text,
}

/// One change to a file.
enum Edit {
    /// The first `from` becomes `to`.
    Replace(&'static str, &'static str),
    /// The first line starting with the first text becomes the second, or goes when that is
    /// empty: for a value that may change with the content (a date), whatever it is now.
    ReplaceLine(&'static str, &'static str),
}

/// Where the error's line must be, in the file as edited.
enum Line {
    /// This line.
    At(usize),
    /// The first line holding this text.
    Of(&'static str),
    /// The line above the first one holding this text: the `[[page.block]]` header above
    /// a block's `type`.
    Above(&'static str),
}

/// What a field or a message must be.
enum Text {
    Is(&'static str),
    StartsWith(&'static str),
    EndsWith(&'static str),
    Contains(&'static str),
}

const MISTAKES: &[Case] = &[
    Case {
        name: "an unknown field is named with its line",
        file: "en/07-aftercare.toml",
        edit: Edit::Replace(
            "title = \"Aftercare\"\n",
            "title = \"Aftercare\"\ncolour = \"red\"\n",
        ),
        line: Line::At(3),
        field: Text::Is("colour"),
        message: Text::StartsWith("unknown field `colour`"),
    },
    Case {
        name: "a sentence for an unknown setting is refused with its line",
        file: "en/09-cost.toml",
        edit: Edit::Replace("{if price_range}", "{if price}"),
        line: Line::Of("{if price}"),
        field: Text::EndsWith(".text"),
        message: Text::Contains("unknown placeholder in `{if price}`"),
    },
    Case {
        name: "a sentence for a setting with no end is refused with its line",
        file: "en/10-risks.toml",
        edit: Edit::Replace("today.{end}", "today."),
        line: Line::Of("{if clinic_phone}Save"),
        field: Text::EndsWith(".text"),
        message: Text::Contains("with no `{end}`"),
    },
    Case {
        name: "a missing image is named with its line",
        file: "en/09-cost.toml",
        edit: Edit::Replace("image = \"cost.png\"", "image = \"price.png\""),
        line: Line::Of("price.png"),
        field: Text::Is("image"),
        message: Text::StartsWith("no image named `price.png` in the image folder"),
    },
    Case {
        name: "a topic listed in the order but missing is a dangling reference",
        file: "topics.toml",
        edit: Edit::Replace("\"cost\",", "\"cost\",\n  \"laser\","),
        line: Line::Of("laser"),
        field: Text::Is("order"),
        message: Text::Is("topic `laser` has no file in {content}/en/"),
    },
    Case {
        name: "a block missing its text names the block type",
        file: "en/09-cost.toml",
        edit: Edit::Replace(
            "type = \"paragraph\"\ntext = ",
            "type = \"paragraph\"\n# text = ",
        ),
        line: Line::Above("type = \"paragraph\""),
        field: Text::Is("page[1].block[1].text"),
        message: Text::Is("a `paragraph` block needs `text`"),
    },
    Case {
        name: "a block field of another type is refused",
        file: "en/09-cost.toml",
        edit: Edit::Replace(
            "type = \"paragraph\"\n",
            "type = \"paragraph\"\nsrc = \"cost.png\"\n",
        ),
        line: Line::Of("src = \"cost.png\""),
        field: Text::Is("page[1].block[1].src"),
        message: Text::Is("a `paragraph` block has no field `src`"),
    },
    Case {
        name: "an unknown handout topic is named with its line",
        file: "topics.toml",
        edit: Edit::Replace("handout = [", "handout = [\"laser\", "),
        line: Line::Of("laser"),
        field: Text::Is("handout"),
        message: Text::Is(
            "topic `laser` is not in the `order` list, so it cannot be a handout default",
        ),
    },
    Case {
        name: "a question id used twice is refused",
        file: "en/12-questions.toml",
        edit: Edit::Replace("id = \"who-treats\"", "id = \"board-certified\""),
        // The first of the two lines that now have the id.
        line: Line::Of("id = \"board-certified\""),
        field: Text::Is("question.id"),
        message: Text::Is(
            "question id `board-certified` is used twice (also in topic `questions`)",
        ),
    },
    Case {
        name: "a self-check asking for an unknown question is refused with its line",
        file: "en/04-right-for-me.toml",
        edit: Edit::Replace("\"me-blood-thinners\"", "\"me-blood-thiners\""),
        line: Line::Of("\"me-blood-thiners\""),
        field: Text::Is("self-check.asks"),
        message: Text::Contains("me-blood-thiners"),
    },
    Case {
        name: "a self-check needs one question for each statement",
        file: "en/04-right-for-me.toml",
        edit: Edit::Replace("  \"me-pregnant\",\n", ""),
        line: Line::Of("asks = ["),
        field: Text::EndsWith(".asks"),
        message: Text::Contains("4 question(s) for 5 item(s)"),
    },
    Case {
        name: "a quiz whose right answer is not one of its answers is refused with its line",
        file: "en/07-aftercare.toml",
        edit: Edit::ReplaceLine("answer =", "answer = 7"),
        line: Line::Of("answer = 7"),
        field: Text::EndsWith(".answer"),
        message: Text::Contains("1 to"),
    },
    Case {
        name: "a topic without its review date is refused, showing how to write one",
        file: "en/07-aftercare.toml",
        edit: Edit::ReplaceLine("reviewed =", ""),
        // The topic as a whole: its first line.
        line: Line::Of("id = \"aftercare\""),
        field: Text::Is("reviewed"),
        message: Text::Contains("2026-12-01"),
    },
    Case {
        name: "a date to review by that comes before the review is refused",
        file: "en/07-aftercare.toml",
        edit: Edit::ReplaceLine("review_by =", "review_by = 2020-01-01"),
        line: Line::Of("review_by = 2020-01-01"),
        field: Text::Is("review_by"),
        message: Text::Contains("after `reviewed`"),
    },
    Case {
        name: "a source from after the review is refused",
        file: "en/07-aftercare.toml",
        edit: Edit::ReplaceLine("year =", "year = 3000"),
        line: Line::Of("year = 3000"),
        field: Text::Is("source[1].year"),
        message: Text::StartsWith("must be a year from 1900 to"),
    },
    Case {
        name: "a review date in quotes is text, not a date",
        file: "en/07-aftercare.toml",
        edit: Edit::ReplaceLine("reviewed =", "reviewed = \"last spring\""),
        line: Line::Of("reviewed = \"last spring\""),
        field: Text::Is("reviewed"),
        message: Text::Contains("datetime"),
    },
    Case {
        name: "a glossary term's form cannot be empty",
        file: "en/glossary.toml",
        edit: Edit::ReplaceLine("forms =", "forms = [\"\"]"),
        line: Line::Of("forms = [\"\"]"),
        field: Text::Contains("forms"),
        message: Text::Is("the item is empty"),
    },
    // A language's code also names its folder and goes on to the settings and the speech
    // engine: one that reads as a command-line option is refused, folder or no folder.
    Case {
        name: "a language `-es` (an option, not a code) is refused",
        file: "topics.toml",
        edit: Edit::Replace(
            "languages = [\"en\", \"es\"]",
            "languages = [\"en\", \"es\", \"-es\"]",
        ),
        line: Line::Of("\"-es\""),
        field: Text::Is("languages"),
        message: Text::StartsWith("`-es` is not a language code"),
    },
    Case {
        name: "a language `--stdout` (an option, not a code) is refused",
        file: "topics.toml",
        edit: Edit::Replace(
            "languages = [\"en\", \"es\"]",
            "languages = [\"en\", \"es\", \"--stdout\"]",
        ),
        line: Line::Of("\"--stdout\""),
        field: Text::Is("languages"),
        message: Text::StartsWith("`--stdout` is not a language code"),
    },
];

/// Every mistake of [`MISTAKES`], each in a fresh copy of the built-in content: each is
/// refused with exactly one error, naming its file, line and field and saying what is wrong.
/// Every case runs; the failure lists each case that went wrong, by name.
#[test]
fn each_mistake_in_a_content_file_is_refused_with_one_error_naming_its_file_line_and_field() {
    let failures: Vec<String> = MISTAKES
        .iter()
        .filter_map(|case| {
            // A case that cannot even be set up (its `from` is not in the file) is one failure
            // among the others, not the end of the test.
            let wrong = std::panic::catch_unwind(|| what_is_wrong(case)).unwrap_or_else(|panic| {
                let said = (panic.downcast_ref::<String>().map(String::as_str))
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("?");
                vec![format!("it panicked: {said}")]
            });
            (!wrong.is_empty()).then(|| format!("{}: {}", case.name, wrong.join("; ")))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} mistakes were not refused as they should be:\n{}",
        failures.len(),
        MISTAKES.len(),
        failures.join("\n")
    );
}

/// What went wrong with one case: nothing when the edit brought the one error expected.
fn what_is_wrong(case: &Case) -> Vec<String> {
    let (_dir, root) = exported();
    match case.edit {
        Edit::Replace(from, to) => edit(&root, case.file, from, to),
        Edit::ReplaceLine(start, new) => {
            replace_line(&root, case.file, start, new);
        }
    }
    let errs = match content::load(&DirSource::new(&root)) {
        Ok(_) => return vec!["the folder loaded".into()],
        Err(errs) => errs,
    };
    let [e] = errs.0.as_slice() else {
        return vec![format!("not one error but {errs}")];
    };
    let line = match case.line {
        Line::At(line) => line,
        Line::Of(text) => line_of(&root, case.file, text),
        Line::Above(text) => line_of(&root, case.file, text) - 1,
    };
    let content = root.display().to_string();
    let mut wrong = Vec::new();
    if e.file != file(&root, case.file) {
        wrong.push(format!("the file is {:?}, not {}", e.file, case.file));
    }
    if e.line != Some(line) {
        wrong.push(format!("the line is {:?}, not {line}", e.line));
    }
    wrong.extend(case.field.wrong("field", &e.field, &content));
    wrong.extend(case.message.wrong("message", &e.message, &content));
    wrong
}

impl Text {
    /// What is wrong with `actual`, the error's `what`, if anything; `content` is the content
    /// folder's path, for `{content}`.
    fn wrong(&self, what: &str, actual: &str, content: &str) -> Option<String> {
        let (pattern, how, fits): (&str, &str, fn(&str, &str) -> bool) = match *self {
            Text::Is(p) => (p, "is", |a, e| a == e),
            Text::StartsWith(p) => (p, "starts with", |a, e| a.starts_with(e)),
            Text::EndsWith(p) => (p, "ends with", |a, e| a.ends_with(e)),
            Text::Contains(p) => (p, "contains", |a, e| a.contains(e)),
        };
        let expected = pattern.replace("{content}", content);
        (!fits(actual, &expected))
            .then(|| format!("the {what} is {actual:?}, not one that {how} {expected:?}"))
    }
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
    let errs = refused(&root).0;
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
    let errs = refused(&root).0;
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
fn a_zero_byte_picture_is_refused_naming_the_file_that_uses_it() {
    let (_dir, root) = exported_with("images/cost.png", |path| std::fs::write(path, b"").unwrap());
    let errs = refused(&root).0;
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
    let errs = refused(&root).0;
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
    let expected = refused(&root).0[0].to_string();
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

/// Every text a patient can meet in `lang` (titles, summaries, headings, blocks, pictures'
/// words and captions), as `fill` fills it.
fn every_text(
    lib: &content::Library,
    lang: &str,
    fill: &patient_kiosk::content::Placeholders,
) -> Vec<String> {
    use patient_kiosk::content::Block;
    let mut out = Vec::new();
    for topic in &lib.lang(lang).topics {
        out.extend([
            topic.title.clone(),
            topic.summary.clone(),
            topic.image.alt.clone(),
        ]);
        out.extend(topic.image.caption.iter().cloned());
        for page in &topic.pages {
            out.extend(page.plain_text());
            for block in &page.blocks {
                if let Block::Image(img) = block {
                    out.extend(img.caption.iter().cloned());
                }
            }
        }
    }
    out.iter().map(|t| fill.fill(t)).collect()
}

#[test]
fn with_no_clinic_details_no_text_makes_up_a_name_a_price_or_a_phone() {
    use patient_kiosk::config::Settings;
    use patient_kiosk::i18n::Strings;
    let lib = content::load(&EmbeddedSource).unwrap();
    for lang in ["en", "es"] {
        let strings = Strings::get(lang);
        let fill = Settings::default().placeholders(lang, &strings.no_phone);
        for text in every_text(&lib, lang, &fill) {
            for wrong in [
                "Your clinic",
                "Su clínica",
                "your clinic papers",
                "su clínica papers",
            ] {
                assert!(!text.contains(wrong), "{lang}: `{wrong}` in: {text}");
            }
            assert!(!text.contains('$'), "{lang}: a price no clinic set: {text}");
            assert!(
                !text.contains(&strings.no_phone),
                "{lang}: a stand-in phone: {text}"
            );
            assert!(
                !text.contains('{') && !text.contains("  "),
                "{lang}: {text}"
            );
            assert!(!text.contains("papeles de su cl"), "{lang}: {text}");
        }
        // The cost page says to ask, in whole sentences.
        let cost = every_text(&lib, lang, &fill).join("\n");
        let ask = if lang == "en" {
            "Ask the front desk what one session costs here."
        } else {
            "Pregunte en la recepción cuánto cuesta aquí una sesión."
        };
        assert!(cost.contains(ask), "{lang}: {cost}");
    }
}

#[test]
fn a_clinics_name_phone_and_price_appear_where_the_text_asks_for_them() {
    use patient_kiosk::i18n::Strings;
    let lib = content::load(&EmbeddedSource).unwrap();
    let settings = crate::common::harbor_settings();
    for (lang, price_line) in [
        (
            "en",
            "At Harbor Skin Clinic, one treatment session costs about $250 to $400.",
        ),
        (
            "es",
            "En Clínica Harbor, una sesión de tratamiento cuesta entre unos $250 y $400.",
        ),
    ] {
        let fill = settings.placeholders(lang, &Strings::get(lang).no_phone);
        let texts = every_text(&lib, lang, &fill);
        let all = texts.join("\n");
        assert!(all.contains(price_line), "{lang}: {all}");
        let phones = texts
            .iter()
            .filter(|t| t.contains("(555) 010-2345"))
            .count();
        assert!(
            phones >= 3,
            "{lang}: the phone on the call-the-clinic and cost pages: {phones}"
        );
        for text in &texts {
            assert!(
                !text.contains("((") && !text.contains("))"),
                "{lang}: {text}"
            );
            assert!(!text.contains('{'), "{lang}: {text}");
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
fn a_topic_naming_no_sources_is_refused() {
    let rel = "en/07-aftercare.toml";
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
    let errs = refused(&root).0;
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
fn a_checklist_with_an_empty_title_is_refused() {
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
    let errs = refused(&root).0;
    assert!(
        errs.iter().any(|e| e.file == file(&root, &rel)
            && e.field.ends_with(".title")
            && e.message == "the title is empty"),
        "{errs:?}"
    );
}
