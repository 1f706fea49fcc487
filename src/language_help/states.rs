//! Each US state's list of languages for the notice (`content/language-help/states.toml`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The list used when the settings name no state.
pub const NATIONWIDE: &str = "US";

#[derive(Deserialize)]
struct StatesFile {
    states: BTreeMap<String, Vec<String>>,
}

fn table() -> &'static BTreeMap<String, Vec<String>> {
    static TABLE: OnceLock<BTreeMap<String, Vec<String>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        use crate::content::ContentSource as _;
        crate::content::EmbeddedSource
            .read_text("language-help/states.toml")
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|t| toml::from_str::<StatesFile>(&t).ok())
            .map(|f| f.states)
            .unwrap_or_default()
    })
}

/// Whether `code` ("CA") is in the table.
pub fn is_known(code: &str) -> bool {
    table().contains_key(code)
}

/// Some of the codes in the table, for messages.
pub fn examples() -> &'static str {
    "\"CA\", \"NY\" or \"TX\""
}

/// The language codes for `state`, most spoken first, Chinese as both scripts.
pub fn list(state: &str) -> Option<Vec<String>> {
    let codes = table().get(state)?;
    Some(
        codes
            .iter()
            .flat_map(|c| match c.as_str() {
                "zh" => vec!["zh-hant".to_owned(), "zh-hans".to_owned()],
                other => vec![other.to_owned()],
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_and_dc_has_fifteen_languages() {
        let t = table();
        assert_eq!(t.len(), 52, "50 states, DC and the nationwide list");
        for (state, codes) in t {
            assert_eq!(codes.len(), 15, "{state}");
        }
        assert_eq!(list("CA").unwrap()[..3], ["es", "zh-hant", "zh-hans"]);
    }
}
