//! Content a clinician would sign and a patient can use: plain words in both languages,
//! every topic opening with its main point and a picture, closing with what to remember,
//! its sources and review date on file, every page on one screen, and medical words
//! explained in whatever form a page uses them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use common::*;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use patient_kiosk::app::KioskApp;
use patient_kiosk::content::{Block, Page, Tone};
use patient_kiosk::model::Screen;
use patient_kiosk::system::speech;

/// Spanish readability: Fernández-Huerta (1959) as corrected by Law (2011):
/// `206.84 - 60 * syllables per word - 1.02 * words per sentence`. 70 and up reads as
/// "algo fácil" (about 6th grade), 80 and up as "fácil".
mod spanish {
    fn is_vowel(c: char) -> bool {
        "aeiouáéíóúü".contains(c)
    }

    /// Strong vowels, and the weak ones that carry an accent (which break a diphthong).
    fn is_strong(c: char) -> bool {
        "aeoáéóíú".contains(c)
    }

    /// Syllables of one Spanish word: one per vowel group, where two strong vowels side by
    /// side are two syllables (le-er, dí-a) and a weak vowel joins its neighbour (piel,
    /// ciu-dad). A final `y` after a vowel closes a diphthong (hoy, muy).
    pub fn syllables(word: &str) -> usize {
        let letters: Vec<char> = word
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        if letters.is_empty() {
            return 0;
        }
        let mut count = 0;
        let mut prev: Option<char> = None;
        for &c in &letters {
            if is_vowel(c) {
                match prev {
                    Some(p) if is_vowel(p) => {
                        if is_strong(p) && is_strong(c) {
                            count += 1;
                        }
                    }
                    _ => count += 1,
                }
                prev = Some(c);
            } else {
                prev = Some(c);
            }
        }
        count.max(1)
    }

    /// The score of a text; sentences end at `.`, `!`, `?`, `:` or `;`.
    pub fn fernandez_huerta(text: &str) -> f64 {
        let words: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .collect();
        let sentences = text
            .split(['.', '!', '?', ':', ';'])
            .filter(|s| s.chars().any(char::is_alphabetic))
            .count()
            .max(1);
        let syllables: usize = words.iter().map(|w| syllables(w)).sum();
        let n = words.len().max(1) as f64;
        206.84 - 60.0 * (syllables as f64 / n) - 1.02 * (n / sentences as f64)
    }

