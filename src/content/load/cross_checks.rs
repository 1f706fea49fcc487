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
                    Block::SelfCheck(c) => Some(("self-check", c.id.as_str())),
                    Block::Quiz(q) => Some(("quiz", q.id.as_str())),
                    _ => None,
                })
            {
                let (kind, q) = q;
                let Some(first) = seen_q.insert(q, &topic.id) else {
                    continue;
                };
                self.err_at_id(
                    file,
                    q,
                    format!("{kind}.id"),
                    format!("{kind} id `{q}` is used twice (also in topic `{first}`)"),
                );
            }
        }
    }

    /// Every question a self-check or quiz `asks` for is a question of the language.
    pub(super) fn asked_questions_exist(&mut self, topics: &[(Topic, File)]) {
        let known: std::collections::HashSet<&str> = topics
            .iter()
            .flat_map(|(t, _)| &t.pages)
            .flat_map(|p| &p.blocks)
            .filter_map(|b| match b {
                Block::Question(q) => Some(q.id.as_str()),
                _ => None,
            })
            .collect();
        // Where the questions are (or should be), so a file cut short is named too.
        let mut question_files: Vec<&str> = topics
            .iter()
            .filter(|(t, _)| {
                t.id == "questions"
                    || t.pages
                        .iter()
                        .flat_map(|p| &p.blocks)
                        .any(|b| matches!(b, Block::Question(_)))
            })
            .map(|(_, f)| f.name.as_str())
            .collect();
        question_files.dedup();
        let where_ = if question_files.is_empty() {
            "the questions topic".to_owned()
        } else {
            question_files.join(", ")
        };
        for (topic, file) in topics {
            for block in topic.pages.iter().flat_map(|p| &p.blocks) {
                let (kind, asks): (&str, Vec<&str>) = match block {
                    Block::SelfCheck(c) => (
                        "self-check",
                        c.items.iter().map(|(_, q)| q.as_str()).collect(),
                    ),
                    Block::Quiz(q) => ("quiz", vec![q.asks.as_str()]),
                    _ => continue,
                };
                for qid in asks.into_iter().filter(|q| !known.contains(q)) {
                    self.err_at_id(
                        file,
                        qid,
                        format!("{kind}.asks"),
                        format!(
                            "asks for question `{qid}`, which no question block has (their \
                             ids are in {where_})"
                        ),
                    );
                }
            }
        }
    }

    /// An error on the line where `id` first stands in quotes in `file` (the checked
    /// model keeps no spans, so the id is looked up in the text).
    fn err_at_id(&mut self, file: &File, id: &str, field: String, message: String) {
        let line = file
            .text
            .find(&format!("\"{id}\""))
            .map(|off| file.line(&(off..off)));
        self.errors.push(ContentError {
            file: file.name.clone(),
            line,
            field,
            message,
        });
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
