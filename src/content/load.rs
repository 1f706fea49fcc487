//! Turns raw content files into the checked [`Library`], reporting every problem at once.
//! Runs once at start-up (and on a staff "reload"); after it, nothing can dangle.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::raw::{RawBlock, RawGlossary, RawIndex, RawPage, RawTopic};
use super::source::ContentSource;
use super::{
    Block, Callout, Image, LangContent, Library, PLACEHOLDERS, Page, Question, Term, Tone, Topic,
};

/// Largest picture side the kiosk accepts; bigger ones would waste memory on a small PC.
pub const MAX_IMAGE_SIDE: u32 = 4096;

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

/// A file's text, kept to turn byte spans into line numbers.
struct File {
    rel: String,
    name: String,
    text: String,
}

impl File {
    fn line(&self, span: &Range<usize>) -> usize {
        crate::toml_error::line_of(&self.text, span.start)
    }
}

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
            Ok(text) => Some(File {
                rel: rel.to_owned(),
                name,
                text,
            }),
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

    fn text(
        &mut self,
        file: &File,
        field: &str,
        value: &Spanned<String>,
        what: &str,
    ) -> Option<String> {
        let s = value.get_ref().trim();
        if s.is_empty() {
            self.err(file, Some(&value.span()), field, format!("{what} is empty"));
            return None;
        }
        self.check_placeholders(file, field, value);
        Some(s.to_owned())
    }

    fn check_placeholders(&mut self, file: &File, field: &str, value: &Spanned<String>) {
        let mut rest = value.get_ref().as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.err(
                    file,
                    Some(&value.span()),
                    field,
                    "has a `{` with no closing `}`".into(),
                );
                return;
            };
            let name = &after[..close];
            if !PLACEHOLDERS.contains(&name) {
                self.err(
                    file,
                    Some(&value.span()),
                    field,
                    format!(
                        "unknown placeholder `{{{name}}}`; known: {}",
                        PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                    ),
                );
            }
            rest = &after[close + 1..];
        }
    }

    fn id(&mut self, file: &File, field: &str, value: &Spanned<String>) -> Option<String> {
        let s = value.get_ref();
        let ok = !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            self.err(
                file,
                Some(&value.span()),
                field,
                format!("id `{s}` must be lowercase letters, digits and dashes"),
            );
            return None;
        }
        Some(s.clone())
    }

    fn image(&mut self, file: &File, field: &str, src: &Spanned<String>) -> Option<String> {
        let name = src.get_ref().clone();
        if !self.image_names.contains(&name) {
            let mut known: Vec<&String> = self.image_names.iter().collect();
            known.sort();
            let known = known
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            self.err(
                file,
                Some(&src.span()),
                field,
                format!("no image named `{name}` in the image folder (there are: {known})"),
            );
            return None;
        }
        let ok = match self.checked_images.get(&name) {
            Some(&ok) => ok,
            None => {
                let problem = self.source.read_image(&name).map_or_else(
                    || Some("cannot be read".to_owned()),
                    |bytes| check_image(&bytes).err(),
                );
                if let Some(problem) = &problem {
                    self.err(
                        file,
                        Some(&src.span()),
                        field,
                        format!("image `{name}` {problem}"),
                    );
                }
                self.checked_images.insert(name.clone(), problem.is_none());
                problem.is_none()
            }
        };
        ok.then_some(name)
    }

    fn topic(&mut self, file: &File, lang: &str, raw: RawTopic) -> Option<Topic> {
        let before = self.errors.len();
        let id = self.id(file, "id", &raw.id);
        let title = self.text(file, "title", &raw.title, "the title");
        let summary = self.text(file, "summary", &raw.summary, "the summary");
        let image_src = self.image(file, "image", &raw.image);
        let alt = self.text(file, "image_alt", &raw.image_alt, "the picture's alt text");
        if raw.pages.is_empty() {
            self.err(
                file,
                Some(&raw.id.span()),
                "page",
                "the topic has no pages".into(),
            );
        }
        let mut seen_pages: HashMap<String, usize> = HashMap::new();
        let mut pages = Vec::new();
        for (i, page) in raw.pages.into_iter().enumerate() {
            let span = page.span();
            let field = format!("page[{}]", i + 1);
            if let Some(page) = self.page(file, lang, &field, span.clone(), page.into_inner()) {
                if let Some(first) = seen_pages.insert(page.id.clone(), i + 1) {
                    self.err(
                        file,
                        Some(&span),
                        &format!("{field}.id"),
                        format!("page id `{}` is used twice (also page {first})", page.id),
                    );
                }
                pages.push(page);
            }
        }
        if self.errors.len() > before {
            return None;
        }
        Some(Topic {
            id: id?,
            title: title?,
            summary: summary?,
            image: Image {
                src: image_src?,
                alt: alt?,
                caption: None,
            },
            pages,
        })
    }

    fn page(
        &mut self,
        file: &File,
        lang: &str,
        field: &str,
        span: Range<usize>,
        raw: RawPage,
    ) -> Option<Page> {
        let before = self.errors.len();
        let id = self.id(file, &format!("{field}.id"), &raw.id);
        let heading = self.text(
            file,
            &format!("{field}.heading"),
            &raw.heading,
            "the heading",
        );
        if raw.blocks.is_empty() {
            self.err(
                file,
                Some(&span),
                &format!("{field}.block"),
                "the page is empty: it has no blocks".into(),
            );
        }
        let mut blocks = Vec::new();
        for (i, block) in raw.blocks.into_iter().enumerate() {
            let bfield = format!("{field}.block[{}]", i + 1);
            let span = block.span();
            if let Some(b) = self.block(file, &bfield, span, block.into_inner()) {
                blocks.push(b);
            }
        }
        if self.errors.len() > before {
            return None;
        }
        Some(Page {
            id: id?,
            heading: heading?,
            blocks,
            lang: lang.to_owned(),
        })
    }

    fn list(
        &mut self,
        file: &File,
        field: &str,
        items: &Spanned<Vec<Spanned<String>>>,
    ) -> Option<Vec<String>> {
        if items.get_ref().is_empty() {
            self.err(file, Some(&items.span()), field, "the list is empty".into());
            return None;
        }
        let mut out = Vec::new();
        for (i, item) in items.get_ref().iter().enumerate() {
            out.push(self.text(file, &format!("{field}[{}]", i + 1), item, "the item")?);
        }
        Some(out)
    }

    fn required<'v, T>(
        &mut self,
        file: &File,
        field: &str,
        span: &Range<usize>,
        kind: &str,
        value: &'v Option<T>,
        name: &str,
    ) -> Option<&'v T> {
        if value.is_none() {
            self.err(
                file,
                Some(span),
                &format!("{field}.{name}"),
                format!("a `{kind}` block needs `{name}`"),
            );
        }
        value.as_ref()
    }

    fn block(
        &mut self,
        file: &File,
        field: &str,
        span: Range<usize>,
        raw: RawBlock,
    ) -> Option<Block> {
        let kind = raw.kind.get_ref().clone();
        let allowed: &[&str] = match kind.as_str() {
            "paragraph" => &["text"],
            "bullets" | "steps" => &["items"],
            "callout" => &["tone", "title", "text", "items"],
            "image" => &["src", "alt", "caption"],
            "question" => &["id", "text"],
            other => {
                self.err(
                    file,
                    Some(&raw.kind.span()),
                    &format!("{field}.type"),
                    format!(
                        "unknown block type `{other}`; known: paragraph, bullets, steps, callout, image, question"
                    ),
                );
                return None;
            }
        };
        let present = [
            ("text", raw.text.as_ref().map(Spanned::span)),
            ("items", raw.items.as_ref().map(Spanned::span)),
            ("tone", raw.tone.as_ref().map(Spanned::span)),
            ("title", raw.title.as_ref().map(Spanned::span)),
            ("src", raw.src.as_ref().map(Spanned::span)),
            ("alt", raw.alt.as_ref().map(Spanned::span)),
            ("caption", raw.caption.as_ref().map(Spanned::span)),
            ("id", raw.id.as_ref().map(Spanned::span)),
        ];
        let before = self.errors.len();
        for (name, span) in present {
            if let Some(span) = span
                && !allowed.contains(&name)
            {
                self.err(
                    file,
                    Some(&span),
                    &format!("{field}.{name}"),
                    format!("a `{kind}` block has no field `{name}`"),
                );
            }
        }
        let block = match kind.as_str() {
            "paragraph" => {
                let text = self.required(file, field, &span, &kind, &raw.text, "text")?;
                Block::Paragraph(self.text(file, &format!("{field}.text"), text, "the text")?)
            }
            "bullets" | "steps" => {
                let items = self.required(file, field, &span, &kind, &raw.items, "items")?;
                let items = self.list(file, &format!("{field}.items"), items)?;
                if kind == "steps" {
                    Block::Steps(items)
                } else {
                    Block::Bullets(items)
                }
            }
            "callout" => {
                let tone_raw = self.required(file, field, &span, &kind, &raw.tone, "tone");
                let title = self.required(file, field, &span, &kind, &raw.title, "title");
                let (tone_raw, title) = (tone_raw?, title?);
                let tone = match tone_raw.get_ref().as_str() {
                    "call-clinic" => Tone::CallClinic,
                    "tip" => Tone::Tip,
                    "note" => Tone::Note,
                    other => {
                        self.err(
                            file,
                            Some(&tone_raw.span()),
                            &format!("{field}.tone"),
                            format!("unknown tone `{other}`; known: call-clinic, tip, note"),
                        );
                        return None;
                    }
                };
                let title = self.text(file, &format!("{field}.title"), title, "the title")?;
                let text = match &raw.text {
                    Some(t) => Some(self.text(file, &format!("{field}.text"), t, "the text")?),
                    None => None,
                };
                let items = match &raw.items {
                    Some(items) => self.list(file, &format!("{field}.items"), items)?,
                    None => Vec::new(),
                };
                if text.is_none() && items.is_empty() {
                    self.err(
                        file,
                        Some(&span),
                        &format!("{field}.text"),
                        "a `callout` block needs `text`, `items` or both".into(),
                    );
                    return None;
                }
                Block::Callout(Callout {
                    tone,
                    title,
                    text,
                    items,
                })
            }
            "image" => {
                let src = self.required(file, field, &span, &kind, &raw.src, "src");
                let alt = self.required(file, field, &span, &kind, &raw.alt, "alt");
                let (src, alt) = (src?, alt?);
                let src = self.image(file, &format!("{field}.src"), src);
                let alt = self.text(file, &format!("{field}.alt"), alt, "the alt text");
                let caption = match &raw.caption {
                    Some(c) => {
                        Some(self.text(file, &format!("{field}.caption"), c, "the caption")?)
                    }
                    None => None,
                };
                Block::Image(Image {
                    src: src?,
                    alt: alt?,
                    caption,
                })
            }
            _ => {
                let id = self.required(file, field, &span, &kind, &raw.id, "id");
                let text = self.required(file, field, &span, &kind, &raw.text, "text");
                let (id, text) = (id?, text?);
                let id = self.id(file, &format!("{field}.id"), id);
                let text = self.text(file, &format!("{field}.text"), text, "the question");
                Block::Question(Question {
                    id: id?,
                    text: text?,
                })
            }
        };
        (self.errors.len() == before).then_some(block)
    }

    fn glossary(&mut self, file: &File) -> Vec<Term> {
        let Some(raw) = self.parse::<RawGlossary>(file) else {
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, term) in raw.terms.into_iter().enumerate() {
            let field = format!("term[{}]", i + 1);
            let span = term.span();
            let term = term.into_inner();
            let word = self.text(file, &format!("{field}.word"), &term.word, "the word");
            let meaning = self.text(
                file,
                &format!("{field}.meaning"),
                &term.meaning,
                "the meaning",
            );
            if let (Some(word), Some(meaning)) = (word, meaning) {
                if !seen.insert(word.to_lowercase()) {
                    self.err(
                        file,
                        Some(&span),
                        &format!("{field}.word"),
                        format!("the word `{word}` is defined twice"),
                    );
                }
                out.push(Term { word, meaning });
            }
        }
        out
    }
}

