//! Speech text written for the ear. What reads well on screen can be heard wrong: espeak-ng
//! says "911" as "nine hundred eleven", a phone number as an amount, "$100" as "dollar one
//! hundred", and "PRP" as a word. Every utterance (speech mode and Read aloud alike) passes
//! through [`for_the_ear`] on its way to the engine, so the screen keeps its usual writing.

/// `text` as it should be said in `lang`: emergency and phone numbers digit by digit in
/// groups, money as an amount then its unit, and abbreviations letter by letter.
pub fn for_the_ear(lang: &str, text: &str) -> String {
    let spanish = lang.split('-').next() == Some("es");
    let mut out = String::with_capacity(text.len() + 16);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
        if starts_word && let Some((said, used)) = phone_number(&chars[i..]) {
            out.push_str(&said);
            i += used;
            continue;
        }
        if c == '$'
            && let Some((said, used)) = money(&chars[i..], spanish)
        {
            out.push_str(&said);
            i += used;
            continue;
        }
        if starts_word && c.is_ascii_digit() {
            let len = chars[i..].iter().take_while(|d| d.is_ascii_digit()).count();
            let ends_word = chars.get(i + len).is_none_or(|n| !n.is_alphanumeric());
            let digits: String = chars[i..i + len].iter().collect();
            if ends_word && is_emergency_number(&digits) {
                out.push_str(&spaced(&digits));
                i += len;
                continue;
            }
        }
        if starts_word && c.is_ascii_uppercase() {
            let len = chars[i..]
                .iter()
                .take_while(|l| l.is_ascii_uppercase())
                .count();
            let ends_word = chars.get(i + len).is_none_or(|n| !n.is_alphanumeric());
            let word: String = chars[i..i + len].iter().collect();
            if ends_word && ABBREVIATIONS.contains(&word.as_str()) {
                out.push_str(&spaced(&word));
                i += len;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Said letter by letter: a word here is an abbreviation, not a word to pronounce.
const ABBREVIATIONS: [&str; 12] = [
    "RF", "PRP", "SPF", "FDA", "US", "UV", "HIV", "CDC", "PIN", "PDF", "QR", "LED",
];

/// The three-digit numbers a patient dials in an emergency or for help (911, 988, 311...):
/// never an amount.
fn is_emergency_number(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 3 && ((b[1] == b'1' && b[2] == b'1' && b[0] != b'0') || digits == "988")
}

/// Each character with a space between: "911" as "9 1 1", "PRP" as "P R P".
fn spaced(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for (n, c) in s.chars().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A phone number at the start of `chars` ("(555) 010-2030", "555-010-2030", "1-800-332-1088",
/// "+1 555 010 2030"): its digit groups said digit by digit with a pause between groups, and
/// how many characters it took. Ten or eleven digits in at least three groups.
fn phone_number(chars: &[char]) -> Option<(String, usize)> {
    if !chars
        .first()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '(' | '+'))
    {
        return None;
    }
    let mut groups: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    let mut last_digit_at = 0;
    for (n, &c) in chars.iter().enumerate() {
        match c {
            '0'..='9' => {
                current.push(c);
                last_digit_at = n + 1;
            }
            '(' | ')' | '-' | '.' | ' ' | '+' => {
                if !current.is_empty() {
                    groups.push(std::mem::take(&mut current));
                }
                // A space, dot or dash after the last group ends the number.
                if n > last_digit_at + 1 && last_digit_at > 0 {
                    break;
                }
            }
            _ => break,
        }
        used = n + 1;
    }
    if !current.is_empty() {
        groups.push(current);
    }
    let digits: usize = groups.iter().map(String::len).sum();
    let ends_word = chars
        .get(last_digit_at)
        .is_none_or(|c| !c.is_alphanumeric());
    if groups.len() < 3 || !(10..=11).contains(&digits) || !ends_word {
        return None;
    }
    let _ = used;
    let said: Vec<String> = groups.iter().map(|g| spaced(g)).collect();
    Some((said.join(", "), last_digit_at))
}

/// An amount of dollars at the start of `chars` ("$100", "$1,500", "$99.50"): the number
/// then "dollars" ("dólares"), as said aloud, and how many characters it took.
fn money(chars: &[char], spanish: bool) -> Option<(String, usize)> {
    let mut n = 1;
    let mut number = String::new();
    while let Some(&c) = chars.get(n) {
        match c {
            '0'..='9' => number.push(c),
            ',' if chars.get(n + 1).is_some_and(char::is_ascii_digit) => {}
            '.' if chars.get(n + 1).is_some_and(char::is_ascii_digit) => number.push(c),
            _ => break,
        }
        n += 1;
    }
    if number.is_empty() {
        return None;
    }
    let unit = match (spanish, number == "1") {
        (false, true) => "dollar",
        (false, false) => "dollars",
        (true, true) => "dólar",
        (true, false) => "dólares",
    };
    Some((format!("{number} {unit}"), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_emergency_number_is_said_digit_by_digit_in_both_languages() {
        assert_eq!(
            for_the_ear("en", "Call 911 right away."),
            "Call 9 1 1 right away."
        );
        assert_eq!(for_the_ear("es", "Llame al 911."), "Llame al 9 1 1.");
        assert_eq!(for_the_ear("en", "Text 988."), "Text 9 8 8.");
        // Other numbers are amounts, as written.
        assert_eq!(
            for_the_ear("en", "Wait 911s or 4911."),
            "Wait 911s or 4911."
        );
        assert_eq!(
            for_the_ear("en", "It takes 3 to 6 sessions."),
            "It takes 3 to 6 sessions."
        );
    }

    #[test]
    fn a_phone_number_is_said_in_digit_groups() {
        assert_eq!(
            for_the_ear("en", "Clinic phone: (555) 010-2030."),
            "Clinic phone: 5 5 5, 0 1 0, 2 0 3 0."
        );
        assert_eq!(
            for_the_ear("en", "Call 1-800-332-1088 to report it"),
            "Call 1, 8 0 0, 3 3 2, 1 0 8 8 to report it"
        );
        assert_eq!(
            for_the_ear("es", "Teléfono: 555.010.2030"),
            "Teléfono: 5 5 5, 0 1 0, 2 0 3 0"
        );
    }

    #[test]
    fn money_is_said_as_an_amount_then_its_unit() {
        assert_eq!(
            for_the_ear("en", "about $100 to $800 a session"),
            "about 100 dollars to 800 dollars a session"
        );
        assert_eq!(
            for_the_ear("es", "entre unos $100 y $1,500"),
            "entre unos 100 dólares y 1500 dólares"
        );
        assert_eq!(for_the_ear("en", "$1 and $"), "1 dollar and $");
    }

    #[test]
    fn abbreviations_are_spelled_and_words_are_not() {
        assert_eq!(
            for_the_ear("en", "PRP and RF cost more; wear SPF 30."),
            "P R P and R F cost more; wear S P F 30."
        );
        assert_eq!(
            for_the_ear("en", "The FDA warns. RFID and Spf stay."),
            "The F D A warns. RFID and Spf stay."
        );
    }
}