    #[test]
    fn syllables_follow_spanish_diphthongs_and_hiatus() {
        for (word, n) in [
            ("piel", 1),
            ("que", 1),
            ("hoy", 1),
            ("muy", 1),
            ("y", 1),
            ("día", 2),
            ("leer", 2),
            ("ciudad", 2),
            ("país", 2),
            ("huevo", 2),
            ("aceite", 3),
            ("tratamiento", 4),
            ("estériles", 4),
            ("microagujas", 5),
            ("Médico,", 3),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
        assert_eq!(syllables("24"), 0, "a number is no word here");
    }

    #[test]
    fn short_plain_sentences_score_easy_and_long_legal_ones_hard() {
        let easy = "Su piel se cura. Use crema. No tome sol. Llame a la clínica si le duele.";
        let hard = "La administración concomitante de anticoagulantes incrementa \
                    considerablemente la probabilidad de complicaciones hemorrágicas \
                    posteriores al procedimiento dermatológico mínimamente invasivo.";
        let (e, h) = (fernandez_huerta(easy), fernandez_huerta(hard));
        assert!(e > 80.0, "easy text scores {e:.0}");
        assert!(h < 40.0, "hard text scores {h:.0}");
    }
}

/// What a page asks the patient to read: paragraphs, list items, boxes and questions (not
/// headings or picture descriptions), as read-aloud joins them into sentences, with the
/// clinic's details as a kiosk with no settings fills them.
fn body_text(page: &Page) -> String {
    let fill = patient_kiosk::config::Settings::default().placeholders(
        &page.lang,
        &patient_kiosk::i18n::Strings::get(&page.lang).no_phone,
    );
    let mut pieces = Vec::new();
    for block in &page.blocks {
        match block {
            Block::Paragraph(t) => pieces.push(t.clone()),
            Block::Bullets(items) | Block::Steps(items) => pieces.extend(items.iter().cloned()),
            Block::Callout(c) => {
                pieces.extend(c.text.iter().cloned());
                pieces.extend(c.items.iter().cloned());
            }
            Block::Question(q) => pieces.push(q.text.clone()),
            Block::Checklist(c) => {
                pieces.push(c.title.clone());
                pieces.extend(c.items.iter().cloned());
            }
            Block::SelfCheck(c) => {
                pieces.push(c.title.clone());
                pieces.extend(c.items.iter().map(|(s, _)| s.clone()));
            }
            Block::Quiz(q) => {
                pieces.push(q.text.clone());
                pieces.extend(q.choices.iter().cloned());
                pieces.push(q.explain.clone());
            }
            Block::Image(_) => {}
        }
    }
    let pieces: Vec<String> = pieces.iter().map(|p| fill.fill(p)).collect();
    speech::page_script(&pieces)
}

#[test]
fn every_english_page_reads_at_grade_6_or_lower_and_most_at_grade_4() {
    let lib = library();
    let mut grades = Vec::new();
    for topic in &lib.lang("en").topics {
        for page in &topic.pages {
            let text = body_text(page);
            let grade = textstat::flesch_kincaid_grade(&text);
            grades.push((grade, format!("{}/{}", topic.id, page.id)));
        }
    }
    grades.sort_by(|a, b| a.0.total_cmp(&b.0));
    let median = grades[grades.len() / 2].0;
    let worst = grades.last().unwrap();
    println!(
        "English reading level over {} pages: median grade {median:.1}, worst grade {:.1} ({})",
        grades.len(),
        worst.0,
        worst.1
    );
    for (grade, page) in &grades {
        assert!(*grade <= 6.0, "{page} reads at grade {grade:.1}");
    }
    assert!(median <= 4.0, "median grade {median:.1}");
}

#[test]
fn every_spanish_page_scores_75_or_more_on_fernandez_huerta() {
    let lib = library();
    let mut scores = Vec::new();
    for topic in &lib.lang("es").topics {
        for page in &topic.pages {
            assert_eq!(page.lang, "es", "{}/{} is translated", topic.id, page.id);
            let score = spanish::fernandez_huerta(&body_text(page));
            scores.push((score, format!("{}/{}", topic.id, page.id)));
        }
    }
    scores.sort_by(|a, b| a.0.total_cmp(&b.0));
    let median = scores[scores.len() / 2].0;
    println!(
        "Spanish Fernández-Huerta over {} pages: median {median:.0}, lowest {:.0} ({})",
        scores.len(),
        scores[0].0,
        scores[0].1
    );
    let hard: Vec<String> = scores
        .iter()
        .filter(|(s, _)| *s < 75.0)
        .map(|(s, p)| format!("{p} {s:.0}"))
        .collect();
    assert!(hard.is_empty(), "pages under 75: {hard:?}");
}

#[test]
fn every_topic_names_its_sources_and_is_within_its_review_date() {
    let lib = library();
    let today = chrono::Local::now().date_naive();
    for lang in ["en", "es"] {
        for topic in &lib.lang(lang).topics {
            let r = &topic.review;
            assert!(!r.sources.is_empty(), "{lang}/{}: sources", topic.id);
            assert!(
                r.reviewed <= today && today <= r.review_by,
                "{lang}/{}: reviewed {} and due {} (today {today}): check it against its \
                 sources and move the dates",
                topic.id,
                r.reviewed,
                r.review_by
            );
        }
    }
    assert!(lib.past_review(today).is_empty());
    let next_year = today + chrono::Days::new(400);
    assert!(
        !lib.past_review(next_year).is_empty(),
        "in 400 days staff are told the text is due"
    );
}

#[test]
fn every_topic_closes_with_what_to_remember() {
    let lib = library();
    for lang in ["en", "es"] {
        for topic in &lib.lang(lang).topics {
            let last = topic.pages.last().unwrap();
            assert!(
                matches!(
                    last.blocks.last(),
                    Some(Block::Callout(c)) if c.tone == Tone::Remember && !c.items.is_empty()
                ),
                "{lang}/{}: the last page ends with a Remember box",
                topic.id
            );
        }
    }
}

/// Go through every page of every topic in `lang` at `size`, calling `check` on each.
fn walk_every_page(
    h: &mut Harness<'static, KioskApp>,
    lang: &str,
    mut check: impl FnMut(&mut Harness<'static, KioskApp>, &str, usize),
) {
    let lib = library();
    let content = lib.lang(lang);
    let strings = patient_kiosk::i18n::Strings::get(lang);
    for topic in &content.topics {
        open_topic(h, &topic.title);
        for p in 0..topic.pages.len() {
            let Screen::Reader { page, .. } = h.state().state().screen() else {
                panic!("{}: not reading", topic.id);
            };
            assert_eq!(page, p);
            check(h, &topic.id, p);
            if p + 1 < topic.pages.len() {
                tap(h, &strings.next);
            }
        }
        tap(h, &strings.home);
    }
}

fn start_in(lang: &str) -> Harness<'static, KioskApp> {
    let (mut h, _clock) = kiosk(HD);
    if lang == "es" {
        tap(&mut h, "Español");
    }
    tap(
        &mut h,
        &patient_kiosk::i18n::Strings::get(lang).touch_to_start,
    );
    h
}

#[test]
fn at_1920x1080_every_page_fits_one_screen_in_both_languages() {
    for lang in ["en", "es"] {
        let mut h = start_in(lang);
        let more = patient_kiosk::i18n::Strings::get(lang).more_below.clone();
        let mut long = Vec::new();
        walk_every_page(&mut h, lang, |h, topic, p| {
            if shows(h, &more) {
                long.push(format!("{topic} page {}", p + 1));
            }
        });
        assert!(long.is_empty(), "{lang}: pages that scroll: {long:?}");
    }
}

#[test]
fn at_the_largest_text_a_long_page_says_there_is_more_below_until_the_end() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    // Text size: normal, large, largest.
    for _ in 0..2 {
        h.get_by_label_contains("Text size").click();
        h.run();
    }
    open_topic(&mut h, "Aftercare");
    let mut found = false;
    for _ in 0..library().lang("en").topic("aftercare").unwrap().pages.len() {
        if shows(&h, "More below") {
            found = true;
            // Scroll to the end as a finger would; the hint goes.
            for _ in 0..40 {
                if !shows(&h, "More below") {
                    break;
                }
                let heading = h.state().state().current_page().unwrap().heading.clone();
                h.get_by_label(&heading).scroll_down();
                h.run();
            }
            assert!(!shows(&h, "More below"));
            break;
        }
        tap(&mut h, "Next");
    }
    assert!(
        found,
        "some aftercare page is longer than the screen at the largest text"
    );
}

