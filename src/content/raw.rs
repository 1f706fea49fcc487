//! The content files exactly as written on disk: serde structs with source spans, so that
//! every later check can name the line it is about. Nothing here is trusted yet; `load`
//! turns these into the checked model.

use serde::Deserialize;
use toml::Spanned;

/// `topics.toml`: which languages exist, in what order the topics appear, and which topics
/// a handout has when nobody chose.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndex {
    pub languages: Spanned<Vec<Spanned<String>>>,
    pub order: Spanned<Vec<Spanned<String>>>,
    pub handout: Option<Spanned<Vec<Spanned<String>>>>,
}

/// One topic file, such as `en/07-aftercare.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub summary: Spanned<String>,
    pub image: Spanned<String>,
    pub image_alt: Spanned<String>,
    /// A short line under the topic's picture where page 1 shows it.
    pub image_caption: Option<Spanned<String>>,
    /// When the text was last checked against its sources (a TOML date).
    pub reviewed: Option<Spanned<toml::value::Datetime>>,
    /// When it must be checked again (a TOML date).
    pub review_by: Option<Spanned<toml::value::Datetime>>,
    #[serde(rename = "source", default)]
    pub sources: Vec<Spanned<RawSource>>,
    #[serde(rename = "page", default)]
    pub pages: Vec<Spanned<RawPage>>,
}

/// Where a topic's facts come from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: Spanned<String>,
    pub year: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    pub id: Spanned<String>,
    pub heading: Spanned<String>,
    #[serde(rename = "block", default)]
    pub blocks: Vec<Spanned<RawBlock>>,
}

/// A block as written: one flat table whose `type` says which other fields it needs.
/// Kept flat (rather than a serde-tagged enum) so spans survive and a missing field gets
/// a message that names the block type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBlock {
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    pub text: Option<Spanned<String>>,
    pub items: Option<Spanned<Vec<Spanned<String>>>>,
    pub tone: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub src: Option<Spanned<String>>,
    pub alt: Option<Spanned<String>>,
    pub caption: Option<Spanned<String>>,
    pub id: Option<Spanned<String>>,
    /// Question ids: one per self-check item, or the one a quiz offers.
    pub asks: Option<Spanned<Vec<Spanned<String>>>>,
    /// A quiz's right answer, counting from 1.
    pub answer: Option<Spanned<i64>>,
    /// A quiz's one-sentence explanation of the right answer.
    pub explain: Option<Spanned<String>>,
}

/// `glossary.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGlossary {
    #[serde(rename = "term", default)]
    pub terms: Vec<Spanned<RawTerm>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerm {
    pub word: Spanned<String>,
    /// Other forms the pages use (plurals, other genders): `keloids` for `keloid`.
    pub forms: Option<Spanned<Vec<Spanned<String>>>>,
    pub meaning: Spanned<String>,
}
