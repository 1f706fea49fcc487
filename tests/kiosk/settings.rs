//! The settings file as staff write it: one wrong field never costs the others (the PIN
//! least of all), and `set-pin` never writes over a file the kiosk would warn about.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use patient_kiosk::config::Settings;
use patient_kiosk::kiosk::{hash_pin, verify_pin};

const PIN: &str = "4821";

fn set_pin(config: &Path, input: &[u8]) -> Output {
    let mut child = crate::common::kiosk_command(config.parent().unwrap())
        .args(["set-pin", "--config"])
        .arg(config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child may refuse before reading: a closed pipe is not a failure here.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

#[test]
fn a_bad_idle_seconds_keeps_the_pin_and_the_clinic_name_and_warns_with_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    let hash = hash_pin(PIN).unwrap();
    std::fs::write(
        &config,
        format!(
            "clinic_name = \"Harbor\"\nidle_seconds = 18446744073709551615\npin_hash = \"{}\"\n",
            hash.as_str()
        ),
    )
    .unwrap();
    let loaded = Settings::load(&config);
    assert_eq!(loaded.settings.pin_hash, Some(hash), "staff access holds");
    assert!(loaded.settings.staff_access_enabled());
    assert_eq!(loaded.settings.clinic_name, "Harbor");
    assert_eq!(loaded.settings.idle_seconds, 90);
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    let w = loaded.warnings[0].to_string();
    let start = format!("{}:2: idle_seconds: must be at most 3600", config.display());
    assert!(w.starts_with(&start), "{w}");
}

#[test]
fn set_pin_keeps_comments_and_other_keys_and_writes_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    let before = "# Harbor front desk kiosk\n\
                  clinic_name = \"Harbor Skin Clinic\"  # as on the sign\n\
                  \n\
                  # ask Dana before changing\n\
                  idle_seconds = 120\n\
                  pin_hash = \"\"  # set with set-pin\n\
                  languages = [\"en\", \"es-419\"]\n";
    std::fs::write(&config, before).unwrap();
    let out = set_pin(&config, format!("{PIN}\n").as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let after = std::fs::read_to_string(&config).unwrap();
    for kept in [
        "# Harbor front desk kiosk\n",
        "clinic_name = \"Harbor Skin Clinic\"  # as on the sign\n",
        "# ask Dana before changing\nidle_seconds = 120\n",
        "  # set with set-pin\n",
        "languages = [\"en\", \"es-419\"]\n",
    ] {
        assert!(after.contains(kept), "{kept:?} kept in:\n{after}");
    }
    assert!(!after.contains(PIN));
    let settings = Settings::parse(&after, "settings.toml").unwrap();
    assert_eq!(settings.idle_seconds, 120);
    assert!(verify_pin(PIN, settings.pin_hash.unwrap().as_str()));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&config).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["settings.toml"], "no temporary file is left behind");
}

#[test]
fn set_pin_refuses_a_file_with_a_bad_field_and_leaves_it_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    for before in [
        "clinic_name = \"Harbor\"\ncountdown_seconds = 301\n",
        "clinic_name = \"Harbor\"\ncolour = \"blue\"\n",
        "languages = [\"ES\"]\n",
        "clinic_name = \"Harbor\n",
    ] {
        std::fs::write(&config, before).unwrap();
        let out = set_pin(&config, format!("{PIN}\n").as_bytes());
        assert!(!out.status.success(), "refused: {before:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let field = Settings::parse(before, "x").unwrap_err().field;
        let named = format!("{}:", config.display());
        assert!(
            stderr.contains(&named) && stderr.contains(&format!(": {field}:")),
            "names file, line and {field}: {stderr}"
        );
        assert_eq!(std::fs::read_to_string(&config).unwrap(), before);
    }
}

#[test]
fn a_broken_pin_hash_tells_staff_to_run_set_pin_and_set_pin_then_mends_it() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("settings.toml");
    let before = "clinic_name = \"Harbor\"\npin_hash = \"not a hash\"\n";
    std::fs::write(&config, before).unwrap();
    let (_, warnings) = Settings::parse_lenient(before, "settings.toml");
    assert!(
        warnings[0].to_string().contains("set-pin"),
        "the warning sends staff to set-pin: {:?}",
        warnings
    );
    let out = set_pin(&config, format!("{PIN}\n").as_bytes());
    assert!(
        out.status.success(),
        "set-pin replaces the broken hash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(&config).unwrap();
    let settings = Settings::parse(&after, "settings.toml").unwrap();
    assert!(verify_pin(PIN, settings.pin_hash.unwrap().as_str()));
    assert_eq!(settings.clinic_name, "Harbor");
}

