//! Signed content packs for a chain of kiosks. A pack is a tar of a content folder
//! (`content/...`) and `manifest.toml` (its sequence number), signed with minisign (the
//! standard tool) with the sequence number in the signature's trusted comment
//! (`minisign -S -s KEY -m FILE.tar -t "seq=N"`). A kiosk fetches the pack and its
//! `.minisig` from `pack_url` (http, https or a path), verifies them against
//! `pack_public_key`, checks the sequence number goes up, unpacks into its packs folder,
//! loads it fully and makes a test handout, and only then switches `current.toml` (one
//! atomic rename). The pack before is kept, to roll back to.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::content::{self, DirSource, Library};

/// The manifest's name inside a pack.
pub const MANIFEST: &str = "manifest.toml";
/// What `current.toml` in the packs folder is called: the pointer to the live pack.
pub const CURRENT: &str = "current.toml";
const FETCH_STATE: &str = "fetch.toml";
const LAST_UPDATE: &str = "last-update.toml";
/// The largest pack the kiosk downloads or reads.
pub const MAX_PACK_BYTES: u64 = 200 * 1024 * 1024;
const MAX_SIG_BYTES: u64 = 16 * 1024;
/// The most files a pack may hold (a content folder has about 60).
const MAX_PACK_FILES: u64 = 2_000;
/// The most a pack may unpack to.
const MAX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;
/// The largest manifest read (it is a few lines).
const MAX_MANIFEST_BYTES: u64 = 16 * 1024;
/// The longest update message kept on disk and shown to staff.
const MAX_MESSAGE_CHARS: usize = 2_000;
/// Every network request gives up after this.
pub const TIMEOUT: Duration = Duration::from_secs(30);
const FORMAT: u32 = 1;

/// Why a pack was not made, fetched or installed. Each names what and where.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{0}")]
    Content(String),
    #[error("{what} {}: {err}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        err: std::io::Error,
    },
    #[error("signature: {0}")]
    Signature(String),
    #[error("sequence number: {0}")]
    Seq(String),
    #[error("network: {0}")]
    Network(String),
    #[error("pack format: {0}")]
    Format(String),
    #[error("settings: {0}")]
    Settings(String),
}

fn io<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> PackError + 'a {
    move |err| PackError::Io {
        what,
        path: path.to_owned(),
        err,
    }
}

/// `manifest.toml` in a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub seq: u64,
    /// When it was packed (RFC 3339).
    pub created: String,
}

/// The live pack, as `current.toml` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installed {
    pub seq: u64,
    pub created: String,
    /// Who signed it, from signed data only: the key that verified ("key 3A1F..."), and the
    /// trusted comment's words besides `seq=N`.
    pub signer: String,
    pub installed_at: String,
    /// The pack before, kept to roll back to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<u64>,
}

/// The last update check, for the staff menu and the metrics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastUpdate {
    /// Seconds since 1970 when it ended.
    pub at: u64,
    pub ok: bool,
    pub message: String,
    /// When an update last succeeded (installed or already current), seconds since 1970.
    #[serde(default)]
    pub last_ok: u64,
}

impl LastUpdate {
    /// When it ended, in this PC's local time as staff and IT read it ("2026-12-03 15:39");
    /// empty for a time that cannot be one.
    pub fn local_time(&self) -> String {
        i64::try_from(self.at)
            .ok()
            .and_then(|at| chrono::DateTime::from_timestamp(at, 0))
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default()
    }
}

