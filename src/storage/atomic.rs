//! The one way the kiosk replaces a file: a reader (the kiosk after a power cut, node
//! exporter, IT's tools) sees the old file or the new one, never half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Replace `path` with `data`: a temporary file in the same folder (made new, with Unix
/// permissions `mode`), flushed to disk, renamed over `path`, then the folder synced so the
/// rename lasts too (best effort: not every system lets a folder be synced). The folder is
/// made if missing. The temporary name starts with a dot and ends in `.tmp`, so a reader
/// that takes `*.prom` or `*.toml` never picks it up.
pub fn write_atomically(path: &Path, data: &[u8], mode: u32) -> std::io::Result<()> {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // Left over from a crash of this same process id: ours, and useless.
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
    #[cfg(not(unix))]
    let _ = mode;
    let written = options
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(data)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_replaced_whole_with_its_mode_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/counts.toml");
        write_atomically(&path, b"one", 0o600).unwrap();
        write_atomically(&path, b"two", 0o644).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644);
        }
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["counts.toml"]);
    }

    #[test]
    fn a_folder_that_cannot_be_written_gives_an_error_and_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("counts.toml");
        std::fs::write(&path, "old").unwrap();
        // A path whose folder is a file: nothing can be made there.
        let bad = path.join("inner.toml");
        assert!(write_atomically(&bad, b"new", 0o600).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }
}
