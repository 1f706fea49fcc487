//! The anonymous counts file as a chain's IT people meet it: two kiosks on one file, a
//! settings file or a folder given by mistake, a file that breaks twice.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use std::path::Path;

use patient_kiosk::storage::Usage;

fn sessions(path: &Path) -> u64 {
    let (usage, warning) = Usage::load(path);
    assert!(warning.is_none(), "{warning:?}");
    usage.days().map(|(_, d)| d.sessions).sum()
}

#[test]
fn two_kiosks_on_one_file_lose_no_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("usage.toml");
    let (mut front, _) = Usage::load(&path);
    let (mut back, _) = Usage::load(&path);
    for _ in 0..5 {
        front.session_started();
        front.for_saving().save().unwrap();
        back.session_started();
        back.topic_opened("cost");
        back.for_saving().save().unwrap();
    }
    assert_eq!(sessions(&path), 10);

    // At the same moment, from two threads (two kiosk processes would do the same).
    let writers: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let (mut usage, _) = Usage::load(&path);
                for _ in 0..20 {
                    usage.session_started();
                    usage.for_saving().save().unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    assert_eq!(sessions(&path), 50);
}

#[test]
fn a_settings_file_given_as_the_counts_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.toml");
    let settings =
        "clinic_name = \"Harbor\"\npin_hash = \"$argon2id$v=19$m=19456,t=2,p=1$abc$def\"\n";
    std::fs::write(&path, settings).unwrap();
    let (mut usage, warning) = Usage::load(&path);
    let warning = warning.unwrap().to_string();
    assert!(
        warning.contains("settings.toml") && warning.contains("not a usage counts file"),
        "{warning}"
    );
    usage.session_started();
    usage.for_saving().save().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), settings);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing set aside or written beside it"
    );
}

#[test]
fn a_folder_given_as_the_counts_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("kiosk-data");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("keep.txt"), "x").unwrap();
    let (mut usage, warning) = Usage::load(&folder);
    assert!(warning.unwrap().to_string().contains("is a folder"));
    usage.session_started();
    usage.for_saving().save().unwrap();
    assert!(
        folder.join("keep.txt").exists(),
        "the folder is not renamed"
    );
}

#[test]
fn each_breakage_keeps_its_own_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("usage.toml");
    for garbage in ["days = [1, 2", "\u{0}\u{1}not toml"] {
        std::fs::write(&path, garbage).unwrap();
        let (mut usage, warning) = Usage::load(&path);
        assert!(warning.is_some());
        usage.session_started();
        usage.for_saving().save().unwrap();
    }
    let mut kept: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("usage.toml.broken-"))
        .collect();
    kept.sort();
    assert_eq!(kept.len(), 2, "{kept:?}");
    let first = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy() == kept[0])
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(first.path()).unwrap(),
        "days = [1, 2"
    );
    assert_eq!(
        sessions(&path),
        1,
        "counting started again after the last breakage"
    );
}

#[test]
fn staff_reset_empties_the_file_but_later_counts_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("usage.toml");
    let (mut usage, _) = Usage::load(&path);
    usage.session_started();
    usage.for_saving().save().unwrap();
    usage.clear();
    usage.session_started();
    usage.for_saving().save().unwrap();
    assert_eq!(sessions(&path), 1);
}