/// Make a pack of the content folder `dir`: it is checked as the kiosk would load it
/// (every error with its file and line refuses it), then written to `out` with its
/// manifest. Only regular files and folders go in.
pub fn make(dir: &Path, out: &Path, seq: u64) -> Result<Manifest, PackError> {
    if seq == 0 {
        return Err(PackError::Seq(
            "must be 1 or more (0 is the built-in content)".into(),
        ));
    }
    let source = DirSource::new(dir);
    let library = content::load(&source).map_err(|e| PackError::Content(e.to_string()))?;
    let broken = content::check_pictures(&library, &source);
    if !broken.is_empty() {
        return Err(PackError::Content(broken.join("; ")));
    }
    let manifest = Manifest {
        format: FORMAT,
        seq,
        created: chrono::Local::now().to_rfc3339(),
    };
    let text = toml::to_string(&manifest).map_err(|e| PackError::Format(e.to_string()))?;
    let mut builder = tar::Builder::new(Vec::new());
    builder.mode(tar::HeaderMode::Deterministic);
    let mut header = tar::Header::new_gnu();
    header.set_size(text.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    builder
        .append_data(&mut header, MANIFEST, text.as_bytes())
        .map_err(io("writing the manifest for", out))?;
    add_folder(&mut builder, dir, Path::new("content"))?;
    let bytes = builder.into_inner().map_err(io("writing", out))?;
    crate::storage::write_atomically(out, &bytes, 0o644).map_err(io("writing", out))?;
    Ok(manifest)
}

fn add_folder(
    builder: &mut tar::Builder<Vec<u8>>,
    dir: &Path,
    name: &Path,
) -> Result<(), PackError> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(io("reading", dir))?
        .collect::<Result<_, _>>()
        .map_err(io("reading", dir))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).map_err(io("reading", &path))?;
        let inner = name.join(entry.file_name());
        if meta.is_dir() {
            add_folder(builder, &path, &inner)?;
        } else if meta.is_file() {
            let mut file = std::fs::File::open(&path).map_err(io("reading", &path))?;
            builder
                .append_file(&inner, &mut file)
                .map_err(io("packing", &path))?;
        } else {
            return Err(PackError::Content(format!(
                "{} is not a regular file or folder (a link, a FIFO or a device): take it out",
                path.display()
            )));
        }
    }
    Ok(())
}

/// A pack whose signature checked out.
#[derive(Debug, Clone)]
pub struct Verified {
    pub manifest: Manifest,
    pub signer: String,
    pub tar: Vec<u8>,
}

/// A trusted key and its minisign key id (as `minisign -G` prints it).
type TrustedKey = (String, minisign_verify::PublicKey);

/// The keys from the setting: every base64 line of minisign `.pub` files, one per line
/// (whole files, comment lines included, are accepted too). Several keys are trusted at
/// once, so a chain can rotate its signing key without a flag day.
fn public_keys(setting: &str) -> Result<Vec<TrustedKey>, PackError> {
    let mut keys = Vec::new();
    for line in setting
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
    {
        let key = minisign_verify::PublicKey::from_base64(line).map_err(|e| {
            let start: String = line.chars().take(12).collect();
            PackError::Settings(format!(
                "pack_public_key: \"{start}...\" is not a minisign public key ({e}): use the second line of each .pub file"
            ))
        })?;
        keys.push((key_id(line), key));
    }
    if keys.is_empty() {
        return Err(PackError::Settings("pack_public_key is not set".into()));
    }
    Ok(keys)
}

/// Whether `pack_public_key` holds keys that can be used (for `doctor`): how many, or why not.
pub fn check_keys(setting: &str) -> Result<usize, PackError> {
    public_keys(setting).map(|keys| keys.len())
}

/// A public key's id, as minisign prints it: the 8 bytes after the algorithm, in hex.
fn key_id(line: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(line)
        .ok()
        .and_then(|b| b.get(2..10).map(<[u8]>::to_vec))
        .and_then(|id| <[u8; 8]>::try_from(id).ok())
        .map(|id| format!("{:016X}", u64::from_le_bytes(id)))
        .unwrap_or_default()
}

