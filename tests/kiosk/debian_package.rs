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
    for dep in [
        "espeak-ng",
        "cups-client",
        "adduser",
        "libegl1",
        "libxkbcommon0",
    ] {
        assert!(meta.contains(dep), "depends on {dep}");
    }
    assert!(meta.contains("recommends = \"cage"));
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
    assert!(postinst.contains("#DEBHELPER#"));
    let unit = include_str!("../../deploy/patient-kiosk.service");
    assert!(
        unit.contains("User=kiosk") && unit.contains("ExecStart=/usr/bin/cage -s -- patient-kiosk")
    );
}
