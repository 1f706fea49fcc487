//! Pictures as textures, decoded on first use (not at start-up). Tiles get small
//! thumbnails, kept for all topics; full-size pictures are kept only for the last few
//! pages, so memory stays flat however long the kiosk runs. A picture that cannot be
//! decoded shows its alt text instead (the loader has already checked every picture's
//! header at start-up, so this is rare).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use egui::{ColorImage, TextureHandle, TextureOptions};

use crate::content::ContentSource;

/// How big a texture is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Size {
    /// For topic tiles (drawn at most about 400 points wide).
    Thumbnail,
    /// For pictures on a page (drawn at most 760 points wide, twice that on 4K).
    Full,
}

impl Size {
    fn max_side(self) -> u32 {
        match self {
            Size::Thumbnail => 448,
            Size::Full => 1024,
        }
    }
}

/// Full-size textures kept at once (the page on screen and the ones either side).
const FULL_KEPT: usize = 3;

#[derive(Default)]
pub struct ImageCache {
    textures: HashMap<(String, Size), Result<TextureHandle, String>>,
    /// Full-size pictures, least recently used first.
    recent_full: VecDeque<String>,
    /// The content generation these textures were made from.
    generation: u64,
}

impl ImageCache {
    /// Forget every texture (after a content reload).
    pub fn clear(&mut self) {
        self.textures.clear();
        self.recent_full.clear();
    }

    /// Forget every texture when the content has been reloaded since they were made.
    pub fn refresh(&mut self, generation: u64) {
        if generation != self.generation {
            self.clear();
            self.generation = generation;
        }
    }

    /// The texture for `name` at `size`, decoding it the first time. `Err` holds why not.
    pub fn get(
        &mut self,
        ctx: &egui::Context,
        source: &Arc<dyn ContentSource>,
        name: &str,
        size: Size,
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
        self.textures
            .entry((name.to_owned(), size))
            .or_insert_with(|| {
                let image = decode(source.as_ref(), name, size.max_side())?;
                Ok(ctx.load_texture(name, image, TextureOptions::LINEAR))
            })
            .as_ref()
            .map_err(String::as_str)
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