/// What the signer wrote in the trusted comment besides `seq=N` (signed, unlike minisign's
/// untrusted comment, which anyone can edit).
fn trusted_note(comment: &str) -> String {
    comment
        .split_whitespace()
        .filter(|w| !w.starts_with("seq="))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `seq=N` of a trusted comment.
fn trusted_seq(comment: &str) -> Option<u64> {
    comment
        .split_whitespace()
        .find_map(|w| w.strip_prefix("seq="))
        .and_then(|n| n.parse().ok())
}

/// Check `tar` against its signature `sig` and the clinic's key, and that the signed
/// sequence number is the manifest's.
pub fn verify(tar: Vec<u8>, sig: &str, key: &str) -> Result<Verified, PackError> {
    let keys = public_keys(key)?;
    let signature = minisign_verify::Signature::decode(sig)
        .map_err(|e| PackError::Signature(format!("the .minisig file is not a signature ({e})")))?;
    let mut last_error = String::new();
    let mut verified_by = None;
    for (id, key) in &keys {
        match key.verify(&tar, &signature, false) {
            Ok(()) => {
                verified_by = Some(id.clone());
                break;
            }
            Err(e) => last_error = e.to_string(),
        }
    }
    let Some(key_id) = verified_by else {
        return Err(PackError::Signature(format!(
            "does not match the pack and the {} key(s) in pack_public_key ({last_error}): the pack was changed, or signed with another key",
            keys.len()
        )));
    };
    let signed_seq = trusted_seq(signature.trusted_comment()).ok_or_else(|| {
        PackError::Signature(format!(
            "the trusted comment {:?} has no seq=N (sign with -t \"seq=N\")",
            signature.trusted_comment()
        ))
    })?;
    let manifest = read_manifest(&tar)?;
    if manifest.seq != signed_seq {
        return Err(PackError::Seq(format!(
            "the manifest says {} but the signature says {signed_seq}",
            manifest.seq
        )));
    }
    // Who signed it, from signed data only: the key that verified, and the trusted comment.
    let note = trusted_note(signature.trusted_comment());
    let signer = if note.is_empty() {
        format!("key {key_id}")
    } else {
        format!("key {key_id} ({note})")
    };
    log::info!(
        "content pack {}: signature verified with key {key_id}",
        manifest.seq
    );
    Ok(Verified {
        manifest,
        signer,
        tar,
    })
}

fn read_manifest(tar: &[u8]) -> Result<Manifest, PackError> {
    let mut archive = tar::Archive::new(tar);
    let entries = archive
        .entries()
        .map_err(|e| PackError::Format(e.to_string()))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| PackError::Format(e.to_string()))?;
        if entry.path().is_ok_and(|p| p == Path::new(MANIFEST)) {
            if entry.size() > MAX_MANIFEST_BYTES {
                return Err(PackError::Format(format!(
                    "{MANIFEST} is {} bytes; it is a few lines",
                    entry.size()
                )));
            }
            let mut text = String::new();
            std::io::Read::read_to_string(&mut entry, &mut text)
                .map_err(|e| PackError::Format(format!("{MANIFEST}: {e}")))?;
            let manifest: Manifest = toml::from_str(&text).map_err(|e| {
                PackError::Format(format!("{MANIFEST}: {}", bounded(&e.to_string())))
            })?;
            if manifest.format != FORMAT {
                return Err(PackError::Format(format!(
                    "pack format {} (this kiosk reads format {FORMAT}): update the kiosk first",
                    manifest.format
                )));
            }
            return Ok(manifest);
        }
    }
    Err(PackError::Format(format!("no {MANIFEST} in the pack")))
}

/// The content folder of pack `seq`.
pub fn content_dir(packs: &Path, seq: u64) -> PathBuf {
    packs.join(seq.to_string()).join("content")
}

