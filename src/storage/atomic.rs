//! The one way the kiosk replaces a file: a reader (the kiosk after a power cut, node
//! exporter, IT's tools) sees the old file or the new one, never half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Replace `path` with `data`: a temporary file in the same folder (made new, with Unix
/// permissions `mode`), flushed to disk, renamed over `path`, then the folder synced so the
/// rename lasts too (best effort: not every system lets a folder be synced). The folder is
/// made if missing. The temporary name starts with a dot and ends in `.tmp`, so a reader
/// that takes `*.prom` or `*.toml` never picks it up.
///
/// Before anything is made or changed, `path` itself must be nothing yet or a regular
/// file ([`check_target`](super::check_target)): a link (to a file or a folder), a
/// folder, a FIFO, a socket or a device is refused with an error naming it, and left as it
/// is. Without this, the rename would put a file where `/dev/null` or a link was.
///
/// Only the last part of `path` is checked. The folder it is in may be reached through a
/// link (a data folder on another disk, `/etc` kept by a configuration tool): the rename
/// replaces the name inside whatever folder that is, and never writes through a link at
/// the name itself. Something swapped in at the name after the check is replaced by the
/// rename, not written through.
pub fn write_atomically(path: &Path, data: &[u8], mode: u32) -> std::io::Result<()> {
    super::check_target(path)?;
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

    #[cfg(unix)]
    mod special_targets {
        use super::*;
        use crate::storage::FileKind;
        use crate::storage::test_files::{kind_at, make_fifo, within_seconds};

        /// A character device to aim at, never the machine's /dev/null when a missing check
        /// could replace it. As root: a new one in `dir` (`mknod`, the same device as
        /// /dev/null), or none when root may not make devices here. Otherwise /dev/null
        /// itself, which only root can replace.
        fn a_char_device(dir: &Path) -> Option<PathBuf> {
            use std::os::unix::fs::MetadataExt;
            let made = dir.join("null");
            let mknod = std::process::Command::new("mknod")
                .arg(&made)
                .args(["c", "1", "3"])
                .stderr(std::process::Stdio::null())
                .status();
            if mknod.is_ok_and(|s| s.success()) {
                return Some(made);
            }
            // Who we are: the owner of a file we just made.
            let mine = dir.join("mine");
            std::fs::write(&mine, "").unwrap();
            let root = std::fs::metadata(&mine).unwrap().uid() == 0;
            (!root).then(|| PathBuf::from("/dev/null"))
        }

        #[test]
        fn a_character_device_is_refused_and_stays_a_device() {
            let dir = tempfile::tempdir().unwrap();
            let Some(device) = a_char_device(dir.path()) else {
                eprintln!("skipped: root here cannot make a device to test on");
                return;
            };
            let e = write_atomically(&device, b"pin_hash = \"x\"", 0o600).unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
            assert!(e.to_string().contains("is a character device"), "{e}");
            assert!(e.to_string().contains(&device.display().to_string()), "{e}");
            assert_eq!(kind_at(&device), FileKind::CharDevice);
        }

        #[test]
        fn a_fifo_is_refused_at_once_and_stays_a_fifo() {
            let dir = tempfile::tempdir().unwrap();
            let fifo = dir.path().join("metrics.prom");
            make_fifo(&fifo);
            let f = fifo.clone();
            let e = within_seconds(move || write_atomically(&f, b"up 1\n", 0o644).unwrap_err());
            assert!(e.to_string().contains("is a FIFO"), "{e}");
            assert_eq!(kind_at(&fifo), FileKind::Fifo);
        }

        #[test]
        fn a_socket_is_refused_and_stays_a_socket() {
            let dir = tempfile::tempdir().unwrap();
            let socket = dir.path().join("usage.toml");
            let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
            let e = write_atomically(&socket, b"", 0o600).unwrap_err();
            assert!(e.to_string().contains("is a socket"), "{e}");
            assert_eq!(kind_at(&socket), FileKind::Socket);
        }

        #[test]
        fn a_link_to_a_file_is_refused_and_both_stay_as_they_were() {
            let dir = tempfile::tempdir().unwrap();
            let real = dir.path().join("real.toml");
            std::fs::write(&real, "idle_seconds = 90\n").unwrap();
            let link = dir.path().join("settings.toml");
            std::os::unix::fs::symlink(&real, &link).unwrap();
            let e = write_atomically(&link, b"pin_hash = \"x\"", 0o600).unwrap_err();
            assert!(e.to_string().contains("is a link"), "{e}");
            assert_eq!(kind_at(&link), FileKind::Link);
            assert_eq!(std::fs::read_link(&link).unwrap(), real);
            assert_eq!(
                std::fs::read_to_string(&real).unwrap(),
                "idle_seconds = 90\n"
            );
        }

        #[test]
        fn a_link_to_a_folder_is_refused_and_nothing_lands_in_the_folder() {
            let dir = tempfile::tempdir().unwrap();
            let folder = dir.path().join("elsewhere");
            std::fs::create_dir(&folder).unwrap();
            let link = dir.path().join("pin-lock.toml");
            std::os::unix::fs::symlink(&folder, &link).unwrap();
            let e = write_atomically(&link, b"failures = 1", 0o600).unwrap_err();
            assert!(e.to_string().contains("is a link"), "{e}");
            assert_eq!(kind_at(&link), FileKind::Link);
            assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
            let names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
        }

        #[test]
        fn a_file_in_a_folder_reached_through_a_link_is_written_as_before() {
            // The documented choice: only the last part of the path is checked.
            let dir = tempfile::tempdir().unwrap();
            let folder = dir.path().join("data-disk");
            std::fs::create_dir(&folder).unwrap();
            let linked = dir.path().join("data");
            std::os::unix::fs::symlink(&folder, &linked).unwrap();
            write_atomically(&linked.join("usage.toml"), b"two", 0o600).unwrap();
            assert_eq!(
                std::fs::read_to_string(folder.join("usage.toml")).unwrap(),
                "two"
            );
        }
    }
}
