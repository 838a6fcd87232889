//! Source files: bytes read from disk or stdin, turned into text once, and
//! the line/column arithmetic that diagnostics need.
//!
//! A file's text has its BOM removed and every invalid UTF-8 sequence
//! replaced by U+FFFD; the places of those replacements are kept so the
//! parser can report them. Nothing here parses the journal format.

use std::borrow::Cow;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Index of a file in [`Sources`].
pub type FileId = u32;

/// A byte range in a file's text, `start..end`. Kept as `u32` pairs so that
/// per-entry data stays small; files over 4 GiB are refused when read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The span as a `usize` range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

/// The largest size a span can address (spans are `u32` byte offsets);
/// [`MAX_READ`] stays below it.
pub const MAX_FILE_SIZE: usize = u32::MAX as usize - 1;

/// One file's text and where it came from.
pub struct SourceFile {
    /// The path as the user reached it (`-` for stdin).
    pub name: String,
    /// The canonical path, used to read each file once; `None` for stdin.
    pub canonical: Option<PathBuf>,
    /// The text, BOM removed, invalid UTF-8 replaced by U+FFFD; read again
    /// from `canonical` when it was released.
    text: OnceLock<String>,
    /// Whether the file started with a byte-order mark.
    pub bom: bool,
    /// Byte ranges (in `text`) of the replacement characters that stand for
    /// invalid UTF-8 sequences, in order.
    pub invalid_utf8: Vec<Span>,
    line_starts: OnceLock<Vec<u32>>,
}

impl SourceFile {
    /// Builds a source file from raw bytes.
    pub fn from_bytes(name: String, canonical: Option<PathBuf>, bytes: Vec<u8>) -> SourceFile {
        let (bom, text, invalid_utf8) = decode(bytes);
        SourceFile {
            name,
            canonical,
            text: OnceLock::from(text),
            bom,
            invalid_utf8,
            line_starts: OnceLock::new(),
        }
    }

    /// The text. A released text is read again from the file; if the file
    /// can no longer be read, the text is empty (spans then show nothing).
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let bytes = self
                .canonical
                .as_deref()
                .and_then(|path| read_bytes(path).ok());
            bytes.map(|bytes| decode(bytes).1).unwrap_or_default()
        })
    }

    /// Lets go of the text to save memory; [`SourceFile::text`] reads it
    /// again when asked. Text from standard input is kept.
    pub fn release_text(&mut self) {
        if self.canonical.is_some() {
            self.text = OnceLock::new();
            self.line_starts = OnceLock::new();
        }
    }

    /// Builds a source file from text (tests, built-in taxonomies).
    pub fn from_text(name: &str, text: &str) -> SourceFile {
        SourceFile::from_bytes(name.to_string(), None, text.as_bytes().to_vec())
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0u32];
            starts.extend(memchr::memchr_iter(b'\n', self.text().as_bytes()).map(|i| i as u32 + 1));
            starts
        })
    }

    /// The 0-based line index holding byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        let starts = self.line_starts();
        match starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// 1-based line and column (in characters; the BOM is not counted) of
    /// byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text().len());
        let line = self.line_index(offset);
        let start = self.line_starts()[line] as usize;
        let column = self.text()[start..floor_char(self.text(), offset)]
            .chars()
            .count()
            + 1;
        (line + 1, column)
    }

    /// The byte range of the line holding `offset`, without its line ending.
    pub fn line_range(&self, offset: usize) -> Range<usize> {
        let starts = self.line_starts();
        let line = self.line_index(offset);
        let start = starts[line] as usize;
        let mut end = starts
            .get(line + 1)
            .map_or(self.text().len(), |&next| next as usize - 1);
        if self.text().as_bytes()[start..end].ends_with(b"\r") {
            end -= 1;
        }
        start..end
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text().get(span.range()).unwrap_or("")
    }

    /// A miette source for this file that reads spans through the line
    /// index, so rendering many diagnostics stays linear in the file size.
    pub fn miette_source(&self) -> IndexedSource<'_> {
        IndexedSource {
            file: self,
            excerpts: Default::default(),
            used: Default::default(),
        }
    }
}

/// Whether a character could change how a terminal shows what follows it,
/// or hides in it: control characters, bidirectional marks, line and
/// paragraph separators, and invisible format characters (zero-width
/// spaces and joiners, the word joiner, a BOM inside the text).
pub fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// A visible character with the same UTF-8 length as `c`.
fn stand_in(c: char) -> &'static str {
    match c.len_utf8() {
        1 => "?",
        2 => "\u{00BF}",
        _ => "\u{FFFD}",
    }
}

/// Text with control characters and bidirectional marks written as
/// `\u{…}` escapes, for messages that quote what the user wrote.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if needs_escape(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Excerpts longer than this many bytes are cut to a window around the span.
const LONG_EXCERPT: usize = 4096;

/// Bytes shown on each side of a span in a cut excerpt.
const WINDOW: usize = 80;

