//! CSV output (RFC 4180): fields are quoted when they hold a comma, a
//! quote or a line break. A text field that a spreadsheet would read as a
//! formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return)
//! gets a leading `'`, as OWASP recommends against CSV injection; numbers
//! are left alone.

use std::borrow::Cow;
use std::io::{self, Write};

/// A field, neutralised if a spreadsheet would run it, quoted if it needs to be.
pub fn field(text: &str) -> Cow<'_, str> {
    let text = neutralised(text);
    if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        text
    }
}

/// `text` with a `'` before it if it begins as a formula and is not a number.
fn neutralised(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && !is_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A plain decimal number: an optional sign, digits, an optional fraction.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Writes one record.
pub fn record<S: AsRef<str>>(out: &mut dyn Write, fields: &[S]) -> io::Result<()> {
    let line: Vec<Cow<str>> = fields.iter().map(|f| field(f.as_ref())).collect();
    writeln!(out, "{}", line.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        let mut out = Vec::new();
        record(&mut out, &["x", "y,z"]).unwrap();
        assert_eq!(out, b"x,\"y,z\"\n");
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_left_alone() {
        assert_eq!(field("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("+1+1"), "'+1+1");
        assert_eq!(field("-x"), "'-x");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\rx"), "\"'\rx\"");
        assert_eq!(field("=1,2"), "\"'=1,2\"");
        for number in ["-1.50", "+2", "-0.25", "12", "1.5"] {
            assert_eq!(field(number), number);
        }
        assert_eq!(field("a=b"), "a=b");
    }
}
