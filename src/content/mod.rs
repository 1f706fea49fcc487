//! The patient text as a checked, typed model. It knows nothing of egui: the screens and
//! the handout both read it. Build it with [`load`]; every id and image in it is known to
//! resolve, so readers never handle a dangling reference.

mod load;
mod raw;
pub mod source;

pub use load::{ContentError, ContentErrors, MAX_IMAGE_SIDE, check_image, load};
pub use source::{ContentSource, DirSource, EmbeddedSource};

use std::collections::BTreeMap;

/// A language code as used for folder names: `en`, `es`.
pub type Lang = String;

/// Everything the kiosk shows, in every language it offers.
#[derive(Debug, Clone)]
pub struct Library {
    /// Languages in the order of `topics.toml`; the first is the fallback.
    pub languages: Vec<Lang>,
    /// The first language's content: complete, and what every translation falls back to.
    fallback: LangContent,
    /// The other languages, each complete (pages they lack are the fallback's).
    translations: BTreeMap<Lang, LangContent>,
    /// Pages or topics a translation lacks (shown in English instead), for staff and `validate`.
    pub missing_translations: Vec<String>,
    /// Topic ids a handout has when nobody chose; every one exists.
    handout_topics: Vec<String>,
}

impl Library {
    /// The fallback language (the first one listed).
    pub fn fallback_lang(&self) -> &str {
        &self.fallback.lang
    }

    /// The content of one language, or the fallback's when that language is not offered.
    pub fn lang(&self, lang: &str) -> &LangContent {
        self.translations.get(lang).unwrap_or(&self.fallback)
    }

    pub fn offers(&self, lang: &str) -> bool {
        lang == self.fallback.lang || self.translations.contains_key(lang)
    }

    /// The topics a handout has when nobody chose: `handout` in `topics.toml`, or every
    /// topic in order when that key is missing or empty. Every id names a topic.
    pub fn handout_topics(&self) -> &[String] {
        &self.handout_topics
    }

    /// Topics whose text is past its `review_by` date on `today`, one line each for staff:
    /// "aftercare (en): due for review since 2027-12-01".
    pub fn past_review(&self, today: chrono::NaiveDate) -> Vec<String> {
        std::iter::once(&self.fallback)
            .chain(self.translations.values())
            .flat_map(|lang| {
                lang.topics
                    .iter()
                    .filter(move |t| t.review.review_by < today)
                    .map(move |t| {
                        format!(
                            "{} ({}): due for review since {}",
                            t.id, lang.lang, t.review.review_by
                        )
                    })
            })
            .collect()
    }

    /// Every question id there is (the same in every language).
    pub fn question_ids(&self) -> Vec<&str> {
        self.lang(self.fallback_lang())
            .questions()
            .map(|q| q.id.as_str())
            .collect()
    }
}

/// One language's topics, complete: pages a translation lacks are the fallback's.
#[derive(Debug, Clone)]
pub struct LangContent {
    pub lang: Lang,
    pub topics: Vec<Topic>,
    pub glossary: Vec<Term>,
}

impl LangContent {
    /// Every checklist, in the order they appear.
    pub fn checklists(&self) -> impl Iterator<Item = &Checklist> {
        self.blocks().filter_map(|b| match b {
            Block::Checklist(c) => Some(c),
            _ => None,
        })
    }

    /// Every self-check, in the order they appear.
    pub fn self_checks(&self) -> impl Iterator<Item = &SelfCheck> {
        self.blocks().filter_map(|b| match b {
            Block::SelfCheck(c) => Some(c),
            _ => None,
        })
    }

    /// Every quiz, in the order they appear.
    pub fn quizzes(&self) -> impl Iterator<Item = &Quiz> {
        self.blocks().filter_map(|b| match b {
            Block::Quiz(q) => Some(q),
            _ => None,
        })
    }

    fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.topics
            .iter()
            .flat_map(|t| &t.pages)
            .flat_map(|p| &p.blocks)
    }

    /// The glossary words a page uses, in glossary order.
    pub fn terms_on(&self, page: &Page) -> Vec<&Term> {
        let text = page.plain_text().join("\n").to_lowercase();
        self.glossary
            .iter()
            .filter(|t| t.used_in_lowercase(&text))
            .collect()
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.id == id)
    }

    /// Every question, in the order they appear.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.blocks().filter_map(|b| match b {
            Block::Question(q) => Some(q),
            _ => None,
        })
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub id: String,
    pub title: String,
    /// The topic's main point in one sentence, shown at the top of its first page.
    pub summary: String,
    pub image: Image,
    pub pages: Vec<Page>,
    /// Where the facts come from and when they were last checked.
    pub review: Review,
}

/// Where a topic's facts come from, and when the text was checked against them.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub reviewed: chrono::NaiveDate,
    /// After this day staff are told the text is due for review.
    pub review_by: chrono::NaiveDate,
    /// At least one.
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub title: String,
    pub year: i32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub id: String,
    pub heading: String,
    pub blocks: Vec<Block>,
    /// The language this page's text is in (differs from the topic's when it fell back).
    pub lang: Lang,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(String),
    Bullets(Vec<String>),
    /// Numbered steps, shown large and in order.
    Steps(Vec<String>),
    Callout(Callout),
    Image(Image),
    Question(Question),
    /// Boxes the patient ticks on screen (kept only for their session).
    Checklist(Checklist),
    /// Statements a patient ticks in private; each tick adds its question to My questions.
    SelfCheck(SelfCheck),
    /// "Check what you know": a question with answer buttons.
    Quiz(Quiz),
}

/// A private self-check: each statement the patient ticks adds a question for the doctor.
/// The kiosk never judges: it only collects questions.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfCheck {
    /// Unique across all topics; ticks are kept as (this id, item number) for the session.
    pub id: String,
    pub title: String,
    /// (statement, id of the question it adds), in order.
    pub items: Vec<(String, String)>,
}

/// A teach-back question: one right answer, a sentence that explains it, and a question
/// the patient can add to My questions when they got it wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Quiz {
    /// Unique across all topics.
    pub id: String,
    pub text: String,
    pub choices: Vec<String>,
    /// Index into `choices`.
    pub answer: usize,
    pub explain: String,
    /// A question id that exists.
    pub asks: String,
}

/// Things to do, each with a box to tick: where a page would say "write down".
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    /// Unique across all topics; a tick is kept as (this id, item number).
    pub id: String,
    pub title: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Urgent: when to call the clinic.
    CallClinic,
    /// Something to do.
    Tip,
    Note,
    /// The key points, closing a topic.
    Remember,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Callout {
    pub tone: Tone,
    pub title: String,
    pub text: Option<String>,
    pub items: Vec<String>,
}

/// A picture from the image folder, with words for people who cannot see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// File name inside the image folder.
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub word: String,
    /// Other forms the pages use (`keloids` for `keloid`), matched like the word.
    pub forms: Vec<String>,
    pub meaning: String,
}

impl Term {
    /// Whether `text` (already lowercase: a page checked against every term is lowered
    /// once) uses the word or one of its forms as a whole word.
    fn used_in_lowercase(&self, text: &str) -> bool {
        std::iter::once(&self.word)
            .chain(&self.forms)
            .any(|form| contains_word(text, &form.to_lowercase()))
    }
}

/// `needle` in `haystack` with no letter or digit right before or after it.
fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