/// Rounds `offset` up to a character boundary.
fn ceil_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Splits off a BOM and turns bytes into text, replacing invalid UTF-8
/// (whose places are returned).
fn decode(mut bytes: Vec<u8>) -> (bool, String, Vec<Span>) {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    if bom {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (bom, text, Vec::new()),
        Err(err) => {
            let (text, invalid) = lossy_with_positions(err.as_bytes());
            (bom, text, invalid)
        }
    }
}

/// Reads a file's bytes, refusing files too large for `u32` spans.
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let metadata = file.metadata()?;
    if metadata.is_dir() {
        return Err(std::io::Error::other("is a directory"));
    }
    if is_device(&metadata) {
        return Err(std::io::Error::other("is a device, not a journal file"));
    }
    // Refused before reading: a sparse 5 GB file costs nothing.
    if metadata.len() > MAX_READ {
        return Err(std::io::Error::other(TOO_LARGE));
    }
    let size = metadata.len() as usize;
    if let Some(bytes) = read_in_halves(&file, &metadata, size) {
        return Ok(bytes);
    }
    let mut bytes = Vec::with_capacity(size + 1);
    file.by_ref().take(MAX_READ + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_READ {
        return Err(std::io::Error::other(TOO_LARGE));
    }
    Ok(bytes)
}

/// The largest file (or stream) secl reads: 1 GiB, some 20 million entries.
pub const MAX_READ: u64 = 1 << 30;

/// Why a file over [`MAX_READ`] is refused.
pub const TOO_LARGE: &str =
    "is larger than 1 GiB, the most secl reads in one file; split it with include";

/// Whether a file is a character or block device (`/dev/zero`): never a
/// journal, and endless to read.
#[cfg(unix)]
fn is_device(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    metadata.file_type().is_char_device() || metadata.file_type().is_block_device()
}

#[cfg(not(unix))]
fn is_device(_: &std::fs::Metadata) -> bool {
    false
}

/// Files at least this large are read by two threads at once: filling
/// fresh memory costs a page fault every 4 KiB, and two cores take them
/// about twice as fast (measured in `docs/benchmarks.md`).
const PARALLEL_READ: usize = 2 << 20;

/// Reads a large regular file as two halves in parallel; `None` (read it
/// the plain way) when it is small, not a regular file, or changed size.
#[cfg(unix)]
fn read_in_halves(
    file: &std::fs::File,
    metadata: &std::fs::Metadata,
    size: usize,
) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    if size < PARALLEL_READ || !metadata.is_file() {
        return None;
    }
    let mut bytes = vec![0u8; size];
    let (first, second) = bytes.split_at_mut(size / 2);
    let (a, b) = rayon::join(
        || file.read_exact_at(first, 0),
        || file.read_exact_at(second, (size / 2) as u64),
    );
    a.ok()?;
    b.ok()?;
    // A file that grew while being read is read again, whole.
    let mut probe = [0u8; 1];
    matches!(file.read_at(&mut probe, size as u64), Ok(0)).then_some(bytes)
}

#[cfg(not(unix))]
fn read_in_halves(_: &std::fs::File, _: &std::fs::Metadata, _: usize) -> Option<Vec<u8>> {
    None
}

/// Rounds `offset` down to a character boundary.
pub(crate) fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `String::from_utf8_lossy`, also returning where each replacement landed.
fn lossy_with_positions(mut bytes: &[u8]) -> (String, Vec<Span>) {
    let mut text = String::with_capacity(bytes.len());
    let mut invalid = Vec::new();
    loop {
        match std::str::from_utf8(bytes) {
            Ok(rest) => {
                text.push_str(rest);
                return (text, invalid);
            }
            Err(err) => {
                let valid = err.valid_up_to();
                // SAFETY-free: `valid` bytes were just checked.
                text.push_str(std::str::from_utf8(&bytes[..valid]).unwrap_or_default());
                let start = text.len();
                text.push(char::REPLACEMENT_CHARACTER);
                invalid.push(Span::new(start, text.len()));
                let skip = err.error_len().unwrap_or(bytes.len() - valid);
                bytes = &bytes[valid + skip..];
            }
        }
    }
}

/// A [`SourceCode`] over a [`SourceFile`] that finds context lines with the
/// file's line index instead of scanning from the start.
pub struct IndexedSource<'a> {
    file: &'a SourceFile,
    /// Sanitised copies of the excerpts handed to miette (it asks for a
    /// few per diagnostic); each lives as long as the source.
    excerpts: [OnceLock<String>; EXCERPTS],
    used: std::sync::atomic::AtomicUsize,
}

/// How many excerpts one diagnostic's rendering may ask for.
const EXCERPTS: usize = 16;

