//! Phase 3: what no single file can check: question ids across a language's topics, and
//! a file for every topic in the order.

use std::collections::{BTreeMap, HashMap};

use super::index::Index;
use super::{Broken, ContentError, File, LangFiles, Loader};
use crate::content::{Block, Topic};

impl Loader<'_> {
    /// Question and checklist ids are unique across a language's topics.
    pub(super) fn question_ids_are_unique(&mut self, topics: &[(Topic, File)]) {
        let mut seen_q: HashMap<&str, &str> = HashMap::new();
        for (topic, file) in topics {
            for q in topic
                .pages
                .iter()
                .flat_map(|p| &p.blocks)
                .filter_map(|b| match b {
                    Block::Question(q) => Some(("question", q.id.as_str())),
                    Block::Checklist(c) => Some(("checklist", c.id.as_str())),
                    _ => None,
                })
            {
                let (kind, q) = q;
                let Some(first) = seen_q.insert(q, &topic.id) else {
                    continue;
                };
                let qid = q;
                let line = file
                    .text
                    .find(&format!("\"{qid}\""))
                    .map(|off| file.line(&(off..off)));
                self.errors.push(ContentError {
                    file: file.name.clone(),
                    line,
                    field: format!("{kind}.id"),
                    message: format!("{kind} id `{qid}` is used twice (also in topic `{first}`)"),
                });
            }
        }
    }

    /// Every topic in the order has a file in the fallback language, unless a file that
    /// could not be used may have been it (that file's own error says enough).
    pub(super) fn every_topic_has_a_file(
        &mut self,
        index: &Index,
        per_lang: &BTreeMap<String, LangFiles>,
        broken: &Broken,
    ) {
        let Some(fallback) = index.languages.first() else {
            return;
        };
        let Some((topics, _)) = per_lang.get(fallback) else {
            return;
        };
        for id in &index.order {
            if !topics.iter().any(|(t, _)| &t.id == id) && !broken.explains(id) {
                let span = index.order_spans.get(id).cloned();
                self.err(
                    &index.file,
                    span.as_ref(),
                    "order",
                    format!(
                        "topic `{id}` has no file in {}",
                        self.source.describe(&format!("{fallback}/"))
                    ),
                );
            }
        }
    }
}