#[test]
fn every_topic_opens_with_its_main_point_and_a_picture() {
    for lang in ["en", "es"] {
        let mut h = start_in(lang);
        let lib = library();
        let content = lib.lang(lang);
        walk_every_page(&mut h, lang, |h, topic, p| {
            if p > 0 {
                return;
            }
            let topic = content.topic(topic).unwrap();
            assert!(shows(h, &topic.summary), "{lang}/{}: summary", topic.id);
            let pictures: Vec<String> = h
                .root()
                .children_recursive()
                .filter(|n| n.accesskit_node().role() == Role::Image)
                .filter_map(|n| n.accesskit_node().label())
                .collect();
            let own = topic.pages[0].blocks.iter().find_map(|b| match b {
                Block::Image(img) => Some(img.alt.clone()),
                _ => None,
            });
            let expected = own.unwrap_or_else(|| topic.image.alt.clone());
            assert!(
                pictures.contains(&expected),
                "{lang}/{}: page 1 shows its picture; pictures: {pictures:?}",
                topic.id
            );
        });
    }
}

#[test]
fn the_picture_stands_beside_the_text_on_a_landscape_screen() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    let lib = library();
    let visit = lib.lang("en").topic("the-visit").unwrap();
    open_topic(&mut h, &visit.title);
    let picture = h.get_by_role(Role::Image).rect();
    let heading = h.get_by_label(&visit.pages[0].heading).rect();
    assert!(
        picture.left() > heading.left() + 500.0 && picture.top() < heading.bottom() + 200.0,
        "picture {picture:?} beside heading {heading:?}"
    );
}

