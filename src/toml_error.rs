//! Where a TOML or serde error is: the line, and the field it is about. Shared by the
//! content loader and the settings file so both name problems the same way.

use std::ops::Range;

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The field an error is about: the name in backticks in its message ("unknown field
/// `colour`"), else the key written on the line the error points at, else "(syntax)".
pub fn field_of(message: &str, span: Option<&Range<usize>>, text: &str) -> String {
    if let Some(start) = message.find('`')
        && let Some(len) = message[start + 1..].find('`')
    {
        return message[start + 1..start + 1 + len].to_owned();
    }
    if let Some(span) = span {
        let start = span.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = text[line_start..].lines().next().unwrap_or_default();
        if let Some((key, _)) = line.split_once('=') {
            let key = key.trim().trim_matches('"');
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            {
                return key.to_owned();
            }
        }
    }
    "(syntax)".into()
}
