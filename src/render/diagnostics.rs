//! Diagnostics in every `--format` of `secl check`: `human` (miette's
//! graphical report), `short` (one line each, for quickfix lists), `json`,
//! `github` (workflow commands) and `sarif` (2.1.0, for code scanning).

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};
use serde::Serialize;

use crate::diag::{Code, Diagnostic, Severity, Tally};
use crate::source::{IndexedSource, SourceFile, escape, floor_char};

/// `--format` of `secl check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with labels and help, for people.
    #[default]
    Human,
    /// `FILE:LINE:COL: error[CODE]: MESSAGE`, for editors.
    Short,
    /// Like `short`, with COL counting bytes, not characters (Vim's `%c`).
    ShortBytes,
    /// One JSON document.
    Json,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
}

/// A diagnostic with the file it points into.
#[derive(Clone, Copy)]
pub struct Located<'a> {
    /// The problem.
    pub diagnostic: &'a Diagnostic,
    /// The file its span is in.
    pub source: &'a SourceFile,
}

impl Located<'_> {
    /// 1-based line and column of the span's start.
    pub fn start(&self) -> (usize, usize) {
        self.source.line_col(self.diagnostic.span.start as usize)
    }

    /// 1-based line and byte column of the span's start.
    fn start_byte(&self) -> (usize, usize) {
        let offset = (self.diagnostic.span.start as usize).min(self.source.text().len());
        let line = self.source.line_col(offset).0;
        let text = self.source.text();
        let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
        (line, offset - line_start + 1)
    }

    /// 1-based line and column just past the span's end.
    pub fn end(&self) -> (usize, usize) {
        self.source.line_col(self.diagnostic.span.end as usize)
    }

    fn message(&self) -> String {
        escape(&self.diagnostic.message).into_owned()
    }

    fn help(&self) -> Option<String> {
        self.diagnostic
            .help
            .as_deref()
            .map(|h| escape(h).into_owned())
    }
}

/// How the human format looks.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Colour the output.
    pub color: bool,
    /// Wrap at this many columns.
    pub width: usize,
}

/// Writes `items` in `format`.
pub fn render(
    format: Format,
    items: &[Located],
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human(items, style, out),
        Format::Short => short(items, |i| i.start(), out),
        Format::ShortBytes => short(items, |i| i.start_byte(), out),
        Format::Json => json(items, out),
        Format::Github => github(items, out),
        Format::Sarif => sarif(items, out),
    }
}

/// miette's graphical report, one after another.
pub fn human(items: &[Located], style: Style, out: &mut dyn Write) -> io::Result<()> {
    let coded: Vec<(Located, &str)> = items
        .iter()
        .map(|&i| (i, i.diagnostic.code.as_str()))
        .collect();
    human_coded(&coded, style, out)
}

/// [`human`] with each diagnostic shown under a code of its own (for files
/// that are not journals: `secl::rules_syntax`, `secl::ics_syntax`).
pub fn human_coded(items: &[(Located, &str)], style: Style, out: &mut dyn Write) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .without_syntax_highlighting();
    for &(item, code) in items {
        let view = MietteView {
            item,
            code,
            message: item.message(),
            source: Named {
                source: item.source.miette_source(),
                name: escape(&item.source.name).into_owned(),
            },
        };
        let mut text = String::new();
        handler
            .render_report(&mut text, &view)
            .map_err(|_| io::Error::other("cannot format a diagnostic"))?;
        writeln!(out, "{}", text.trim_end())?;
        writeln!(out)?;
    }
    Ok(())
}

/// A [`Located`] seen through miette's `Diagnostic` trait.
struct MietteView<'a> {
    item: Located<'a>,
    code: &'a str,
    message: String,
    source: Named<'a>,
}

/// A source shown under its file name with control characters escaped (a
/// name may hold a newline or an escape sequence).
struct Named<'a> {
    source: IndexedSource<'a>,
    name: String,
}

