//! Where content files come from: the copy embedded in the binary, or a clinic's folder.
//! Both look the same to the loader: text files by relative path, images by file name.

use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;

/// The `content/` folder, built into the binary.
#[derive(RustEmbed)]
#[folder = "content/"]
#[include = "*.toml"]
struct EmbeddedText;

/// The `assets/images/` folder, built into the binary.
#[derive(RustEmbed)]
#[folder = "assets/images/"]
#[include = "*.png"]
struct EmbeddedImages;

/// Read access to a set of content files and images.
pub trait ContentSource: Send + Sync {
    /// Shown in error messages before each file name, e.g. `embedded:` or a folder path.
    fn describe(&self, rel_path: &str) -> String;
    /// Every text file, as a path relative to the content root with `/` separators.
    fn text_files(&self) -> Vec<String>;
    fn read_text(&self, rel_path: &str) -> Result<Vec<u8>, String>;
    fn image_names(&self) -> Vec<String>;
    fn read_image(&self, name: &str) -> Option<Vec<u8>>;
}

/// The content and images compiled into the binary.
#[derive(Debug, Default, Clone, Copy)]
pub struct EmbeddedSource;

impl ContentSource for EmbeddedSource {
    fn describe(&self, rel_path: &str) -> String {
        format!("content/{rel_path}")
    }

    fn text_files(&self) -> Vec<String> {
        let mut files: Vec<String> = EmbeddedText::iter().map(|p| p.into_owned()).collect();
        files.sort();
        files
    }

    fn read_text(&self, rel_path: &str) -> Result<Vec<u8>, String> {
        EmbeddedText::get(rel_path)
            .map(|f| f.data.into_owned())
            .ok_or_else(|| "not in the embedded content".to_owned())
    }

    fn image_names(&self) -> Vec<String> {
        let mut names: Vec<String> = EmbeddedImages::iter().map(|p| p.into_owned()).collect();
        names.sort();
        names
    }

    fn read_image(&self, name: &str) -> Option<Vec<u8>> {
        EmbeddedImages::get(name).map(|f| f.data.into_owned())
    }
}

/// A clinic's own content folder: `topics.toml`, one folder per language, and `images/`.
#[derive(Debug, Clone)]
pub struct DirSource {
    root: PathBuf,
}

impl DirSource {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn images_dir(&self) -> PathBuf {
        self.root.join("images")
    }
}

/// Largest file the loader reads; anything bigger is refused rather than loaded whole.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "file is {} bytes; the limit is {MAX_FILE_BYTES}",
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

impl ContentSource for DirSource {
    fn describe(&self, rel_path: &str) -> String {
        self.root.join(rel_path).display().to_string()
    }

    fn text_files(&self) -> Vec<String> {
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return out;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() && name != "images" {
                if let Ok(inner) = std::fs::read_dir(&path) {
                    for f in inner.flatten() {
                        let fname = f.file_name().to_string_lossy().into_owned();
                        if fname.ends_with(".toml") && f.path().is_file() {
                            out.push(format!("{name}/{fname}"));
                        }
                    }
                }
            } else if name.ends_with(".toml") && path.is_file() {
                out.push(name);
            }
        }
        out.sort();
        out
    }

    fn read_text(&self, rel_path: &str) -> Result<Vec<u8>, String> {
        read_capped(&self.root.join(rel_path))
    }

    fn image_names(&self) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(self.images_dir())
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.path().is_file())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    fn read_image(&self, name: &str) -> Option<Vec<u8>> {
        if name.contains(['/', '\\']) || name.starts_with('.') {
            return None;
        }
        read_capped(&self.images_dir().join(name)).ok()
    }
}

/// Write every embedded content file and image into `dir` (for a clinic to edit).
pub fn export_embedded(dir: &Path) -> std::io::Result<usize> {
    let src = EmbeddedSource;
    let mut count = 0;
    for rel in src.text_files() {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let data = src.read_text(&rel).map_err(std::io::Error::other)?;
        std::fs::write(&path, data)?;
        count += 1;
    }
    let images = dir.join("images");
    std::fs::create_dir_all(&images)?;
    for name in src.image_names() {
        if let Some(data) = src.read_image(&name) {
            std::fs::write(images.join(&name), data)?;
            count += 1;
        }
    }
    Ok(count)
}
