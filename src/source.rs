//! A source file as the checker sees it: its path as the user wrote it, its text (UTF-8,
//! without BOM), and the line index every position conversion goes through.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::text::{strip_bom, LineIndex};

/// The name standard input has in reports.
pub const STDIN: &str = "<stdin>";

/// One loaded `.plan` file.
#[derive(Debug)]
pub struct Source {
    /// The path as given or found by walking (`plans/anju-2025.plan`), used in every report.
    pub path: PathBuf,
    /// The text, with a leading BOM removed (positions count from after it).
    pub text: String,
    /// Built on first use ([`Source::lines`]): a file without findings never converts a
    /// position, and the index cost 2% of checking such files (issue 15).
    lines: OnceLock<LineIndex>,
}

/// The largest file `plan` reads (64 MiB): the biggest real plan is a few hundred KB, and
/// a bound keeps `use "/dev/zero"`-like mistakes from eating the machine.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum LoadError {
    Io(std::io::Error),
    IsDirectory,
    /// Not UTF-8; the byte offset of the first bad byte.
    NotUtf8(usize),
    /// Refused before reading: not a plan file at all (issue 11).
    Unreadable(Unreadable),
}

/// A path that is not read at all, because reading it could hang (a FIFO, a terminal),
/// never end (`/dev/zero`, `/dev/urandom`) or is not a file of the user's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// A FIFO, socket or device.
    NotRegular(crate::output::FileKind),
    /// Symbolic links that lead back to themselves.
    SymlinkLoop,
    /// Under `/proc` or `/sys`: the kernel's files, which report no true size.
    SystemFile,
    /// Larger than the limit (in bytes).
    TooLarge(u64),
}

impl Source {
    /// A source from text in memory (an editor buffer, a test).
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Arc<Source> {
        let mut text: String = text.into();
        // Removed in place: a copy of a large file touched as many fresh pages again.
        let bom = strip_bom(&text).1;
        text.drain(..bom);
        Arc::new(Source {
            path: path.into(),
            text,
            lines: OnceLock::new(),
        })
    }

    /// The line index every position conversion goes through.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Read a file from disk. Not UTF-8, directories, and anything that is not a regular
    /// file of at most [`MAX_FILE_BYTES`] are errors, checked before reading; never panics.
    pub fn load(path: &Path) -> Result<Arc<Source>, LoadError> {
        let bytes = read_bounded(path)?;
        Ok(Source::new(path, utf8(bytes)?))
    }

    /// Read standard input (`-` on the command line), with the same bound as a file; it is
    /// named `<stdin>` in reports.
    pub fn from_stdin() -> Result<Arc<Source>, LoadError> {
        use std::io::Read;
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(LoadError::Io)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(LoadError::Unreadable(Unreadable::TooLarge(MAX_FILE_BYTES)));
        }
        Ok(Source::new(STDIN, utf8(bytes)?))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        self.lines().line_col(&self.text, byte)
    }

    /// The path for display, with `/` separators on every platform.
    pub fn display_path(&self) -> String {
        self.path.to_string_lossy().replace('\\', "/")
    }
}

/// The text of bytes read, or where they stop being UTF-8. Validated with SIMD: the
/// standard library's check took 6 instructions a byte of Chinese text (2.6% of checking a
/// dense plan). The bytes become the text in place: a copy touched as much fresh memory
/// again as the file, and on this project's machines a page the process touches first costs
/// more than reading it (one 30 MB plan: 30 MB more, issue 15).
fn utf8(bytes: Vec<u8>) -> Result<String, LoadError> {
    match simdutf8::compat::from_utf8(&bytes) {
        // SAFETY: `from_utf8` has just checked that all of `bytes` is UTF-8, which is
        // everything `from_utf8_unchecked` requires; nothing changes them in between.
        Ok(_) => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
        Err(e) => Err(LoadError::NotUtf8(e.valid_up_to())),
    }
}

/// The bytes of a regular file, checked from its metadata before it is opened (opening a
/// FIFO blocks) and again on the open handle, and read with a bound (a file may grow).
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(loop_or_io)?;
    check_kind(&meta)?;
    if let Ok(real) = std::fs::canonicalize(path) {
        if real.starts_with("/proc") || real.starts_with("/sys") {
            return Err(LoadError::Unreadable(Unreadable::SystemFile));
        }
    }
    let file = std::fs::File::open(path).map_err(loop_or_io)?;
    let meta = file.metadata().map_err(LoadError::Io)?;
    check_kind(&meta)?;
    #[cfg(unix)]
    if (PARALLEL_READ_BYTES..=MAX_FILE_BYTES).contains(&meta.len()) {
        if let Some(bytes) = read_halves(&file, meta.len()) {
            return Ok(bytes);
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(LoadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::Unreadable(Unreadable::TooLarge(MAX_FILE_BYTES)));
    }
    Ok(bytes)
}

/// From this size on, a file is read in two halves side by side ([`read_halves`]).
#[cfg(unix)]
const PARALLEL_READ_BYTES: u64 = 4 * 1024 * 1024;

/// A large file read in two halves side by side, when a second thread is free. Most of the
/// time of reading a file that is in the page cache goes to the kernel clearing the fresh
/// pages it is read into; on this project's machines that was up to a quarter of checking
/// one 30 MB plan, on one core while the other waited (issue 15). `None` when the file is
/// not the size its metadata said (it is being written): it is then read as any other.
#[cfg(unix)]
fn read_halves(file: &std::fs::File, len: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let size = usize::try_from(len).ok()?;
    // Zeroed by the allocator's fresh pages, not by a pass over them: the pages are first
    // touched by the reads, each half on its own thread.
    let mut bytes = vec![0u8; size];
    let (first, second) = bytes.split_at_mut(size / 2);
    let (a, b) = rayon::join(
        || file.read_exact_at(first, 0),
        || file.read_exact_at(second, len / 2),
    );
    a.ok()?;
    b.ok()?;
    // One byte more than the metadata said: the file grew while it was read.
    let mut more = [0u8; 1];
    (file.read_at(&mut more, len).ok()? == 0).then_some(bytes)
}

fn check_kind(meta: &std::fs::Metadata) -> Result<(), LoadError> {
    if meta.is_dir() {
        return Err(LoadError::IsDirectory);
    }
    if !meta.is_file() {
        let kind = crate::output::file_kind(meta);
        return Err(LoadError::Unreadable(Unreadable::NotRegular(kind)));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::Unreadable(Unreadable::TooLarge(MAX_FILE_BYTES)));
    }
    Ok(())
}

/// `ELOOP` (too many levels of symbolic links) is its own finding; std has no stable
/// `ErrorKind` for it, so it is recognised by its number.
fn loop_or_io(e: std::io::Error) -> LoadError {
    #[cfg(target_os = "linux")]
    const ELOOP: i32 = 40;
    #[cfg(not(target_os = "linux"))]
    const ELOOP: i32 = 62;
    if e.raw_os_error() == Some(ELOOP) {
        LoadError::Unreadable(Unreadable::SymlinkLoop)
    } else {
        LoadError::Io(e)
    }
}