#[test]
fn words_to_know_finds_words_in_the_form_the_page_uses() {
    let lib = library();
    for lang in ["en", "es"] {
        let content = lib.lang(lang);
        for term in &content.glossary {
            let pages: Vec<&Page> = content
                .topics
                .iter()
                .flat_map(|t| &t.pages)
                .filter(|p| content.terms_on(p).contains(&term))
                .collect();
            assert!(
                !pages.is_empty(),
                "{lang}: no page uses `{}` (or its forms {:?}): the glossary entry is dead \
                 or a form is missing",
                term.word,
                term.forms
            );
        }
    }
    // Forms the pages use that differ from the glossary word.
    for (lang, word, form) in [
        ("en", "keloid", "keloids"),
        ("en", "blood thinner", "blood thinners"),
        ("en", "cold sore", "cold sores"),
        ("en", "isotretinoin", "accutane"),
    ] {
        let content = lib.lang(lang);
        let term = content
            .glossary
            .iter()
            .find(|t| t.word.eq_ignore_ascii_case(word))
            .unwrap_or_else(|| panic!("{lang}: `{word}` is in the glossary"));
        let page = content
            .topics
            .iter()
            .flat_map(|t| &t.pages)
            .find(|p| p.plain_text().join(" ").to_lowercase().contains(form))
            .unwrap_or_else(|| panic!("{lang}: a page says `{form}`"));
        assert!(
            content.terms_on(page).contains(&term),
            "{lang}: `{form}` on {} is explained as `{word}`",
            page.id
        );
    }
    assert!(
        lib.lang("en")
            .glossary
            .iter()
            .any(|t| t.word.eq_ignore_ascii_case("percutaneous"))
    );
}

#[test]
fn a_patient_ticks_what_they_have_done_and_the_next_patient_sees_no_ticks() {
    let lib = library();
    let en = lib.lang("en");
    let (topic, list) = first_block(en, |b| match b {
        Block::Checklist(c) => Some(c.clone()),
        _ => None,
    })
    .expect("a topic has a checklist");
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    open_topic(&mut h, &topic.title);
    while !shows(&h, &list.items[0]) {
        tap(&mut h, "Next");
    }
    let ticked = |h: &Harness<'_, KioskApp>| {
        h.get_by_role_and_label(Role::CheckBox, &list.items[0])
            .accesskit_node()
            .toggled()
            == Some(egui::accesskit::Toggled::True)
    };
    assert!(!ticked(&h));
    real_tap(&mut h, &list.items[0]);
    assert!(ticked(&h), "the box is ticked");
    assert!(h.state().state().session().is_ticked(&list.id, 0));
    real_tap(&mut h, &list.items[0]);
    assert!(!ticked(&h), "and unticked");
    real_tap(&mut h, &list.items[0]);
    // Done: the kiosk forgets.
    real_tap(&mut h, "Finish");
    assert_eq!(h.state().state().screen(), Screen::Welcome);
    assert!(!h.state().state().session().is_ticked(&list.id, 0));
}

