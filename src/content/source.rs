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

/// Write every embedded content file and image into `dir` (for a clinic to edit); a file
/// already there is replaced. Nothing is written through a link or into a special file:
/// before the first write, every path it would write is checked
/// ([`check_tree`](crate::storage::check_tree)), so `dir` itself, each folder in it
/// (`en/`, `images/`...) and each file must be a real folder or file, or not there yet. A
/// link (to a file or a folder), FIFO, socket or device in the way is an error naming it,
/// and nothing is changed. Each file is written with
/// [`write_regular_file`](crate::storage::write_regular_file), which refuses anything
/// swapped in since.
pub fn export_embedded(dir: &Path) -> std::io::Result<usize> {
    let src = EmbeddedSource;
    let texts = src.text_files();
    let images = src.image_names();
    let image_path = |name: &str| Path::new("images").join(name);
    for rel in &texts {
        crate::storage::check_tree(dir, Path::new(rel))?;
    }
    for name in &images {
        crate::storage::check_tree(dir, &image_path(name))?;
    }
    let mut count = 0;
    for rel in &texts {
        let data = src.read_text(rel).map_err(std::io::Error::other)?;
        write_under(dir, Path::new(rel), &data)?;
        count += 1;
    }
    for name in &images {
        if let Some(data) = src.read_image(name) {
            write_under(dir, &image_path(name), &data)?;
            count += 1;
        }
    }
    Ok(count)
}

/// Write `dir/rel`, making its folders, after checking the path again.
fn write_under(dir: &Path, rel: &Path, data: &[u8]) -> std::io::Result<()> {
    crate::storage::check_tree(dir, rel)?;
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    crate::storage::write_regular_file(&path, data)
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use crate::storage::FileKind;
    use crate::storage::test_files::{kind_at, make_fifo, within_seconds};

    /// Every entry under `dir`, as relative paths, sorted (links not followed).
    fn listing(dir: &Path) -> Vec<String> {
        fn walk(root: &Path, here: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(here).unwrap() {
                let p = e.unwrap().path();
                out.push(p.strip_prefix(root).unwrap().display().to_string());
                if kind_at(&p) == FileKind::Folder {
                    walk(root, &p, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, dir, &mut out);
        out.sort();
        out
    }

    #[test]
    fn export_fills_a_new_folder_and_replaces_its_own_files_the_second_time() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("content");
        let n = export_embedded(&out).unwrap();
        assert!(n > 0);
        let topics = out.join("topics.toml");
        std::fs::write(&topics, "edited").unwrap();
        assert_eq!(export_embedded(&out).unwrap(), n);
        assert_ne!(std::fs::read_to_string(&topics).unwrap(), "edited");
    }

    #[test]
    fn export_refuses_a_link_to_a_folder_at_en_and_writes_nothing_anywhere() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let out = dir.path().join("content");
        std::fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("en")).unwrap();
        let e = export_embedded(&out).unwrap_err();
        let said = e.to_string();
        assert!(
            said.contains(&out.join("en").display().to_string()),
            "{said}"
        );
        assert!(said.contains("is a link"), "{said}");
        assert!(listing(&elsewhere).is_empty(), "{:?}", listing(&elsewhere));
        assert_eq!(
            listing(&out),
            ["en"],
            "nothing written in the folder either"
        );
    }

    #[test]
    fn export_refuses_a_folder_that_is_itself_a_link_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let out = dir.path().join("content");
        std::os::unix::fs::symlink(&elsewhere, &out).unwrap();
        let e = export_embedded(&out).unwrap_err();
        let said = e.to_string();
        assert!(
            said.starts_with(&format!("{} is a link", out.display())),
            "{said}"
        );
        assert!(listing(&elsewhere).is_empty(), "{:?}", listing(&elsewhere));
        // Named with a trailing slash, the link is still refused.
        let slashed = PathBuf::from(format!("{}/", out.display()));
        assert!(export_embedded(&slashed).is_err());
        assert!(listing(&elsewhere).is_empty(), "{:?}", listing(&elsewhere));
    }

    #[test]
    fn export_refuses_a_fifo_where_a_file_goes_at_once_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("content");
        std::fs::create_dir_all(out.join("images")).unwrap();
        // The last file written: a refusal after writing the rest would leave files behind.
        let last = EmbeddedSource.image_names().pop().unwrap();
        let fifo = out.join("images").join(&last);
        make_fifo(&fifo);
        let o = out.clone();
        let e = within_seconds(move || export_embedded(&o).unwrap_err());
        let said = e.to_string();
        assert!(said.contains(&fifo.display().to_string()), "{said}");
        assert!(said.contains("is a FIFO"), "{said}");
        assert_eq!(kind_at(&fifo), FileKind::Fifo);
        assert_eq!(listing(&out), ["images", &format!("images/{last}")]);
    }
}
