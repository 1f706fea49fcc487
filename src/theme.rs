//! Design tokens: every colour, size and type step the kiosk draws with lives here, so the
//! screens stay consistent and the contrast rules can be checked in one place.

use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, TextStyle, Vec2};

/// A complete set of colours for one theme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub name: &'static str,
    pub background: Color32,
    pub surface: Color32,
    pub text: Color32,
    pub text_muted: Color32,
    pub primary: Color32,
    pub on_primary: Color32,
    pub secondary: Color32,
    pub on_secondary: Color32,
    pub border: Color32,
    pub focus: Color32,
    pub picked: Color32,
    pub on_picked: Color32,
    pub urgent_edge: Color32,
    pub urgent_bg: Color32,
    pub tip_bg: Color32,
    pub note_bg: Color32,
    /// The "Remember" box that closes a topic.
    pub remember_bg: Color32,
    pub remember_edge: Color32,
    pub overlay: Color32,
}

/// Warm paper background, near-black text, deep teal actions.
pub const STANDARD: Palette = Palette {
    name: "standard",
    background: Color32::from_rgb(0xFA, 0xF7, 0xF2),
    surface: Color32::from_rgb(0xFF, 0xFF, 0xFF),
    text: Color32::from_rgb(0x1A, 0x1A, 0x1A),
    text_muted: Color32::from_rgb(0x3A, 0x42, 0x4C),
    primary: Color32::from_rgb(0x0B, 0x52, 0x52),
    on_primary: Color32::from_rgb(0xFF, 0xFF, 0xFF),
    secondary: Color32::from_rgb(0xE3, 0xEC, 0xEC),
    on_secondary: Color32::from_rgb(0x10, 0x2A, 0x2A),
    border: Color32::from_rgb(0x5F, 0x6B, 0x76),
    focus: Color32::from_rgb(0xC2, 0x41, 0x0C),
    picked: Color32::from_rgb(0x0B, 0x52, 0x52),
    on_picked: Color32::from_rgb(0xFF, 0xFF, 0xFF),
    urgent_edge: Color32::from_rgb(0xB3, 0x26, 0x1E),
    urgent_bg: Color32::from_rgb(0xFD, 0xEC, 0xEA),
    tip_bg: Color32::from_rgb(0xE3, 0xF1, 0xF1),
    note_bg: Color32::from_rgb(0xEE, 0xF1, 0xF5),
    remember_bg: Color32::from_rgb(0xFF, 0xF3, 0xD6),
    remember_edge: Color32::from_rgb(0x8A, 0x5A, 0x00),
    overlay: Color32::from_rgba_premultiplied(0, 0, 0, 170),
};

/// Black and white with yellow actions, for low vision.
pub const HIGH_CONTRAST: Palette = Palette {
    name: "high contrast",
    background: Color32::from_rgb(0x00, 0x00, 0x00),
    surface: Color32::from_rgb(0x0A, 0x0A, 0x0A),
    text: Color32::from_rgb(0xFF, 0xFF, 0xFF),
    text_muted: Color32::from_rgb(0xE6, 0xE6, 0xE6),
    primary: Color32::from_rgb(0xFF, 0xE0, 0x00),
    on_primary: Color32::from_rgb(0x00, 0x00, 0x00),
    secondary: Color32::from_rgb(0x1F, 0x1F, 0x1F),
    on_secondary: Color32::from_rgb(0xFF, 0xFF, 0xFF),
    border: Color32::from_rgb(0xFF, 0xFF, 0xFF),
    focus: Color32::from_rgb(0x00, 0xE5, 0xFF),
    picked: Color32::from_rgb(0xFF, 0xE0, 0x00),
    on_picked: Color32::from_rgb(0x00, 0x00, 0x00),
    urgent_edge: Color32::from_rgb(0xFF, 0x8A, 0x80),
    urgent_bg: Color32::from_rgb(0x1A, 0x00, 0x00),
    tip_bg: Color32::from_rgb(0x00, 0x1A, 0x1A),
    note_bg: Color32::from_rgb(0x10, 0x10, 0x1A),
    remember_bg: Color32::from_rgb(0x1A, 0x16, 0x00),
    remember_edge: Color32::from_rgb(0xFF, 0xE0, 0x00),
    overlay: Color32::from_rgba_premultiplied(0, 0, 0, 220),
};

