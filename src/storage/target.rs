//! What a writer may write over: nothing yet, or a regular file. Never a link (to a file
//! or to a folder), a folder, a FIFO, a socket or a device: `set-pin --config /dev/null`
//! run as root must not turn the machine's `/dev/null` into a file, and `export-content`
//! must not put files wherever a link in its folder leads. Every writer of the kiosk asks
//! [`check_target`] (or [`check_tree`] for a folder it fills) before it changes anything.
//!
//! The checks look with `symlink_metadata`, so they never follow a link and never open
//! what they look at (opening a FIFO waits for a writer). Something swapped in after the
//! check is the business of the writer: [`write_atomically`](super::write_atomically)
//! renames over the name (a rename never writes through a link) and
//! [`write_regular_file`] opens without following a link or waiting, then checks the open
//! file again.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// What is at a path, as far as a writer cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    File,
    Folder,
    Link,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    /// Anything else the system has (a door, a whiteout...).
    Other,
}

impl FileKind {
    fn of(meta: &std::fs::Metadata) -> Self {
        let t = meta.file_type();
        if t.is_symlink() {
            return Self::Link;
        }
        if t.is_dir() {
            return Self::Folder;
        }
        if t.is_file() {
            return Self::File;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Self::Fifo;
            }
            if t.is_socket() {
                return Self::Socket;
            }
            if t.is_char_device() {
                return Self::CharDevice;
            }
            if t.is_block_device() {
                return Self::BlockDevice;
            }
        }
        Self::Other
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::File => "a regular file",
            Self::Folder => "a folder",
            Self::Link => "a link",
            Self::Fifo => "a FIFO (named pipe)",
            Self::Socket => "a socket",
            Self::CharDevice => "a character device",
            Self::BlockDevice => "a block device",
            Self::Other => "a special file",
        })
    }
}

/// Why a writer refused a path. Each message names the path and what is there; nothing
/// was changed. Converts into [`std::io::Error`] for writers that return one.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// A symbolic link, whatever it leads to (a file, a folder, nothing).
    #[error(
        "{} is a link; patient-kiosk does not write through links, so nothing was \
         written (remove the link or name the real path)",
        .path.display()
    )]
    Link { path: PathBuf },
    /// Where a file was to be written: a folder, FIFO, socket, device or other special file.
    #[error(
        "{} is {found}, not a regular file; patient-kiosk only writes regular files, so \
         nothing was written",
        .path.display()
    )]
    NotAFile { path: PathBuf, found: FileKind },
    /// Where a folder was needed on the way to a file: a file, FIFO, socket or device.
    #[error(
        "{} is {found}, where a folder is needed; nothing was written",
        .path.display()
    )]
    NotAFolder { path: PathBuf, found: FileKind },
    /// A relative path that is not plainly inside its base folder (`..`, a root).
    #[error(
        "{} is not a path inside {}; nothing was written",
        .rel.display(),
        .base.display()
    )]
    Outside { base: PathBuf, rel: PathBuf },
    /// The path could not be looked at or read (no permission, a file on the way where a
    /// folder should be, over the size limit...).
    #[error("cannot use {}: {source}", .path.display())]
    Unusable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl TargetError {
    /// The path the message is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::Link { path }
            | Self::NotAFile { path, .. }
            | Self::NotAFolder { path, .. }
            | Self::Unusable { path, .. } => path,
            Self::Outside { rel, .. } => rel,
        }
    }
}

impl From<TargetError> for std::io::Error {
    fn from(e: TargetError) -> Self {
        let kind = match &e {
            TargetError::Unusable { source, .. } => source.kind(),
            _ => std::io::ErrorKind::InvalidInput,
        };
        std::io::Error::new(kind, e)
    }
}