#[test]
fn update_with_an_unreadable_settings_file_names_it_rather_than_a_missing_pack_url() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the settings file should be: it cannot be read.
    let config = dir.path().join("settings.toml");
    std::fs::create_dir(&config).unwrap();
    let out = crate::common::kiosk_command(dir.path())
        .arg("--config")
        .arg(&config)
        .arg("update")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let unreadable = format!("{} could not be read", config.display());
    assert!(said.contains(&unreadable), "{said}");
}

#[test]
fn set_pin_on_a_missing_file_creates_it_with_only_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("new/settings.toml");
    let out = set_pin(&config, b"48213\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let settings = Settings::parse(&std::fs::read_to_string(&config).unwrap(), "s").unwrap();
    assert!(verify_pin("48213", settings.pin_hash.unwrap().as_str()));
    assert_eq!(settings.clinic_name, Settings::default().clinic_name);
}

#[test]
fn a_spanish_table_gives_spanish_readers_the_clinics_own_words() {
    let text = "clinic_name = \"Harbor Skin Clinic\"\n\
                price_range = \"about $200 to $700\"\n\
                content_owner = \"Written by Harbor staff, checked by Dr Lee\"\n\
                \n\
                [es]\n\
                clinic_name = \"Clínica Harbor\"\n\
                price_range = \"entre unos $200 y $700\"\n\
                content_owner = \"Escrito por Harbor, revisado por la Dra. Lee\"\n";
    let s = Settings::parse(text, "s.toml").unwrap();
    assert_eq!(s.price_range_in("en"), "about $200 to $700");
    assert_eq!(s.price_range_in("es"), "entre unos $200 y $700");
    assert_eq!(
        s.price_range_in("es-419"),
        "entre unos $200 y $700",
        "a regional code reads its base language's table"
    );
    assert_eq!(s.clinic_name_in("es"), "Clínica Harbor");
    assert_eq!(s.clinic_name_in("en"), "Harbor Skin Clinic");
    assert_eq!(
        s.content_owner_in("es"),
        "Escrito por Harbor, revisado por la Dra. Lee"
    );
    assert_eq!(
        s.placeholders("es", "").price_range,
        "entre unos $200 y $700"
    );
}

#[test]
fn without_a_price_or_a_name_nothing_is_made_up_in_any_language() {
    let s = Settings::default();
    for lang in ["en", "es", "es-419"] {
        assert_eq!(s.price_range_in(lang), "", "{lang}: no built-in price");
        assert_eq!(s.clinic_name_set_in(lang), "", "{lang}: no built-in name");
        let fill = s.placeholders(lang, "");
        assert_eq!(fill.set, [false, false, false]);
    }
    assert_eq!(s.placeholders("en", "").clinic_name, "this clinic");
    assert_eq!(s.placeholders("es", "").clinic_name, "esta clínica");
    assert_eq!(s.clinic_name_in("en"), "Patient information");
    assert_eq!(s.clinic_name_in("es"), "Información para pacientes");
    // A clinic's own price with no Spanish words: its own numbers, never our defaults.
    let s = Settings::parse("price_range = \"$250\"\n", "s.toml").unwrap();
    assert_eq!(s.price_range_in("es"), "$250");
    assert!(s.placeholders("es", "").is_set("price_range"));
}

#[test]
fn a_wrong_key_in_a_language_table_is_named_with_its_line() {
    let (s, warnings) =
        Settings::parse_lenient("clinic_name = \"A\"\n[es]\nphone = \"555\"\n", "s.toml");
    assert_eq!(s.clinic_name, "A");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!((w.line, w.field.as_str()), (Some(3), "es.phone"), "{w}");
    assert!(w.message.contains("content_owner"), "{w}");
    let (_, warnings) = Settings::parse_lenient("[es]\nprice_range = 300\n", "s.toml");
    assert_eq!(
        (warnings[0].line, warnings[0].field.as_str()),
        (Some(2), "es.price_range")
    );
}

#[test]
#[ignore = "needs root, or a second group to give the file to (the sudo group of the user who runs bash .ci/test)"]
fn set_pin_on_a_fleet_file_keeps_it_readable_by_the_kiosks_group_and_by_nobody_else() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let drop_ins = dir.path().join("settings.d");
    std::fs::create_dir(&drop_ins).unwrap();
    let config = drop_ins.join("50-pin.toml");
    std::fs::write(&config, "clinic_name = \"Harbor\"\n").unwrap();
    // IT's file: another group than the writer's (as root:kiosk is for root), mode 0644.
    let others: u32 = if rustix::process::getegid().as_raw() == 0 {
        65534
    } else {
        // Without root, a group of one's own other than the first, if there is one.
        match rustix::process::getgroups()
            .unwrap()
            .into_iter()
            .map(|g| g.as_raw())
            .find(|&g| g != rustix::process::getegid().as_raw())
        {
            Some(g) => g,
            None => panic!("needs root or a second group to give the file away"),
        }
    };
    std::os::unix::fs::chown(&config, None, Some(others)).unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = set_pin(&config, format!("{PIN}\n").as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = std::fs::metadata(&config).unwrap();
    assert_eq!(meta.gid(), others, "still the kiosk's group");
    assert_eq!(
        meta.mode() & 0o777,
        0o640,
        "group-readable, not world-readable"
    );
    let loaded = Settings::load(&config);
    assert!(loaded.settings.staff_access_enabled());
    assert_eq!(loaded.settings.clinic_name, "Harbor");
}