/// Checks a picture's header without decoding it all: a known format, a sane size.
pub fn check_image(bytes: &[u8]) -> Result<(u32, u32), String> {
    if bytes.is_empty() {
        return Err("is an empty file".into());
    }
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    if reader.format().is_none() {
        return Err("is not a picture format the kiosk reads (use PNG)".into());
    }
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| format!("is not a valid picture: {e}"))?;
    if w == 0 || h == 0 || w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE {
        return Err(format!(
            "is {w}x{h} pixels; each side must be 1 to {MAX_IMAGE_SIDE}"
        ));
    }
    Ok((w, h))
}

/// Load and check every file from `source`. Returns the library, or every problem found.
pub fn load(source: &dyn ContentSource) -> Result<Library, ContentErrors> {
    let mut loader = Loader {
        source,
        errors: Vec::new(),
        image_names: source.image_names().into_iter().collect(),
        checked_images: HashMap::new(),
    };
    let files = source.text_files();
    let Some(index_file) = loader.read("topics.toml") else {
        return Err(ContentErrors(loader.errors));
    };
    let Some(index) = loader.parse::<RawIndex>(&index_file) else {
        return Err(ContentErrors(loader.errors));
    };

    let mut languages: Vec<String> = Vec::new();
    for lang in index.languages.get_ref() {
        let code = lang.get_ref();
        let ok = (2..=8).contains(&code.len())
            && code.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        if !ok {
            loader.err(
                &index_file,
                Some(&lang.span()),
                "languages",
                format!("`{code}` is not a language code such as `en` or `es`"),
            );
        } else if languages.contains(code) {
            loader.err(
                &index_file,
                Some(&lang.span()),
                "languages",
                format!("language `{code}` is listed twice"),
            );
        } else {
            languages.push(code.clone());
        }
    }
    if languages.is_empty() {
        loader.err(
            &index_file,
            Some(&index.languages.span()),
            "languages",
            "no language is listed".into(),
        );
        return Err(ContentErrors(loader.errors));
    }
    let mut order: Vec<String> = Vec::new();
    let mut order_spans: HashMap<String, Range<usize>> = HashMap::new();
    for id in index.order.get_ref() {
        if let Some(id_s) = loader.id(&index_file, "order", id) {
            if order.contains(&id_s) {
                loader.err(
                    &index_file,
                    Some(&id.span()),
                    "order",
                    format!("topic `{id_s}` is listed twice"),
                );
            } else {
                order_spans.insert(id_s.clone(), id.span());
                order.push(id_s);
            }
        }
    }
    if order.is_empty() {
        loader.err(
            &index_file,
            Some(&index.order.span()),
            "order",
            "no topic is listed".into(),
        );
    }
    let mut handout: Vec<String> = Vec::new();
    for id in index.handout.iter().flat_map(|list| list.get_ref()) {
        if let Some(id_s) = loader.id(&index_file, "handout", id) {
            let message = if !order.contains(&id_s) {
                format!(
                    "topic `{id_s}` is not in the `order` list, so it cannot be a handout default"
                )
            } else if handout.contains(&id_s) {
                format!("topic `{id_s}` is listed twice")
            } else {
                handout.push(id_s);
                continue;
            };
            loader.err(&index_file, Some(&id.span()), "handout", message);
        }
    }

    // Topic files that failed their own checks: their topics are not also reported missing.
    let mut broken = Broken::default();
    // Topics by language, each with the file it came from.
    let mut per_lang: BTreeMap<String, LangFiles> = BTreeMap::new();
    for lang in &languages {
        let prefix = format!("{lang}/");
        let lang_files: Vec<&String> = files.iter().filter(|f| f.starts_with(&prefix)).collect();
        if lang_files.is_empty() {
            loader.err(
                &index_file,
                Some(&index.languages.span()),
                "languages",
                format!(
                    "language `{lang}` has no files (expected {})",
                    source.describe(&prefix)
                ),
            );
            continue;
        }
        let mut topics: Vec<(Topic, File)> = Vec::new();
        let mut glossary = Vec::new();
        for rel in lang_files {
            let Some(file) = loader.read(rel) else {
                broken.unknown = true;
                continue;
            };
            if rel.ends_with("/glossary.toml") {
                glossary = loader.glossary(&file);
                continue;
            }
            let Some(raw) = loader.parse::<RawTopic>(&file) else {
                broken.note(&file.text);
                continue;
            };
            let id_span = raw.id.span();
            let raw_id = raw.id.get_ref().clone();
            let topic = loader.topic(&file, lang, raw);
            if topic.is_none() {
                broken.ids.insert(raw_id);
            }
            if let Some(topic) = topic {
                if let Some((_, other)) = topics.iter().find(|(t, _)| t.id == topic.id) {
                    let msg = format!("topic id `{}` is also used by {}", topic.id, other.name);
                    loader.err(&file, Some(&id_span), "id", msg);
                } else if !order.contains(&topic.id) {
                    let msg = format!(
                        "topic `{}` is not in the `order` list of {}",
                        topic.id, index_file.name
                    );
                    loader.err(&file, Some(&id_span), "id", msg);
                } else {
                    topics.push((topic, file));
                }
            }
        }
        // Question ids are unique across a language's topics.
        let mut seen_q: HashMap<String, String> = HashMap::new();
        let mut dupes = Vec::new();
        for (topic, file) in &topics {
            for q in topic
                .pages
                .iter()
                .flat_map(|p| &p.blocks)
                .filter_map(|b| match b {
                    Block::Question(q) => Some(q),
                    _ => None,
                })
            {
                if let Some(first) = seen_q.insert(q.id.clone(), topic.id.clone()) {
                    dupes.push((file.rel.clone(), q.id.clone(), first));
                }
            }
        }
        for (rel, qid, first) in dupes {
            let file = topics
                .iter()
                .find(|(_, f)| f.rel == rel)
                .map(|(_, f)| f)
                .expect("rel came from this list");
            let line = file
                .text
                .find(&format!("\"{qid}\""))
                .map(|off| file.line(&(off..off)));
            loader.errors.push(ContentError {
                file: file.name.clone(),
                line,
                field: "question.id".into(),
                message: format!("question id `{qid}` is used twice (also in topic `{first}`)"),
            });
        }
        per_lang.insert(lang.clone(), (topics, glossary));
    }

    let fallback = languages[0].clone();
    if let Some((topics, _)) = per_lang.get(&fallback) {
        for id in &order {
            if !topics.iter().any(|(t, _)| &t.id == id) && !broken.explains(id) {
                let span = order_spans.get(id).cloned();
                loader.err(
                    &index_file,
                    span.as_ref(),
                    "order",
                    format!(
                        "topic `{id}` has no file in {}",
                        source.describe(&format!("{fallback}/"))
                    ),
                );
            }
        }
    }
    if !loader.errors.is_empty() {
        return Err(ContentErrors(loader.errors));
    }

    // Build each language complete, in `order`, falling back page by page.
    let mut missing = Vec::new();
    let (base_topics, base_glossary) = per_lang.remove(&fallback).unwrap_or_default();
    let base: Vec<Topic> = order
        .iter()
        .filter_map(|id| base_topics.iter().find(|(t, _)| &t.id == id))
        .map(|(t, _)| t.clone())
        .collect();
    // Where each fallback topic came from, so a translation's error can point at both files.
    let base_files: HashMap<&str, &str> = base_topics
        .iter()
        .map(|(t, f)| (t.id.as_str(), f.name.as_str()))
        .collect();
    let mut by_lang = BTreeMap::new();
    for (lang, (topics, glossary)) in per_lang {
        let mut out = Vec::new();
        for b in &base {
            let Some((t, file)) = topics.iter().find(|(t, _)| t.id == b.id) else {
                missing.push(format!("{lang}: topic `{}` (shown in {fallback})", b.id));
                out.push(b.clone());
                continue;
            };
            for p in &t.pages {
                if !b.pages.iter().any(|bp| bp.id == p.id) {
                    loader.errors.push(ContentError {
                        file: file.name.clone(),
                        line: None,
                        field: "page.id".into(),
                        message: format!(
                            "page `{}` is not in the {fallback} topic `{}` ({})",
                            p.id,
                            b.id,
                            base_files.get(b.id.as_str()).unwrap_or(&"?")
                        ),
                    });
                }
            }
            let pages = b
                .pages
                .iter()
                .map(|bp| {
                    t.pages
                        .iter()
                        .find(|p| p.id == bp.id)
                        .cloned()
                        .unwrap_or_else(|| {
                            missing.push(format!(
                                "{lang}: page `{}` of topic `{}` (shown in {fallback})",
                                bp.id, b.id
                            ));
                            bp.clone()
                        })
                })
                .collect();
            let topic = Topic { pages, ..t.clone() };
            let base_q: HashSet<&str> = question_ids(b).collect();
            for qid in question_ids(&topic) {
                if !base_q.contains(qid) {
                    loader.errors.push(ContentError {
                        file: file.name.clone(),
                        line: None,
                        field: "question.id".into(),
                        message: format!(
                            "question `{qid}` is not in the {fallback} topic `{}` ({})",
                            b.id,
                            base_files.get(b.id.as_str()).unwrap_or(&"?")
                        ),
                    });
                }
            }
            out.push(topic);
        }
        let glossary = if glossary.is_empty() {
            base_glossary.clone()
        } else {
            glossary
        };
        by_lang.insert(
            lang.clone(),
            LangContent {
                lang,
                topics: out,
                glossary,
            },
        );
    }
    if !loader.errors.is_empty() {
        return Err(ContentErrors(loader.errors));
    }
    // No defaults given: a handout has every topic.
    if handout.is_empty() {
        handout = base.iter().map(|t| t.id.clone()).collect();
    }
    by_lang.insert(
        fallback.clone(),
        LangContent {
            lang: fallback,
            topics: base,
            glossary: base_glossary,
        },
    );
    Ok(Library {
        languages,
        by_lang,
        missing_translations: missing,
        handout_topics: handout,
    })
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

fn question_ids(topic: &Topic) -> impl Iterator<Item = &str> {
    topic
        .pages
        .iter()
        .flat_map(|p| &p.blocks)
        .filter_map(|b| match b {
            Block::Question(q) => Some(q.id.as_str()),
            _ => None,
        })
}
