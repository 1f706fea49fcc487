//! Hostile input: random and mutated content, settings and usage files, broken and huge
//! pictures. The loaders must never panic, never allocate without bound, and always name
//! the file they refused.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use crate::common;

use std::path::Path;

use common::{exported_with, refused};
use patient_kiosk::config::Settings;
use patient_kiosk::content::{self, DirSource, check_image};
use patient_kiosk::storage::Usage;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

const FILES: [&str; 5] = [
    "topics.toml",
    "en/07-aftercare.toml",
    "es/12-questions.toml",
    "en/glossary.toml",
    "en/06-the-visit.toml",
];

/// Load the folder; it must either load or fail naming `rel`'s file (or `topics.toml`,
/// when the mutation removed a topic the order needs).
fn assert_refused_or_loaded(root: &Path, rel: &str) {
    let named = root.join(rel).display().to_string();
    let index = root.join("topics.toml").display().to_string();
    if let Err(errors) = content::load(&DirSource::new(root)) {
        assert!(!errors.0.is_empty());
        // The file itself, the index, or (for a translation that no longer matches its
        // English original) an error in the other language that names this file.
        assert!(
            errors
                .0
                .iter()
                .any(|e| e.file == named || e.file == index || e.message.contains(&named)),
            "errors must name {rel}: {errors}"
        );
        for e in &errors.0 {
            assert!(!e.file.is_empty() && !e.field.is_empty() && !e.message.is_empty());
        }
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(f64),
    Overwrite(f64, Vec<u8>),
    Insert(f64, String),
    Replace(String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Mutation::Truncate),
        (0.0..1.0f64, proptest::collection::vec(any::<u8>(), 1..40))
            .prop_map(|(at, b)| Mutation::Overwrite(at, b)),
        (0.0..1.0f64, "[\\[\\]{}=\"'#\\n a-z0-9.,-]{1,60}")
            .prop_map(|(at, s)| Mutation::Insert(at, s)),
        "[ -~\\n]{0,200}".prop_map(Mutation::Replace),
    ]
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let at = |f: f64| ((bytes.len() as f64) * f) as usize;
    match m {
        Mutation::Truncate(f) => bytes[..at(*f)].to_vec(),
        Mutation::Overwrite(f, with) => {
            let mut out = bytes.to_vec();
            for (i, b) in with.iter().enumerate() {
                if let Some(slot) = out.get_mut(at(*f) + i) {
                    *slot = *b;
                }
            }
            out
        }
        Mutation::Insert(f, s) => {
            let mut out = bytes[..at(*f)].to_vec();
            out.extend_from_slice(s.as_bytes());
            out.extend_from_slice(&bytes[at(*f)..]);
            out
        }
        Mutation::Replace(s) => s.as_bytes().to_vec(),
    }
}

proptest! {
    // A fixed seed keeps CI repeatable; PROPTEST_RNG_SEED=N explores other inputs.
    #![proptest_config(ProptestConfig {
        cases: 48,
        rng_seed: std::env::var("PROPTEST_RNG_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .map_or(RngSeed::Fixed(20_261_125), RngSeed::Fixed),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_content_files_are_refused_with_their_name_or_still_load(
        file in 0..FILES.len(),
        m in mutation(),
    ) {
        let rel = FILES[file];
        let (_dir, root) = exported_with(rel, |path| {
            let bytes = std::fs::read(path).unwrap();
            std::fs::write(path, apply(&bytes, &m)).unwrap();
        });
        assert_refused_or_loaded(&root, rel);
    }

    #[test]
    fn random_settings_text_never_panics_and_names_the_file(text in "[ -~\\n]{0,300}") {
        match Settings::parse(&text, "clinic.toml") {
            Ok(s) => prop_assert!(
                (20..=300).contains(&s.countdown_seconds) && (15..=3600).contains(&s.idle_seconds)
            ),
            Err(e) => prop_assert!(e.to_string().starts_with("clinic.toml")),
        }
        // The kiosk's own reading: always settings within bounds, every warning named.
        let (s, warnings) = Settings::parse_lenient(&text, "clinic.toml");
        prop_assert!((20..=300).contains(&s.countdown_seconds) && (15..=3600).contains(&s.idle_seconds));
        prop_assert_eq!(warnings.is_empty(), Settings::parse(&text, "clinic.toml").is_ok());
        for w in &warnings {
            prop_assert!(w.to_string().starts_with("clinic.toml") && !w.field.is_empty());
        }
    }

    #[test]
    fn random_usage_files_never_stop_the_kiosk(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("usage.toml");
        std::fs::write(&path, &bytes).unwrap();
        let (mut usage, warning) = Usage::load(&path);
        if let Some(w) = warning {
            prop_assert!(w.to_string().starts_with(&path.display().to_string()));
        }
        usage.session_started();
        usage.save().unwrap();
        let (again, warning) = Usage::load(&path);
        prop_assert!(warning.is_none());
        prop_assert!(again.days().count() >= 1);
    }

    #[test]
    fn random_bytes_as_a_picture_are_refused_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        // Random bytes are not a PNG (its 8-byte signature alone is a 1 in 2^64 chance):
        // refused with a reason, never a panic.
        let refused = check_image(&bytes);
        prop_assert!(refused.is_err(), "{} random bytes were taken for a picture", bytes.len());
        prop_assert!(!refused.unwrap_err().is_empty());
    }
}