/// The README's settings block and the example file the package ships are made from the
/// one table of keys; `UPDATE_DOCS=1 cargo test the_readme_and_the_shipped_example` writes
/// them again after a setting is added or changed.
#[test]
fn the_readme_and_the_shipped_example_list_every_setting_as_the_table_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (readme_path, example_path) = (
        root.join("README.md"),
        root.join("deploy/debian/settings.toml"),
    );
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let opening = "every field\nwith its default:\n\n```toml\n";
    let start = readme.find(opening).expect("the README's settings block") + opening.len();
    let end = start + readme[start..].find("```\n").unwrap();
    let (block, example) = (
        patient_kiosk::config::readme_block(),
        patient_kiosk::config::example_file(),
    );
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(
            &readme_path,
            format!("{}{block}{}", &readme[..start], &readme[end..]),
        )
        .unwrap();
        std::fs::write(&example_path, &example).unwrap();
    }
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    assert!(
        readme[start..].starts_with(&format!("{block}```\n")),
        "README.md's settings block is out of date; run UPDATE_DOCS=1 cargo test the_readme_and"
    );
    assert_eq!(
        std::fs::read_to_string(&example_path).unwrap(),
        example,
        "deploy/debian/settings.toml is out of date; run UPDATE_DOCS=1 cargo test the_readme_and"
    );
    // Every key in both, once, with its default.
    for key in patient_kiosk::config::KEYS {
        let default = Settings::default()
            .written(key.name)
            .unwrap_or_else(|| "\"\"".into());
        let line = format!("{} = {default}", key.name);
        assert_eq!(
            block.matches(&format!("\n{line} ")).count() + usize::from(block.starts_with(&line)),
            1,
            "{line}"
        );
        assert_eq!(example.matches(&format!("# {line}\n")).count(), 1, "{line}");
    }
}

/// Staff see every setting in use, each with the file it came from or "default".
#[test]
fn staff_see_every_setting_and_which_file_set_it() {
    use crate::common::{HD, kiosk_with, shows_containing, state_with};
    use egui::{Key, Modifiers};
    use patient_kiosk::config::KEYS;
    use patient_kiosk::i18n::Strings;

    let dir = tempfile::tempdir().unwrap();
    let fleet = dir.path().join("10-clinic.toml");
    let hash = hash_pin(PIN).unwrap();
    std::fs::write(
        &fleet,
        format!(
            "clinic_name = \"Harbor Skin Clinic\"\nidle_seconds = 120\nhide_cursor = true\n\
             pin_hash = \"{}\"\n[es]\nprice_range = \"unos $300\"\n",
            hash.as_str()
        ),
    )
    .unwrap();
    let loaded = Settings::load_layers(std::slice::from_ref(&fleet));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let clock = patient_kiosk::kiosk::ManualClock::default();
    let state = state_with(
        loaded.settings.clone(),
        patient_kiosk::storage::Usage::in_memory(),
        &clock,
    )
    .with_settings_sources(loaded.sources.clone());
    let mut h = kiosk_with(HD, state, clock);
    h.key_press_modifiers(Modifiers::CTRL | Modifiers::ALT, Key::S);
    h.run();
    h.event(egui::Event::Text(PIN.into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.run();

    let from = format!("(from {})", fleet.display());
    let en = Strings::get("en");
    for key in KEYS {
        let label = en.setting_label(key.name);
        assert_ne!(label, key.name, "{} has an English label", key.name);
        assert!(shows_containing(&h, &format!("{label}: ")), "{label}");
    }
    assert!(shows_containing(
        &h,
        &format!("Clinic: Harbor Skin Clinic {from}")
    ));
    assert!(shows_containing(
        &h,
        &format!("Seconds before \"Need more time?\": 120 {from}")
    ));
    assert!(shows_containing(&h, &format!("Pointer hidden: yes {from}")));
    assert!(shows_containing(&h, &format!("Staff PIN: set {from}")));
    assert!(shows_containing(&h, "Seconds to answer it: 30 (default)"));
    assert!(shows_containing(&h, "Printer: (not set) (default)"));
    assert!(shows_containing(&h, "Languages: en, es (default)"));
    assert!(
        !shows_containing(&h, hash.as_str()),
        "the PIN's hash is never shown"
    );
    // Every label exists in Spanish too, in Spanish words.
    let es = Strings::get("es");
    for key in KEYS {
        assert_ne!(es.setting_label(key.name), key.name, "{}", key.name);
    }
    assert_eq!(es.setting_label("printer"), "Impresora");
}
