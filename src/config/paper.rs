//! The paper a clinic prints handouts on.

/// Paper sizes the clinic can print on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Paper {
    /// US Letter, 8.5 x 11 in.
    #[default]
    Letter,
    /// ISO A4, 210 x 297 mm.
    A4,
}

impl Paper {
    /// Width and height in PDF points (1/72 in).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::Letter => (612.0, 792.0),
            Paper::A4 => (595.28, 841.89),
        }
    }

    /// From the settings' spelling, `letter` or `a4` (any case).
    pub fn from_name(name: &str) -> Option<Paper> {
        match name.trim().to_ascii_lowercase().as_str() {
            "letter" => Some(Paper::Letter),
            "a4" => Some(Paper::A4),
            _ => None,
        }
    }
}

impl std::str::FromStr for Paper {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Paper::from_name(s).ok_or_else(|| format!("unknown paper `{s}`; use `letter` or `a4`"))
    }
}

impl Paper {
    /// The settings' spelling.
    pub fn name(self) -> &'static str {
        match self {
            Paper::Letter => "letter",
            Paper::A4 => "a4",
        }
    }
}

impl TryFrom<String> for Paper {
    type Error = String;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Paper::from_name(&name).ok_or_else(|| "must be \"letter\" or \"a4\"".to_owned())
    }
}

impl From<Paper> for String {
    fn from(paper: Paper) -> Self {
        paper.name().to_owned()
    }
}
