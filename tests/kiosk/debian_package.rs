//! What the Debian package installs, checked from the sources (the package itself is built
//! and inspected by `.ci/deb-check.sh`): the conffile lists every setting with its default,
//! and the metadata ships what the kiosk needs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers: a failed setup step should stop the test"
)]

use patient_kiosk::config::Settings;

const CONFFILE: &str = include_str!("../../deploy/debian/settings.toml");
const CARGO: &str = include_str!("../../Cargo.toml");

/// The conffile with every `# key = value` line above the language table uncommented.
fn uncommented() -> String {
    CONFFILE
        .lines()
        .take_while(|l| !l.starts_with("# [es]"))
        .filter_map(|l| {
            let rest = l.strip_prefix("# ")?;
            let (key, _) = rest.split_once(" = ")?;
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c == '_')
                .then(|| rest.to_owned())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_conffile_shows_every_setting_commented_out_with_its_default() {
    let text = uncommented();
    let parsed = Settings::parse(&text, "deploy/debian/settings.toml").unwrap();
    assert_eq!(
        parsed,
        Settings::default(),
        "every value shown is the default"
    );
    // Every key the settings know is there (pin_hash too, which the defaults leave out).
    let all = toml::to_string(&Settings {
        pin_hash: Some(patient_kiosk::kiosk::hash_pin("2468").unwrap()),
        ..Settings::default()
    })
    .unwrap();
    let keys: Vec<&str> = all
        .lines()
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
        .collect();
    assert!(keys.len() >= 20, "{keys:?}");
    for key in keys {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{key} = "))),
            "{key} is missing from the conffile"
        );
    }
    // As shipped, every line is a comment: the file sets nothing.
    let shipped = Settings::load_layers(&[std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/debian/settings.toml"
    ))]);
    assert!(shipped.warnings.is_empty(), "{:?}", shipped.warnings);
    assert!(shipped.sources.is_empty());
}

#[test]
fn the_package_ships_the_binary_the_unit_the_conffile_and_the_engines_it_runs() {
    let meta = CARGO
        .split("[package.metadata.deb]")
        .nth(1)
        .and_then(|m| m.split("\n[[").next())
        .expect("[package.metadata.deb] in Cargo.toml");
    let depends = meta
        .lines()
        .find(|l| l.starts_with("depends = "))
        .expect("depends");
    // cage runs the kiosk, and Debian 12's cage does not start without Xwayland.
    for dep in [
        "cage",
        "xwayland",
        "espeak-ng",
        "cups-client",
        "adduser",
        "libegl1",
        "libxkbcommon0",
    ] {
        let list: Vec<&str> = depends
            .trim_start_matches("depends = \"")
            .trim_end_matches('"')
            .split(", ")
            .collect();
        assert!(list.contains(&dep), "depends on {dep}: {list:?}");
    }
    let field = |name: &str| {
        meta.lines()
            .find(|l| l.starts_with(&format!("{name} = ")))
            .unwrap_or_default()
    };
    assert!(
        !field("suggests").contains("printer-driver-cups-pdf"),
        "it keeps every handout"
    );
    assert!(
        field("conf-files").is_empty(),
        "no conffile: upgrades never prompt"
    );
    for asset in [
        "deploy/debian/settings.toml",
        "docs/deploy.md",
        "deploy/prometheus/patient-kiosk.rules.yml",
        "deploy/patient-kiosk.service",
        "deploy/debian/postinst",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(asset);
        assert!(path.is_file(), "{asset}");
    }
    let postinst = include_str!("../../deploy/debian/postinst");
    assert!(postinst.contains("adduser --system --group --home /var/lib/patient-kiosk"));
    assert!(postinst.contains("-m 0750 /etc/patient-kiosk /etc/patient-kiosk/settings.d"));
    assert!(postinst.contains("#DEBHELPER#"));
    let unit = include_str!("../../deploy/patient-kiosk.service");
    assert!(
        unit.contains("User=kiosk") && unit.contains("ExecStart=/usr/bin/cage -s -- patient-kiosk")
    );
}

#[test]
fn the_manual_pages_are_generated_from_the_command_line_and_are_current() {
    use clap::CommandFactory;
    // patient-kiosk(1), and a page for each command (patient-kiosk-doctor(1), ...), as
    // clap_mangen makes them from the definition `main` parses.
    let cli = patient_kiosk::cli::Cli::command();
    let mut pages = vec![("patient-kiosk".to_owned(), cli.clone())];
    for sub in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
        let name = format!("patient-kiosk-{}", sub.get_name());
        // clap names commands with static text (its `string` feature is off).
        let static_name: &'static str = Box::leak(name.clone().into_boxed_str());
        pages.push((name, sub.clone().name(static_name)));
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/man");
    let mut stale = Vec::new();
    for (name, command) in pages {
        let mut page = Vec::new();
        clap_mangen::Man::new(command)
            .date("2026-12-03")
            .render(&mut page)
            .unwrap();
        let path = dir.join(format!("{name}.1"));
        if std::env::var_os("UPDATE_MAN").is_some() {
            std::fs::write(&path, &page).unwrap();
        }
        if std::fs::read(&path).unwrap_or_default() != page {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "out of date in docs/man: {stale:?}; run UPDATE_MAN=1 cargo test the_manual_pages"
    );
    let main = std::fs::read_to_string(dir.join("patient-kiosk.1")).unwrap();
    for command in ["validate", "doctor", "set-pin", "handout", "pack", "update"] {
        let escaped = command.replace('-', "\\-");
        assert!(main.contains(&escaped), "the page names {command}");
        assert!(dir.join(format!("patient-kiosk-{command}.1")).is_file());
    }
}
