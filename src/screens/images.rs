//! Pictures as textures, decoded on first use (not at start-up) at the size they are drawn
//! in pixels: sharp on a 4K screen, no bigger than needed on a 1080p one. Tiles' pictures
//! are kept for all topics; page pictures only for the last few pages, so memory stays flat
//! however long the kiosk runs. A picture that cannot be decoded shows its alt text instead
//! (the loader has already checked every picture's header at start-up, so this is rare).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use egui::{ColorImage, TextureHandle, TextureOptions, Vec2};

use crate::content::ContentSource;

/// Which kind of picture: they are kept differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Size {
    /// Topic tiles and the logo: kept for every topic.
    Thumbnail,
    /// Pictures on a page: kept for the last [`FULL_KEPT`] pages.
    Full,
}

/// Full-size textures kept at once (the page on screen and the last ones seen).
const FULL_KEPT: usize = 3;

/// No texture is made bigger than this (the side egui is told the GPU allows).
const MAX_SIDE: u32 = crate::theme::GLYPH_ATLAS_SIDE as u32;

/// Pictures are decoded to a multiple of this many pixels (longest side), so a slightly
/// different layout (another language's title) reuses the texture.
const STEP: u32 = 64;

struct Entry {
    /// The longest side the picture was decoded to, in pixels.
    side: u32,
    texture: Result<TextureHandle, String>,
}

#[derive(Default)]
pub struct ImageCache {
    textures: HashMap<(String, Size), Entry>,
    /// Each picture's own size in pixels, read from its header once.
    dims: HashMap<String, Result<(u32, u32), String>>,
    /// Full-size pictures, least recently used first.
    recent_full: VecDeque<String>,
    /// The content generation these textures were made from.
    generation: u64,
}

/// The longest side, in pixels, that a `dims` picture needs to fill `area` (points) at
/// `pixels_per_point`: never more than the picture has, nor than a texture may have.
fn wanted_side(dims: (u32, u32), area: Vec2, pixels_per_point: f32) -> u32 {
    let longest = dims.0.max(dims.1).clamp(1, MAX_SIDE);
    let (w, h) = (dims.0.max(1) as f32, dims.1.max(1) as f32);
    let fit = (area.x * pixels_per_point / w).min(area.y * pixels_per_point / h);
    if !fit.is_finite() || fit <= 0.0 {
        return 1;
    }
    // Saturating float-to-int cast: a huge area gives u32::MAX, then the clamp.
    ((w.max(h) * fit).ceil() as u32).clamp(1, longest)
}

/// Whether a texture decoded to `have` pixels serves a need of `wanted`: sharp enough, and
/// not more than half as big again (the memory it would waste).
fn serves(have: u32, wanted: u32) -> bool {
    have >= wanted && have <= wanted.saturating_add(wanted / 2).max(STEP)
}

impl ImageCache {
    /// Forget every texture (after a content reload).
    pub fn clear(&mut self) {
        self.textures.clear();
        self.dims.clear();
        self.recent_full.clear();
    }

    /// Forget every texture when the content has been reloaded since they were made.
    pub fn refresh(&mut self, generation: u64) {
        if generation != self.generation {
            self.clear();
            self.generation = generation;
        }
    }

    /// The texture for `name`, to be drawn to fit `area` (points), decoding it the first
    /// time and again when it would be drawn much bigger or smaller than it was decoded.
    /// `Err` holds why there is none.
    pub fn get(
        &mut self,
        ctx: &egui::Context,
        source: &Arc<dyn ContentSource>,
        name: &str,
        size: Size,
        area: Vec2,
    ) -> Result<&TextureHandle, &str> {
        if size == Size::Full {
            self.recent_full.retain(|n| n != name);
            self.recent_full.push_back(name.to_owned());
            while self.recent_full.len() > FULL_KEPT {
                if let Some(old) = self.recent_full.pop_front() {
                    self.textures.remove(&(old, Size::Full));
                }
            }
        }
        let dims = self.dims.entry(name.to_owned()).or_insert_with(|| {
            let bytes = source
                .read_image(name)
                .ok_or_else(|| format!("image `{name}`: not found"))?;
            crate::content::check_image(&bytes).map_err(|e| format!("image `{name}` {e}"))
        });
        let wanted = match dims {
            Ok(dims) => wanted_side(*dims, area, ctx.pixels_per_point()),
            Err(e) => return Err(e.as_str()),
        };
        let key = (name.to_owned(), size);
        let stale = self
            .textures
            .get(&key)
            .is_some_and(|e| e.texture.is_ok() && !serves(e.side, wanted));
        if stale {
            self.textures.remove(&key);
        }
        let entry = self.textures.entry(key).or_insert_with(|| {
            let side = wanted.div_ceil(STEP).saturating_mul(STEP).min(MAX_SIDE);
            match decode(source.as_ref(), name, side) {
                Ok(image) => Entry {
                    side: image.size[0].max(image.size[1]) as u32,
                    texture: Ok(ctx.load_texture(name, image, TextureOptions::LINEAR)),
                },
                Err(e) => Entry {
                    side: 0,
                    texture: Err(e),
                },
            }
        });
        entry.texture.as_ref().map_err(String::as_str)
    }
}

