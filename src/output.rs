//! The one way `plan` writes an output: `compile -o`, `fmt`, and every command that writes a
//! file after them (import, render, ledger, report) go through here.
//!
//! ```no_run
//! use plan::output::{self, WriteOptions};
//! # fn main() -> Result<(), plan::output::OutputError> {
//! let options = WriteOptions { inputs: vec!["plan.plan".into()], ..WriteOptions::default() };
//! output::write("out.json".as_ref(), b"{}", &options)?; // `-` would be standard output
//! # Ok(()) }
//! ```
//!
//! For many files, make one [`Writer`] and call [`Writer::write`] for each: it looks for
//! left-over temporary files once per folder, not once per file.
//!
//! What it guarantees, and why each matters (issue 16):
//! - `-` is standard output; nothing else is ever opened for writing except a fresh
//!   temporary file.
//! - Only a regular file is replaced. A directory, FIFO, socket or device (`/dev/null`) is
//!   refused: replacing `/dev/null` with a file, as root, breaks the machine.
//! - A symbolic link is followed: the file it points to is replaced and the link is kept
//!   (`fmt` on a linked `.plan` formats its target). A link to nothing is refused.
//! - An input of the command (`compile x.plan -o x.plan`) is refused, by file identity,
//!   so another spelling of the same path is caught too.
//! - A read-only file, and a file with other hard links (replacing it would split them),
//!   are refused unless [`WriteOptions::force`]; forced, a hard-linked file is rewritten in
//!   place so that every link sees the new text.
//! - The new file keeps the mode (and, when allowed, the owner) of the one it replaces; a
//!   new file gets the umask's mode, as any editor would create it.
//! - Bytes go to a temporary file beside the target, named `.NAME.plan-tmp-XXXXXX`, which is
//!   synced and renamed over the target: readers see the old file or the new one. The
//!   temporary file is removed on every error path; one left by a killed run is removed
//!   the next time `plan` writes in that folder (or reported, while it may still be in use).

use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// What makes a temporary file ours: `.NAME` + this + six random characters.
pub const TEMP_MARK: &str = ".plan-tmp-";

/// A temporary file older than this is from a run that died (a write takes well under a
/// second); a younger one may belong to a run still going, so it is only reported.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// How a write may proceed.
#[derive(Clone, Debug, Default)]
pub struct WriteOptions {
    /// Replace a read-only file, and rewrite a hard-linked file in place (`--force`).
    pub force: bool,
    /// The files the command read: the output may not be one of them.
    pub inputs: Vec<PathBuf>,
}

/// Why a target was refused: nothing was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a regular file: what it is.
    NotRegular(FileKind),
    /// A symbolic link to a file that does not exist.
    DanglingLink,
    /// The same file as one of the command's inputs.
    IsInput(PathBuf),
    /// No write permission in its mode (`--force` replaces it).
    ReadOnly,
    /// It has this many hard links (`--force` rewrites it in place).
    HardLinks(u64),
}

/// The kinds of file that are not regular files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    Other,
}

/// A write that did not happen.
#[derive(Debug)]
pub enum OutputError {
    Refused(Refusal),
    Io(std::io::Error),
}

impl std::fmt::Display for OutputError {
    /// English, for logs and tests; the command line words it with [`crate::i18n`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Refused(r) => {
                write!(
                    f,
                    "{}",
                    crate::i18n::Lang::En.say(&crate::i18n::Msg::OutputRefused(r.clone()))
                )
            }
            OutputError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for OutputError {}

impl From<std::io::Error> for OutputError {
    fn from(e: std::io::Error) -> Self {
        OutputError::Io(e)
    }
}

/// A temporary file found beside a target, left by an earlier run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Leftover {
    /// Older than [`STALE_AFTER`]: removed.
    Removed(PathBuf),
    /// Recent (another run may be writing it) or not removable: left in place.
    Kept(PathBuf),
}

/// Writes outputs; remembers the folders it has already swept for left-over temporary files.
#[derive(Debug, Default)]
pub struct Writer {
    options: WriteOptions,
    swept: HashSet<PathBuf>,
    leftovers: Vec<Leftover>,
}

/// Write `bytes` to `path` (`-`: standard output) with one [`Writer`]; left-over temporary
/// files it found are dropped — use a [`Writer`] to report them.
pub fn write(path: &Path, bytes: &[u8], options: &WriteOptions) -> Result<(), OutputError> {
    Writer::new(options.clone()).write(path, bytes)
}

impl Writer {
    pub fn new(options: WriteOptions) -> Writer {
        Writer {
            options,
            ..Writer::default()
        }
    }

    /// Temporary files of killed runs found so far (each once), for the caller to report.
    pub fn take_leftovers(&mut self) -> Vec<Leftover> {
        std::mem::take(&mut self.leftovers)
    }