/// The live pack and its content folder, if one is installed.
pub fn current(packs: &Path) -> Option<(Installed, PathBuf)> {
    let text = std::fs::read_to_string(packs.join(CURRENT)).ok()?;
    let installed: Installed = toml::from_str(&text).ok()?;
    let dir = content_dir(packs, installed.seq);
    Some((installed, dir))
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Unpack, load and test a verified pack, then make it the live one. Refuses a sequence
/// number not above the live pack's. Nothing changes for the kiosk until the last step,
/// one atomic rename of `current.toml`; a crash before it leaves the old pack live.
/// Returns what is live now and its content, loaded (the kiosk shows it as loaded here).
pub fn install(
    packs: &Path,
    pack: &Verified,
    settings: &Settings,
) -> Result<(Installed, Library), PackError> {
    let seq = pack.manifest.seq;
    let live = current(packs).map(|(i, _)| i);
    if let Some(live) = &live
        && seq <= live.seq
    {
        return Err(PackError::Seq(format!(
            "pack {seq} is not newer than the installed pack {}",
            live.seq
        )));
    }
    std::fs::create_dir_all(packs).map_err(io("making", packs))?;
    let staging = packs.join(format!(".incoming-{seq}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(io("making", &staging))?;
    let library = match unpack_and_test(&staging, pack, settings) {
        Ok(library) => library,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    pause_for_tests();
    let target = packs.join(seq.to_string());
    let _ = std::fs::remove_dir_all(&target);
    std::fs::rename(&staging, &target).map_err(io("moving the pack into", &target))?;
    let installed = Installed {
        seq,
        created: pack.manifest.created.clone(),
        signer: pack.signer.clone(),
        installed_at: chrono::Local::now().to_rfc3339(),
        previous: live.as_ref().map(|l| l.seq),
    };
    write_current(packs, &installed)?;
    prune(packs, &installed);
    Ok((installed, library))
}

/// Debug builds only: wait before the switch when the tests ask, so a test can kill an
/// install half-way.
fn pause_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(secs) = std::env::var("PATIENT_KIOSK_TEST_PAUSE_BEFORE_SWITCH")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        eprintln!("pausing {secs} s before the switch");
        std::thread::sleep(Duration::from_secs(secs));
    }
}

fn write_current(packs: &Path, installed: &Installed) -> Result<(), PackError> {
    let text = toml::to_string(installed).map_err(|e| PackError::Format(e.to_string()))?;
    let file = packs.join(CURRENT);
    crate::storage::write_atomically(&file, text.as_bytes(), 0o644).map_err(io("writing", &file))
}

fn unpack_and_test(
    staging: &Path,
    pack: &Verified,
    settings: &Settings,
) -> Result<Library, PackError> {
    let mut archive = tar::Archive::new(&pack.tar[..]);
    let entries = archive
        .entries()
        .map_err(|e| PackError::Format(e.to_string()))?;
    let (mut files, mut bytes) = (0_u64, 0_u64);
    for entry in entries {
        let mut entry = entry.map_err(|e| PackError::Format(e.to_string()))?;
        // A signed pack is still bounded: a key can leak, a build can go wrong.
        files += 1;
        bytes = bytes.saturating_add(entry.size());
        if files > MAX_PACK_FILES {
            return Err(PackError::Format(format!(
                "more than {MAX_PACK_FILES} files: a content folder has about 60"
            )));
        }
        if bytes > MAX_UNPACKED_BYTES {
            return Err(PackError::Format(format!(
                "more than {} MB unpacked",
                MAX_UNPACKED_BYTES / (1024 * 1024)
            )));
        }
        let path = entry
            .path()
            .map_err(|e| PackError::Format(e.to_string()))?
            .into_owned();
        let kind = entry.header().entry_type();
        let allowed = path == Path::new(MANIFEST) || path.starts_with("content");
        if !allowed || !(kind.is_file() || kind.is_dir()) {
            return Err(PackError::Format(format!(
                "{} is not content (only {MANIFEST} and regular files under content/)",
                path.display()
            )));
        }
        // `unpack_in` refuses paths that climb out of the folder.
        if !entry
            .unpack_in(staging)
            .map_err(io("unpacking into", staging))?
        {
            return Err(PackError::Format(format!(
                "{} points outside the pack",
                path.display()
            )));
        }
    }
    let dir = staging.join("content");
    // Errors name the file inside the pack ("en/09-cost.toml:2"), not the staging folder.
    let inside = |e: PackError| match e {
        PackError::Content(m) => PackError::Content(m.replace(&format!("{}/", dir.display()), "")),
        other => other,
    };
    let library = load_dir(&dir).map_err(inside)?;
    let broken = content::check_pictures(&library, &DirSource::new(&dir));
    if !broken.is_empty() {
        return Err(PackError::Content(broken.join("; ")));
    }
    test_handout(&library, &dir, settings).map_err(inside)?;
    Ok(library)
}

/// Load a pack's content folder as the kiosk would.
pub fn load_dir(dir: &Path) -> Result<Library, PackError> {
    content::load(&DirSource::new(dir))
        .map_err(|e| PackError::Content(format!("the pack's content has errors: {e}")))
}

/// Make a handout of every topic from the pack, as patients' prints would, so no topic's
/// page fails to print once the pack is live.
fn test_handout(library: &Library, dir: &Path, settings: &Settings) -> Result<(), PackError> {
    let lang = library.fallback_lang().to_owned();
    let req = crate::handout::Request {
        topics: library
            .lang(&lang)
            .topics
            .iter()
            .map(|t| t.id.clone())
            .collect(),
        lang,
        questions: Vec::new(),
        paper: settings.paper,
        date: chrono::Local::now().date_naive(),
    };
    crate::handout::build(library, &DirSource::new(dir), settings, &req)
        .map(|_| ())
        .map_err(|e| PackError::Content(format!("the pack's test handout failed: {e}")))
}

/// Keep the live pack, the one before, and any a running kiosk still shows (it holds a
/// lock on the pack's manifest, [`InUse`]); delete older ones and abandoned staging folders.
fn prune(packs: &Path, live: &Installed) {
    let Ok(entries) = std::fs::read_dir(packs) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let keep = match name.parse::<u64>() {
            Ok(n) => n == live.seq || Some(n) == live.previous || in_use(&entry.path()),
            Err(_) => !name.starts_with(".incoming-"),
        };
        if !keep && entry.path().is_dir() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a running kiosk shows the pack in `dir` (it holds a shared lock on its manifest).
fn in_use(dir: &Path) -> bool {
    let Ok(file) = std::fs::File::open(dir.join(MANIFEST)) else {
        return false;
    };
    matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock))
}

/// A running kiosk's claim on the pack it shows: while this is held, no `update` (another
/// process, a cron job) deletes the pack's folder, so its pictures stay for its handouts.
#[derive(Debug)]
pub struct InUse {
    pub seq: u64,
    _manifest: std::fs::File,
}

impl InUse {
    /// Claim pack `seq` in the packs folder (None when it has no manifest to lock).
    pub fn claim(packs: &Path, seq: u64) -> Option<Self> {
        let file = std::fs::File::open(packs.join(seq.to_string()).join(MANIFEST)).ok()?;
        file.lock_shared().ok()?;
        Some(Self {
            seq,
            _manifest: file,
        })
    }
}

/// Go back to the pack before (the live one failed to load). Returns the pack now live.
pub fn roll_back(packs: &Path) -> Option<Installed> {
    let (live, _) = current(packs)?;
    let previous = live.previous?;
    let dir = packs.join(previous.to_string());
    if !dir.is_dir() {
        return None;
    }
    let back = Installed {
        seq: previous,
        created: String::new(),
        signer: String::new(),
        installed_at: chrono::Local::now().to_rfc3339(),
        previous: None,
    };
    write_current(packs, &back).ok()?;
    Some(back)
}

/// What the last conditional request learnt, to ask "changed since?" next time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct FetchState {
    url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_modified: Option<String>,
}

