//! Positions: byte offsets in a text ↔ LSP line/character pairs, in the
//! encoding negotiated at `initialize` (UTF-16 code units unless the client
//! offers UTF-8, LSP 3.17 `general.positionEncodings`).

use lsp_types::{InitializeParams, Position, PositionEncodingKind, Range};

use crate::source::Span;

/// How a position's `character` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the protocol's default).
    Utf16,
}

impl Encoding {
    /// The first encoding the client offers that secl speaks, else UTF-16.
    pub fn negotiate(params: &InitializeParams) -> Encoding {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_deref())
            .unwrap_or_default();
        offered
            .iter()
            .find_map(|kind| match kind.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    /// The protocol's name for it.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// The line starts of one text, for converting positions.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
    /// Units before the text on its first line: a byte-order mark the
    /// text was read without, which the client's buffer still holds.
    first_line_shift: usize,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str, encoding: Encoding) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            starts,
            encoding,
            first_line_shift: 0,
        }
    }

    /// Indexes a journal file's text (read without its byte-order mark),
    /// for positions in the client's buffer, which holds the mark.
    pub fn of_source(source: &'a crate::source::SourceFile, encoding: Encoding) -> LineIndex<'a> {
        let mut index = LineIndex::new(source.text(), encoding);
        if source.bom {
            index.first_line_shift = encoding.width('\u{FEFF}');
        }
        index
    }

    /// The position of byte `offset` (clamped to the text, floored to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let character: usize = self.text[start..offset]
            .chars()
            .map(|c| self.encoding.width(c))
            .sum();
        let shift = if line == 0 { self.first_line_shift } else { 0 };
        Position::new(line as u32, (character + shift) as u32)
    }

    /// The range of a span.
    pub fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start as usize),
            self.position(span.end as usize),
        )
    }

    /// The byte offset of a position: a line past the end is the end of the
    /// text, a character past the line's end is the line's end, and one
    /// inside a character is that character's start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let mut units = if position.line == 0 {
            self.first_line_shift
        } else {
            0
        };
        for (at, c) in self.text[start..end].char_indices() {
            let width = self.encoding.width(c);
            if units + width > position.character as usize {
                return start + at;
            }
            units += width;
        }
        end
    }

    /// The byte span of a range.
    pub fn span(&self, range: Range) -> Span {
        let start = self.offset(range.start);
        Span::new(start, self.offset(range.end).max(start))
    }

    /// The position just past the text.
    pub fn end(&self) -> Position {
        self.position(self.text.len())
    }
}

fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_count_differently() {
        let text = "2024-01-02\n  1h  Café ☕ 𝄞x\n";
        let x = text.find('x').unwrap();
        let utf8 = LineIndex::new(text, Encoding::Utf8);
        let utf16 = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(utf8.position(x), Position::new(1, (x - 11) as u32));
        // é is 1 unit, ☕ 1, 𝄞 2 in UTF-16.
        assert_eq!(utf16.position(x), Position::new(1, 15));
        assert_eq!(utf16.offset(Position::new(1, 15)), x);
        assert_eq!(utf8.offset(utf8.position(x)), x);
        // Inside the surrogate pair: the character's start.
        assert_eq!(utf16.offset(Position::new(1, 14)), text.find('𝄞').unwrap());
        assert_eq!(utf16.offset(Position::new(9, 0)), text.len());
        assert_eq!(utf16.offset(Position::new(0, 99)), 10);
    }

    #[test]
    fn a_byte_order_mark_counts_on_the_first_line_of_the_buffer() {
        let source = crate::source::SourceFile::from_bytes(
            "j.sec".into(),
            None,
            b"\xEF\xBB\xBF2024-01-02  1h  Stratgy\n  1h  Culture\n".to_vec(),
        );
        let tag = source.text().find("Stratgy").unwrap();
        let culture = source.text().find("Culture").unwrap();
        for (encoding, mark) in [(Encoding::Utf16, 1), (Encoding::Utf8, 3)] {
            let index = LineIndex::of_source(&source, encoding);
            // In the client's buffer the mark stands before the date.
            assert_eq!(index.position(tag), Position::new(0, (tag + mark) as u32));
            assert_eq!(index.offset(Position::new(0, (tag + mark) as u32)), tag);
            // Later lines are as they are.
            assert_eq!(index.position(culture), Position::new(1, 6));
        }
    }
}
