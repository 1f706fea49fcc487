//! Language help: a patient who reads none of the kiosk's languages finds the notice of free
//! language help in their own, and shows staff an interpreter card; the clinic picks the
//! languages by state or by list; every script is drawn with real glyphs, right to left
//! where it reads so, on screen and on paper.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use std::sync::Arc;
use std::time::Duration;

use crate::common;

use common::*;
use egui::Key;
use egui_kittest::kittest::Queryable;
use patient_kiosk::config::Settings;
use patient_kiosk::content::EmbeddedSource;
use patient_kiosk::handout;
use patient_kiosk::kiosk::ManualClock;
use patient_kiosk::language_help::fonts::FontKey;
use patient_kiosk::language_help::{self, LanguageHelp, layout};
use patient_kiosk::model::{Screen, Warning};
use patient_kiosk::storage::Usage;

fn codes(help: &LanguageHelp) -> Vec<&str> {
    help.languages().iter().map(|l| l.code.as_str()).collect()
}

fn settings(text: &str) -> (Settings, Vec<patient_kiosk::config::SettingsError>) {
    Settings::parse_lenient(text, "/etc/patient-kiosk/settings.toml")
}

#[test]
fn a_patient_who_reads_vietnamese_shows_staff_a_card_and_walking_away_forgets_it() {
    let (mut h, clock) = kiosk(HD);
    // The welcome screen's way in shows the languages in their own scripts.
    assert!(shows(&h, "Language help"));
    tap(&mut h, "Language help");
    assert_eq!(h.state().state().screen(), Screen::LanguageHelp);
    // Each language is there by its own name, with its notice.
    for name in [
        "Español (Spanish)",
        "Tiếng Việt (Vietnamese)",
        "العربية (Arabic)",
    ] {
        assert!(shows_containing(&h, name), "{name}");
    }
    assert!(shows_containing(
        &h,
        "Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho bạn."
    ));

    h.get_by_label_contains("Tiếng Việt (Vietnamese)").click();
    h.run();
    let vi = h
        .state()
        .state()
        .language_help()
        .languages()
        .iter()
        .position(|l| l.code == "vi")
        .unwrap();
    assert_eq!(h.state().state().screen(), Screen::InterpreterCard(vi));
    // The card, in Vietnamese and in English, for staff.
    assert!(shows_containing(&h, "Tôi nói tiếng Việt."));
    assert!(shows_containing(
        &h,
        "I speak Vietnamese. I need an interpreter, please."
    ));

    // Counted: one card in Vietnamese, and nothing else about the patient.
    let usage = h.state().state().usage().clone();
    let days: Vec<_> = usage.days().collect();
    assert_eq!(days.len(), 1);
    let day = days[0].1;
    assert_eq!(day.interpreter_cards.len(), 1);
    assert_eq!(day.interpreter_cards["vi"], 1);
    assert_eq!(
        day.sessions, 0,
        "looking at language help starts no session"
    );
    assert!(day.topics.is_empty());

    // Back goes to the list, and from there to the welcome screen.
    tap(&mut h, "Back");
    assert_eq!(h.state().state().screen(), Screen::LanguageHelp);
    h.get_by_label_contains("Tiếng Việt (Vietnamese)").click();
    h.run();

    // The patient walks away: the idle reset forgets the card.
    wait(&mut h, &clock, Duration::from_secs(90));
    wait(&mut h, &clock, Duration::from_secs(30));
    assert_eq!(h.state().state().screen(), Screen::Welcome);
    assert!(!shows_containing(&h, "Tôi nói tiếng Việt."));
    assert!(!h.state().state().has_patient_state());
    let usage = h.state().state().usage().clone();
    assert_eq!(usage.days().next().unwrap().1.interpreter_cards["vi"], 2);
}

#[test]
fn the_top_bar_opens_language_help_and_back_returns_to_the_page() {
    let (mut h, _clock) = kiosk(HD);
    tap(&mut h, "Touch to start");
    tap(&mut h, "Language help");
    assert_eq!(h.state().state().screen(), Screen::LanguageHelp);
    tap(&mut h, "Back");
    assert_eq!(h.state().state().screen(), Screen::Home);
}

