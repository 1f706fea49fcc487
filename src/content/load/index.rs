//! Phase 1: `topics.toml`, which names the languages, the topics in order, and the topics a
//! handout has when nobody chose.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;

use super::{File, Loader};
use crate::content::raw::RawIndex;

/// `topics.toml`, checked.
pub(super) struct Index {
    pub file: File,
    /// The language codes, each once; never empty. The first is the fallback.
    pub languages: Vec<String>,
    /// Where `languages` is written, for errors about a language as a whole.
    pub languages_span: Range<usize>,
    /// Topic ids, each once, in the order of the home screen.
    pub order: Vec<String>,
    /// Where each id of `order` is written.
    pub order_spans: HashMap<String, Range<usize>>,
    /// The handout's default topic ids, each in `order`; empty when none are given.
    pub handout: Vec<String>,
}

impl Loader<'_> {
    /// Read and check `topics.toml`. `None` when nothing else can be checked without it:
    /// it is missing, it does not parse, or it names no language.
    pub(super) fn index(&mut self) -> Option<Index> {
        let file = self.read("topics.toml")?;
        let raw = self.parse::<RawIndex>(&file)?;
        let languages = self.languages(&file, &raw.languages)?;
        let (order, order_spans) = self.order(&file, &raw.order);
        let handout = self.handout_defaults(&file, raw.handout.as_ref(), &order);
        Some(Index {
            file,
            languages,
            languages_span: raw.languages.span(),
            order,
            order_spans,
            handout,
        })
    }

    fn languages(
        &mut self,
        file: &File,
        list: &Spanned<Vec<Spanned<String>>>,
    ) -> Option<Vec<String>> {
        let mut languages: Vec<String> = Vec::new();
        for lang in list.get_ref() {
            let code = lang.get_ref();
            // The same rule as the settings' `languages`, so a code the content accepts is
            // one the settings can offer (and never one that reads as an option, `-es`).
            if !crate::config::is_language_code(code) {
                self.err(
                    file,
                    Some(&lang.span()),
                    "languages",
                    format!(
                        "`{code}` is not a language code (lowercase BCP 47 style, such as `en`, \
                         `es` or `es-419`)"
                    ),
                );
            } else if languages.contains(code) {
                self.err(
                    file,
                    Some(&lang.span()),
                    "languages",
                    format!("language `{code}` is listed twice"),
                );
            } else {
                languages.push(code.clone());
            }
        }
        if languages.is_empty() {
            self.err(
                file,
                Some(&list.span()),
                "languages",
                "no language is listed".into(),
            );
            return None;
        }
        Some(languages)
    }

    fn order(
        &mut self,
        file: &File,
        list: &Spanned<Vec<Spanned<String>>>,
    ) -> (Vec<String>, HashMap<String, Range<usize>>) {
        let mut order: Vec<String> = Vec::new();
        let mut spans: HashMap<String, Range<usize>> = HashMap::new();
        for id in list.get_ref() {
            if let Some(id_s) = self.id(file, "order", id) {
                if order.contains(&id_s) {
                    self.err(
                        file,
                        Some(&id.span()),
                        "order",
                        format!("topic `{id_s}` is listed twice"),
                    );
                } else {
                    spans.insert(id_s.clone(), id.span());
                    order.push(id_s);
                }
            }
        }
        if order.is_empty() {
            self.err(
                file,
                Some(&list.span()),
                "order",
                "no topic is listed".into(),
            );
        }
        (order, spans)
    }

    /// The `handout` key: topic ids, each in `order` and listed once.
    fn handout_defaults(
        &mut self,
        file: &File,
        list: Option<&Spanned<Vec<Spanned<String>>>>,
        order: &[String],
    ) -> Vec<String> {
        let mut handout: Vec<String> = Vec::new();
        for id in list.iter().flat_map(|list| list.get_ref()) {
            let Some(id_s) = self.id(file, "handout", id) else {
                continue;
            };
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
            self.err(file, Some(&id.span()), "handout", message);
        }
        handout
    }
}