impl<'a> IndexedSource<'a> {
    /// `text[range]` with control characters and bidirectional marks
    /// replaced by visible characters of the same UTF-8 length (so that
    /// every span still points at the same bytes), kept for `'a`-long use.
    fn safe(&self, range: Range<usize>) -> Option<&[u8]> {
        let whole = self.file.text();
        let start = range.start;
        let text = &whole[range];
        // Line endings stay: `\n`, and `\r` before it. A bare `\r` would
        // send the terminal's cursor back over the line.
        let kept = |at: usize, c: char| {
            c == '\n' || (c == '\r' && whole[start + at + 1..].starts_with('\n'))
        };
        if !text
            .char_indices()
            .any(|(at, c)| needs_escape(c) && !kept(at, c))
        {
            return Some(text.as_bytes());
        }
        let slot = self
            .excerpts
            .get(self.used.fetch_add(1, std::sync::atomic::Ordering::Relaxed))?;
        let safe = text
            .char_indices()
            .map(|(at, c)| match c {
                c if kept(at, c) => c.to_string(),
                c if needs_escape(c) => stand_in(c).to_string(),
                c => c.to_string(),
            })
            .collect();
        Some(slot.get_or_init(|| safe).as_bytes())
    }
}

impl std::fmt::Debug for IndexedSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedSource")
            .field("name", &self.file.name)
            .finish()
    }
}

impl SourceCode for IndexedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.file.text();
        let starts = self.file.line_starts();
        if span.offset() + span.len() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self.file.line_index(span.offset());
        let end_offset = (span.offset() + span.len())
            .saturating_sub(1)
            .max(span.offset());
        let last_line = self.file.line_index(end_offset.min(text.len()));
        let from_line = first_line.saturating_sub(context_lines_before);
        let to_line = (last_line + context_lines_after).min(starts.len() - 1);
        // With no context, miette wants the span itself and its column (it
        // uses that read for the `file:line:column` header).
        if context_lines_before == 0 && context_lines_after == 0 {
            let (_, column) = self.file.line_col(span.offset());
            let end = ceil_char(
                text,
                (span.offset() + span.len()).min(span.offset() + LONG_EXCERPT),
            );
            return Ok(Box::new(MietteSpanContents::new_named(
                escape(&self.file.name).into_owned(),
                self.safe(span.offset()..end)
                    .ok_or(MietteError::OutOfBounds)?,
                (span.offset(), end - span.offset()).into(),
                first_line,
                column - 1,
                1,
            )));
        }
        let (from, column) = (starts[from_line] as usize, 0);
        let to = starts
            .get(to_line + 1)
            .map_or(text.len(), |&next| next as usize);
        if to - from > LONG_EXCERPT {
            // A very long line: show a window around the span on its line.
            let line = self.file.line_range(span.offset());
            let from = floor_char(text, span.offset().saturating_sub(WINDOW).max(line.start));
            let to = ceil_char(text, (span.offset() + span.len() + WINDOW).min(line.end));
            let column = text[line.start..from].chars().count();
            return Ok(Box::new(MietteSpanContents::new_named(
                escape(&self.file.name).into_owned(),
                self.safe(from..to).ok_or(MietteError::OutOfBounds)?,
                (from, to - from).into(),
                first_line,
                column,
                1,
            )));
        }
        let data = self.safe(from..to).ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            escape(&self.file.name).into_owned(),
            data,
            (from, to - from).into(),
            from_line,
            column,
            to_line - from_line + 1,
        )))
    }
}

/// Every file read for one journal, taxonomy files included.
#[derive(Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        (self.files.len() - 1) as FileId
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id as usize]
    }

    /// Changes the name a file is shown by.
    pub fn rename(&mut self, id: FileId, name: String) {
        self.files[id as usize].name = name;
    }

    /// The number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was read.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_not_counted_in_columns() {
        let file = SourceFile::from_bytes("a".into(), None, b"\xEF\xBB\xBFab\ncd".to_vec());
        assert!(file.bom);
        assert_eq!(file.text(), "ab\ncd");
        assert_eq!(file.line_col(1), (1, 2));
        assert_eq!(file.line_col(4), (2, 2));
    }

    #[test]
    fn invalid_utf8_is_replaced_and_located() {
        let file = SourceFile::from_bytes("a".into(), None, b"ok\nx\xFFy\xC3".to_vec());
        assert_eq!(file.text(), "ok\nx\u{FFFD}y\u{FFFD}");
        assert_eq!(file.invalid_utf8.len(), 2);
        assert_eq!(file.line_col(file.invalid_utf8[0].start as usize), (2, 2));
        assert_eq!(file.line_col(file.invalid_utf8[1].start as usize), (2, 4));
    }

    #[test]
    fn columns_count_characters() {
        let file = SourceFile::from_text("a", "é€x");
        assert_eq!(file.line_col("é€".len()), (1, 3));
    }

    #[test]
    fn excerpts_are_shown_safely_at_the_same_offsets() {
        let file = SourceFile::from_text("a", "a\u{1b}[31mb\u{202E}c\u{85}d\n");
        let source = file.miette_source();
        let contents = source.read_span(&(0, 1).into(), 1, 1).unwrap();
        assert_eq!(contents.data(), "a?[31mb\u{FFFD}c\u{BF}d\n".as_bytes());
        assert_eq!(escape("x\u{1b}y\u{202E}"), "x\\u{1b}y\\u{202e}");
    }

    #[test]
    fn line_range_drops_crlf() {
        let file = SourceFile::from_text("a", "one\r\ntwo\r\n");
        assert_eq!(file.line_range(0), 0..3);
        assert_eq!(file.line_range(6), 5..8);
        assert_eq!(file.line_col(5), (2, 1));
    }
}
