//! The checks inside a topic file: each block against its type, every text for empty
//! values and unknown `{placeholders}`, every id's spelling, and every picture's file.

use std::ops::Range;

use toml::Spanned;

use super::{File, Loader};
use crate::content::raw::RawBlock;
use crate::content::{
    Block, Callout, Checklist, Image, PLACEHOLDERS, Piece, Question, Quiz, SelfCheck, Tone,
};

/// Largest picture side the kiosk accepts; bigger ones would waste memory on a small PC.
pub const MAX_IMAGE_SIDE: u32 = 4096;

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

/// The fields a block type may have; `None` for a type there is not.
fn allowed_fields(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "paragraph" => &["text"],
        "bullets" | "steps" => &["items"],
        "callout" => &["tone", "title", "text", "items"],
        "image" => &["src", "alt", "caption"],
        "question" => &["id", "text"],
        "checklist" => &["id", "title", "items"],
        "self-check" => &["id", "title", "items", "asks"],
        "quiz" => &["id", "text", "items", "answer", "explain", "asks"],
        _ => return None,
    })
}

impl Loader<'_> {
    /// A text value, trimmed: not empty, and only known placeholders in it.
    pub(super) fn text(
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
        let pieces = match crate::content::pieces(value.get_ref()) {
            Ok(pieces) => pieces,
            Err(msg) => {
                self.err(file, Some(&value.span()), field, msg);
                return;
            }
        };
        let known = || PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ");
        let mut texts = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => texts.push(t),
                Piece::If {
                    name,
                    then,
                    otherwise,
                } => {
                    if !PLACEHOLDERS.contains(&name) {
                        self.err(
                            file,
                            Some(&value.span()),
                            field,
                            format!("unknown placeholder in `{{if {name}}}`; known: {}", known()),
                        );
                    }
                    texts.extend([then, otherwise]);
                }
            }
        }
        for mut rest in texts {
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
                        format!("unknown placeholder `{{{name}}}`; known: {}", known()),
                    );
                }
                rest = &after[close + 1..];
            }
        }
    }

    /// An id: lowercase letters, digits and dashes.
    pub(super) fn id(
        &mut self,
        file: &File,
        field: &str,
        value: &Spanned<String>,
    ) -> Option<String> {
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

    /// A picture's file name: in the image folder, and a picture the kiosk can show.
    /// Each file is checked once however many places use it.
    pub(super) fn image(
        &mut self,
        file: &File,
        field: &str,
        src: &Spanned<String>,
    ) -> Option<String> {
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

    /// A list of texts: not empty, each item a text ([`Loader::text`]).
    pub(super) fn list(
        &mut self,
        file: &File,
        field: &str,
        items: &Spanned<Vec<Spanned<String>>>,
    ) -> Option<Vec<String>> {
        self.list_of(file, field, items, |l, file, field, item| {
            l.text(file, field, item, "the item")
        })
    }

    /// A list that is not empty, each item checked by `each` under the field `field[n]`.
    fn list_of(
        &mut self,
        file: &File,
        field: &str,
        items: &Spanned<Vec<Spanned<String>>>,
        each: impl Fn(&mut Self, &File, &str, &Spanned<String>) -> Option<String>,
    ) -> Option<Vec<String>> {
        if items.get_ref().is_empty() {
            self.err(file, Some(&items.span()), field, "the list is empty".into());
            return None;
        }
        let mut out = Vec::new();
        for (i, item) in items.get_ref().iter().enumerate() {
            out.push(each(self, file, &format!("{field}[{}]", i + 1), item)?);
        }
        Some(out)
    }

    fn required<'v, T>(
        &mut self,
        file: &File,
        at: &BlockAt<'_>,
        value: &'v Option<T>,
        name: &str,
    ) -> Option<&'v T> {
        if value.is_none() {
            self.err(
                file,
                Some(at.span),
                &format!("{}.{name}", at.field),
                format!("a `{}` block needs `{name}`", at.kind),
            );
        }
        value.as_ref()
    }

    /// One block, checked against what its `type` allows and needs.
    pub(super) fn block(
        &mut self,
        file: &File,
        field: &str,
        span: Range<usize>,
        raw: RawBlock,
    ) -> Option<Block> {
        let kind = raw.kind.get_ref().clone();
        let Some(allowed) = allowed_fields(&kind) else {
            self.err(
                file,
                Some(&raw.kind.span()),
                &format!("{field}.type"),
                format!(
                    "unknown block type `{kind}`; known: paragraph, bullets, steps, callout, image, question, checklist, self-check, quiz"
                ),
            );
            return None;
        };
        let before = self.errors.len();
        let at = BlockAt {
            field,
            span: &span,
            kind: &kind,
        };
        self.foreign_fields(file, &at, allowed, &raw);
        let block = match kind.as_str() {
            "paragraph" => {
                let text = self.required(file, &at, &raw.text, "text")?;
                Block::Paragraph(self.text(file, &format!("{field}.text"), text, "the text")?)
            }
            "bullets" | "steps" => {
                let items = self.required(file, &at, &raw.items, "items")?;
                let items = self.list(file, &format!("{field}.items"), items)?;
                if kind == "steps" {
                    Block::Steps(items)
                } else {
                    Block::Bullets(items)
                }
            }
            "callout" => self.callout(file, &at, &raw)?,
            "image" => self.image_block(file, &at, &raw)?,
            "checklist" => self.checklist(file, &at, &raw)?,
            "self-check" => self.self_check(file, &at, &raw)?,
            "quiz" => self.quiz(file, &at, &raw)?,
            _ => self.question(file, &at, &raw)?,
        };
        (self.errors.len() == before).then_some(block)
    }

    /// Fields the block has that its type does not use.
    fn foreign_fields(&mut self, file: &File, at: &BlockAt<'_>, allowed: &[&str], raw: &RawBlock) {
        let present = [
            ("text", raw.text.as_ref().map(Spanned::span)),
            ("items", raw.items.as_ref().map(Spanned::span)),
            ("tone", raw.tone.as_ref().map(Spanned::span)),
            ("title", raw.title.as_ref().map(Spanned::span)),
            ("src", raw.src.as_ref().map(Spanned::span)),
            ("alt", raw.alt.as_ref().map(Spanned::span)),
            ("caption", raw.caption.as_ref().map(Spanned::span)),
            ("id", raw.id.as_ref().map(Spanned::span)),
            ("asks", raw.asks.as_ref().map(Spanned::span)),
            ("answer", raw.answer.as_ref().map(Spanned::span)),
            ("explain", raw.explain.as_ref().map(Spanned::span)),
        ];
        for (name, span) in present {
            if let Some(span) = span
                && !allowed.contains(&name)
            {
                self.err(
                    file,
                    Some(&span),
                    &format!("{}.{name}", at.field),
                    format!("a `{}` block has no field `{name}`", at.kind),
                );
            }
        }
    }

    fn callout(&mut self, file: &File, at: &BlockAt<'_>, raw: &RawBlock) -> Option<Block> {
        let field = at.field;
        let tone_raw = self.required(file, at, &raw.tone, "tone");
        let title = self.required(file, at, &raw.title, "title");
        let (tone_raw, title) = (tone_raw?, title?);
        let tone = match tone_raw.get_ref().as_str() {
            "call-clinic" => Tone::CallClinic,
            "tip" => Tone::Tip,
            "note" => Tone::Note,
            "remember" => Tone::Remember,
            other => {
                self.err(
                    file,
                    Some(&tone_raw.span()),
                    &format!("{field}.tone"),
                    format!("unknown tone `{other}`; known: call-clinic, tip, note, remember"),
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
                Some(at.span),
                &format!("{field}.text"),
                "a `callout` block needs `text`, `items` or both".into(),
            );
            return None;
        }
        Some(Block::Callout(Callout {
            tone,
            title,
            text,
            items,
        }))
    }

    fn image_block(&mut self, file: &File, at: &BlockAt<'_>, raw: &RawBlock) -> Option<Block> {
        let field = at.field;
        let src = self.required(file, at, &raw.src, "src");
        let alt = self.required(file, at, &raw.alt, "alt");
        let (src, alt) = (src?, alt?);
        let src = self.image(file, &format!("{field}.src"), src);
        let alt = self.text(file, &format!("{field}.alt"), alt, "the alt text");
        let caption = match &raw.caption {
            Some(c) => Some(self.text(file, &format!("{field}.caption"), c, "the caption")?),
            None => None,
        };
        Some(Block::Image(Image {
            src: src?,
            alt: alt?,
            caption,
        }))
    }

    fn question(&mut self, file: &File, at: &BlockAt<'_>, raw: &RawBlock) -> Option<Block> {
        let field = at.field;
        let id = self.required(file, at, &raw.id, "id");
        let text = self.required(file, at, &raw.text, "text");
        let (id, text) = (id?, text?);
        let id = self.id(file, &format!("{field}.id"), id);
        let text = self.text(file, &format!("{field}.text"), text, "the question");
        Some(Block::Question(Question {
            id: id?,
            text: text?,
        }))
    }
}

