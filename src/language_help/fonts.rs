//! The fonts of the language help notices: one small subset per script, cut by
//! `assets/fonts/subset.sh` to the characters the notices use, embedded in the binary. They
//! are registered with egui as families of their own, so only the notices use them; the
//! kiosk's own text keeps its one font. The handout embeds the same files in the PDF.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use skrifa::MetadataProvider as _;

/// One of the embedded notice fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontKey {
    /// Latin, Cyrillic and Greek (Noto Sans), and the fallback of every other script for
    /// digits and punctuation its own font lacks.
    Latin,
    Arabic,
    Hebrew,
    Armenian,
    Devanagari,
    Gurmukhi,
    Gujarati,
    Bengali,
    Khmer,
    Ethiopic,
    Thai,
    Lao,
    CjkJp,
    CjkKr,
    CjkSc,
    CjkTc,
}

/// Every font, in a fixed order.
pub const ALL: [FontKey; 16] = [
    FontKey::Latin,
    FontKey::Arabic,
    FontKey::Hebrew,
    FontKey::Armenian,
    FontKey::Devanagari,
    FontKey::Gurmukhi,
    FontKey::Gujarati,
    FontKey::Bengali,
    FontKey::Khmer,
    FontKey::Ethiopic,
    FontKey::Thai,
    FontKey::Lao,
    FontKey::CjkJp,
    FontKey::CjkKr,
    FontKey::CjkSc,
    FontKey::CjkTc,
];

/// The scripts a language's `script` may name (ISO 15924), with their font and direction.
pub const SCRIPTS: [(&str, FontKey); 18] = [
    ("Latn", FontKey::Latin),
    ("Cyrl", FontKey::Latin),
    ("Grek", FontKey::Latin),
    ("Arab", FontKey::Arabic),
    ("Hebr", FontKey::Hebrew),
    ("Armn", FontKey::Armenian),
    ("Deva", FontKey::Devanagari),
    ("Guru", FontKey::Gurmukhi),
    ("Gujr", FontKey::Gujarati),
    ("Beng", FontKey::Bengali),
    ("Khmr", FontKey::Khmer),
    ("Ethi", FontKey::Ethiopic),
    ("Thai", FontKey::Thai),
    ("Laoo", FontKey::Lao),
    ("Jpan", FontKey::CjkJp),
    ("Kore", FontKey::CjkKr),
    ("Hans", FontKey::CjkSc),
    ("Hant", FontKey::CjkTc),
];

macro_rules! font_file {
    ($name:literal) => {
        include_bytes!(concat!("../../assets/fonts/language-help/", $name))
    };
}

impl FontKey {
    /// The font for a script code (`Arab`), if the kiosk has one.
    pub fn for_script(script: &str) -> Option<FontKey> {
        SCRIPTS.iter().find(|(s, _)| *s == script).map(|(_, k)| *k)
    }

    /// Whether the script is written right to left.
    pub fn is_rtl(self) -> bool {
        matches!(self, FontKey::Arabic | FontKey::Hebrew)
    }

    /// The font file's bytes.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            FontKey::Latin => font_file!("latin.ttf"),
            FontKey::Arabic => font_file!("arabic.ttf"),
            FontKey::Hebrew => font_file!("hebrew.ttf"),
            FontKey::Armenian => font_file!("armenian.ttf"),
            FontKey::Devanagari => font_file!("devanagari.ttf"),
            FontKey::Gurmukhi => font_file!("gurmukhi.ttf"),
            FontKey::Gujarati => font_file!("gujarati.ttf"),
            FontKey::Bengali => font_file!("bengali.ttf"),
            FontKey::Khmer => font_file!("khmer.ttf"),
            FontKey::Ethiopic => font_file!("ethiopic.ttf"),
            FontKey::Thai => font_file!("thai.ttf"),
            FontKey::Lao => font_file!("lao.ttf"),
            FontKey::CjkJp => font_file!("cjk-jp.otf"),
            FontKey::CjkKr => font_file!("cjk-kr.otf"),
            FontKey::CjkSc => font_file!("cjk-sc.otf"),
            FontKey::CjkTc => font_file!("cjk-tc.otf"),
        }
    }

    /// Its name in egui's font definitions: both the font and the family that holds it.
    pub fn family_name(self) -> &'static str {
        match self {
            FontKey::Latin => "lh-latin",
            FontKey::Arabic => "lh-arabic",
            FontKey::Hebrew => "lh-hebrew",
            FontKey::Armenian => "lh-armenian",
            FontKey::Devanagari => "lh-devanagari",
            FontKey::Gurmukhi => "lh-gurmukhi",
            FontKey::Gujarati => "lh-gujarati",
            FontKey::Bengali => "lh-bengali",
            FontKey::Khmer => "lh-khmer",
            FontKey::Ethiopic => "lh-ethiopic",
            FontKey::Thai => "lh-thai",
            FontKey::Lao => "lh-lao",
            FontKey::CjkJp => "lh-cjk-jp",
            FontKey::CjkKr => "lh-cjk-kr",
            FontKey::CjkSc => "lh-cjk-sc",
            FontKey::CjkTc => "lh-cjk-tc",
        }
    }

    /// egui's family for this font.
    pub fn family(self) -> egui::FontFamily {
        egui::FontFamily::Name(self.family_name().into())
    }

    /// The characters this font draws.
    pub fn charset(self) -> &'static BTreeSet<char> {
        static SETS: OnceLock<Vec<BTreeSet<char>>> = OnceLock::new();
        let sets = SETS.get_or_init(|| {
            ALL.iter()
                .map(|k| {
                    skrifa::FontRef::new(k.bytes())
                        .map(|f| {
                            f.charmap()
                                .mappings()
                                .filter_map(|(c, _)| char::from_u32(c))
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        });
        let i = ALL.iter().position(|k| *k == self).unwrap_or(0);
        &sets[i]
    }

    /// Whether this font has a glyph for `c`.
    pub fn covers(self, c: char) -> bool {
        self.charset().contains(&c)
    }
}

/// Characters drawn without a glyph of their own: a line's joiners and direction marks.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The font that draws `c` in text of `script`'s font: its own, else the Latin fallback.
pub fn font_for(c: char, script: FontKey) -> FontKey {
    if script.covers(c) {
        script
    } else {
        FontKey::Latin
    }
}

/// The characters of `text` that neither `script`'s font nor the Latin fallback draws.
pub fn missing(text: &str, script: FontKey) -> Vec<char> {
    let mut out: Vec<char> = text
        .chars()
        .filter(|c| !is_invisible(*c) && !c.is_control())
        .filter(|c| !script.covers(*c) && !FontKey::Latin.covers(*c))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Add the notice fonts to egui's definitions, each as a family of its own with the Latin
/// font as its fallback. The kiosk's own families are not touched.
pub fn register(defs: &mut egui::FontDefinitions) {
    for key in ALL {
        defs.font_data.insert(
            key.family_name().to_owned(),
            Arc::new(egui::FontData::from_static(key.bytes())),
        );
    }
    for key in ALL {
        let mut list = vec![key.family_name().to_owned()];
        if key != FontKey::Latin {
            list.push(FontKey::Latin.family_name().to_owned());
        }
        defs.families.insert(key.family(), list);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_font_reads_and_has_glyphs() {
        for key in ALL {
            assert!(key.charset().len() > 10, "{key:?}");
        }
        assert!(FontKey::Latin.covers('ệ'));
        assert!(FontKey::Arabic.covers('ع'));
        assert!(!FontKey::Arabic.covers('ệ'));
    }
}