#[test]
fn a_state_code_picks_that_states_languages() {
    let (s, warnings) = settings("language_help_state = \"CA\"\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    let (help, content, problems) = LanguageHelp::load(&EmbeddedSource, &s);
    assert!(
        content.is_empty() && problems.is_empty(),
        "{content:?} {problems:?}"
    );
    assert_eq!(
        codes(&help),
        [
            "es", "zh-hant", "zh-hans", "vi", "tl", "ko", "hy", "fa", "ru", "ja", "ar", "pa", "km",
            "hmn", "hi", "th"
        ]
    );
    // No state: the nationwide list.
    let (help, ..) = LanguageHelp::load(&EmbeddedSource, &Settings::default());
    assert_eq!(codes(&help)[..4], ["es", "zh-hant", "zh-hans", "vi"]);
    assert_eq!(help.languages().len(), 16);
}

#[test]
fn an_explicit_list_wins_over_the_state_and_keeps_its_order() {
    let (s, warnings) = settings(
        "language_help_state = \"NY\"\nlanguage_help_languages = [\"so\", \"ar\", \"vi\", \"xx\"]\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    let clock = ManualClock::default();
    let state = state_with(s, Usage::in_memory(), &clock);
    assert_eq!(codes(state.language_help()), ["so", "ar", "vi"]);
    // A language without a notice is named for staff, with the setting that asked for it.
    let said: Vec<String> = state.warnings().iter().map(ToString::to_string).collect();
    assert!(
        said.iter().any(|w| w.contains("language_help_languages")
            && w.contains("\"xx\"")
            && w.contains("language-help/languages.toml")),
        "{said:#?}"
    );
}

#[test]
fn an_unknown_state_code_is_a_staff_warning_naming_file_and_key_and_the_kiosk_runs_on() {
    let (s, warnings) = settings("clinic_name = \"Harbor\"\nlanguage_help_state = \"Cali\"\n");
    assert_eq!(warnings.len(), 1);
    let w = warnings[0].to_string();
    assert!(
        w.starts_with("/etc/patient-kiosk/settings.toml:2: language_help_state:"),
        "{w}"
    );
    assert!(w.contains("\"Cali\" is not a state"), "{w}");
    assert!(w.contains("nationwide list"), "{w}");
    assert_eq!(s.clinic_name, "Harbor", "the other settings are kept");
    assert_eq!(s.language_help_state, "");

    let clock = ManualClock::default();
    let state =
        state_with(s, Usage::in_memory(), &clock).with_warnings([Warning::Settings(w.clone())]);
    let mut h = kiosk_with(HD, state, clock);
    assert!(shows(&h, "Learn about microneedling"));
    tap(&mut h, "Language help");
    assert_eq!(h.state().state().language_help().languages().len(), 16);
}

#[test]
fn a_clinic_corrects_a_notice_and_adds_a_language_by_file() {
    let (_dir, root) = exported();
    std::fs::write(
        root.join("language-help/languages.toml"),
        r#"
[sources]
ours = "Checked by our interpreter, Ms Tran, December 2026"

[[language]]
code = "vi"
name = "Tiếng Việt"
english = "Vietnamese"
script = "Latn"
voice = "vi"
tagline = "Chúng tôi có thông dịch viên miễn phí."
card = "Tôi cần thông dịch viên."
tagline_source = "ours"
text_source = "ours"

[[language]]
code = "sq"
name = "Shqip"
english = "Albanian"
script = "Latn"
tagline = "Ndihma gjuhësore është falas."
tagline_source = "ours"
"#,
    )
    .unwrap();
    let source = patient_kiosk::content::DirSource::new(&root);
    let (s, _) = settings("language_help_languages = [\"vi\", \"sq\", \"ar\"]\n");
    let (help, content, problems) = LanguageHelp::load(&source, &s);
    assert!(
        content.is_empty() && problems.is_empty(),
        "{content:?} {problems:?}"
    );
    let langs = help.languages();
    assert_eq!(codes(&help), ["vi", "sq", "ar"]);
    assert_eq!(langs[0].tagline, "Chúng tôi có thông dịch viên miễn phí.");
    assert_eq!(
        langs[0].tagline_source,
        "Checked by our interpreter, Ms Tran, December 2026"
    );
    assert_eq!(
        langs[1].card_english(),
        "I speak Albanian. I need an interpreter, please."
    );
    // The built-in Arabic stays as it was, with its source named.
    assert!(langs[2].tagline_source.contains("HHS"));
}

#[test]
fn a_clinics_text_in_characters_the_fonts_lack_is_named_for_staff() {
    let (_dir, root) = exported();
    std::fs::write(
        root.join("language-help/languages.toml"),
        r#"
[[language]]
code = "ka"
name = "ქართული"
english = "Georgian"
script = "Latn"
tagline = "ენობრივი დახმარება უფასოა."
tagline_source = ""
"#,
    )
    .unwrap();
    let source = patient_kiosk::content::DirSource::new(&root);
    let (s, _) = settings("language_help_languages = [\"ka\"]\n");
    let (help, content, _) = LanguageHelp::load(&source, &s);
    assert_eq!(codes(&help), ["ka"], "shown all the same");
    assert!(
        content.iter().any(|p| p.contains("languages.toml")
            && p.contains("no glyph")
            && p.contains("subset.sh")),
        "{content:#?}"
    );
}

/// The kiosk's own fonts, set to panic on any character they cannot draw.
fn strict_fonts() -> epaint::text::Fonts {
    let mut fonts = epaint::text::Fonts::new(
        epaint::text::TextOptions::default(),
        patient_kiosk::theme::fonts(),
    );
    fonts.set_missing_glyph_policy(epaint::text::MissingGlyphPolicy::Panic);
    fonts
}

#[test]
fn every_notice_in_every_script_is_drawn_with_glyphs_of_its_own_not_boxes() {
    let mut fonts = strict_fonts();
    let langs = language_help::built_in();
    let scripts: std::collections::BTreeSet<FontKey> = langs.iter().map(|l| l.font).collect();
    assert_eq!(scripts.len(), 16, "every font is used by some language");
    for lang in &langs {
        for text in [&lang.name, &lang.notice(), &lang.card] {
            for line in layout::lines(text, lang.font, 30.0, 900.0) {
                let job = layout::layout_job(&line, 30.0, egui::Color32::BLACK);
                // Panics, naming the character, if any character has no glyph.
                let galley = fonts.layout_uncached(1.0, Arc::new(job));
                let drawn = galley
                    .rows
                    .iter()
                    .flat_map(|r| &r.row.glyphs)
                    .filter(|g| !g.chr.is_whitespace() && g.uv_rect.size.x > 0.0)
                    .count();
                assert!(drawn > 0, "{}: {:?} drew nothing", lang.code, line);
                // The line is about as wide as harfrust measured it (no glyph dropped).
                assert!(
                    (galley.size().x - line.width).abs() < 0.1 * line.width + 8.0,
                    "{}: egui {} vs measured {}",
                    lang.code,
                    galley.size().x,
                    line.width
                );
            }
        }
    }
}

#[test]
fn right_to_left_notices_are_drawn_right_to_left() {
    let mut fonts = strict_fonts();
    for code in ["ar", "fa", "ur", "yi"] {
        let lang = language_help::built_in()
            .into_iter()
            .find(|l| l.code == code)
            .unwrap();
        let lines = layout::lines(&lang.tagline, lang.font, 30.0, 5000.0);
        assert_eq!(lines.len(), 1);
        let galley = fonts.layout_uncached(
            1.0,
            Arc::new(layout::layout_job(&lines[0], 30.0, egui::Color32::BLACK)),
        );
        let glyphs: Vec<_> = galley.rows.iter().flat_map(|r| &r.row.glyphs).collect();
        // The glyph at the right end draws the first letter, the one at the left end the
        // closing full stop (of the glyphs drawn: a ligature's other letters are empty).
        let drawn = |g: &&&epaint::text::Glyph| g.uv_rect.size.x > 0.0;
        let rightmost = glyphs
            .iter()
            .filter(drawn)
            .max_by(|a, b| a.pos.x.total_cmp(&b.pos.x))
            .unwrap();
        let leftmost = glyphs
            .iter()
            .filter(drawn)
            .min_by(|a, b| a.pos.x.total_cmp(&b.pos.x))
            .unwrap();
        let first = lang.tagline.chars().next().unwrap();
        let last = lang.tagline.chars().last().unwrap();
        assert_eq!(rightmost.chr, first, "{code}: the right end");
        assert_eq!(leftmost.chr, last, "{code}: the left end");
    }
}

#[test]
fn the_handout_carries_the_notices_in_their_own_fonts() {
    let (s, _) = settings("language_help_state = \"CA\"\n");
    let req = handout::Request::with_defaults(
        &library(),
        &s,
        "en",
        chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
    );
    let made = handout::build(&library(), &EmbeddedSource, &s, &req).unwrap();
    let pdf = String::from_utf8_lossy(&made.pdf);
    for font in [
        "NotoSansArmenian",
        "NotoSansArabic",
        "NotoSansKhmer",
        "NotoSansGurmukhi",
        "NotoSansDevanagari",
        "NotoSansThai",
        "NotoSansCJKtc",
        "NotoSansCJKsc",
        "NotoSansCJKjp",
        "NotoSansCJKkr",
    ] {
        assert!(pdf.contains(font), "{font} is not in the PDF");
    }
}

#[test]
fn speech_reads_each_notice_in_its_own_voice_or_names_the_language() {
    let clock = ManualClock::default();
    let speaker = patient_kiosk::machine::recording::RecordingSpeaker::default();
    let state = state_with(Settings::default(), Usage::in_memory(), &clock);
    let machine = machine_speaking(&clock, &speaker);
    let mut h = kiosk_on(HD, state, machine, 1.0 / 30.0, |app| app);
    // Speech on, then Down to the way in, and Enter.
    for _ in 0..20 {
        press(&mut h, Key::ArrowDown);
        if speaker.last().starts_with("Language help, button") {
            break;
        }
    }
    press(&mut h, Key::Enter);
    assert_eq!(h.state().state().screen(), Screen::LanguageHelp);
    let log = || speaker.log.lock().unwrap().clone();
    for _ in 0..40 {
        press(&mut h, Key::ArrowDown);
        if log().iter().any(|l| l.starts_with("speak en: Tagalog.")) {
            break;
        }
    }
    let log = log();
    assert!(
        log.iter()
            .any(|l| l.starts_with("speak vi: Tiếng Việt. Nếu bạn nói Tiếng Việt")),
        "{log:#?}"
    );
    assert!(
        log.iter()
            .any(|l| l.starts_with("speak es-419: Español. Si habla español")),
        "{log:#?}"
    );
    // espeak-ng has no Tagalog voice: its name in English, in the patient's language.
    assert!(
        log.iter().any(|l| l.starts_with("speak en: Tagalog.")),
        "{log:#?}"
    );
}

#[test]
#[ignore = "needs espeak-ng: bash .ci/test installs it"]
fn every_voice_the_notices_name_is_one_espeak_ng_has() {
    let out = std::process::Command::new("espeak-ng")
        .arg("--voices")
        .output()
        .expect("espeak-ng runs");
    let list = String::from_utf8_lossy(&out.stdout);
    let voices: Vec<&str> = list
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    for lang in language_help::built_in() {
        if let Some(voice) = &lang.voice {
            assert!(
                voices.contains(&voice.as_str()),
                "{}: no voice {voice}",
                lang.code
            );
        }
    }
}