impl Loader<'_> {
    fn checklist(&mut self, file: &File, at: &BlockAt<'_>, raw: &RawBlock) -> Option<Block> {
        let field = at.field;
        let id = self.required(file, at, &raw.id, "id");
        let title = self.required(file, at, &raw.title, "title");
        let items = self.required(file, at, &raw.items, "items");
        let (id, title, items) = (id?, title?, items?);
        let id = self.id(file, &format!("{field}.id"), id);
        let title = self.text(file, &format!("{field}.title"), title, "the title");
        let items = self.list(file, &format!("{field}.items"), items);
        Some(Block::Checklist(Checklist {
            id: id?,
            title: title?,
            items: items?,
        }))
    }
}

impl Loader<'_> {
    /// Ids in an `asks` list, each spelled as an id (that they name a question is checked
    /// once every topic is read).
    fn asks(
        &mut self,
        file: &File,
        field: &str,
        asks: &Spanned<Vec<Spanned<String>>>,
    ) -> Option<Vec<String>> {
        self.list_of(file, field, asks, |l, file, field, id| {
            l.id(file, field, id)
        })
    }

    fn self_check(&mut self, file: &File, at: &BlockAt<'_>, raw: &RawBlock) -> Option<Block> {
        let field = at.field;
        let id = self.required(file, at, &raw.id, "id");
        let title = self.required(file, at, &raw.title, "title");
        let items = self.required(file, at, &raw.items, "items");
        let asks = self.required(file, at, &raw.asks, "asks");
        let (id, title, items, asks_raw) = (id?, title?, items?, asks?);
        let id = self.id(file, &format!("{field}.id"), id);
        let title = self.text(file, &format!("{field}.title"), title, "the title");
        let items = self.list(file, &format!("{field}.items"), items);
        let asks = self.asks(file, &format!("{field}.asks"), asks_raw);
        let (items, asks) = (items?, asks?);
        if items.len() != asks.len() {
            self.err(
                file,
                Some(&asks_raw.span()),
                &format!("{field}.asks"),
                format!(
                    "names {} question(s) for {} item(s): each item needs the id of the \
                     question it adds",
                    asks.len(),
                    items.len()
                ),
            );
            return None;
        }
        Some(Block::SelfCheck(SelfCheck {
            id: id?,
            title: title?,
            items: items.into_iter().zip(asks).collect(),
        }))
    }

    fn quiz(&mut self, file: &File, at: &BlockAt<'_>, raw: &RawBlock) -> Option<Block> {
        let field = at.field;
        let id = self.required(file, at, &raw.id, "id");
        let text = self.required(file, at, &raw.text, "text");
        let items = self.required(file, at, &raw.items, "items");
        let answer = self.required(file, at, &raw.answer, "answer");
        let explain = self.required(file, at, &raw.explain, "explain");
        let asks = self.required(file, at, &raw.asks, "asks");
        let (id, text, items, answer, explain, asks_raw) =
            (id?, text?, items?, answer?, explain?, asks?);
        let id = self.id(file, &format!("{field}.id"), id);
        let text = self.text(file, &format!("{field}.text"), text, "the question");
        let choices = self.list(file, &format!("{field}.items"), items)?;
        let explain = self.text(
            file,
            &format!("{field}.explain"),
            explain,
            "the explanation",
        );
        let asks = self.asks(file, &format!("{field}.asks"), asks_raw)?;
        if !(2..=4).contains(&choices.len()) {
            self.err(
                file,
                Some(&items.span()),
                &format!("{field}.items"),
                format!("a quiz needs 2 to 4 answers, not {}", choices.len()),
            );
            return None;
        }
        let right = usize::try_from(*answer.get_ref())
            .ok()
            .filter(|n| (1..=choices.len()).contains(n));
        let Some(right) = right else {
            self.err(
                file,
                Some(&answer.span()),
                &format!("{field}.answer"),
                format!(
                    "must be the number of the right answer, 1 to {}, not {}",
                    choices.len(),
                    answer.get_ref()
                ),
            );
            return None;
        };
        let [asks] = asks.as_slice() else {
            self.err(
                file,
                Some(&asks_raw.span()),
                &format!("{field}.asks"),
                format!("a quiz offers one question, not {}", asks.len()),
            );
            return None;
        };
        Some(Block::Quiz(Quiz {
            id: id?,
            text: text?,
            choices,
            answer: right - 1,
            explain: explain?,
            asks: asks.clone(),
        }))
    }
}

/// Where a block is, for its errors: its field path, its span and its type.
struct BlockAt<'a> {
    field: &'a str,
    span: &'a Range<usize>,
    kind: &'a str,
}
