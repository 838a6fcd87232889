//! CSV output (RFC 4180): fields are quoted when they hold a comma, a
//! quote or a line break.

use std::borrow::Cow;
use std::io::{self, Write};

/// A field, quoted if it needs to be.
pub fn field(text: &str) -> Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(text)
    }
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
}