enum Fetched {
    NotModified,
    New {
        tar: Vec<u8>,
        sig: String,
        state: FetchState,
    },
}

fn is_http(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

fn fetch(url: &str, known: &FetchState) -> Result<Fetched, PackError> {
    let known = if known.url == url {
        known.clone()
    } else {
        FetchState::default()
    };
    if !is_http(url) {
        // A folder or USB stick: a new pack is known by its signature, which changes with
        // every pack, whatever its size or timestamp (a copy keeps both, FAT rounds times).
        let path = Path::new(url);
        let sig_path = PathBuf::from(format!("{url}.minisig"));
        let sig = content::source::read_regular_file(&sig_path, MAX_SIG_BYTES)
            .map_err(|e| PackError::Signature(format!("{}: {e}", sig_path.display())))?;
        let sig = String::from_utf8_lossy(&sig).into_owned();
        let stamp = Some(format!(
            "minisig {}",
            sig.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
        if stamp == known.etag {
            return Ok(Fetched::NotModified);
        }
        let tar = content::source::read_regular_file(path, MAX_PACK_BYTES)
            .map_err(|e| PackError::Format(format!("{}: {e}", path.display())))?;
        return Ok(Fetched::New {
            tar,
            sig,
            state: FetchState {
                url: url.to_owned(),
                etag: stamp,
                last_modified: None,
            },
        });
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent.get(url);
    if let Some(etag) = &known.etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(modified) = &known.last_modified {
        request = request.header("If-Modified-Since", modified);
    }
    let mut response = request
        .call()
        .map_err(|e| PackError::Network(format!("{url}: {e}")))?;
    match response.status().as_u16() {
        304 => return Ok(Fetched::NotModified),
        200 => {}
        code => {
            return Err(PackError::Network(format!(
                "{url}: the server answered {code}"
            )));
        }
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let state = FetchState {
        url: url.to_owned(),
        etag: header("etag"),
        last_modified: header("last-modified"),
    };
    let tar = response
        .body_mut()
        .with_config()
        .limit(MAX_PACK_BYTES)
        .read_to_vec()
        .map_err(|e| PackError::Network(format!("{url}: {e}")))?;
    let sig_url = format!("{url}.minisig");
    let mut sig_response = agent
        .get(&sig_url)
        .call()
        .map_err(|e| PackError::Network(format!("{sig_url}: {e}")))?;
    if sig_response.status().as_u16() != 200 {
        return Err(PackError::Signature(format!(
            "{sig_url}: the server answered {}",
            sig_response.status().as_u16()
        )));
    }
    let sig = sig_response
        .body_mut()
        .with_config()
        .limit(MAX_SIG_BYTES)
        .read_to_string()
        .map_err(|e| PackError::Network(format!("{sig_url}: {e}")))?;
    Ok(Fetched::New { tar, sig, state })
}

/// What an update did.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A newer pack is live, with its content as loaded and checked while installing.
    Installed(Installed, std::sync::Arc<Library>),
    /// Nothing new: the pack at the URL is the live one (or unchanged since last time).
    Current(Option<u64>),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Installed(i, _) => write!(
                f,
                "installed content pack {} (signed by {})",
                i.seq, i.signer
            ),
            Outcome::Current(Some(seq)) => write!(f, "already current: content pack {seq}"),
            Outcome::Current(None) => write!(f, "already current: no pack is offered"),
        }
    }
}

/// Pull once from `pack_url`: fetch (a conditional request), verify, install. The result,
/// good or bad, is kept in the packs folder for the staff menu and the metrics.
pub fn update(settings: &Settings, packs: &Path) -> Result<Outcome, PackError> {
    let result = update_inner(settings, packs);
    let previous = read_last(packs);
    let ok = result.is_ok();
    let last = LastUpdate {
        at: now_secs(),
        ok,
        message: bounded(&match &result {
            Ok(o) => o.to_string(),
            Err(e) => e.to_string(),
        }),
        last_ok: if ok {
            now_secs()
        } else {
            previous.map_or(0, |p| p.last_ok)
        },
    };
    if let Ok(text) = toml::to_string(&last) {
        let _ = std::fs::create_dir_all(packs);
        let _ = crate::storage::write_atomically(&packs.join(LAST_UPDATE), text.as_bytes(), 0o644);
    }
    result
}

/// A message cut to [`MAX_MESSAGE_CHARS`] (a hostile pack's error must not fill the disk
/// or the staff menu).
fn bounded(message: &str) -> String {
    if message.chars().count() <= MAX_MESSAGE_CHARS {
        return message.to_owned();
    }
    let cut: String = message.chars().take(MAX_MESSAGE_CHARS).collect();
    format!("{cut}... (cut)")
}

/// The last update check, if any.
pub fn read_last(packs: &Path) -> Option<LastUpdate> {
    let text = std::fs::read_to_string(packs.join(LAST_UPDATE)).ok()?;
    toml::from_str(&text).ok()
}

fn update_inner(settings: &Settings, packs: &Path) -> Result<Outcome, PackError> {
    let url = settings.pack_url.trim();
    if url.is_empty() {
        return Err(PackError::Settings("pack_url is not set".into()));
    }
    // The keys are checked before anything is downloaded.
    public_keys(&settings.pack_public_key)?;
    let known: FetchState = std::fs::read_to_string(packs.join(FETCH_STATE))
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default();
    let live = current(packs).map(|(i, _)| i.seq);
    let (tar, sig, state) = match fetch(url, &known)? {
        Fetched::NotModified => return Ok(Outcome::Current(live)),
        Fetched::New { tar, sig, state } => (tar, sig, state),
    };
    let pack = verify(tar, &sig, &settings.pack_public_key)?;
    let outcome = if Some(pack.manifest.seq) == live {
        Outcome::Current(live)
    } else {
        let (installed, library) = install(packs, &pack, settings)?;
        Outcome::Installed(installed, std::sync::Arc::new(library))
    };
    // Remembered only once the pack is verified and live, so a bad download is tried again.
    if let Ok(text) = toml::to_string(&state) {
        let _ = crate::storage::write_atomically(&packs.join(FETCH_STATE), text.as_bytes(), 0o644);
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_number_is_read_from_the_trusted_comment() {
        assert_eq!(trusted_seq("seq=12"), Some(12));
        assert_eq!(trusted_seq("timestamp:1 seq=3 file:x.tar"), Some(3));
        assert_eq!(trusted_seq("timestamp:1 file:x.tar"), None);
        assert_eq!(trusted_seq("seq=abc"), None);
    }

    #[test]
    fn a_public_key_is_taken_from_its_line_or_the_whole_pub_file() {
        let line = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3";
        assert_eq!(public_keys(line).unwrap().len(), 1);
        let file = format!("untrusted comment: minisign public key 1\n{line}\n");
        assert_eq!(public_keys(&file).unwrap().len(), 1);
        assert!(matches!(public_keys(""), Err(PackError::Settings(_))));
        assert!(matches!(
            public_keys("not a key"),
            Err(PackError::Settings(_))
        ));
        // Two keys at once (a rotation): both trusted, each with its id.
        let keys = public_keys(&format!("{line}\n{line}\n")).unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].0.len(), 16, "{}", keys[0].0);
    }

    #[test]
    fn the_signers_words_come_from_the_trusted_comment_only() {
        assert_eq!(
            trusted_note("seq=12 approved by Dr Lee"),
            "approved by Dr Lee"
        );
        assert_eq!(trusted_note("seq=3"), "");
    }
}
