//! Phase 4: each language built complete, in the order of `topics.toml`. A translation's
//! missing topics and pages are the fallback language's, and listed for staff; a page or
//! question the fallback does not have is an error.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::index::Index;
use super::{ContentError, File, LangFiles, Loader};
use crate::content::{Block, LangContent, Library, Topic};

/// The fallback language's topics, which every translation is checked against.
struct Base<'a> {
    lang: &'a str,
    /// In the order of `topics.toml`.
    topics: Vec<Topic>,
    /// The file each topic came from, so a translation's error can point at both files.
    files: HashMap<&'a str, &'a str>,
}

impl Base<'_> {
    fn file_of(&self, topic: &str) -> &str {
        self.files.get(topic).copied().unwrap_or("?")
    }
}

impl Loader<'_> {
    /// The library: the fallback language as loaded, every other language filled from it.
    pub(super) fn translations(
        &mut self,
        index: Index,
        mut per_lang: BTreeMap<String, LangFiles>,
    ) -> Library {
        let fallback = index.languages.first().cloned().unwrap_or_default();
        let (base_topics, base_glossary) = per_lang.remove(&fallback).unwrap_or_default();
        let base = Base {
            lang: &fallback,
            topics: index
                .order
                .iter()
                .filter_map(|id| base_topics.iter().find(|(t, _)| &t.id == id))
                .map(|(t, _)| t.clone())
                .collect(),
            files: base_topics
                .iter()
                .map(|(t, f)| (t.id.as_str(), f.name.as_str()))
                .collect(),
        };
        let mut missing = Vec::new();
        let mut by_lang = BTreeMap::new();
        for (lang, (topics, glossary)) in per_lang {
            let topics = self.translate(&base, &lang, &topics, &mut missing);
            let glossary = if glossary.is_empty() {
                base_glossary.clone()
            } else {
                glossary
            };
            by_lang.insert(
                lang.clone(),
                LangContent {
                    lang,
                    topics,
                    glossary,
                },
            );
        }
        let topics = base.topics;
        // No defaults given: a handout has every topic.
        let handout_topics = if index.handout.is_empty() {
            topics.iter().map(|t| t.id.clone()).collect()
        } else {
            index.handout
        };
        Library {
            languages: index.languages,
            fallback: LangContent {
                lang: fallback.clone(),
                topics,
                glossary: base_glossary,
            },
            translations: by_lang,
            missing_translations: missing,
            handout_topics,
        }
    }

    /// One language's topics, in the fallback's order; what it lacks is the fallback's.
    fn translate(
        &mut self,
        base: &Base<'_>,
        lang: &str,
        topics: &[(Topic, File)],
        missing: &mut Vec<String>,
    ) -> Vec<Topic> {
        let mut out = Vec::new();
        for b in &base.topics {
            let Some((t, file)) = topics.iter().find(|(t, _)| t.id == b.id) else {
                missing.push(format!("{lang}: topic `{}` (shown in {})", b.id, base.lang));
                out.push(b.clone());
                continue;
            };
            self.pages_are_in_base(base, b, t, file);
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
                                "{lang}: page `{}` of topic `{}` (shown in {})",
                                bp.id, b.id, base.lang
                            ));
                            bp.clone()
                        })
                })
                .collect();
            let topic = Topic { pages, ..t.clone() };
            self.questions_are_in_base(base, b, &topic, file);
            out.push(topic);
        }
        out
    }

    /// Every page of a translated topic has a page of the same id in the fallback's.
    fn pages_are_in_base(&mut self, base: &Base<'_>, b: &Topic, t: &Topic, file: &File) {
        for p in &t.pages {
            if !b.pages.iter().any(|bp| bp.id == p.id) {
                self.errors.push(ContentError {
                    file: file.name.clone(),
                    line: None,
                    field: "page.id".into(),
                    message: format!(
                        "page `{}` is not in the {} topic `{}` ({})",
                        p.id,
                        base.lang,
                        b.id,
                        base.file_of(&b.id)
                    ),
                });
            }
        }
    }

    /// Every question of a translated topic is one of the fallback topic's.
    fn questions_are_in_base(&mut self, base: &Base<'_>, b: &Topic, topic: &Topic, file: &File) {
        let base_q: HashSet<&str> = question_ids(b).collect();
        for qid in question_ids(topic) {
            if !base_q.contains(qid) {
                self.errors.push(ContentError {
                    file: file.name.clone(),
                    line: None,
                    field: "question.id".into(),
                    message: format!(
                        "question `{qid}` is not in the {} topic `{}` ({})",
                        base.lang,
                        b.id,
                        base.file_of(&b.id)
                    ),
                });
            }
        }
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
