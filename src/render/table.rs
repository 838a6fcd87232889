//! Aligned text tables: cells padded to their column's width, two spaces
//! apart, with optional rules. Widths are measured in characters.

use std::io::{self, Write};

use owo_colors::{OwoColorize, Style};

/// How a cell sits in its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text, tags.
    Left,
    /// Numbers.
    Right,
}

/// One cell: its text, alignment and style.
#[derive(Clone, Debug)]
pub struct Cell {
    /// What it shows.
    pub text: String,
    /// Where it sits.
    pub align: Align,
    /// How it looks in colour.
    pub style: Style,
}

impl Cell {
    /// A left-aligned cell. Control characters and bidirectional marks
    /// (in a tag's name, say) are shown as escapes, never sent to the
    /// terminal.
    pub fn left(text: impl Into<String>) -> Cell {
        Cell {
            text: visible(text.into()),
            align: Align::Left,
            style: Style::new(),
        }
    }

    /// A right-aligned cell, escaped as [`Cell::left`].
    pub fn right(text: impl Into<String>) -> Cell {
        Cell {
            text: visible(text.into()),
            align: Align::Right,
            style: Style::new(),
        }
    }

    /// The same cell in another style.
    pub fn styled(mut self, style: Style) -> Cell {
        self.style = style;
        self
    }
}

/// `text` with what would act on a terminal written as escapes.
fn visible(text: String) -> String {
    match crate::source::escape(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(escaped) => escaped,
    }
}

/// A row of cells, or a rule across the table.
#[derive(Clone, Debug)]
enum Line {
    Cells(Vec<Cell>),
    Rule,
}

/// A table built row by row, then written at once.
#[derive(Clone, Debug, Default)]
pub struct Table {
    lines: Vec<Line>,
}

impl Table {
    /// An empty table.
    pub fn new() -> Table {
        Table::default()
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.lines.push(Line::Cells(cells));
    }

    /// Adds a horizontal rule.
    pub fn rule(&mut self) {
        self.lines.push(Line::Rule);
    }

    /// Writes the table; styles apply only when `color` is true. Trailing
    /// blanks are never written.
    pub fn write(&self, out: &mut dyn Write, color: bool) -> io::Result<()> {
        let mut columns = Columns::default();
        for line in &self.lines {
            if let Line::Cells(cells) = line {
                columns.fit(cells);
            }
        }
        for line in &self.lines {
            match line {
                Line::Rule => columns.rule(out, color)?,
                Line::Cells(cells) => columns.row(out, cells, color)?,
            }
        }
        Ok(())
    }
}

/// The widths of a table's columns, for writing its rows one at a time
/// (when they are too many to hold): fit every row first, then write them.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    widths: Vec<usize>,
}

impl Columns {
    /// Widens the columns to hold a row.
    pub fn fit(&mut self, cells: &[Cell]) {
        for (i, cell) in cells.iter().enumerate() {
            let width = cell.text.chars().count();
            match self.widths.get_mut(i) {
                Some(w) => *w = (*w).max(width),
                None => self.widths.push(width),
            }
        }
    }

    /// Writes a horizontal rule across the columns.
    pub fn rule(&self, out: &mut dyn Write, color: bool) -> io::Result<()> {
        let total = self.widths.iter().sum::<usize>() + 2 * self.widths.len().saturating_sub(1);
        let rule = "─".repeat(total);
        if color {
            writeln!(out, "{}", rule.dimmed())
        } else {
            writeln!(out, "{rule}")
        }
    }

    /// Writes a row (of cells no wider than fitted); styles apply only
    /// when `color` is true. Trailing blanks are never written.
    pub fn row(&self, out: &mut dyn Write, cells: &[Cell], color: bool) -> io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            let pad = self.widths[i] - cell.text.chars().count();
            let styled = if color {
                cell.text.style(cell.style).to_string()
            } else {
                cell.text.clone()
            };
            match cell.align {
                Align::Left => {
                    text.push_str(&styled);
                    text.extend(std::iter::repeat_n(' ', pad));
                }
                Align::Right => {
                    text.extend(std::iter::repeat_n(' ', pad));
                    text.push_str(&styled);
                }
            }
        }
        writeln!(out, "{}", text.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_and_trims() {
        let mut table = Table::new();
        table.row(vec![Cell::left(""), Cell::right("hours")]);
        table.row(vec![Cell::left("Strategy"), Cell::right("1.50")]);
        table.rule();
        table.row(vec![Cell::left("Total"), Cell::right("12.25")]);
        let mut out = Vec::new();
        table.write(&mut out, false).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "          hours\nStrategy   1.50\n───────────────\nTotal     12.25\n"
        );
    }
}