#[test]
fn a_huge_string_is_loaded_or_refused_without_trouble() {
    let rel = "en/09-cost.toml";
    let huge = "word ".repeat(400_000); // 2 MB in one paragraph
    let (_dir, root) = common::exported();
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    common::edit(&root, rel, "text = \"", &format!("text = \"{huge}"));
    assert!(
        content::load(&DirSource::new(&root)).is_ok(),
        "2 MB of text is still text"
    );

    // Over the size limit: refused before reading it all.
    let big = "# padding\n".repeat(1_000_000); // 10 MB
    std::fs::write(root.join(rel), format!("{text}{big}")).unwrap();
    let errors = refused(&root);
    assert!(errors.0[0].file.ends_with("09-cost.toml"));
    assert!(errors.0[0].message.contains("limit"), "{errors}");
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep_lists = format!("id = {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let deep_tables = format!("id = {}1{}\n", "{a = ".repeat(50_000), "}".repeat(50_000));
    for deep in [deep_lists, deep_tables] {
        let (_dir, root) = exported_with("en/09-cost.toml", |path| {
            std::fs::write(path, &deep).unwrap();
        });
        let errors = refused(&root);
        assert!(
            errors.0.iter().any(|e| e.file.ends_with("09-cost.toml")),
            "{errors}"
        );
    }

    let deep_settings = format!(
        "clinic_name = {}1{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(Settings::parse(&deep_settings, "s.toml").is_err());
    let (settings, warnings) = Settings::parse_lenient(&deep_settings, "s.toml");
    assert_eq!((settings, warnings.len()), (Settings::default(), 1));
}

/// A well-formed PNG that claims a picture of this size but carries no pixels: only the
/// size is wrong, so this checks the size limit, not the decoder.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut buf = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&width.to_be_bytes());
    chunk.extend_from_slice(&height.to_be_bytes());
    chunk.extend_from_slice(&[8, 6, 0, 0, 0]);
    buf.extend_from_slice(&13u32.to_be_bytes());
    buf.extend_from_slice(&chunk);
    buf.extend_from_slice(&crc32(&chunk).to_be_bytes());
    // An empty IDAT and the end: a decoder reads the header and stops at the pixel data.
    for name in [b"IDAT", b"IEND"] {
        buf.extend_from_slice(&0u32.to_be_bytes());
        buf.extend_from_slice(name);
        buf.extend_from_slice(&crc32(name).to_be_bytes());
    }
    buf
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn broken_and_giant_pictures_are_refused_naming_the_file_that_uses_them() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("zero bytes", Vec::new(), "is an empty file"),
        (
            "not a picture",
            b"GIF89a-but-not-really".to_vec(),
            "is not a valid picture",
        ),
        (
            "unknown format",
            b"hello, I am text".to_vec(),
            "not a picture format",
        ),
        (
            "100 megapixels",
            png_header(10_000, 10_000),
            "10000x10000 pixels",
        ),
        (
            "truncated",
            {
                let mut b = png_header(64, 64);
                b.truncate(20);
                b
            },
            "image `cost.png`",
        ),
    ];
    for (what, bytes, expect) in cases {
        let (_dir, root) = exported_with("images/cost.png", |path| {
            std::fs::write(path, &bytes).unwrap();
        });
        let errors = refused(&root);
        let e = &errors.0[0];
        assert!(e.file.ends_with("en/09-cost.toml"), "{what}: {errors}");
        assert!(e.message.contains(expect), "{what}: {}", e.message);
    }
}
