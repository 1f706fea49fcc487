//! Phase 2: each language's files, read and parsed: its topics (each page and block checked,
//! see [`super::blocks`]) and its glossary.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use toml::Spanned;

use super::index::Index;
use super::{Broken, File, LangFiles, Loader};
use crate::content::raw::{RawGlossary, RawPage, RawSource, RawTopic};
use crate::content::{Image, Page, Review, Source, Term, Topic};

impl Loader<'_> {
    /// Every file of `lang`: its checked topics, each with its file, and its glossary.
    /// `None` when the language has no files at all. Files that cannot be used are noted
    /// in `broken`.
    pub(super) fn language(
        &mut self,
        index: &Index,
        lang: &str,
        files: &[String],
        broken: &mut Broken,
    ) -> Option<LangFiles> {
        let prefix = format!("{lang}/");
        let lang_files: Vec<&String> = files.iter().filter(|f| f.starts_with(&prefix)).collect();
        if lang_files.is_empty() {
            self.err(
                &index.file,
                Some(&index.languages_span),
                "languages",
                format!(
                    "language `{lang}` has no files (expected {})",
                    self.source.describe(&prefix)
                ),
            );
            return None;
        }
        let mut topics: Vec<(Topic, File)> = Vec::new();
        let mut glossary = Vec::new();
        for rel in lang_files {
            let Some(file) = self.read(rel) else {
                broken.unknown = true;
                continue;
            };
            if rel.ends_with("/glossary.toml") {
                glossary = self.glossary(&file);
                continue;
            }
            if let Some(topic) = self.topic_file(index, lang, &file, &topics, broken) {
                topics.push((topic, file));
            }
        }
        Some((topics, glossary))
    }

    /// One topic file, checked on its own and against the topics before it and the order.
    fn topic_file(
        &mut self,
        index: &Index,
        lang: &str,
        file: &File,
        before: &[(Topic, File)],
        broken: &mut Broken,
    ) -> Option<Topic> {
        let Some(raw) = self.parse::<RawTopic>(file) else {
            broken.note(&file.text);
            return None;
        };
        let id_span = raw.id.span();
        let raw_id = raw.id.get_ref().clone();
        let Some(topic) = self.topic(file, lang, raw) else {
            broken.ids.insert(raw_id);
            return None;
        };
        if let Some((_, other)) = before.iter().find(|(t, _)| t.id == topic.id) {
            let msg = format!("topic id `{}` is also used by {}", topic.id, other.name);
            self.err(file, Some(&id_span), "id", msg);
            return None;
        }
        if !index.order.contains(&topic.id) {
            let msg = format!(
                "topic `{}` is not in the `order` list of {}",
                topic.id, index.file.name
            );
            self.err(file, Some(&id_span), "id", msg);
            return None;
        }
        Some(topic)
    }

    fn topic(&mut self, file: &File, lang: &str, raw: RawTopic) -> Option<Topic> {
        let before = self.errors.len();
        let id = self.id(file, "id", &raw.id);
        let title = self.text(file, "title", &raw.title, "the title");
        let summary = self.text(file, "summary", &raw.summary, "the summary");
        let image_src = self.image(file, "image", &raw.image);
        let alt = self.text(file, "image_alt", &raw.image_alt, "the picture's alt text");
        let caption = raw
            .image_caption
            .as_ref()
            .map(|c| self.text(file, "image_caption", c, "the picture's caption"));
        let review = self.review(file, &raw);
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
                caption: match caption {
                    Some(c) => Some(c?),
                    None => None,
                },
            },
            pages,
            review: review?,
        })
    }

    /// `reviewed`, `review_by` and the sources: dates, in order, at least one source.
    fn review(&mut self, file: &File, raw: &RawTopic) -> Option<Review> {
        let reviewed = self.date(file, "reviewed", raw.reviewed.as_ref(), &raw.id.span());
        let review_by = self.date(file, "review_by", raw.review_by.as_ref(), &raw.id.span());
        if let (Some(reviewed), Some(review_by), Some(span)) = (
            reviewed,
            review_by,
            raw.review_by.as_ref().map(Spanned::span),
        ) && review_by <= reviewed
        {
            self.err(
                file,
                Some(&span),
                "review_by",
                format!("must come after `reviewed` ({reviewed}), not {review_by}"),
            );
            return None;
        }
        if raw.sources.is_empty() {
            self.err(
                file,
                Some(&raw.id.span()),
                "source",
                "the topic names no sources: add a [[source]] with a `title` and a `year`".into(),
            );
        }
        let mut sources = Vec::new();
        for (i, source) in raw.sources.iter().enumerate() {
            let field = format!("source[{}]", i + 1);
            let RawSource { title, year } = source.get_ref();
            let title = self.text(file, &format!("{field}.title"), title, "the title");
            let latest = reviewed.map_or(9999, |d| i64::from(d.year()));
            let year_ok = (1900..=latest).contains(year.get_ref());
            if !year_ok {
                self.err(
                    file,
                    Some(&year.span()),
                    &format!("{field}.year"),
                    format!(
                        "must be a year from 1900 to {latest} (the review year), not {}",
                        year.get_ref()
                    ),
                );
            }
            if let (Some(title), true, Ok(year)) = (title, year_ok, i32::try_from(*year.get_ref()))
            {
                sources.push(Source { title, year });
            }
        }
        Some(Review {
            reviewed: reviewed?,
            review_by: review_by?,
            sources,
        })
    }

    /// A required TOML date such as `2026-12-01` (a date alone, no time).
    fn date(
        &mut self,
        file: &File,
        field: &str,
        value: Option<&Spanned<toml::value::Datetime>>,
        topic_span: &Range<usize>,
    ) -> Option<NaiveDate> {
        let Some(value) = value else {
            self.err(
                file,
                Some(topic_span),
                field,
                format!("the topic needs `{field} = 2026-12-01` (a date, without quotes)"),
            );
            return None;
        };
        let dt = value.get_ref();
        let date = match (dt.date, dt.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => None,
        };
        if date.is_none() {
            self.err(
                file,
                Some(&value.span()),
                field,
                format!("must be a date alone, such as 2026-12-01, not {dt}"),
            );
        }
        date
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
            let forms = match &term.forms {
                Some(forms) => self.list(file, &format!("{field}.forms"), forms),
                None => Some(Vec::new()),
            };
            if let (Some(word), Some(meaning), Some(forms)) = (word, meaning, forms) {
                if !seen.insert(word.to_lowercase()) {
                    self.err(
                        file,
                        Some(&span),
                        &format!("{field}.word"),
                        format!("the word `{word}` is defined twice"),
                    );
                }
                out.push(Term {
                    word,
                    forms,
                    meaning,
                });
            }
        }
        out
    }
}
