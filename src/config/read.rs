//! How each kind of setting is read from its TOML value: the readers the settings table
//! ([`super::settings`]) names for each key. A reader returns the value to use, or `None` to
//! keep the layer's default, and says every problem (with where it is and what is done
//! instead) through the [`Reading`] it is given.

use toml::de::{DeArray, DeValue};

use super::Paper;
use crate::kiosk::PinHash;

/// What the lenient reading does with a list entry it drops (the rest of the list is used).
pub(super) const LEFT_OUT: &str = "leaving it out";

/// One problem: where (a byte offset in the file), what, and what is done instead.
pub(super) struct Said {
    pub offset: usize,
    pub message: String,
    pub fallback: String,
}

/// One key's value being read, and the problems found in it.
pub(super) struct Reading<'a, 'de> {
    value: &'a toml::Spanned<DeValue<'de>>,
    /// The key's default as a settings file writes it, for "using the default, 90": made
    /// only when a value is refused.
    default: &'a dyn Fn() -> String,
    pub said: Vec<Said>,
}

impl<'a, 'de> Reading<'a, 'de> {
    pub fn new(value: &'a toml::Spanned<DeValue<'de>>, default: &'a dyn Fn() -> String) -> Self {
        Self {
            value,
            default,
            said: Vec::new(),
        }
    }

    fn value(&self) -> &'a DeValue<'de> {
        self.value.get_ref()
    }

    /// What the value is, for a message: "text", "a number", "a list".
    fn kind(&self) -> &'static str {
        type_of(self.value())
    }

    /// The value is refused: the default is used.
    fn refuse<T>(&mut self, message: String) -> Option<T> {
        let fallback = format!("using the default, {}", (self.default)());
        self.refuse_with(message, fallback)
    }

    /// The value is refused, and something else than the default is done instead.
    fn refuse_with<T>(&mut self, message: String, fallback: impl Into<String>) -> Option<T> {
        self.said.push(Said {
            offset: self.value.span().start,
            message,
            fallback: fallback.into(),
        });
        None
    }

    /// One entry of a list is left out; the rest is used.
    fn leave_out(&mut self, offset: usize, message: String) {
        self.said.push(Said {
            offset,
            message,
            fallback: LEFT_OUT.to_owned(),
        });
    }

    fn array(&self) -> Option<&'a DeArray<'de>> {
        self.value().as_array()
    }
}

/// Any text in quotes.
pub(super) fn text(r: &mut Reading) -> Option<String> {
    match r.value().as_str() {
        Some(v) => Some(v.to_owned()),
        None => r.refuse(format!("must be text in quotes, not {}", r.kind())),
    }
}

/// A `.prom` file for node_exporter's textfile collector, or empty for none.
pub(super) fn prom_file(r: &mut Reading) -> Option<String> {
    let v = text(r)?;
    if v.is_empty() || v.ends_with(".prom") {
        return Some(v);
    }
    r.refuse_with(
        format!(
            "{v:?} must end in .prom: node_exporter's textfile collector reads only *.prom files"
        ),
        "writing no metrics",
    )
}

/// `true` or `false`.
pub(super) fn flag(r: &mut Reading) -> Option<bool> {
    match r.value().as_bool() {
        Some(v) => Some(v),
        None => r.refuse(format!("must be true or false, not {}", r.kind())),
    }
}

/// A whole number of `unit` within `bounds` (both allowed).
pub(super) fn whole(
    bounds: std::ops::RangeInclusive<u64>,
    unit: &'static str,
) -> impl Fn(&mut Reading) -> Option<u64> {
    move |r| match whole_number(r.value(), &bounds, unit) {
        Ok(v) => Some(v),
        Err(message) => r.refuse(message),
    }
}

/// A list of text in quotes with at least one entry, each passing `check` (which says why
/// not): a command line, a list of key names.
pub(super) fn text_list(
    check: fn(&[String]) -> Result<(), String>,
) -> impl Fn(&mut Reading) -> Option<Vec<String>> {
    move |r| {
        let shape = |r: &Reading| {
            format!(
                "must be a list of text in quotes such as [\"espeak-ng\", \"--stdin\"], not {}",
                r.kind()
            )
        };
        let Some(list) = r.array() else {
            let message = shape(r);
            return r.refuse(message);
        };
        let items: Option<Vec<String>> = list
            .iter()
            .map(|v| v.get_ref().as_str().map(str::to_owned))
            .collect();
        let result = match items {
            Some(items) if items.first().is_some_and(|p| !p.trim().is_empty()) => {
                check(&items).map(|()| items)
            }
            Some(_) => Err("must not be empty".to_owned()),
            None => Err(shape(r)),
        };
        match result {
            Ok(items) => Some(items),
            Err(message) => r.refuse(message),
        }
    }
}

/// The speech engine's command line: its placeholders must be known ones.
pub(super) fn speech_command(list: &[String]) -> Result<(), String> {
    crate::system::speech::check_placeholders(list)
}