    /// Write `bytes` to `path`, or to standard output when `path` is `-`.
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        if path.as_os_str() == "-" {
            return to_stdout(bytes);
        }
        let target = self.resolve(path)?;
        let dir = parent(&target);
        self.sweep(&dir);
        match &target.existing {
            Some(meta) if links(meta) > 1 => in_place(&target.path, bytes),
            _ => replace(&target, &dir, bytes),
        }
    }

    /// Follow links to the file that will really be replaced, and check it may be.
    fn resolve(&self, path: &Path) -> Result<Target, OutputError> {
        // What the path leads to, links followed: `/dev/stdout` on a pipe is a FIFO even
        // though the pipe has no path that could be canonicalized.
        let existing = match std::fs::metadata(path) {
            Ok(m) => Some(m),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if std::fs::symlink_metadata(path).is_ok() {
                    return Err(OutputError::Refused(Refusal::DanglingLink));
                }
                None
            }
            Err(e) => return Err(e.into()),
        };
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let real = if is_link && existing.as_ref().is_some_and(|m| m.file_type().is_file()) {
            std::fs::canonicalize(path)?
        } else {
            path.to_path_buf()
        };
        if let Some(meta) = &existing {
            if !meta.file_type().is_file() {
                return Err(OutputError::Refused(Refusal::NotRegular(file_kind(meta))));
            }
            for input in &self.options.inputs {
                if let Ok(input_meta) = std::fs::metadata(input) {
                    if same_file(meta, &input_meta, &real, input) {
                        return Err(OutputError::Refused(Refusal::IsInput(input.clone())));
                    }
                }
            }
            if !self.options.force {
                if meta.permissions().readonly() {
                    return Err(OutputError::Refused(Refusal::ReadOnly));
                }
                if links(meta) > 1 {
                    return Err(OutputError::Refused(Refusal::HardLinks(links(meta))));
                }
            }
        }
        Ok(Target {
            path: real,
            existing,
        })
    }

    /// Remove (or note) temporary files of killed runs in `dir`, once per folder.
    fn sweep(&mut self, dir: &Path) {
        if !self.swept.insert(dir.to_path_buf()) {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let now = SystemTime::now();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with('.') && name.contains(TEMP_MARK)) {
                continue;
            }
            // A link or folder with that name is not one of ours: never touch it.
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.file_type().is_file() {
                continue;
            }
            let age = meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .unwrap_or_default();
            let path = entry.path();
            if age >= STALE_AFTER && std::fs::remove_file(&path).is_ok() {
                self.leftovers.push(Leftover::Removed(path));
            } else {
                self.leftovers.push(Leftover::Kept(path));
            }
        }
    }
}

/// The file to replace (links followed) and what is there now.
struct Target {
    path: PathBuf,
    existing: Option<Metadata>,
}

fn to_stdout(bytes: &[u8]) -> Result<(), OutputError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        // A closed pipe (`plan compile … | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(OutputError::Io),
    }
}

/// Write beside the target and rename over it. The temporary file is deleted when it is
/// dropped, so every `?` below leaves nothing behind.
fn replace(target: &Target, dir: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let name = target
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{name}{TEMP_MARK}");
    builder.prefix(&prefix).rand_bytes(6);
    #[cfg(unix)]
    let new_mode = {
        use std::os::unix::fs::PermissionsExt;
        // Created 0666 minus the umask, as `open(2)` creates any file; tempfile's 0600 made
        // every output private.
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(new_mode);
    let mut tmp = builder.tempfile_in(dir)?;
    if let Some(meta) = &target.existing {
        keep_mode_and_owner(tmp.as_file(), meta)?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target.path)
        .map_err(|e| OutputError::Io(e.error))?;
    Ok(())
}

/// Rewrite a hard-linked file's contents where it is, so that every link sees them
/// (`--force` only: a crash midway leaves it half-written, which a rename never does).
fn in_place(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

#[cfg(unix)]
fn keep_mode_and_owner(file: &File, meta: &Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    file.set_permissions(meta.permissions())?;
    // Only root may give a file away; for anyone else the file is theirs anyway, so a
    // refusal here changes nothing worth failing for.
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
    Ok(())
}

#[cfg(not(unix))]
fn keep_mode_and_owner(file: &File, meta: &Metadata) -> std::io::Result<()> {
    file.set_permissions(meta.permissions())
}

fn parent(target: &Target) -> PathBuf {
    match target.path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(unix)]
fn links(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_: &Metadata) -> u64 {
    1
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata, _: &Path, _: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata, a: &Path, b: &Path) -> bool {
    std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok()
}

/// What kind of file a (not regular) file is.
pub fn file_kind(meta: &Metadata) -> FileKind {
    let t = meta.file_type();
    if t.is_dir() {
        return FileKind::Directory;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return FileKind::Fifo;
        }
        if t.is_socket() {
            return FileKind::Socket;
        }
        if t.is_char_device() {
            return FileKind::CharDevice;
        }
        if t.is_block_device() {
            return FileKind::BlockDevice;
        }
    }
    FileKind::Other
}