impl miette::SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        let inner = self.source.read_span(span, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

impl fmt::Debug for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteView<'_> {}

/// A label's span, cut to its first [`MAX_LABEL`] bytes so that a huge
/// span (a 5 MB tag) is underlined, not reprinted.
fn source_span(text: &str, span: crate::source::Span) -> SourceSpan {
    let start = span.start as usize;
    let end = floor_char(text, (start + MAX_LABEL).min(span.end as usize));
    (start, end - start).into()
}

/// The most bytes of a span a label underlines.
const MAX_LABEL: usize = 120;

impl miette::Diagnostic for MietteView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.item.diagnostic.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.item
            .help()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let diagnostic = self.item.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(
            Some(escape(&diagnostic.label).into_owned()),
            source_span(self.item.source.text(), diagnostic.span),
        );
        let related = diagnostic.related.iter().map(|r| {
            LabeledSpan::new_with_span(
                Some(escape(&r.label).into_owned()),
                source_span(self.item.source.text(), r.span),
            )
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// `FILE:LINE:COL: error[CODE]: MESSAGE`, the line and column from `at`.
pub fn short(
    items: &[Located],
    at: fn(&Located) -> (usize, usize),
    out: &mut dyn Write,
) -> io::Result<()> {
    for item in items {
        let (line, column) = at(item);
        let d = item.diagnostic;
        writeln!(
            out,
            "{}:{line}:{column}: {}[{}]: {}",
            escape(&item.source.name),
            d.severity().as_str(),
            d.code.as_str(),
            item.message()
        )?;
    }
    Ok(())
}

/// The JSON wire format of one diagnostic. Text is escaped as in every
/// other format: control characters and bidirectional marks would act on
/// the terminal of whoever looks at the JSON.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: String,
    file: Cow<'a, str>,
    line: usize,
    column: usize,
    help: Option<String>,
}

/// The JSON wire format of `check --format json`.
#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: usize,
    warnings: usize,
}

/// One JSON document with every diagnostic and the counts.
pub fn json(items: &[Located], out: &mut dyn Write) -> io::Result<()> {
    let tally = Tally::of(items.iter().map(|i| i.diagnostic));
    let report = JsonReport {
        diagnostics: items
            .iter()
            .map(|item| {
                let (line, column) = item.start();
                let d = item.diagnostic;
                JsonDiagnostic {
                    code: d.code.as_str(),
                    severity: d.severity().as_str(),
                    message: item.message(),
                    file: escape(&item.source.name),
                    line,
                    column,
                    help: item.help(),
                }
            })
            .collect(),
        errors: tally.errors,
        warnings: tally.warnings,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// Escapes a workflow command's message (`%`, CR, LF).
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `::error file=F,line=L,col=C,title=CODE::MESSAGE`, one per diagnostic.
pub fn github(items: &[Located], out: &mut dyn Write) -> io::Result<()> {
    for item in items {
        let (line, column) = item.start();
        let d = item.diagnostic;
        writeln!(
            out,
            "::{} file={},line={line},col={column},title={}::{}",
            d.severity().as_str(),
            github_property(&escape_but_line_breaks(&item.source.name)),
            github_property(d.code.as_str()),
            github_data(&item.message())
        )?;
    }
    Ok(())
}

/// A file name escaped for a terminal except for CR and LF, which a
/// workflow command property carries percent-encoded: the runner decodes
/// them back into the name, so the annotation lands on the file.
fn escape_but_line_breaks(name: &str) -> String {
    name.split_inclusive(['\r', '\n'])
        .map(|part| {
            let (text, end) = match part.strip_suffix(['\r', '\n']) {
                Some(text) => (text, &part[text.len()..]),
                None => (part, ""),
            };
            format!("{}{end}", escape(text))
        })
        .collect()
}

/// A file name as a relative URI reference: `/` separators, and bytes
/// outside the unreserved set percent-encoded (a newline is `%0A`; a
/// backslash is `%5C`, except on Windows, where it separates).
fn uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let path = path.strip_prefix("./").unwrap_or(&path);
    // An absolute path is a `file://` URI; a relative one stays relative
    // (to the checkout, where code scanning looks for it).
    let mut out = String::with_capacity(path.len() + 7);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Where secl lives: Cargo.toml's `repository`, the one place it is written.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// SARIF 2.1.0: one run, a rule per code, a result per diagnostic.
pub fn sarif(items: &[Located], out: &mut dyn Write) -> io::Result<()> {
    let level = |severity: Severity| match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let rules: Vec<serde_json::Value> = Code::ALL
        .iter()
        .map(|code| {
            serde_json::json!({
                "id": code.as_str(),
                "name": code.as_str().trim_start_matches("secl::"),
                "shortDescription": { "text": code.summary() },
                "helpUri": format!("{REPOSITORY}/blob/main/grammar.md#diagnostics"),
                "defaultConfiguration": { "level": level(code.severity()) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = items
        .iter()
        .map(|item| {
            let d = item.diagnostic;
            let (start_line, start_column) = item.start();
            let (end_line, end_column) = item.end();
            let text = match item.help() {
                Some(help) => format!("{}\nhelp: {help}", item.message()),
                None => item.message(),
            };
            serde_json::json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code),
                "level": level(d.severity()),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&item.source.name) },
                        "region": {
                            "startLine": start_line,
                            "startColumn": start_column,
                            "endLine": end_line,
                            "endColumn": end_column,
                        }
                    }
                }]
            })
        })
        .collect();
    let document = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "secl",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": REPOSITORY,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping() {
        assert_eq!(
            github_property("secl::unknown_tag"),
            "secl%3A%3Aunknown_tag"
        );
        assert_eq!(github_property("a,b%c"), "a%2Cb%25c");
        assert_eq!(github_data("50%\nnext: a,b"), "50%25%0Anext: a,b");
        assert_eq!(
            github_property(&escape_but_line_breaks("a\nb\r\u{1b}c\\d.sec")),
            "a%0Ab%0D\\u{1b}c\\d.sec"
        );
    }

    #[test]
    fn uris() {
        assert_eq!(uri("./a b/c.sec"), "a%20b/c.sec");
        let backslash = if cfg!(windows) {
            "dir/x.sec"
        } else {
            "dir%5Cx.sec"
        };
        assert_eq!(uri("dir\\x.sec"), backslash);
        assert_eq!(uri("a\nb\r.sec"), "a%0Ab%0D.sec");
        assert_eq!(uri("/tmp/j k.sec"), "file:///tmp/j%20k.sec");
    }
}