/// What is at `path` without following a link: `None` when nothing is.
fn look(path: &Path) -> Result<Option<FileKind>, TargetError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => Ok(Some(FileKind::of(&meta))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(TargetError::Unusable {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// May a file be written at `path`? Yes when nothing is there or a regular file is; no,
/// with a message naming the path and what is there, for a link (to anything), a folder,
/// a FIFO, a socket, a device or any other special file. Never follows a link and never
/// opens anything. Only `path` itself is looked at, not the folders above it.
pub fn check_target(path: &Path) -> Result<(), TargetError> {
    check_file(path).map(|_| ())
}

/// [`check_target`], saying whether a regular file is there.
fn check_file(path: &Path) -> Result<bool, TargetError> {
    let path = plain(path);
    match look(&path)? {
        None => Ok(false),
        Some(FileKind::File) => Ok(true),
        Some(FileKind::Link) => Err(TargetError::Link { path }),
        Some(found) => Err(TargetError::NotAFile { path, found }),
    }
}

/// May a file be written at `base/rel`, folders made on the way? Every part that exists
/// is checked, from `base` down: `base` and each folder between it and the file must be a
/// real folder (not a link to one, not a file or special file), and the file itself must
/// pass [`check_target`]. Missing parts are fine (a writer makes them). `rel` must stay
/// inside `base` (no `..`, no root).
///
/// Folders above `base` are not looked at: a kiosk may keep its data behind a linked
/// folder (`/var/lib` on another disk), and whoever names `base` chose them.
pub fn check_tree(base: &Path, rel: &Path) -> Result<(), TargetError> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err(TargetError::Outside {
                    base: base.to_path_buf(),
                    rel: rel.to_path_buf(),
                });
            }
        }
    }
    let file = parts.pop();
    let mut here = plain(base);
    if !check_folder(&here)? {
        return Ok(());
    }
    for part in parts {
        here.push(part);
        if !check_folder(&here)? {
            return Ok(());
        }
    }
    match file {
        Some(name) => check_target(&here.join(name)),
        None => Ok(()),
    }
}

/// Is a real folder at `path` (true), or nothing (false)? Anything else is an error.
fn check_folder(path: &Path) -> Result<bool, TargetError> {
    match look(path)? {
        None => Ok(false),
        Some(FileKind::Folder) => Ok(true),
        Some(FileKind::Link) => Err(TargetError::Link {
            path: path.to_path_buf(),
        }),
        Some(found) => Err(TargetError::NotAFolder {
            path: path.to_path_buf(),
            found,
        }),
    }
}

/// `path` without a trailing `/` (with one, the system looks through a link at the end)
/// and `.` for an empty path.
fn plain(path: &Path) -> PathBuf {
    let p: PathBuf = path.components().collect();
    if p.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        p
    }
}

/// What is at `path` now, for a writer about to replace it: `None` when nothing is there,
/// else the bytes of a regular file of at most `cap` bytes. A link, folder, FIFO, socket
/// or device is refused first ([`check_target`]), and the file is read without ever
/// waiting (see [`read_regular_file`](crate::content::source::read_regular_file)), so a
/// FIFO swapped in cannot hang the writer. `set-pin` reads the settings file with it.
pub fn read_before_replacing(path: &Path, cap: u64) -> Result<Option<Vec<u8>>, TargetError> {
    if !check_file(path)? {
        return Ok(None);
    }
    crate::content::source::read_regular_file(path, cap)
        .map(Some)
        .map_err(|reason| TargetError::Unusable {
            path: path.to_path_buf(),
            source: std::io::Error::other(reason),
        })
}

/// Write `data` to `path` in place (made if missing, emptied first if there), for files a
/// person asked for (`export-content`, `handout --out`). Refuses what [`check_target`]
/// refuses, and opens without following a link (`O_NOFOLLOW`) or waiting for a FIFO's
/// reader (`O_NONBLOCK`), then checks the open file is a regular file before emptying it,
/// so something swapped in after the check is refused too.
pub fn write_regular_file(path: &Path, data: &[u8]) -> std::io::Result<()> {
    check_target(path)?;
    let in_path =
        |e: std::io::Error| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let mut file = options.open(path).map_err(|e| {
        // O_NOFOLLOW fails with ELOOP on a link swapped in: say so.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            TargetError::Link {
                path: path.to_path_buf(),
            }
            .into()
        } else {
            in_path(e)
        }
    })?;
    let meta = file.metadata().map_err(in_path)?;
    let found = FileKind::of(&meta);
    if found != FileKind::File {
        return Err(TargetError::NotAFile {
            path: path.to_path_buf(),
            found,
        }
        .into());
    }
    file.set_len(0).map_err(in_path)?;
    file.write_all(data).map_err(in_path)
}