/// Decode a picture into pixels, shrinking it to fit `max_side`.
pub fn decode(source: &dyn ContentSource, name: &str, max_side: u32) -> Result<ColorImage, String> {
    let bytes = source
        .read_image(name)
        .ok_or_else(|| format!("image `{name}`: not found"))?;
    crate::content::check_image(&bytes).map_err(|e| format!("image `{name}` {e}"))?;
    let img = image::load_from_memory(&bytes).map_err(|e| format!("image `{name}`: {e}"))?;
    let img = if img.width() > max_side || img.height() > max_side {
        img.resize(max_side, max_side, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let rgba = img.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::EmbeddedSource;

    fn source() -> Arc<dyn ContentSource> {
        Arc::new(EmbeddedSource)
    }

    #[test]
    fn a_tile_picture_is_decoded_at_the_pixels_it_is_drawn_at() {
        let ctx = egui::Context::default();
        let mut cache = ImageCache::default();
        // A tile's picture area on a 1080p screen: about 310 x 230 points, at 1 pixel each.
        let side = |cache: &mut ImageCache, ctx: &egui::Context, area: Vec2| {
            let tex = cache
                .get(ctx, &source(), "what-it-is.png", Size::Thumbnail, area)
                .expect("the embedded picture decodes");
            tex.size()[0].max(tex.size()[1])
        };
        let hd = side(&mut cache, &ctx, egui::vec2(310.0, 230.0));
        // The picture is 960 x 720: it fits 230 high at 307 wide, decoded at most one step
        // (64 pixels) bigger, never smaller.
        assert!((307..=307 + STEP as usize).contains(&hd), "{hd}");
        // The same area again, or one a few points different (another language's title),
        // keeps the texture.
        let id = |cache: &mut ImageCache, ctx: &egui::Context, area: Vec2| {
            cache
                .get(ctx, &source(), "what-it-is.png", Size::Thumbnail, area)
                .map(TextureHandle::id)
                .map_err(str::to_owned)
        };
        let first = id(&mut cache, &ctx, egui::vec2(310.0, 230.0));
        assert_eq!(first, id(&mut cache, &ctx, egui::vec2(310.0, 222.0)));
        // On a 4K screen (2 pixels a point) it is decoded again, twice as sharp.
        ctx.set_pixels_per_point(2.0);
        // (egui takes the new scale at its next pass; no GPU here to upload the pictures.)
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .textures_delta
            .clear();
        assert_eq!(ctx.pixels_per_point(), 2.0);
        let uhd = side(&mut cache, &ctx, egui::vec2(310.0, 230.0));
        assert!(uhd >= 2 * 307 && uhd <= 2 * 307 + STEP as usize, "{uhd}");
        assert_ne!(first, id(&mut cache, &ctx, egui::vec2(310.0, 230.0)));
    }

    #[test]
    fn no_picture_is_decoded_bigger_than_it_is_or_than_a_texture_may_be() {
        assert_eq!(
            wanted_side((960, 720), egui::vec2(5000.0, 5000.0), 2.0),
            960
        );
        assert_eq!(
            wanted_side((4096, 100), egui::vec2(1e30, 1e30), 1.0),
            MAX_SIDE
        );
        assert_eq!(wanted_side((960, 720), egui::vec2(0.0, 100.0), 1.0), 1);
        assert_eq!(
            wanted_side((960, 720), egui::vec2(f32::NAN, f32::NAN), 1.0),
            1
        );
        assert_eq!(wanted_side((0, 0), egui::vec2(100.0, 100.0), 1.0), 1);
    }

    #[test]
    fn a_picture_that_is_not_there_names_itself() {
        let ctx = egui::Context::default();
        let mut cache = ImageCache::default();
        let err = cache
            .get(
                &ctx,
                &source(),
                "nowhere.png",
                Size::Full,
                egui::vec2(100.0, 100.0),
            )
            .err()
            .map(str::to_owned);
        assert_eq!(err.as_deref(), Some("image `nowhere.png`: not found"));
    }
}