impl Page {
    /// The page's text in reading order (heading, paragraphs, list items with their numbers,
    /// image descriptions): what read-aloud speaks and the reading-level check measures.
    pub fn plain_text(&self) -> Vec<String> {
        let mut out = vec![self.heading.clone()];
        for block in &self.blocks {
            match block {
                Block::Paragraph(t) => out.push(t.clone()),
                Block::Bullets(items) => out.extend(items.iter().cloned()),
                Block::Steps(items) => out.extend(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, s)| format!("{}. {s}", i + 1)),
                ),
                Block::Callout(c) => {
                    out.push(c.title.clone());
                    out.extend(c.text.iter().cloned());
                    out.extend(c.items.iter().cloned());
                }
                Block::Image(img) => out.push(img.alt.clone()),
                Block::Question(q) => out.push(q.text.clone()),
                Block::Checklist(c) => {
                    out.push(c.title.clone());
                    out.extend(c.items.iter().cloned());
                }
                Block::SelfCheck(c) => {
                    out.push(c.title.clone());
                    out.extend(c.items.iter().map(|(s, _)| s.clone()));
                }
                Block::Quiz(q) => {
                    out.push(q.text.clone());
                    out.extend(q.choices.iter().cloned());
                }
            }
        }
        out
    }
}

/// Clinic details that fill the `{placeholders}` in the text.
///
/// A clinic may leave any of them unset; the text then reads naturally all the same: the
/// name becomes "this clinic" in the patient's language, and a sentence that needs a value
/// the clinic has not set is written twice, `{if clinic_phone}Call {clinic_phone}.{else}Ask
/// the front desk for the number.{end}`, so no price or phone is ever made up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placeholders {
    pub clinic_name: String,
    pub clinic_phone: String,
    pub price_range: String,
    /// Which of [`PLACEHOLDERS`] the clinic has set (the others hold stand-ins).
    pub set: [bool; 3],
}

/// The placeholders a content file may use.
pub const PLACEHOLDERS: [&str; 3] = ["clinic_name", "clinic_phone", "price_range"];

/// A piece of text with `{if name}...{else}...{end}` sections found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// `{if name}then{else}otherwise{end}`; `otherwise` is empty without `{else}`.
    If {
        name: &'a str,
        then: &'a str,
        otherwise: &'a str,
    },
}

/// Split `text` at its `{if name}...{else}...{end}` sections (not nested), or say what is
/// wrong with them.
pub fn pieces(text: &str) -> Result<Vec<Piece<'_>>, String> {
    const IF: &str = "{if ";
    const ELSE: &str = "{else}";
    const END: &str = "{end}";
    let stray = |s: &str| {
        if s.contains(ELSE) || s.contains(END) {
            Err("has an `{else}` or `{end}` with no `{if ...}` before it".to_owned())
        } else {
            Ok(())
        }
    };
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(IF) {
        let before = &rest[..at];
        stray(before)?;
        if !before.is_empty() {
            out.push(Piece::Text(before));
        }
        let after = &rest[at + IF.len()..];
        let close = after
            .find('}')
            .ok_or_else(|| "has an `{if` with no closing `}`".to_owned())?;
        let name = after[..close].trim();
        let body_and_rest = &after[close + 1..];
        let end = body_and_rest
            .find(END)
            .ok_or_else(|| format!("has `{{if {name}}}` with no `{{end}}`"))?;
        let body = &body_and_rest[..end];
        if body.contains(IF) {
            return Err(format!("has an `{{if ...}}` inside `{{if {name}}}`"));
        }
        let (then, otherwise) = match body.split_once(ELSE) {
            Some((then, otherwise)) => (then, otherwise),
            None => (body, ""),
        };
        if otherwise.contains(ELSE) {
            return Err(format!("has two `{{else}}` in `{{if {name}}}`"));
        }
        out.push(Piece::If {
            name,
            then,
            otherwise,
        });
        rest = &body_and_rest[end + END.len()..];
    }
    stray(rest)?;
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

impl Placeholders {
    /// Whether the clinic set placeholder `name` (one of [`PLACEHOLDERS`]).
    pub fn is_set(&self, name: &str) -> bool {
        PLACEHOLDERS
            .iter()
            .position(|p| *p == name)
            .is_some_and(|i| self.set[i])
    }

