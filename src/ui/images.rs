//! Pictures as textures, decoded on first use (not at start-up) and kept while the process
//! runs. A picture that cannot be decoded shows its alt text instead (the loader has
//! already checked every picture's header at start-up, so this is rare).

use std::collections::HashMap;
use std::sync::Arc;

use egui::{ColorImage, TextureHandle, TextureOptions};

use crate::content::ContentSource;

/// Longest side a texture gets; pictures are drawn at most about this big.
const MAX_TEXTURE_SIDE: u32 = 1024;

#[derive(Default)]
pub struct ImageCache {
    textures: HashMap<String, Result<TextureHandle, String>>,
}

impl ImageCache {
    /// Forget every texture (after a content reload).
    pub fn clear(&mut self) {
        self.textures.clear();
    }

    /// The texture for `name`, decoding it the first time. `Err` holds a message for staff.
    pub fn get(
        &mut self,
        ctx: &egui::Context,
        source: &Arc<dyn ContentSource>,
        name: &str,
    ) -> Result<&TextureHandle, &str> {
        self.textures
            .entry(name.to_owned())
            .or_insert_with(|| {
                let image = decode(source.as_ref(), name)?;
                Ok(ctx.load_texture(name, image, TextureOptions::LINEAR))
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

/// Decode a picture into pixels, shrinking big ones.
pub fn decode(source: &dyn ContentSource, name: &str) -> Result<ColorImage, String> {
    let bytes = source
        .read_image(name)
        .ok_or_else(|| format!("image `{name}`: not found"))?;
    crate::content::check_image(&bytes).map_err(|e| format!("image `{name}` {e}"))?;
    let img = image::load_from_memory(&bytes).map_err(|e| format!("image `{name}`: {e}"))?;
    let img = if img.width() > MAX_TEXTURE_SIDE || img.height() > MAX_TEXTURE_SIDE {
        img.thumbnail(MAX_TEXTURE_SIDE, MAX_TEXTURE_SIDE)
    } else {
        img
    };
    let rgba = img.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(ColorImage::from_rgba_unmultiplied(size, rgba.as_raw()))
}