#[cfg(test)]
#[cfg(unix)]
pub(crate) mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// Run `f` on its own thread and panic if it takes more than five seconds: a check that
    /// opens a FIFO waits forever for a writer, and the test must fail, not hang.
    pub(crate) fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(Duration::from_secs(5))
            .expect("still waiting after 5 s: something opened the FIFO")
    }

    pub(crate) fn make_fifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success(), "mkfifo {}", path.display());
    }

    pub(crate) fn kind_at(path: &Path) -> FileKind {
        FileKind::of(&std::fs::symlink_metadata(path).unwrap())
    }

    #[test]
    fn nothing_there_and_a_regular_file_may_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        check_target(&path).unwrap();
        std::fs::write(&path, "x").unwrap();
        check_target(&path).unwrap();
    }

    #[test]
    fn dev_null_is_refused_as_a_character_device_named_in_the_message() {
        let e = check_target(Path::new("/dev/null")).unwrap_err();
        assert!(matches!(
            e,
            TargetError::NotAFile {
                found: FileKind::CharDevice,
                ..
            }
        ));
        let text = e.to_string();
        assert!(
            text.starts_with("/dev/null is a character device"),
            "{text}"
        );
    }

    #[test]
    fn a_fifo_is_refused_at_once_without_opening_it() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("settings.toml");
        make_fifo(&fifo);
        let e = within_seconds(move || check_target(&fifo).unwrap_err());
        assert!(e.to_string().contains("is a FIFO (named pipe)"), "{e}");
    }

    #[test]
    fn a_socket_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("usage.toml");
        let _listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        let e = check_target(&path).unwrap_err();
        assert!(e.to_string().contains("is a socket"), "{e}");
        assert_eq!(e.path(), path);
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = check_target(dir.path()).unwrap_err();
        assert!(
            e.to_string().contains("is a folder, not a regular file"),
            "{e}"
        );
    }

    #[test]
    fn a_link_is_refused_whether_it_leads_to_a_file_a_folder_or_nowhere() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("real.toml");
        std::fs::write(&file, "x").unwrap();
        let folder = dir.path().join("real");
        std::fs::create_dir(&folder).unwrap();
        for (name, to) in [
            ("to-file", file.clone()),
            ("to-folder", folder.clone()),
            ("to-nothing", dir.path().join("missing")),
        ] {
            let link = dir.path().join(name);
            std::os::unix::fs::symlink(&to, &link).unwrap();
            let e = check_target(&link).unwrap_err();
            assert!(matches!(e, TargetError::Link { .. }), "{name}: {e}");
            assert!(
                e.to_string()
                    .contains("is a link; patient-kiosk does not write through links"),
                "{e}"
            );
        }
    }

    #[test]
    fn a_link_to_a_folder_named_with_a_trailing_slash_is_still_a_link() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        let link = dir.path().join("out");
        std::os::unix::fs::symlink(dir.path().join("real"), &link).unwrap();
        let slashed = PathBuf::from(format!("{}/", link.display()));
        assert!(matches!(
            check_target(&slashed),
            Err(TargetError::Link { .. })
        ));
        assert!(matches!(
            check_tree(&slashed, Path::new("en/topics.toml")),
            Err(TargetError::Link { .. })
        ));
    }

    #[test]
    fn a_refusal_becomes_an_io_error_with_the_same_message() {
        let e: std::io::Error = check_target(Path::new("/dev/null")).unwrap_err().into();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
        assert!(
            e.to_string().contains("/dev/null is a character device"),
            "{e}"
        );
    }

    #[test]
    fn a_tree_with_nothing_yet_or_real_folders_may_be_filled() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("content");
        check_tree(&out, Path::new("en/topics.toml")).unwrap();
        std::fs::create_dir_all(out.join("en")).unwrap();
        check_tree(&out, Path::new("en/topics.toml")).unwrap();
        std::fs::write(out.join("en/topics.toml"), "x").unwrap();
        check_tree(&out, Path::new("en/topics.toml")).unwrap();
    }

    #[test]
    fn a_tree_whose_base_is_a_link_is_refused_naming_the_base() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
        let out = dir.path().join("content");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), &out).unwrap();
        let e = check_tree(&out, Path::new("en/topics.toml")).unwrap_err();
        assert!(matches!(e, TargetError::Link { .. }), "{e}");
        assert_eq!(e.path(), out);
    }

    #[test]
    fn a_tree_with_a_link_to_a_folder_inside_is_refused_naming_the_link() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
        let out = dir.path().join("content");
        std::fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), out.join("en")).unwrap();
        let e = check_tree(&out, Path::new("en/topics.toml")).unwrap_err();
        assert!(matches!(e, TargetError::Link { .. }), "{e}");
        assert_eq!(e.path(), out.join("en"));
    }

    #[test]
    fn a_tree_with_a_file_where_a_folder_goes_or_a_fifo_where_the_file_goes_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().to_path_buf();
        std::fs::write(out.join("en"), "not a folder").unwrap();
        let e = check_tree(&out, Path::new("en/topics.toml")).unwrap_err();
        assert!(
            e.to_string()
                .contains("is a regular file, where a folder is needed"),
            "{e}"
        );
        std::fs::create_dir(out.join("es")).unwrap();
        make_fifo(&out.join("es/topics.toml"));
        let e = within_seconds(move || check_tree(&out, Path::new("es/topics.toml")).unwrap_err());
        assert!(
            matches!(
                e,
                TargetError::NotAFile {
                    found: FileKind::Fifo,
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn a_relative_path_that_climbs_out_of_its_base_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for rel in ["../x.toml", "en/../../x.toml", "/etc/x.toml"] {
            let e = check_tree(dir.path(), Path::new(rel)).unwrap_err();
            assert!(matches!(e, TargetError::Outside { .. }), "{rel}: {e}");
        }
    }

    #[test]
    fn reading_before_replacing_gives_nothing_for_a_missing_file_and_the_bytes_of_a_real_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.toml");
        assert_eq!(read_before_replacing(&path, 100).unwrap(), None);
        std::fs::write(&path, "idle_seconds = 90\n").unwrap();
        assert_eq!(
            read_before_replacing(&path, 100).unwrap().as_deref(),
            Some(&b"idle_seconds = 90\n"[..])
        );
        assert!(read_before_replacing(&path, 5).is_err());
    }

    #[test]
    fn set_pin_refuses_dev_null_and_leaves_it_a_device() {
        // set-pin reads the settings file with read_before_replacing before anything else.
        let e = read_before_replacing(Path::new("/dev/null"), 1024).unwrap_err();
        assert!(
            e.to_string().starts_with("/dev/null is a character device"),
            "{e}"
        );
        assert_eq!(kind_at(Path::new("/dev/null")), FileKind::CharDevice);
    }

    #[test]
    fn set_pin_refuses_a_fifo_at_once_instead_of_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("settings.toml");
        make_fifo(&fifo);
        let f = fifo.clone();
        let e = within_seconds(move || read_before_replacing(&f, 1024).unwrap_err());
        assert!(e.to_string().contains("is a FIFO"), "{e}");
        assert_eq!(kind_at(&fifo), FileKind::Fifo);
    }

    #[test]
    fn set_pin_refuses_a_link_to_a_settings_file_and_a_socket() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        std::fs::write(&real, "idle_seconds = 90\n").unwrap();
        let link = dir.path().join("settings.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let e = read_before_replacing(&link, 1024).unwrap_err();
        assert!(e.to_string().contains("is a link"), "{e}");
        let socket = dir.path().join("socket.toml");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let e = read_before_replacing(&socket, 1024).unwrap_err();
        assert!(e.to_string().contains("is a socket"), "{e}");
    }

    #[test]
    fn writing_in_place_replaces_a_regular_file_and_makes_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("handout.pdf");
        write_regular_file(&path, b"a longer first text").unwrap();
        write_regular_file(&path, b"short").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"short");
    }

    #[test]
    fn writing_in_place_refuses_a_link_and_leaves_the_file_it_leads_to() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.pdf");
        std::fs::write(&real, "keep me").unwrap();
        let link = dir.path().join("handout.pdf");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let e = write_regular_file(&link, b"new").unwrap_err();
        assert!(e.to_string().contains("is a link"), "{e}");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "keep me");
        assert_eq!(kind_at(&link), FileKind::Link);
    }

    #[test]
    fn writing_in_place_refuses_a_fifo_and_dev_null_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("handout.pdf");
        make_fifo(&fifo);
        let f = fifo.clone();
        let e = within_seconds(move || write_regular_file(&f, b"new").unwrap_err());
        assert!(e.to_string().contains("is a FIFO"), "{e}");
        assert_eq!(kind_at(&fifo), FileKind::Fifo);
        let e = write_regular_file(Path::new("/dev/null"), b"new").unwrap_err();
        assert!(
            e.to_string().contains("/dev/null is a character device"),
            "{e}"
        );
    }
}
