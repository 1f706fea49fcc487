//! The patient's questions as QR codes that hold plain text: a phone's camera shows the
//! text, with no link, no network and nothing stored. Knows nothing of egui; the screens
//! draw the modules.

use qrcode::{EcLevel, QrCode};

/// Most bytes one code carries: at error correction M that is QR version 20 at most
/// (97 modules a side), which a 1920x1080 kiosk draws 6 pixels a module, quiet zone
/// included, in about 630 pixels: readable from arm's length.
pub const MAX_BYTES_PER_CODE: usize = 600;

/// Modules of quiet zone on each side, as the QR standard asks.
pub const QUIET_ZONE: usize = 4;

/// One code: its text and its modules, row by row (`true` is dark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub text: String,
    /// Modules a side (without the quiet zone).
    pub side: usize,
    pub dark: Vec<bool>,
}

/// What goes around the questions: the clinic's name, the list's title, and the
/// "general information" line, all in the patient's language.
pub struct Frame<'a> {
    pub clinic: &'a str,
    pub title: &'a str,
    pub note: &'a str,
}

/// The questions, numbered, split over as few codes as keep each under
/// [`MAX_BYTES_PER_CODE`]; each code is whole on its own (clinic, title with "1/2", its
/// questions, the note). No questions: no code.
pub fn question_codes(frame: &Frame<'_>, questions: &[String]) -> Result<Vec<Code>, String> {
    if questions.is_empty() {
        return Ok(Vec::new());
    }
    let numbered: Vec<String> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| format!("{}. {}", i + 1, q.trim()))
        .collect();
    // Room for the clinic, the title with " (10/10)", the note and the line breaks.
    let frame_bytes = frame.clinic.len() + frame.title.len() + frame.note.len() + 16;
    let room = MAX_BYTES_PER_CODE.saturating_sub(frame_bytes);
    let mut chunks: Vec<Vec<&str>> = vec![Vec::new()];
    let mut used = 0;
    for q in &numbered {
        let len = q.len() + 1;
        if len > room {
            return Err(format!(
                "a question of {} bytes does not fit one code with its frame ({room} bytes)",
                q.len()
            ));
        }
        if used + len > room
            && let Some(last) = chunks.last()
            && !last.is_empty()
        {
            chunks.push(Vec::new());
            used = 0;
        }
        if let Some(last) = chunks.last_mut() {
            last.push(q);
        }
        used += len;
    }
    let total = chunks.len();
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let title = if total > 1 {
                format!("{} ({}/{total})", frame.title, i + 1)
            } else {
                frame.title.to_owned()
            };
            let mut lines = vec![frame.clinic.trim().to_owned(), title];
            lines.extend(chunk.iter().map(|q| (*q).to_owned()));
            lines.push(frame.note.to_owned());
            let text = lines
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            encode(text)
        })
        .collect()
}

fn encode(text: String) -> Result<Code, String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| format!("cannot make a QR code of {} bytes: {e}", text.len()))?;
    let side = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Ok(Code { text, side, dark })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame<'static> {
        Frame {
            clinic: "Harbor Skin Clinic",
            title: "My questions",
            note: "General information, not medical advice.",
        }
    }

    #[test]
    fn a_few_questions_make_one_code_with_the_clinic_and_the_note() {
        let codes =
            question_codes(&frame(), &["Is it safe?".into(), "¿Cuánto cuesta?".into()]).unwrap();
        assert_eq!(codes.len(), 1);
        assert_eq!(
            codes[0].text,
            "Harbor Skin Clinic\nMy questions\n1. Is it safe?\n2. ¿Cuánto cuesta?\n\
             General information, not medical advice."
        );
        assert_eq!(codes[0].dark.len(), codes[0].side * codes[0].side);
        assert!(question_codes(&frame(), &[]).unwrap().is_empty());
    }

    #[test]
    fn many_questions_split_into_numbered_codes_each_small_enough_to_scan() {
        let questions: Vec<String> = (0..30)
            .map(|i| format!("Question number {i} about my skin and what it needs?"))
            .collect();
        let codes = question_codes(&frame(), &questions).unwrap();
        assert!(codes.len() >= 3, "{} codes", codes.len());
        for (i, code) in codes.iter().enumerate() {
            assert!(code.text.len() <= MAX_BYTES_PER_CODE, "{}", code.text.len());
            assert!(code.side <= 97, "version 20 at most: {} modules", code.side);
            assert!(
                code.text
                    .contains(&format!("My questions ({}/{})", i + 1, codes.len()))
            );
        }
        let all: String = codes.iter().map(|c| c.text.as_str()).collect();
        for (i, q) in questions.iter().enumerate() {
            assert!(all.contains(&format!("{}. {q}", i + 1)), "{q}");
        }
    }
}