#[test]
fn the_welcome_screen_says_who_wrote_and_checked_the_text_in_the_patients_language() {
    use patient_kiosk::config::Settings;
    use patient_kiosk::kiosk::ManualClock;
    use patient_kiosk::storage::Usage;
    let settings = Settings::parse(
        "clinic_name = \"Harbor Skin Clinic\"\n\
         content_owner = \"Written by Harbor staff, checked by Dr Lee\"\n\
         [es]\n\
         content_owner = \"Escrito por Harbor, revisado por la Dra. Lee\"\n",
        "s.toml",
    )
    .unwrap();
    let clock = ManualClock::default();
    let state = state_with(settings, Usage::in_memory(), &clock);
    let mut h = kiosk_with(HD, state, clock);
    assert!(shows(&h, "Written by Harbor staff, checked by Dr Lee"));
    tap(&mut h, "Español");
    assert!(shows(&h, "Escrito por Harbor, revisado por la Dra. Lee"));
    assert!(!shows(&h, "Written by Harbor staff, checked by Dr Lee"));
}

#[test]
fn every_picture_has_a_caption_and_words_for_who_cannot_see_it() {
    let lib = library();
    for lang in ["en", "es"] {
        for topic in &lib.lang(lang).topics {
            let tile = &topic.image;
            assert!(
                tile.caption
                    .as_deref()
                    .is_some_and(|c| !c.trim().is_empty()),
                "{lang}/{}: the topic's picture has a caption (page 1 shows it)",
                topic.id
            );
            for page in &topic.pages {
                for block in &page.blocks {
                    if let Block::Image(img) = block {
                        assert!(
                            img.caption.is_some() && !img.alt.trim().is_empty(),
                            "{lang}/{}/{}: {} has a caption and alt text",
                            topic.id,
                            page.id,
                            img.src
                        );
                    }
                }
            }
        }
    }
}

