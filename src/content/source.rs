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

/// Read a file of the content folder, refusing anything that could hang or flood the
/// kiosk (see [`read_regular_file`]) and a link that leads out of the folder.
fn read_capped(root: &Path, path: &Path) -> Result<Vec<u8>, String> {
    // What it is first (a FIFO or device is named as such), then where it leads.
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(not_a_file(&meta));
    }
    if let (Ok(real), Ok(real_root)) = (std::fs::canonicalize(path), std::fs::canonicalize(root))
        && !real.starts_with(&real_root)
    {
        return Err(format!(
            "is a link to {}, outside the content folder",
            real.display()
        ));
    }
    read_regular_file(path, MAX_FILE_BYTES)
}

/// Read a regular file of at most `cap` bytes. Refuses at once what could hang or flood
/// the kiosk: a FIFO (opening one for reading waits for a writer), a device such as
/// `/dev/zero` (endless), a folder, or more than `cap` bytes (read through the cap, as
/// `metadata().len()` is 0 for special files). The error says which.
pub fn read_regular_file(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;

    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(not_a_file(&meta));
    }
    let file = open_no_wait(path).map_err(|e| e.to_string())?;
    // The same open file is checked again, so a swap after the first look changes nothing.
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(not_a_file(&meta));
    }
    let mut data = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut data)
        .map_err(|e| e.to_string())?;
    if data.len() as u64 > cap {
        return Err(format!(
            "file is over {cap} bytes, the limit; it was not read"
        ));
    }
    Ok(data)
}

fn not_a_file(meta: &std::fs::Metadata) -> String {
    let what = if meta.is_dir() {
        "a folder"
    } else if is_fifo(meta) {
        "a FIFO (named pipe)"
    } else {
        "a device or other special file"
    };
    format!("is {what}, not a regular file; only regular files are read")
}

#[cfg(unix)]
fn is_fifo(meta: &std::fs::Metadata) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type())
}

#[cfg(not(unix))]
fn is_fifo(_meta: &std::fs::Metadata) -> bool {
    false
}

/// Open for reading without ever waiting (a FIFO swapped in opens at once, then fails the
/// regular-file check).
fn open_no_wait(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
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
                        // Listed even when not a regular file, so reading it reports why.
                        if fname.ends_with(".toml") && !f.path().is_dir() {
                            out.push(format!("{name}/{fname}"));
                        }
                    }
                }
            } else if name.ends_with(".toml") && !path.is_dir() {
                out.push(name);
            }
        }
        out.sort();
        out
    }

    fn read_text(&self, rel_path: &str) -> Result<Vec<u8>, String> {
        read_capped(&self.root, &self.root.join(rel_path))
    }

    fn image_names(&self) -> Vec<String> {
        let mut out: Vec<String> = std::fs::read_dir(self.images_dir())
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| !e.path().is_dir())
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
        read_capped(&self.root, &self.images_dir().join(name)).ok()
    }
}

/// Write every embedded content file and image into `dir` (for a clinic to edit). A file
/// already there is replaced, but never through a link: a link in the way is an error.
pub fn export_embedded(dir: &Path) -> std::io::Result<usize> {
    let src = EmbeddedSource;
    let mut count = 0;
    for rel in src.text_files() {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let data = src.read_text(&rel).map_err(std::io::Error::other)?;
        write_no_follow(&path, &data)?;
        count += 1;
    }
    let images = dir.join("images");
    std::fs::create_dir_all(&images)?;
    for name in src.image_names() {
        if let Some(data) = src.read_image(&name) {
            write_no_follow(&images.join(&name), &data)?;
            count += 1;
        }
    }
    Ok(count)
}

/// Write a file, refusing to follow a symbolic link at its path.
fn write_no_follow(path: &Path, data: &[u8]) -> std::io::Result<()> {
    use std::io::Write;

    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other(format!(
            "{} is a link; export-content does not write through links",
            path.display()
        )));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let mut file = options
        .open(path)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    file.write_all(data)
}