    /// Fill every known `{placeholder}` in `text`, keeping of each `{if name}` section the
    /// part for whether the clinic set `name`. Text the loader would refuse is filled as
    /// it stands.
    pub fn fill(&self, text: &str) -> String {
        if !text.contains('{') {
            return text.to_owned();
        }
        let chosen = match pieces(text) {
            Ok(pieces) => pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => *t,
                    Piece::If {
                        name,
                        then,
                        otherwise,
                    } => {
                        if self.is_set(name) {
                            then
                        } else {
                            otherwise
                        }
                    }
                })
                .collect::<String>(),
            Err(_) => text.to_owned(),
        };
        chosen
            .replace("{clinic_name}", &self.clinic_name)
            .replace("{clinic_phone}", &self.clinic_phone)
            .replace("{price_range}", &self.price_range)
            .trim()
            .replace("  ", " ")
    }
}

/// Every picture the content uses, decoded in full (loading checks only each file's
/// header, to start fast): a file whose data is broken after a good header is named, with
/// the topic that uses it. `validate`, `pack` and a pack's install run this, so a picture
/// that would fail every handout with its topic never reaches a kiosk.
pub fn check_pictures(library: &Library, source: &dyn ContentSource) -> Vec<String> {
    let mut used: BTreeMap<String, String> = BTreeMap::new();
    for lang in &library.languages {
        for topic in &library.lang(lang).topics {
            used.entry(topic.image.src.clone())
                .or_insert_with(|| topic.id.clone());
            for page in &topic.pages {
                for block in &page.blocks {
                    if let Block::Image(image) = block {
                        used.entry(image.src.clone())
                            .or_insert_with(|| topic.id.clone());
                    }
                }
            }
        }
    }
    let mut problems = Vec::new();
    for (name, topic) in used {
        match source.read_image(&name) {
            None => problems.push(format!("images/{name} (topic {topic}): cannot be read")),
            Some(bytes) => {
                if let Err(e) = image::load_from_memory(&bytes) {
                    problems.push(format!(
                        "images/{name} (topic {topic}): the picture's data is broken ({e}); save it again as PNG"
                    ));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(set: [bool; 3]) -> Placeholders {
        Placeholders {
            clinic_name: if set[0] { "Harbor" } else { "this clinic" }.into(),
            clinic_phone: if set[1] {
                "555-0100"
            } else {
                "ask the front desk"
            }
            .into(),
            price_range: if set[2] { "$250" } else { "" }.into(),
            set,
        }
    }

    #[test]
    fn a_sentence_for_a_setting_shows_only_when_the_clinic_set_it() {
        let text = "Prices vary. {if price_range}At {clinic_name}, it costs {price_range}.{else}Ask what it costs.{end} Ask for the total.";
        assert_eq!(
            fill([false; 3]).fill(text),
            "Prices vary. Ask what it costs. Ask for the total."
        );
        assert_eq!(
            fill([false, false, true]).fill(text),
            "Prices vary. At this clinic, it costs $250. Ask for the total."
        );
        assert_eq!(
            fill([true; 3])
                .fill("{if clinic_phone}Phone: {clinic_phone}. {end}Or go to urgent care."),
            "Phone: 555-0100. Or go to urgent care."
        );
        assert_eq!(
            fill([false; 3])
                .fill("{if clinic_phone}Phone: {clinic_phone}. {end}Or go to urgent care."),
            "Or go to urgent care."
        );
    }

    #[test]
    fn sections_that_do_not_close_or_nest_are_named() {
        assert!(pieces("{if a}x").unwrap_err().contains("no `{end}`"));
        assert!(pieces("x{end}").unwrap_err().contains("no `{if"));
        assert!(
            pieces("{if a}x{if b}y{end}{end}")
                .unwrap_err()
                .contains("inside")
        );
        assert!(
            pieces("{if a}x{else}y{else}z{end}")
                .unwrap_err()
                .contains("two")
        );
        assert_eq!(
            pieces("a{if b}c{end}").unwrap(),
            [
                Piece::Text("a"),
                Piece::If {
                    name: "b",
                    then: "c",
                    otherwise: ""
                }
            ]
        );
    }
}