/// Words a patient reads on a page (as `body_text` counts them).
fn words(page: &Page) -> usize {
    body_text(page)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[test]
fn pages_keep_to_content_readmes_length() {
    // content/README.md: one idea in about 30 to 60 words; a page of questions, tick
    // boxes or a quiz up to about 80; Spanish runs about a fifth longer.
    let lib = library();
    for (lang, most, median_most) in [("en", 80, 55), ("es", 95, 65)] {
        let mut counts: Vec<(usize, String)> = lib
            .lang(lang)
            .topics
            .iter()
            .flat_map(|t| {
                t.pages
                    .iter()
                    .map(move |p| (words(p), format!("{}/{}", t.id, p.id)))
            })
            .collect();
        counts.sort();
        let median = counts[counts.len() / 2].0;
        let longest = counts.last().unwrap();
        println!(
            "{lang}: words per page: median {median}, longest {} ({})",
            longest.0, longest.1
        );
        assert!(
            longest.0 <= most,
            "{lang}: {} has {} words",
            longest.1,
            longest.0
        );
        assert!(median <= median_most, "{lang}: median {median} words");
    }
}

/// Every text on screen: labels, and the values that text blocks carry.
fn labels(h: &Harness<'_, KioskApp>) -> Vec<String> {
    h.root()
        .children_recursive()
        .flat_map(|n| {
            let node = n.accesskit_node();
            [node.label(), node.value()]
        })
        .flatten()
        .collect()
}

/// What must never be on a screen of a kiosk whose clinic set no name, phone or price.
fn made_up(label: &str) -> bool {
    [
        "Your clinic",
        "Su clínica",
        "$",
        "clinic papers",
        "papeles de su clínica",
    ]
    .iter()
    .any(|w| label.contains(w))
}

#[test]
fn with_no_settings_no_screen_names_a_clinic_or_gives_it_a_price() {
    for lang in ["en", "es"] {
        let (mut h, _clock) = kiosk(HD);
        if lang == "es" {
            tap(&mut h, "Español");
        }
        let welcome: Vec<String> = labels(&h).into_iter().filter(|l| made_up(l)).collect();
        assert!(welcome.is_empty(), "{lang}: welcome: {welcome:?}");
        tap(
            &mut h,
            &patient_kiosk::i18n::Strings::get(lang).touch_to_start,
        );
        let mut bad = Vec::new();
        walk_every_page(&mut h, lang, |h, topic, p| {
            for label in labels(h).into_iter().filter(|l| made_up(l)) {
                bad.push(format!("{topic} page {}: {label}", p + 1));
            }
        });
        assert!(bad.is_empty(), "{lang}: {bad:?}");
    }
}

#[test]
fn a_clinics_name_phone_and_price_show_on_its_screens() {
    use patient_kiosk::kiosk::ManualClock;
    use patient_kiosk::storage::Usage;
    let settings = crate::common::harbor_settings();
    for (lang, name, price) in [
        ("en", "Harbor Skin Clinic", "about $250 to $400"),
        ("es", "Clínica Harbor", "entre unos $250 y $400"),
    ] {
        let clock = ManualClock::default();
        let state = state_with(settings.clone(), Usage::in_memory(), &clock);
        let mut h = kiosk_with(HD, state, clock);
        if lang == "es" {
            tap(&mut h, "Español");
        }
        assert!(
            shows(&h, name),
            "{lang}: the welcome screen names the clinic"
        );
        tap(
            &mut h,
            &patient_kiosk::i18n::Strings::get(lang).touch_to_start,
        );
        let mut seen = Vec::new();
        walk_every_page(&mut h, lang, |h, _, _| seen.extend(labels(h)));
        let all = seen.join("\n");
        assert!(
            all.contains(&format!("{name}, ")),
            "{lang}: the price line names the clinic"
        );
        assert!(all.contains(price), "{lang}: the clinic's price");
        assert!(all.contains("(555) 010-2345"), "{lang}: the clinic's phone");
    }
}

/// The smallest text size the last frame drew, in points (pixels at 1920x1080).
fn smallest_text(h: &Harness<'static, KioskApp>) -> f32 {
    fn walk(shape: &egui::Shape, min: &mut f32) {
        match shape {
            egui::Shape::Text(text) => {
                for section in &text.galley.job.sections {
                    let range = section.byte_range.start.0..section.byte_range.end.0;
                    if !text.galley.job.text[range].trim().is_empty() {
                        *min = min.min(section.format.font_id.size);
                    }
                }
            }
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, min)),
            _ => {}
        }
    }
    let mut min = f32::INFINITY;
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut min);
    }
    min
}

#[test]
fn at_1920x1080_no_text_a_patient_sees_is_under_section_508s_size() {
    use patient_kiosk::theme::size::MIN_TEXT;
    for lang in ["en", "es"] {
        let strings = patient_kiosk::i18n::Strings::get(lang);
        let (mut h, clock) = kiosk(HD);
        if lang == "es" {
            tap(&mut h, "Español");
        }
        let mut small = Vec::new();
        let mut look = |h: &Harness<'static, KioskApp>, what: &str| {
            let min = smallest_text(h);
            if min < MIN_TEXT {
                small.push(format!("{what}: {min}"));
            }
        };
        look(&h, "welcome");
        tap(&mut h, &strings.touch_to_start);
        look(&h, "topics");
        walk_every_page(&mut h, lang, |h, topic, p| {
            let min = smallest_text(h);
            if min < MIN_TEXT {
                panic!("{lang} {topic} page {}: text of {min} pt", p + 1);
            }
        });
        tap(&mut h, &strings.my_questions_count(0));
        look(&h, "my questions");
        tap(&mut h, &strings.print_my_handout);
        look(&h, "handout");
        wait(&mut h, &clock, std::time::Duration::from_secs(100));
        assert!(h.state().state().idle().prompt_shown());
        look(&h, "need more time");
        assert!(small.is_empty(), "{lang}: {small:?}");
    }
}