/// Key names as egui spells them ("F1", "Questionmark").
pub(super) fn key_names(list: &[String]) -> Result<(), String> {
    match list.iter().find(|k| egui::Key::from_name(k).is_none()) {
        Some(k) => Err(format!(
            "{k:?} is not a key name (such as \"F1\", \"F12\", \"Questionmark\", \"Home\")"
        )),
        None => Ok(()),
    }
}

/// A list of language codes; a bad entry is left out alone. With `at_least_one`, a list
/// with none left takes the default; `shape_fallback` is what is done when the value is not
/// a list at all (`None`: the default).
pub(super) fn language_codes(
    example: &'static str,
    at_least_one: bool,
    shape_fallback: Option<&'static str>,
) -> impl Fn(&mut Reading) -> Option<Vec<String>> {
    move |r| {
        let Some(list) = r.array() else {
            let message = format!(
                "must be a list of language codes such as {example}, not {}",
                r.kind()
            );
            return match shape_fallback {
                Some(fallback) => r.refuse_with(message, fallback),
                None => r.refuse(message),
            };
        };
        let mut good = Vec::new();
        for entry in list {
            match entry.get_ref().as_str() {
                Some(code) if is_language_code(code) => good.push(code.to_owned()),
                Some(code) => r.leave_out(
                    entry.span().start,
                    format!(
                        "{code:?} is not a language code (lowercase, such as \"en\", \"es-419\" \
                         or \"zh-hant\")"
                    ),
                ),
                None => r.leave_out(
                    entry.span().start,
                    format!(
                        "each language must be a code in quotes, not {}",
                        type_of(entry.get_ref())
                    ),
                ),
            }
        }
        if at_least_one && good.is_empty() && !list.is_empty() {
            return r.refuse("has no valid language code left".to_owned());
        }
        Some(good)
    }
}

/// The staff PIN's hash as `set-pin` writes it; empty for none.
pub(super) fn pin_hash(r: &mut Reading) -> Option<Option<PinHash>> {
    const OFF: &str = "staff access is off until it is fixed";
    match r.value().as_str() {
        Some(v) if v.trim().is_empty() => Some(None),
        Some(v) => match PinHash::parse(v) {
            Ok(hash) => Some(Some(hash)),
            Err(e) => r.refuse_with(e.to_string(), OFF),
        },
        None => r.refuse_with(
            format!(
                "must be a hash in quotes (written by set-pin), not {}",
                r.kind()
            ),
            OFF,
        ),
    }
}

/// `"letter"` or `"a4"`.
pub(super) fn paper(r: &mut Reading) -> Option<Paper> {
    match r.value().as_str() {
        Some(v) => match Paper::try_from(v.to_owned()) {
            Ok(p) => Some(p),
            Err(message) => r.refuse(message),
        },
        None => r.refuse(format!("must be \"letter\" or \"a4\", not {}", r.kind())),
    }
}

/// A US state code in the language-help table, or empty for the nationwide list.
pub(super) fn state(r: &mut Reading) -> Option<String> {
    const NATIONWIDE: &str = "showing the nationwide list of languages";
    match r.value().as_str() {
        Some(v) if v.is_empty() || crate::language_help::states::is_known(v) => Some(v.to_owned()),
        Some(v) => r.refuse_with(
            format!(
                "{v:?} is not a state in the kiosk's table (content/language-help/states.toml): \
                 a two-letter US state code such as {}",
                crate::language_help::states::examples()
            ),
            NATIONWIDE,
        ),
        None => r.refuse_with(
            format!(
                "must be a state code in quotes, such as \"CA\", not {}",
                r.kind()
            ),
            NATIONWIDE,
        ),
    }
}

/// A whole number of `unit` within `bounds`, or why not (naming the bounds).
fn whole_number(
    value: &DeValue<'_>,
    bounds: &std::ops::RangeInclusive<u64>,
    unit: &str,
) -> Result<u64, String> {
    let (min, max) = (bounds.start(), bounds.end());
    let Some(int) = value.as_integer() else {
        return Err(format!(
            "must be a whole number of {unit} from {min} to {max}, not {}",
            type_of(value)
        ));
    };
    // TOML allows any number of digits; anything past u64 is simply too large.
    match u64::from_str_radix(int.as_str(), int.radix()) {
        Ok(v) if bounds.contains(&v) => Ok(v),
        Ok(v) if v < *min => Err(format!("must be at least {min} (it is {v})")),
        Ok(v) => Err(format!("must be at most {max} (it is {v})")),
        Err(_) if int.as_str().starts_with('-') => {
            Err(format!("must be at least {min} (it is {int})"))
        }
        Err(_) => Err(format!("must be at most {max} (it is {int})")),
    }
}

/// A lowercase BCP 47 style code: `en`, `es-419`, `pt-br`. The first subtag is 2 or 3
/// letters; the others are 1 to 8 letters or digits.
pub fn is_language_code(code: &str) -> bool {
    let mut subtags = code.split('-');
    let first_ok = subtags
        .next()
        .is_some_and(|s| (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase()));
    first_ok
        && subtags.all(|s| {
            (1..=8).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// How a wrong value reads in a warning: "text", "a number", "a list".
pub(super) fn type_of(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) | DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}
