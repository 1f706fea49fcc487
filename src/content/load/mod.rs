//! Turns raw content files into the checked [`Library`], reporting every problem at once.
//! Runs once at start-up (and on a staff "reload"); after it, nothing can dangle.
//!
//! The phases, in the order [`load`] runs them:
//! 1. [`index`]: `topics.toml` (languages, topic order, handout defaults);
//! 2. [`files`]: each language's topic and glossary files, read and parsed, with
//!    [`blocks`] checking every block, placeholder and picture in them;
//! 3. [`cross_checks`]: what spans topics (question ids, topics with no file);
//! 4. [`translations`]: each language built whole, page by page, from the fallback.
//!
//! Each phase adds to one list of errors; the load stops after a phase that found any.

mod blocks;
mod cross_checks;
mod files;
mod index;
mod translations;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;

use serde::de::DeserializeOwned;

use super::source::ContentSource;
use super::{Library, Term, Topic};

pub use blocks::{MAX_IMAGE_SIDE, check_image};

/// One problem in the content: which file, which line, which field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentError {
    pub file: String,
    /// 1-based; `None` when the problem is with the file as a whole.
    pub line: Option<usize>,
    pub field: String,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}: {}", self.file, self.field, self.message),
            None => write!(f, "{}: {}: {}", self.file, self.field, self.message),
        }
    }
}

/// Every problem found in one load, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} problem(s) in the content:", self.0.len())?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

/// Load and check every file from `source`. Returns the library, or every problem found.
pub fn load(source: &dyn ContentSource) -> Result<Library, ContentErrors> {
    let mut loader = Loader {
        source,
        errors: Vec::new(),
        image_names: source.image_names().into_iter().collect(),
        checked_images: HashMap::new(),
    };
    let Some(index) = loader.index() else {
        return Err(ContentErrors(loader.errors));
    };
    let files = source.text_files();
    let mut broken = Broken::default();
    let mut per_lang: BTreeMap<String, LangFiles> = BTreeMap::new();
    for lang in &index.languages {
        if let Some((topics, glossary)) = loader.language(&index, lang, &files, &mut broken) {
            loader.question_ids_are_unique(&topics);
            loader.asked_questions_exist(&topics);
            per_lang.insert(lang.clone(), (topics, glossary));
        }
    }
    loader.every_topic_has_a_file(&index, &per_lang, &broken);
    loader.stop_if_wrong()?;
    let library = loader.translations(index, per_lang);
    loader.stop_if_wrong()?;
    Ok(library)
}

/// A file's text, kept to turn byte spans into line numbers.
struct File {
    name: String,
    text: String,
}

impl File {
    fn line(&self, span: &Range<usize>) -> usize {
        crate::toml_error::line_of(&self.text, span.start)
    }
}

/// One language's checked topics (with the file each came from) and glossary.
type LangFiles = (Vec<(Topic, File)>, Vec<Term>);

/// Topic files that could not be used, so that a missing topic is not reported twice.
#[derive(Default)]
struct Broken {
    ids: HashSet<String>,
    /// A file whose id could not even be read: any topic may be the one it held.
    unknown: bool,
}

impl Broken {
    fn note(&mut self, text: &str) {
        match text
            .parse::<toml::Table>()
            .ok()
            .and_then(|t| t.get("id").and_then(|v| v.as_str().map(str::to_owned)))
        {
            Some(id) => {
                self.ids.insert(id);
            }
            None => self.unknown = true,
        }
    }

    fn explains(&self, id: &str) -> bool {
        self.unknown || self.ids.contains(id)
    }
}

/// What every phase shares: the source, the errors found so far, the pictures seen.
struct Loader<'a> {
    source: &'a dyn ContentSource,
    errors: Vec<ContentError>,
    image_names: HashSet<String>,
    checked_images: HashMap<String, bool>,
}

impl Loader<'_> {
    fn err(&mut self, file: &File, span: Option<&Range<usize>>, field: &str, message: String) {
        self.errors.push(ContentError {
            file: file.name.clone(),
            line: span.map(|s| file.line(s)),
            field: field.to_owned(),
            message,
        });
    }

    /// Ends the load after a phase that found problems, with all of them.
    fn stop_if_wrong(&mut self) -> Result<(), ContentErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ContentErrors(std::mem::take(&mut self.errors)))
        }
    }

    fn read(&mut self, rel: &str) -> Option<File> {
        let name = self.source.describe(rel);
        let bytes = match self.source.read_text(rel) {
            Ok(b) => b,
            Err(e) => {
                self.errors.push(ContentError {
                    file: name,
                    line: None,
                    field: "(file)".into(),
                    message: format!("cannot be read: {e}"),
                });
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Some(File { name, text }),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                self.errors.push(ContentError {
                    file: name,
                    line: Some(line),
                    field: "(file)".into(),
                    message: format!("is not valid UTF-8 text (bad byte at offset {at})"),
                });
                None
            }
        }
    }

    fn parse<T: DeserializeOwned>(&mut self, file: &File) -> Option<T> {
        match toml::from_str::<T>(&file.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let field = crate::toml_error::field_of(e.message(), e.span().as_ref(), &file.text);
                let span = e.span();
                self.err(file, span.as_ref(), &field, e.message().trim().to_owned());
                None
            }
        }
    }
}