/// The text sizes drawn between two heights of the screen (the page, between its bars).
fn page_text_sizes(h: &Harness<'static, KioskApp>, top: f32, bottom: f32) -> Vec<f32> {
    let mut sizes = Vec::new();
    for clipped in &h.output().shapes {
        if let egui::Shape::Text(text) = &clipped.shape
            && text.pos.y > top
            && text.pos.y < bottom
        {
            sizes.extend(
                text.galley
                    .job
                    .sections
                    .iter()
                    .map(|s| s.format.font_id.size),
            );
        }
    }
    sizes
}

#[test]
fn a_short_page_stands_larger_in_the_middle_of_its_screen_and_a_full_one_does_not() {
    use patient_kiosk::theme::size;
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    let lib = library();
    let en = lib.lang("en");
    // The shortest page of all, and the longest that still fits.
    let mut pages: Vec<(usize, usize, usize)> = Vec::new();
    for (t, topic) in en.topics.iter().enumerate() {
        for (p, page) in topic.pages.iter().enumerate() {
            let words: usize = page
                .plain_text()
                .iter()
                .map(|s| s.split_whitespace().count())
                .sum();
            let pictures = page.blocks.iter().any(|b| matches!(b, Block::Image(_)));
            if p > 0 && !pictures {
                pages.push((words, t, p));
            }
        }
    }
    pages.sort();
    // Open page `p` of topic `t` and return the smallest text size drawn between the bars.
    let smallest_on_page = |h: &mut Harness<'static, KioskApp>, t: usize, p: usize| {
        open_topic(h, &en.topics[t].title);
        for _ in 0..p {
            tap(h, "Next");
        }
        h.run();
        let sizes = page_text_sizes(h, size::TOP_BAR_HEIGHT, HD.1 - size::BAR_HEIGHT);
        sizes.iter().copied().fold(f32::INFINITY, f32::min)
    };
    let (_, t, p) = pages[0];
    let topic = &en.topics[t];
    // Its words are drawn larger than the body size, and its heading starts well below
    // the top bar (the page is centred), with the whole page still on one screen.
    let smallest = smallest_on_page(&mut h, t, p);
    assert!(smallest > size::BODY, "{smallest}");
    let heading = h.get_by_label(&topic.pages[p].heading).rect();
    assert!(
        heading.top() > size::TOP_BAR_HEIGHT + size::MARGIN + 60.0,
        "{heading:?}"
    );
    let more = patient_kiosk::i18n::Strings::get("en").more_below.clone();
    assert!(!shows(&h, &more));

    // The fullest page keeps the body size.
    let (_, t, p) = *pages.last().unwrap();
    tap(&mut h, "Home");
    let smallest = smallest_on_page(&mut h, t, p);
    assert!((smallest - size::BODY).abs() < 0.01, "{smallest}");
}

#[test]
fn answering_a_quiz_never_moves_the_buttons_the_patient_is_tapping() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    let lib = library();
    let (topic, quiz) = first_block(lib.lang("en"), |b| match b {
        Block::Quiz(q) => Some(q.clone()),
        _ => None,
    })
    .expect("a quiz");
    let page = topic
        .pages
        .iter()
        .position(|p| p.blocks.contains(&Block::Quiz(quiz.clone())))
        .unwrap();
    open_topic(&mut h, &topic.title);
    for _ in 0..page {
        tap(&mut h, "Next");
    }
    h.run();
    let wrong = (0..quiz.choices.len()).find(|&i| i != quiz.answer).unwrap();
    let before: Vec<egui::Rect> = quiz
        .choices
        .iter()
        .map(|c| h.get_by_label(c).rect())
        .collect();
    real_tap(&mut h, &quiz.choices[wrong]);
    h.run();
    assert!(shows_containing(&h, &quiz.explain), "the verdict shows");
    let after: Vec<egui::Rect> = quiz
        .choices
        .iter()
        .map(|c| h.get_by_label(c).rect())
        .collect();
    assert_eq!(before, after, "the answers stay where the finger is");
}
