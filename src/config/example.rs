//! The settings as a clinic's IT reads them, made from the one table of keys
//! ([`super::KEYS`]): the example file the package ships
//! (`/usr/share/doc/patient-kiosk/settings.example.toml`, from
//! `deploy/debian/settings.toml`) and the block in the README's "Settings". A test keeps
//! both files equal to what is made here.

use super::{KEYS, LANGUAGE_KEYS, Settings};

/// What the example file says first: where settings go and in which order they are read.
const EXAMPLE_HEADER: &str = "\
patient-kiosk: every setting, commented out, with its default (shipped as
/usr/share/doc/patient-kiosk/settings.example.toml). IT puts the settings a clinic needs in
files of its own in /etc/patient-kiosk/settings.d/ (for example 10-clinic.toml), which the
kiosk reads by name after /etc/patient-kiosk/settings.toml; then the kiosk user's own
/var/lib/patient-kiosk/.config/patient-kiosk/settings.toml; then --config. Each key comes
from the last file that sets it, and the staff menu shows which. An upgrade never touches
these files. `patient-kiosk doctor` checks everything. Full guide:
/usr/share/doc/patient-kiosk/deploy.md";

/// The heading of the language tables.
const LANGUAGE_SECTION: &str = "The clinic's words in another language";
const LANGUAGE_HELP: &str = "A table per language code offered (e.g. [es] or [es-419]); a key left out there uses the one above, as written.";

/// Width of the example file's comment lines.
const WIDTH: usize = 92;

/// A key and its default as a file writes it (`idle_seconds = 90`; `pin_hash = ""` when
/// there is none).
fn line(defaults: &Settings, name: &str) -> String {
    let value = defaults.written(name).unwrap_or_else(|| "\"\"".to_owned());
    format!("{name} = {value}")
}

/// `text` as comment lines of at most [`WIDTH`] characters (a longer word stands alone).
fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut current = String::from("#");
    for word in text.split_whitespace() {
        if current.len() > 1 && current.len() + 1 + word.len() > WIDTH {
            out.push_str(&current);
            out.push('\n');
            current = String::from("#");
        }
        current.push(' ');
        current.push_str(word);
    }
    out.push_str(&current);
    out.push('\n');
    out
}

/// The example file: the header, then each section's keys, each with its help and its
/// default, commented out; then the language table.
pub fn example_file() -> String {
    let defaults = Settings::default();
    let mut out = comment_block(EXAMPLE_HEADER);
    let mut section = "";
    for key in KEYS {
        if key.section != section {
            section = key.section;
            out.push_str(&format!("\n# ---- {section} ----\n"));
        }
        out.push('\n');
        out.push_str(&comment(key.help));
        out.push_str(&format!("# {}\n", line(&defaults, key.name)));
    }
    out.push_str(&format!("\n# ---- {LANGUAGE_SECTION} ----\n\n"));
    out.push_str(&comment(LANGUAGE_HELP));
    out.push_str("# [es]\n");
    for name in LANGUAGE_KEYS {
        out.push_str(&format!("# {name} = \"...\"\n"));
    }
    out
}

/// The README's block: each key with its default and, after it, its help; a comment line
/// per section.
pub fn readme_block() -> String {
    let defaults = Settings::default();
    let with_help = |line: String, help: &str| format!("{line:<36} # {help}\n");
    let mut out = String::new();
    let mut section = "";
    for key in KEYS {
        if key.section != section {
            if !section.is_empty() {
                out.push('\n');
            }
            section = key.section;
            out.push_str(&format!("# {section}\n"));
        }
        out.push_str(&with_help(line(&defaults, key.name), key.help));
    }
    out.push_str(&format!("\n# {LANGUAGE_SECTION}: {LANGUAGE_HELP}\n[es]\n"));
    for name in LANGUAGE_KEYS {
        out.push_str(&with_help(
            format!("{name} = \"...\""),
            &format!("if left out: {name} above"),
        ));
    }
    out
}

/// Plain lines as comment lines, kept as they are.
fn comment_block(text: &str) -> String {
    text.lines().map(|l| format!("# {l}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_reads_back_as_the_defaults_when_uncommented() {
        let uncommented: String = example_file()
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .filter(|l| l.contains(" = ") && !l.contains("\"...\""))
            .map(|l| format!("{l}\n"))
            .collect();
        let settings = Settings::parse(&uncommented, "example").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(settings, Settings::default(), "{uncommented}");
        let keys = uncommented.lines().count();
        assert_eq!(keys, KEYS.len(), "every key once: {uncommented}");
    }

    #[test]
    fn the_readme_block_is_toml_that_sets_every_key_to_its_default() {
        let block = readme_block();
        let top: String = block.split("\n[es]").next().unwrap_or_default().to_owned();
        assert_eq!(Settings::parse(&top, "README"), Ok(Settings::default()));
        let all = Settings::parse(&block, "README").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            all.clinic_name_set_in("es"),
            "...",
            "the language table is read as one"
        );
    }
}