/// The (text, background) colour pairs each palette draws text with, named for tests.
pub fn text_pairs(p: &Palette) -> Vec<(&'static str, Color32, Color32)> {
    vec![
        ("body text on background", p.text, p.background),
        ("body text on surface", p.text, p.surface),
        ("muted text on background", p.text_muted, p.background),
        ("muted text on surface", p.text_muted, p.surface),
        ("button text on primary", p.on_primary, p.primary),
        ("button text on secondary", p.on_secondary, p.secondary),
        ("picked text on picked", p.on_picked, p.picked),
        ("text on urgent callout", p.text, p.urgent_bg),
        ("text on tip callout", p.text, p.tip_bg),
        ("text on note callout", p.text, p.note_bg),
        ("text on remember callout", p.text, p.remember_bg),
        ("topic summary on background", p.primary, p.background),
    ]
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn relative_luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG 2 contrast ratio, from 1 to 21.
pub fn contrast_ratio(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The patient's text-size choice: every type step is multiplied by its factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextSize {
    #[default]
    Normal,
    Large,
    Largest,
}

impl TextSize {
    pub const ALL: [TextSize; 3] = [TextSize::Normal, TextSize::Large, TextSize::Largest];

    pub fn factor(self) -> f32 {
        match self {
            TextSize::Normal => 1.0,
            TextSize::Large => 1.2,
            TextSize::Largest => 1.4,
        }
    }

    pub fn next(self) -> Self {
        match self {
            TextSize::Normal => TextSize::Large,
            TextSize::Large => TextSize::Largest,
            TextSize::Largest => TextSize::Normal,
        }
    }
}

/// Sizes in egui points (1 point = 1 pixel on a 1920x1080 screen).
pub mod size {
    /// Body text: capitals about 6-7 mm high on a 22-24 inch 1080p panel.
    pub const BODY: f32 = 30.0;
    pub const LEAD: f32 = 34.0;
    pub const HEADING: f32 = 44.0;
    pub const TITLE: f32 = 56.0;
    pub const BUTTON: f32 = 30.0;
    /// The smallest text a patient sees (Section 508 402.4: capitals at least 3/16 inch,
    /// 4.8 mm, which is 19.4 px on a 21.5-inch 1080p panel; Atkinson Hyperlegible's capitals
    /// are 0.668 of the size, so 20 px here). Staff screens use it too.
    pub const SMALL: f32 = MIN_TEXT;
    /// Top-bar controls: as small as text gets, still easy to read.
    pub const TOOL: f32 = MIN_TEXT;
    /// No patient-visible text is smaller (see [`SMALL`]).
    pub const MIN_TEXT: f32 = 30.0;
    /// Smallest side of anything a patient touches.
    pub const TOUCH_MIN: f32 = 80.0;
    pub const BAR_HEIGHT: f32 = 112.0;
    pub const TOP_BAR_HEIGHT: f32 = 104.0;
    pub const GAP: f32 = 24.0;
    pub const MARGIN: f32 = 32.0;
    pub const RADIUS: u8 = 16;
    /// Widest a column of text gets, for comfortable line lengths.
    pub const READING_WIDTH: f32 = 1180.0;
    /// Reading areas at least this wide (times the text scale's square root) put a page's
    /// picture beside its text.
    pub const SIDE_BY_SIDE_MIN: f32 = 1150.0;
    pub const TILE_MIN_WIDTH: f32 = 380.0;
    pub const TILE_HEIGHT: f32 = 300.0;
    pub const FOCUS_STROKE: f32 = 5.0;
    /// Reference screen the layout is designed for; bigger screens scale up.
    pub const DESIGN_SCREEN: (f32, f32) = (1920.0, 1080.0);
}

/// The bold face, as its own family.
pub fn bold() -> FontFamily {
    FontFamily::Name("bold".into())
}

pub fn body(scale: f32) -> FontId {
    FontId::new(size::BODY * scale, FontFamily::Proportional)
}

pub fn heading(scale: f32) -> FontId {
    FontId::new(size::HEADING * scale, bold())
}

pub fn title(scale: f32) -> FontId {
    FontId::new(size::TITLE * scale, bold())
}

pub fn button(scale: f32) -> FontId {
    FontId::new(size::BUTTON * scale, bold())
}

/// Tool buttons (the top bar): the regular face, narrower than bold, so a row of them
/// fits at the 508 minimum size.
pub fn tool(scale: f32) -> FontId {
    FontId::new(size::TOOL * scale, FontFamily::Proportional)
}

/// A topic's main point, at the top of its first page: body size, bold.
pub fn lead(scale: f32) -> FontId {
    FontId::new(size::LEAD * scale, bold())
}

pub fn small(scale: f32) -> FontId {
    FontId::new(size::SMALL * scale, FontFamily::Proportional)
}

/// Atkinson Hyperlegible (SIL OFL), shipped inside the binary so every kiosk looks alike.
pub fn fonts() -> FontDefinitions {
    let mut fonts = FontDefinitions::empty();
    fonts.font_data.insert(
        "atkinson".into(),
        FontData::from_static(include_bytes!(
            "../assets/fonts/AtkinsonHyperlegible-Regular.ttf"
        ))
        .into(),
    );
    fonts.font_data.insert(
        "atkinson-bold".into(),
        FontData::from_static(include_bytes!(
            "../assets/fonts/AtkinsonHyperlegible-Bold.ttf"
        ))
        .into(),
    );
    fonts
        .families
        .insert(FontFamily::Proportional, vec!["atkinson".into()]);
    fonts
        .families
        .insert(FontFamily::Monospace, vec!["atkinson".into()]);
    fonts.families.insert(bold(), vec!["atkinson-bold".into()]);
    // Language help's notices, each script in a family of its own.
    crate::language_help::fonts::register(&mut fonts);
    fonts
}

/// The widest glyph atlas egui may make, in pixels (it is square at most). egui makes it as
/// wide as the GPU allows (16384 on Mesa's llvmpipe) and doubles its height as it fills, so
/// its memory, once on the CPU and once on the GPU, was bounded only by the driver. At this
/// size it holds at most 16 MB; every page of one language at all three text sizes on a 4K
/// screen fills 78% of it (`measure::frame_costs` logs the fill), and egui starts it over
/// when 80% full.
pub const GLYPH_ATLAS_SIDE: usize = 2048;

/// How egui draws text: each glyph at whole pixels only. Sub-pixel binning (egui's default)
/// keeps up to four copies of each glyph at each size in the atlas, for kerning too fine to
/// see at the kiosk's text sizes.
pub fn text_options() -> egui::epaint::text::TextOptions {
    egui::epaint::text::TextOptions {
        subpixel_binning: false,
        ..Default::default()
    }
}

/// Apply a palette and text size to egui's style.
pub fn apply(ctx: &egui::Context, palette: &Palette, text: TextSize) {
    let scale = text.factor();
    let mut style = (*ctx.global_style()).clone();
    style.text_styles = [
        (TextStyle::Small, small(scale)),
        (TextStyle::Body, body(scale)),
        (TextStyle::Monospace, body(scale)),
        (TextStyle::Button, button(scale)),
        (TextStyle::Heading, heading(scale)),
    ]
    .into();
    style.spacing.item_spacing = Vec2::splat(size::GAP * 0.75);
    style.spacing.button_padding = Vec2::new(28.0, 16.0);
    style.spacing.interact_size = Vec2::splat(size::TOUCH_MIN);
    style.spacing.scroll.bar_width = 16.0;
    style.spacing.scroll.floating = false;
    style.interaction.tooltip_delay = f32::INFINITY;
    style.animation_time = 0.0;

    let mut v = if palette.background == HIGH_CONTRAST.background {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    v.override_text_color = Some(palette.text);
    v.panel_fill = palette.background;
    v.window_fill = palette.surface;
    v.extreme_bg_color = palette.surface;
    v.faint_bg_color = palette.secondary;
    v.selection.bg_fill = palette.primary;
    v.selection.stroke = egui::Stroke::new(2.0, palette.on_primary);
    v.hyperlink_color = palette.primary;
    let radius = egui::CornerRadius::same(size::RADIUS);
    for w in [
        &mut v.widgets.noninteractive,
        &mut v.widgets.inactive,
        &mut v.widgets.hovered,
        &mut v.widgets.active,
        &mut v.widgets.open,
    ] {
        w.corner_radius = radius;
        w.fg_stroke.color = palette.on_secondary;
    }
    v.widgets.noninteractive.bg_fill = palette.background;
    v.widgets.noninteractive.fg_stroke.color = palette.text;
    v.widgets.noninteractive.bg_stroke = egui::Stroke::new(1.0, palette.border);
    v.widgets.inactive.bg_fill = palette.secondary;
    v.widgets.inactive.weak_bg_fill = palette.secondary;
    v.widgets.hovered.bg_fill = palette.secondary;
    v.widgets.hovered.weak_bg_fill = palette.secondary;
    v.widgets.hovered.bg_stroke = egui::Stroke::new(3.0, palette.border);
    v.widgets.active.bg_fill = palette.secondary;
    v.widgets.active.weak_bg_fill = palette.secondary;
    v.widgets.active.bg_stroke = egui::Stroke::new(4.0, palette.focus);
    v.selection.stroke = egui::Stroke::new(size::FOCUS_STROKE, palette.focus);
    // Kept from the style the app started with (`text_options`): a change here would
    // empty egui's glyph atlas at every change of look.
    v.text_options = style.visuals.text_options;
    style.visuals = v;
    ctx.set_global_style(style);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_text_has_capitals_of_section_508s_height_on_a_21_inch_1080p_panel() {
        use skrifa::raw::TableProvider;
        // 3/16 inch (4.8 mm) on a 21.5-inch 1920x1080 panel (0.248 mm per pixel).
        let needed = 4.8 / 0.248;
        for bytes in [
            &include_bytes!("../assets/fonts/AtkinsonHyperlegible-Regular.ttf")[..],
            &include_bytes!("../assets/fonts/AtkinsonHyperlegible-Bold.ttf")[..],
        ] {
            let font = skrifa::FontRef::new(bytes).expect("font");
            let em = f32::from(font.head().expect("head").units_per_em());
            let cap = f32::from(
                font.os2()
                    .expect("OS/2")
                    .s_cap_height()
                    .expect("cap height"),
            );
            let px = size::MIN_TEXT * cap / em;
            assert!(px >= needed, "capitals of {px:.1} px, need {needed:.1}");
        }
    }

    #[test]
    fn the_contrast_formula_matches_known_values() {
        assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast_ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.001);
        // WCAG's own example: #767676 on white is about 4.54:1.
        let grey = Color32::from_rgb(0x76, 0x76, 0x76);
        assert!((contrast_ratio(grey, Color32::WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_text_pair_in_every_theme_is_at_least_7_to_1() {
        for palette in [STANDARD, HIGH_CONTRAST] {
            for (what, fg, bg) in text_pairs(&palette) {
                let ratio = contrast_ratio(fg, bg);
                assert!(ratio >= 7.0, "{}: {what} is {ratio:.2}:1", palette.name);
            }
        }
    }

    #[test]
    fn controls_and_focus_rings_stand_out_from_the_page() {
        for p in [STANDARD, HIGH_CONTRAST] {
            assert!(contrast_ratio(p.primary, p.background) >= 4.5, "{}", p.name);
            assert!(contrast_ratio(p.border, p.background) >= 3.0, "{}", p.name);
            assert!(contrast_ratio(p.focus, p.background) >= 3.0, "{}", p.name);
            assert!(
                contrast_ratio(p.urgent_edge, p.background) >= 3.0,
                "{}",
                p.name
            );
        }
    }
}
