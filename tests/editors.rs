//! The editor support in `editors/`: the VS Code extension (its TextMate grammar is run, with a
//! small TextMate tokenizer, over the example journals and every line checked for the scopes it
//! should get) and the Vim files (run in a real Vim when one is installed).
//!
//! The grammar's regexes are written in the common subset of Oniguruma (what VS Code runs) and the
//! `regex` crate: no look-around, no `\G`, no back-references. A tokenizer here compiles them with
//! `(?m)`, feeds each line with its `\n` as VS Code does, and follows vscode-textmate's rules: at
//! each position the pattern (or the open region's `end`) that matches earliest wins, ties going
//! to the `end` and then to the pattern listed first.

mod common;

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use regex::Regex;
use serde_json::Value;

fn root() -> PathBuf {
    common::root()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json(path: &str) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const GRAMMAR: &str = "editors/vscode/syntaxes/sec.tmLanguage.json";
const EXAMPLES: [&str; 5] = [
    "examples/2024-q1.sec",
    "examples/custom/journal.sec",
    "examples/industries/fintech.sec",
    "examples/industries/saas.sec",
    "examples/industries/healthcare.sec",
];

/// Lines that the examples lack: every duration form (a running `H:MM-?` too), `include`, hashtags at a note's start, in a
/// row, with Unicode letters and inside words (not hashtags), tabs, `/` dates, `#` comments.
const MORE_LINES: &str = "\
; a comment
   # also a comment: blanks may come first
taxonomy cto  ; the default is sec
taxonomy ../shared/team.taxonomy
include 2024/*.sec
include q2.sec  ; the second quarter
tag Execution:Data & Infrastructure:Vendor migration
tag Strategy:Board prep  ; since March
alias okr = Strategy:Technology Planning:OKR management
alias sec:ops=Execution:Security & Compliance  ; a name may hold `:`
target Execution:Security & Compliance  15%..25%
target Strategy  >=20%
target Culture:Personal Development  <= 12.5%  ; a comment #not-a-hashtag
2024-01-15
  45m  Strategy
  1h30m  Strategy:Technology Planning
  1.5h  Strategy
  2  Strategy
  1:30  Culture  ; #start of the note
  09:00-10:30  Technical mentorship  ;#x #y a#b #Straße, #audit/q1 #a_b-c
  23:00-01:00  Execution:Security & Compliance:Incident response  ; past midnight
  10:30-?      Strategy  ; a running timer #q2
\t2h\tCI/CD management\t; tabs
  0.25H  Strategy:Technology Planning:OKR management;no blank before the note
2024/01/16  ; board week #board
  45M  Risk assessment
2024-01-17  2h  Strategy  ; a one-line entry and its note #q1
2024-01-18;#tight
2024-01-19  1:15  Culture:Team Development
2024-01-20  1h  Strategy  ; hashtags end where secl's end: #q1okr… #a—b #a’s #x🎉 #a«b #a×b #a·b #a☀b #a✅b #a¿b
  1h  Strategy  ; and go on where they go on: #日本語 #Ωmega #ªº #µs #½ #٣ #naïve #ǅx #²³
  1h  Strategy  ; #a\u{a0}#after-a-no-break-space #a\u{2003}#em-space #a\u{3000}#ideographic
";

// ------------------------------------------------------------------------------------------------
// What each line should get, worked out from the line alone (grammar.md's classification).

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Cat {
    Comment,
    Date,
    Duration,
    Tag,
    Domain,
    Segment,
    Separator,
    Note,
    Hashtag,
    Keyword,
    AliasName,
    Assign,
    TaxonomyName,
    Path,
    Percent,
    RangeOp,
}

impl Cat {
    /// The TextMate scope (or scope prefix) the category's text must carry.
    fn scope(self) -> &'static str {
        match self {
            Cat::Comment => "comment.line",
            Cat::Date => "entity.name.section.date.sec",
            Cat::Duration => "constant.numeric.duration.sec",
            Cat::Tag => "meta.tag.sec",
            Cat::Domain => "entity.name.type.domain.sec",
            Cat::Segment => "entity.name.tag.segment.sec",
            Cat::Separator => "punctuation.separator.tag.sec",
            Cat::Note => "comment.line.note.sec",
            Cat::Hashtag => "variable.other.hashtag.sec",
            Cat::Keyword => "keyword.control.directive",
            Cat::AliasName => "variable.other.alias.sec",
            Cat::Assign => "keyword.operator.assignment.sec",
            Cat::TaxonomyName => "support.constant.taxonomy.sec",
            Cat::Path => "string.unquoted.path.sec",
            Cat::Percent => "constant.numeric.percent.sec",
            Cat::RangeOp => "keyword.operator",
        }
    }

    /// The Vim syntax groups that may cover the category's text.
    fn vim_groups(self) -> &'static [&'static str] {
        match self {
            Cat::Comment => &["secComment", "secDirComment", "secNote", "secHashtag"],
            Cat::Date => &["secDate", "secTargetDate"],
            Cat::Duration => &["secDuration", "secHeaderDuration"],
            Cat::Tag => &[
                "secDomain",
                "secDirDomain",
                "secTargetDomain",
                "secTagRest",
                "secDirTagRest",
                "secTargetRest",
                "secTagSep",
            ],
            Cat::Domain => &["secDomain", "secDirDomain", "secTargetDomain"],
            Cat::Segment => &["secTagRest", "secDirTagRest", "secTargetRest"],
            Cat::Separator => &["secTagSep"],
            Cat::Note => &["secNote", "secHashtag"],
            Cat::Hashtag => &["secHashtag"],
            Cat::Keyword => &["secKeyword", "secTargetFrom"],
            Cat::AliasName => &["secAliasName"],
            Cat::Assign => &["secAliasEq"],
            Cat::TaxonomyName => &["secTaxonomyName"],
            Cat::Path => &["secPath"],
            Cat::Percent => &["secPercent"],
            Cat::RangeOp => &["secRangeOp"],
        }
    }

    /// Categories whose scope may appear only where expected (so a pattern that matches too
    /// much fails too).
    const EXCLUSIVE: [Cat; 8] = [
        Cat::Date,
        Cat::Duration,
        Cat::Domain,
        Cat::Segment,
        Cat::Separator,
        Cat::Hashtag,
        Cat::Keyword,
        Cat::Percent,
    ];
}

#[derive(Debug, Clone)]
struct Expect {
    cat: Cat,
    range: Range<usize>,
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `range` of `line` without surrounding whitespace.
fn trim(line: &str, range: Range<usize>) -> Range<usize> {
    let text = &line[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.start + text.trim_end().len();
    start..end.max(start)
}

/// The first byte at or after `at` that is not a blank.
fn skip_blanks(line: &str, at: usize) -> usize {
    line[at..]
        .find(|c| !is_blank(c))
        .map_or(line.len(), |i| at + i)
}

fn expectations(line: &str) -> Vec<Expect> {
    let mut out = Vec::new();
    let body = line.trim_start_matches(is_blank);
    let indent = line.len() - body.len();
    if body.is_empty() {
    } else if body.starts_with([';', '#']) {
        out.push(Expect {
            cat: Cat::Comment,
            range: indent..line.len(),
        });
    } else if indent > 0 {
        entry(line, indent, &mut out);
    } else if body.starts_with(|c: char| c.is_ascii_digit()) {
        let date_end = line.find(|c| is_blank(c) || c == ';').unwrap_or(line.len());
        out.push(Expect {
            cat: Cat::Date,
            range: 0..date_end,
        });
        let rest = skip_blanks(line, date_end);
        if line[rest..].starts_with(';') {
            note(line, rest, &mut out);
        } else if rest < line.len() {
            entry(line, rest, &mut out);
        }
    } else {
        directive(line, &mut out);
    }
    out
}

/// An entry's body starting at `at`: DURATION, blanks, TAG, perhaps `; NOTE`.
fn entry(line: &str, at: usize, out: &mut Vec<Expect>) {
    let duration_end = line[at..].find(is_blank).map_or(line.len(), |i| at + i);
    out.push(Expect {
        cat: Cat::Duration,
        range: at..duration_end,
    });
    let tag_start = skip_blanks(line, duration_end);
    let semicolon = line[tag_start..].find(';').map(|i| tag_start + i);
    tag(line, tag_start..semicolon.unwrap_or(line.len()), out);
    if let Some(at) = semicolon {
        note(line, at, out);
    }
}

/// A tag: the whole of it, its first segment, its `:` and its further segments.
fn tag(line: &str, range: Range<usize>, out: &mut Vec<Expect>) {
    let range = trim(line, range);
    if range.is_empty() {
        return;
    }
    out.push(Expect {
        cat: Cat::Tag,
        range: range.clone(),
    });
    let mut start = range.start;
    let mut first = true;
    for (i, c) in line[range.clone()].char_indices() {
        if c == ':' {
            let colon = range.start + i;
            segment(line, start..colon, first, out);
            out.push(Expect {
                cat: Cat::Separator,
                range: colon..colon + 1,
            });
            start = colon + 1;
            first = false;
        }
    }
    segment(line, start..range.end, first, out);
}

fn segment(line: &str, range: Range<usize>, first: bool, out: &mut Vec<Expect>) {
    let range = trim(line, range);
    if !range.is_empty() {
        let cat = if first { Cat::Domain } else { Cat::Segment };
        out.push(Expect { cat, range });
    }
}

/// A note from its `;` at `at` to the end of the line, and its hashtags.
fn note(line: &str, at: usize, out: &mut Vec<Expect>) {
    out.push(Expect {
        cat: Cat::Note,
        range: at..line.len(),
    });
    let text = &line[at + 1..];
    for name in secl::parse::hashtags(text) {
        let start = name.as_ptr() as usize - line.as_ptr() as usize - 1;
        out.push(Expect {
            cat: Cat::Hashtag,
            range: start..start + 1 + name.len(),
        });
    }
}

fn directive(line: &str, out: &mut Vec<Expect>) {
    let keyword_end = line.find(|c| is_blank(c) || c == ';').unwrap_or(line.len());
    out.push(Expect {
        cat: Cat::Keyword,
        range: 0..keyword_end,
    });
    let comment = line.find(';');
    if let Some(at) = comment {
        out.push(Expect {
            cat: Cat::Comment,
            range: at..line.len(),
        });
    }
    let args = trim(line, keyword_end..comment.unwrap_or(line.len()));
    let text = &line[args.clone()];
    match &line[..keyword_end] {
        "taxonomy" if text == "sec" || text == "cto" => {
            out.push(Expect {
                cat: Cat::TaxonomyName,
                range: args,
            });
        }
        "taxonomy" | "include" => out.push(Expect {
            cat: Cat::Path,
            range: args,
        }),
        "tag" => tag(line, args, out),
        "alias" => {
            let eq = args.start + text.find('=').expect("alias has `=`");
            out.push(Expect {
                cat: Cat::AliasName,
                range: trim(line, args.start..eq),
            });
            out.push(Expect {
                cat: Cat::Assign,
                range: eq..eq + 1,
            });
            tag(line, eq + 1..args.end, out);
        }
        "target" => {
            // `from DATE` after the range: a keyword and a date.
            let start =
                Regex::new(r"[ \t]+(from)[ \t]+([0-9]{4}[-/][0-9]{2}[-/][0-9]{2})$").unwrap();
            let text = match start.captures(text) {
                Some(found) => {
                    for (group, cat) in [(1, Cat::Keyword), (2, Cat::Date)] {
                        let m = found.get(group).unwrap();
                        out.push(Expect {
                            cat,
                            range: args.start + m.start()..args.start + m.end(),
                        });
                    }
                    &text[..found.get(0).unwrap().start()]
                }
                None => text,
            };
            let range = Regex::new(r"(?:[0-9.]+%\.\.[0-9.]+%|[<>]=[ \t]*[0-9.]+%)$").unwrap();
            let found = range.find(text).expect("target has a range");
            tag(line, args.start..args.start + found.start(), out);
            let percent = Regex::new(r"[0-9]+(?:\.[0-9]+)?%").unwrap();
            for m in percent.find_iter(found.as_str()) {
                let start = args.start + found.start() + m.start();
                out.push(Expect {
                    cat: Cat::Percent,
                    range: start..start + m.len(),
                });
            }
            let op = Regex::new(r"\.\.|[<>]=").unwrap();
            let m = op.find(found.as_str()).unwrap();
            let start = args.start + found.start() + m.start();
            out.push(Expect {
                cat: Cat::RangeOp,
                range: start..start + m.len(),
            });
        }
        other => panic!("not a directive: {other:?} in {line:?}"),
    }
}

/// Checks one line's highlighting, given a test for "byte `i` is in category `cat`" and a list
/// of the categories at byte `i` (for the messages). Returns the problems found.
fn check_line(
    what: &str,
    line: &str,
    has: &dyn Fn(usize, Cat) -> bool,
    shown: &dyn Fn(usize) -> String,
) -> Vec<String> {
    let expected = expectations(line);
    let mut problems = Vec::new();
    for e in &expected {
        if let Some(i) = e
            .range
            .clone()
            .find(|&i| line.is_char_boundary(i) && !has(i, e.cat))
        {
            problems.push(format!(
                "{what}: `{}` should be {:?}, but byte {i} has {}\n    {line:?}",
                &line[e.range.clone()],
                e.cat,
                shown(i)
            ));
        }
    }
    for cat in Cat::EXCLUSIVE {
        let allowed = |i: usize| {
            expected
                .iter()
                .any(|e| e.cat == cat && e.range.contains(&i))
        };
        let stray =
            (0..line.len()).find(|&i| line.is_char_boundary(i) && has(i, cat) && !allowed(i));
        if let Some(i) = stray {
            problems.push(format!(
                "{what}: byte {i} (`{}`) is {cat:?} but should not be; it has {}\n    {line:?}",
                &line[i..].chars().next().unwrap(),
                shown(i)
            ));
        }
    }
    problems
}

fn corpus() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = EXAMPLES
        .iter()
        .map(|path| (path.to_string(), read(path)))
        .collect();
    files.push(("MORE_LINES".to_string(), MORE_LINES.to_string()));
    files
}

// ------------------------------------------------------------------------------------------------
// A small TextMate tokenizer.

mod textmate {
    use std::collections::HashMap;

    use regex::Regex;
    use serde_json::{Map, Value};

    pub type Scopes = Vec<String>;

    struct Capture {
        name: Option<String>,
        patterns: Vec<usize>,
    }

    enum Kind {
        Match(Regex, Vec<(usize, Capture)>),
        Region {
            begin: Regex,
            end: Regex,
            begin_captures: Vec<(usize, Capture)>,
            end_captures: Vec<(usize, Capture)>,
            content_name: Option<String>,
        },
        /// Only `patterns` (the grammar itself, a repository item or an include).
        Group,
    }

    struct Rule {
        name: Option<String>,
        kind: Kind,
        patterns: Vec<usize>,
    }

    pub struct Grammar {
        rules: Vec<Rule>,
    }

    /// Compiles a grammar regex as vscode-textmate runs it: `^` and `$` at line boundaries.
    pub fn compile_regex(source: &str) -> Result<Regex, String> {
        Regex::new(&format!("(?m){source}")).map_err(|e| format!("{source:?}: {e}"))
    }

    struct Compiler<'a> {
        repository: &'a Map<String, Value>,
        rules: Vec<Rule>,
        named: HashMap<String, usize>,
    }

    impl Compiler<'_> {
        fn reserve(&mut self) -> usize {
            self.rules.push(Rule {
                name: None,
                kind: Kind::Group,
                patterns: Vec::new(),
            });
            self.rules.len() - 1
        }

        fn rule(&mut self, v: &Value) -> Result<usize, String> {
            if let Some(include) = v.get("include").and_then(Value::as_str) {
                return match include {
                    "$self" | "$base" => Ok(0),
                    _ => {
                        let key = include
                            .strip_prefix('#')
                            .ok_or_else(|| format!("unsupported include {include:?}"))?;
                        if let Some(&id) = self.named.get(key) {
                            return Ok(id);
                        }
                        let item = self
                            .repository
                            .get(key)
                            .ok_or_else(|| format!("no repository item {key:?}"))?;
                        let id = self.reserve();
                        self.named.insert(key.to_string(), id);
                        self.fill(id, item)?;
                        Ok(id)
                    }
                };
            }
            let id = self.reserve();
            self.fill(id, v)?;
            Ok(id)
        }

        fn fill(&mut self, id: usize, v: &Value) -> Result<(), String> {
            let text = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
            let patterns = self.patterns(v)?;
            let kind = if let Some(source) = text("match") {
                Kind::Match(compile_regex(&source)?, self.captures(v.get("captures"))?)
            } else if let Some(begin) = text("begin") {
                let end = text("end").ok_or("a begin rule without end")?;
                let both = v.get("captures");
                Kind::Region {
                    begin: compile_regex(&begin)?,
                    end: compile_regex(&end)?,
                    begin_captures: self.captures(v.get("beginCaptures").or(both))?,
                    end_captures: self.captures(v.get("endCaptures").or(both))?,
                    content_name: text("contentName"),
                }
            } else {
                Kind::Group
            };
            self.rules[id] = Rule {
                name: text("name"),
                kind,
                patterns,
            };
            Ok(())
        }

        fn patterns(&mut self, v: &Value) -> Result<Vec<usize>, String> {
            let list = v.get("patterns").and_then(Value::as_array);
            list.into_iter().flatten().map(|p| self.rule(p)).collect()
        }

        fn captures(&mut self, v: Option<&Value>) -> Result<Vec<(usize, Capture)>, String> {
            let Some(map) = v.and_then(Value::as_object) else {
                return Ok(Vec::new());
            };
            let mut out = Vec::new();
            for (key, capture) in map {
                let index = key.parse().map_err(|_| format!("capture key {key:?}"))?;
                let name = capture
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let patterns = self.patterns(capture)?;
                out.push((index, Capture { name, patterns }));
            }
            out.sort_by_key(|(index, _)| *index);
            Ok(out)
        }
    }

    impl Grammar {
        pub fn new(grammar: &Value) -> Result<Grammar, String> {
            let empty = Map::new();
            let repository = grammar.get("repository").and_then(Value::as_object);
            let mut compiler = Compiler {
                repository: repository.unwrap_or(&empty),
                rules: Vec::new(),
                named: HashMap::new(),
            };
            let id = compiler.reserve();
            let patterns = compiler.patterns(grammar)?;
            compiler.rules[id].patterns = patterns;
            Ok(Grammar {
                rules: compiler.rules,
            })
        }

        /// The match and begin rules reachable from `ids`, in order, through groups.
        fn candidates(&self, ids: &[usize], out: &mut Vec<usize>, depth: usize) {
            assert!(depth < 50, "includes nest too deep (a cycle?)");
            for &id in ids {
                match self.rules[id].kind {
                    Kind::Group => self.candidates(&self.rules[id].patterns, out, depth + 1),
                    _ => out.push(id),
                }
            }
        }

        pub fn tokenizer(&self) -> Tokenizer<'_> {
            Tokenizer {
                grammar: self,
                stack: Vec::new(),
            }
        }
    }

    struct Frame {
        rule: usize,
        name_scopes: Scopes,
        content_scopes: Scopes,
    }

    /// Tokenizes lines in order, keeping open regions from one line to the next.
    pub struct Tokenizer<'g> {
        grammar: &'g Grammar,
        stack: Vec<Frame>,
    }

    impl Tokenizer<'_> {
        /// The scopes of every byte of `line` (below `source.sec`).
        pub fn line(&mut self, line: &str) -> Vec<Scopes> {
            let text = format!("{line}\n");
            let mut scopes = vec![Scopes::new(); text.len()];
            let top = self.grammar.rules[0].patterns.clone();
            run(
                self.grammar,
                &text,
                0,
                &mut self.stack,
                &top,
                &[],
                &mut scopes,
            );
            scopes.truncate(line.len());
            scopes
        }
    }

    fn with(scopes: &[String], name: &Option<String>) -> Scopes {
        let mut out = scopes.to_vec();
        out.extend(
            name.iter()
                .flat_map(|n| n.split_whitespace().map(str::to_string)),
        );
        out
    }

    fn fill(out: &mut [Scopes], range: std::ops::Range<usize>, scopes: &[String]) {
        for slot in &mut out[range] {
            *slot = scopes.to_vec();
        }
    }

    enum Found {
        End,
        Rule(usize),
    }

    /// Tokenizes `text` from `pos` to its end with `stack` open (its last frame innermost) or,
    /// when none is, with `top` as the patterns and `top_scopes` as the scopes.
    fn run(
        g: &Grammar,
        text: &str,
        mut pos: usize,
        stack: &mut Vec<Frame>,
        top: &[usize],
        top_scopes: &[String],
        out: &mut [Scopes],
    ) {
        let mut stalled = 0;
        while pos < text.len() {
            let (patterns, base, end) = match stack.last() {
                Some(frame) => match &g.rules[frame.rule].kind {
                    Kind::Region { end, .. } => (
                        &g.rules[frame.rule].patterns[..],
                        frame.content_scopes.clone(),
                        Some(end),
                    ),
                    _ => unreachable!("only regions are pushed"),
                },
                None => (top, top_scopes.to_vec(), None),
            };
            let mut best: Option<(usize, Found, regex::Captures)> = None;
            if let Some(caps) = end.and_then(|re| re.captures_at(text, pos)) {
                best = Some((caps.get(0).unwrap().start(), Found::End, caps));
            }
            let mut ids = Vec::new();
            g.candidates(patterns, &mut ids, 0);
            for id in ids {
                let re = match &g.rules[id].kind {
                    Kind::Match(re, _) => re,
                    Kind::Region { begin, .. } => begin,
                    Kind::Group => unreachable!(),
                };
                if let Some(caps) = re.captures_at(text, pos) {
                    let start = caps.get(0).unwrap().start();
                    if best.as_ref().is_none_or(|(s, _, _)| start < *s) {
                        best = Some((start, Found::Rule(id), caps));
                    }
                }
            }
            let Some((start, found, caps)) = best else {
                fill(out, pos..text.len(), &base);
                return;
            };
            fill(out, pos..start, &base);
            let whole = caps.get(0).unwrap().range();
            match found {
                Found::End => {
                    let frame = stack.pop().unwrap();
                    fill(out, whole.clone(), &frame.name_scopes);
                    if let Kind::Region { end_captures, .. } = &g.rules[frame.rule].kind {
                        captures(g, text, &caps, end_captures, &frame.name_scopes, out);
                    }
                }
                Found::Rule(id) => {
                    let rule = &g.rules[id];
                    let scopes = with(&base, &rule.name);
                    fill(out, whole.clone(), &scopes);
                    match &rule.kind {
                        Kind::Match(_, spec) => captures(g, text, &caps, spec, &scopes, out),
                        Kind::Region {
                            begin_captures,
                            content_name,
                            ..
                        } => {
                            captures(g, text, &caps, begin_captures, &scopes, out);
                            let content_scopes = with(&scopes, content_name);
                            stack.push(Frame {
                                rule: id,
                                name_scopes: scopes,
                                content_scopes,
                            });
                        }
                        Kind::Group => unreachable!(),
                    }
                }
            }
            stalled = if whole.end == pos { stalled + 1 } else { 0 };
            assert!(
                stalled < 3,
                "the grammar loops without advancing at byte {pos} of {text:?}"
            );
            pos = whole.end;
        }
    }

    /// Applies a rule's captures to the bytes they matched. A capture with `patterns` is
    /// tokenized again within its text, below `scopes` and its own name only (as
    /// vscode-textmate does, which drops the scopes of enclosing captures there).
    fn captures(
        g: &Grammar,
        text: &str,
        caps: &regex::Captures,
        spec: &[(usize, Capture)],
        scopes: &[String],
        out: &mut [Scopes],
    ) {
        for (index, capture) in spec {
            let Some(m) = caps.get(*index).filter(|m| !m.is_empty()) else {
                continue;
            };
            if capture.patterns.is_empty() {
                for slot in &mut out[m.range()] {
                    slot.extend(with(&[], &capture.name));
                }
            } else {
                let inner = with(scopes, &capture.name);
                fill(out, m.range(), &inner);
                let mut stack = Vec::new();
                run(
                    g,
                    &text[..m.end()],
                    m.start(),
                    &mut stack,
                    &capture.patterns,
                    &inner,
                    out,
                );
            }
        }
    }
}

fn grammar() -> textmate::Grammar {
    textmate::Grammar::new(&json(GRAMMAR)).unwrap_or_else(|e| panic!("{GRAMMAR}: {e}"))
}

fn has_scope(scopes: &[String], wanted: &str) -> bool {
    scopes
        .iter()
        .any(|s| s == wanted || (s.starts_with(wanted) && s[wanted.len()..].starts_with('.')))
}

/// Every problem of the grammar's highlighting of `files`.
fn textmate_problems(grammar: &textmate::Grammar, files: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, text) in files {
        let mut tokenizer = grammar.tokenizer();
        for (n, line) in text.lines().enumerate() {
            let scopes = tokenizer.line(line);
            let what = format!("{name}:{}", n + 1);
            let has = |i: usize, cat: Cat| has_scope(&scopes[i], cat.scope());
            let shown = |i: usize| format!("[{}]", scopes[i].join(" "));
            problems.extend(check_line(&what, line, &has, &shown));
            if let Some(i) = (0..line.len()).find(|&i| has_scope(&scopes[i], "invalid")) {
                problems.push(format!("{what}: byte {i} is marked invalid\n    {line:?}"));
            }
        }
    }
    problems
}

fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problems, the first ones:\n{}",
        problems.len(),
        problems
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ------------------------------------------------------------------------------------------------
// VS Code

#[test]
fn every_regex_in_the_grammar_compiles() {
    fn walk(v: &Value, found: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("match" | "begin" | "end", Value::String(source)) => {
                            found.push(source.clone())
                        }
                        _ => walk(value, found),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, found)),
            _ => {}
        }
    }
    let mut sources = Vec::new();
    walk(&json(GRAMMAR), &mut sources);
    assert!(sources.len() > 10, "only {} regexes found", sources.len());
    let errors: Vec<String> = sources
        .iter()
        .filter_map(|source| textmate::compile_regex(source).err())
        .collect();
    assert!(
        errors.is_empty(),
        "regexes that do not compile:\n{}",
        errors.join("\n")
    );
    // Oniguruma-only syntax would not compile above; `\G` would (as a literal `G`): refuse it.
    for source in &sources {
        assert!(!source.contains("\\G"), "\\G is Oniguruma-only: {source:?}");
    }
}

#[test]
fn grammar_highlights_every_line_of_the_examples() {
    assert_no_problems(&textmate_problems(&grammar(), &corpus()));
}

/// The check above can fail: each of these breaks one part of the grammar, and the check then
/// finds problems.
#[test]
fn grammar_check_catches_broken_grammars() {
    let text = read(GRAMMAR);
    let mutations = [
        // no `H:MM` durations (examples/2024-q1.sec has `1:15`)
        ("|[0-9]+:[0-9]{2}|", "|"),
        // hashtags after whitespace go unnoticed
        (r#""\\s((#)"#, r#""\\s\\s((#)"#),
        // durations lose their scope
        ("constant.numeric.duration.sec", "constant.numeric.sec"),
        // dates with `/` are no longer dates
        ("|[0-9]{4}/[0-9]{2}/[0-9]{2}", ""),
        // the first segment loses its own scope
        ("entity.name.type.domain.sec", "entity.name.tag.segment.sec"),
        // `target` lines are not recognised
        ("^(target)", "^(targets)"),
        // a one-line entry on a header is not highlighted
        ("(?:[ \\\\t]+([0-9]{1,2}", "(?:[ \\\\t]+X([0-9]{1,2}"),
    ];
    for (from, to) in mutations {
        assert!(
            text.contains(from),
            "the grammar no longer contains {from:?}"
        );
        let broken: Value = serde_json::from_str(&text.replace(from, to)).unwrap();
        let broken = match textmate::Grammar::new(&broken) {
            Ok(grammar) => grammar,
            Err(e) => panic!("{from:?} → {to:?}: {e}"),
        };
        let problems = textmate_problems(&broken, &corpus());
        assert!(
            !problems.is_empty(),
            "replacing {from:?} by {to:?} went unnoticed"
        );
    }
}

#[test]
fn grammar_marks_broken_lines_invalid() {
    let grammar = grammar();
    for (line, word) in [
        ("bogus line", "bogus"),
        ("Tag Strategy", "Tag"),
        ("2024-1-5  1h  Strategy", "2024-1-5"),
        ("  1h30  Strategy", "1h30"),
        ("  tag Strategy", "tag"),
    ] {
        let scopes = grammar.tokenizer().line(line);
        let at = line.find(word).unwrap();
        for (i, scopes) in scopes.iter().enumerate().skip(at).take(word.len()) {
            assert!(
                has_scope(scopes, "invalid.illegal"),
                "{line:?}: byte {i} has {scopes:?}"
            );
        }
    }
    // A directive keyword with malformed arguments keeps its keyword scope.
    let scopes = grammar.tokenizer().line("target Strategy 20%  ; no range");
    assert!(
        has_scope(&scopes[0], "keyword.control.directive"),
        "{:?}",
        scopes[0]
    );
    assert!(has_scope(&scopes[22], "comment.line"), "{:?}", scopes[22]);
}

#[test]
fn vscode_extension_manifest() {
    let manifest = json("editors/vscode/package.json");
    assert_eq!(manifest["name"], "secl");
    for key in ["version", "publisher", "displayName", "description"] {
        assert!(manifest[key].is_string(), "package.json lacks {key}");
    }
    assert!(manifest["engines"]["vscode"].is_string());
    let contributes = &manifest["contributes"];
    let languages = contributes["languages"].as_array().unwrap();
    let sec = languages
        .iter()
        .find(|l| l["id"] == "sec")
        .expect("language `sec`");
    assert!(
        sec["extensions"]
            .as_array()
            .unwrap()
            .contains(&".sec".into())
    );
    let configuration = sec["configuration"].as_str().unwrap();
    let configuration = json(&format!("editors/vscode/{configuration}"));
    assert_eq!(configuration["comments"]["lineComment"], ";");

    let grammars = contributes["grammars"].as_array().unwrap();
    let entry = grammars
        .iter()
        .find(|g| g["language"] == "sec")
        .expect("a grammar for `sec`");
    assert_eq!(entry["scopeName"], "source.sec");
    let path = Path::new("editors/vscode").join(entry["path"].as_str().unwrap());
    assert_eq!(
        path.components().collect::<PathBuf>(),
        PathBuf::from(GRAMMAR)
    );
    assert_eq!(json(GRAMMAR)["scopeName"], "source.sec");
}

/// The extension's problem matcher reads `secl check --format short` as secl writes it.
#[test]
fn vscode_problem_matcher_reads_short_format() {
    let manifest = json("editors/vscode/package.json");
    let matcher = &manifest["contributes"]["problemMatchers"][0];
    assert_eq!(matcher["name"], "secl");
    let pattern = &matcher["pattern"];
    let re = Regex::new(pattern["regexp"].as_str().unwrap()).unwrap();
    let group = |key: &str| pattern[key].as_u64().unwrap() as usize;

    let dir = common::tests_dir().join("fixtures/codes");
    let (_, stdout, _) = common::run(
        &dir,
        &[
            "check",
            "--format",
            "short",
            "--today",
            "2024-06-01",
            "unknown_tag.sec",
            "overlap.sec",
        ],
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() >= 3, "{stdout}");
    let mut severities = BTreeSet::new();
    for line in lines {
        let caps = re
            .captures(line)
            .unwrap_or_else(|| panic!("no match: {line:?}"));
        assert!(caps[group("file")].ends_with(".sec"), "{line:?}");
        assert!(caps[group("line")].parse::<u32>().unwrap() > 0);
        assert!(caps[group("column")].parse::<u32>().unwrap() > 0);
        assert!(caps[group("code")].starts_with("secl::"), "{line:?}");
        assert!(!caps[group("message")].is_empty());
        severities.insert(caps[group("severity")].to_string());
    }
    assert_eq!(
        severities,
        BTreeSet::from(["error".to_string(), "warning".to_string()])
    );
}

// ------------------------------------------------------------------------------------------------
// Vim

#[test]
fn vim_files_cover_every_construct() {
    let ftdetect = read("editors/vim/ftdetect/sec.vim");
    assert!(
        ftdetect.contains("*.sec") && ftdetect.contains("setfiletype sec"),
        "{ftdetect}"
    );
    let syntax = read("editors/vim/syntax/sec.vim");
    for keyword in ["taxonomy", "tag", "alias", "target", "include"] {
        let line = format!("^{keyword}\\ze");
        assert!(
            syntax.contains(&line),
            "syntax/sec.vim does not match the `{keyword}` directive"
        );
    }
    for group in [
        "secComment",
        "secDate",
        "secDuration",
        "secDomain",
        "secTagSep",
        "secNote",
        "secHashtag",
        "secKeyword",
    ] {
        assert!(
            syntax.contains(&format!("hi def link {group} ")),
            "{group} is not highlighted"
        );
    }
    assert!(syntax.contains("b:current_syntax = 'sec'"));
}

/// Runs Vim headless in `cwd` with `editors/vim` on the runtime path, the `secl` under test first
/// on `PATH`, and `commands` after loading the dump function (kept in `dir`); `None` when Vim is
/// not installed (a failure under `CI=true`).
fn vim(dir: &Path, cwd: &Path, commands: &[String]) -> Option<()> {
    let version = Command::new("vim")
        .arg("--version")
        .stdout(Stdio::null())
        .status();
    if !version.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "vim is not installed: CI must run the Vim tests (.ci/run installs Debian's vim)"
        );
        eprintln!("vim is not installed: skipping the test that runs it");
        return None;
    }
    let dump = dir.join("dump.vim");
    std::fs::write(&dump, DUMP_FUNCTION).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_secl")).parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&path)),
    );
    let mut cmd = Command::new("vim");
    cmd.current_dir(cwd)
        .env("PATH", path.unwrap())
        .env_remove("SECL_FILE")
        .env_remove("SECL_TODAY")
        .args(["-N", "-u", "NONE", "-i", "NONE", "-n", "-es"])
        .arg("--cmd")
        .arg(format!("set rtp^={}", root().join("editors/vim").display()))
        .args(["-c", "filetype plugin on", "-c", "syntax on"])
        .arg("-c")
        .arg(format!("source {}", vim_escape(&dump)));
    for command in commands {
        cmd.arg("-c").arg(command);
    }
    let status = cmd
        .args(["-c", "qa!"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("vim runs");
    assert!(status.success(), "vim failed: {status}");
    Some(())
}

/// `Dump(file)` writes, for each line of the buffer, its runs of syntax groups as
/// `START-END=GROUP` (bytes, 0-based, end exclusive), separated by blanks.
const DUMP_FUNCTION: &str = "
function! Dump(out) abort
  let lines = []
  for l in range(1, line('$'))
    let runs = []
    let [prev, start] = ['', 1]
    for c in range(1, col([l, '$']))
      let name = c < col([l, '$']) ? synIDattr(synID(l, c, 1), 'name') : '<end>'
      if name !=# prev
        if prev !=# ''
          call add(runs, (start - 1) . '-' . (c - 1) . '=' . prev)
        endif
        let [prev, start] = [name, c]
      endif
    endfor
    call add(lines, join(runs, ' '))
  endfor
  call writefile(lines, a:out)
endfunction";

fn vim_escape(path: &Path) -> String {
    path.display().to_string().replace(' ', "\\ ")
}

#[test]
fn vim_highlights_every_line_of_the_examples() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus();
    let mut commands = Vec::new();
    for (i, (_, text)) in files.iter().enumerate() {
        let input = dir.path().join(format!("input{i}.sec"));
        std::fs::write(&input, text).unwrap();
        let output = dir.path().join(format!("output{i}.txt"));
        // One -c a file: Vim takes at most ten.
        commands.push(format!(
            "edit {} | call Dump('{}')",
            vim_escape(&input),
            output.display()
        ));
    }
    if vim(dir.path(), &root(), &commands).is_none() {
        return;
    }
    let mut problems = Vec::new();
    for (i, (name, text)) in files.iter().enumerate() {
        let dump = std::fs::read_to_string(dir.path().join(format!("output{i}.txt"))).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let dumps: Vec<&str> = dump.lines().collect();
        assert_eq!(
            lines.len(),
            dumps.len(),
            "{name}: vim's dump has another line count"
        );
        for (n, (line, dump)) in lines.iter().zip(dumps).enumerate() {
            let mut groups = vec![""; line.len()];
            for run in dump.split_whitespace() {
                let (range, group) = run.split_once('=').unwrap();
                let (start, end) = range.split_once('-').unwrap();
                let range = start.parse::<usize>().unwrap()..end.parse::<usize>().unwrap();
                groups[range].fill(group);
            }
            let what = format!("{name}:{} (vim)", n + 1);
            let has = |i: usize, cat: Cat| cat.vim_groups().contains(&groups[i]);
            let shown = |i: usize| format!("`{}`", groups[i]);
            problems.extend(check_line(&what, line, &has, &shown));
            if let Some(i) = groups.iter().position(|g| *g == "secError") {
                problems.push(format!("{what}: byte {i} is secError\n    {line:?}"));
            }
        }
    }
    assert_no_problems(&problems);
}

/// Vim detects `*.sec` and sets the comment style, and `:make` (the `secl` compiler) runs `secl
/// check --format short` and fills the quickfix list from it.
#[test]
fn vim_filetype_plugin_and_compiler() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = common::tests_dir().join("fixtures/codes");
    let args = ["--today", "2024-06-01", "unknown_tag.sec", "overlap.sec"];
    let (_, short, _) = common::run(
        &fixtures,
        &[&["check", "--format", "short"], &args[..]].concat(),
    );
    let options = dir.path().join("options.txt");
    let quickfix = dir.path().join("quickfix.txt");
    let commands = [
        format!("edit {}", vim_escape(&root().join("examples/2024-q1.sec"))),
        format!(
            "call writefile([&filetype, &commentstring, &makeprg, b:current_syntax], '{}')",
            options.display()
        ),
        format!("silent make! {}", args.join(" ")),
        format!(
            "call writefile(map(getqflist(), {{_, e -> join([bufname(e.bufnr), e.lnum, e.col, \
             e.type, e.text, e.valid], '|')}}), '{}')",
            quickfix.display()
        ),
    ];
    if vim(dir.path(), &fixtures, &commands).is_none() {
        return;
    }
    let options = std::fs::read_to_string(options).unwrap();
    let options: Vec<&str> = options.lines().collect();
    assert_eq!(options[0], "sec");
    assert_eq!(options[1], "; %s");
    assert!(options[2].starts_with("secl check"), "{options:?}");
    assert_eq!(options[3], "sec");

    let quickfix = std::fs::read_to_string(quickfix).unwrap();
    let entries: Vec<Vec<&str>> = quickfix.lines().map(|l| l.split('|').collect()).collect();
    assert!(short.lines().count() >= 3, "{short}");
    assert_eq!(entries.len(), short.lines().count(), "{quickfix}");
    for (entry, line) in entries.iter().zip(short.lines()) {
        let [file, lnum, col, kind, text, valid] = entry[..] else {
            panic!("{entry:?}");
        };
        assert!(
            line.starts_with(&format!("{file}:{lnum}:{col}: ")),
            "{entry:?} for {line:?}"
        );
        assert_eq!(valid, "1");
        let severity = if kind == "e" { "error" } else { "warning" };
        assert!(
            line.contains(&format!(": {severity}{text}")),
            "{entry:?} for {line:?}"
        );
    }
    assert!(entries.iter().any(|e| e[3] == "w") && entries.iter().any(|e| e[3] == "e"));
}

/// `:make` lands on the problem's first character when non-ASCII text stands before it on the
/// line (Vim's `%c` counts bytes, secl's `short` columns count characters).
#[test]
fn vim_make_lands_on_the_column_after_non_ascii_text() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.sec");
    std::fs::write(
        &journal,
        "alias café = Stratgy\n2024-01-15  1h  Strategy  ; réunion — naïve\n  1h  Straégy\n",
    )
    .unwrap();
    let landed = dir.path().join("landed.txt");
    let commands = [
        "edit j.sec".to_string(),
        "compiler secl".to_string(),
        "silent make! --today 2024-06-01 j.sec".to_string(),
        "let g:landed = []".to_string(),
        "for i in range(1, len(getqflist()))\n  exe 'cc ' . i\n  call add(g:landed, line('.') . ':' . strpart(getline('.'), col('.') - 1))\nendfor"
            .to_string(),
        format!("call writefile(g:landed, '{}')", landed.display()),
    ];
    if vim(dir.path(), dir.path(), &commands).is_none() {
        return;
    }
    let landed = std::fs::read_to_string(landed).unwrap();
    assert_eq!(landed, "1:Stratgy\n3:Straégy\n");
}

#[test]
fn vscode_extension_starts_the_language_server() {
    let manifest = json("editors/vscode/package.json");
    // `vsce package` bundles extension.js and its client library into `main`.
    let main = manifest["main"]
        .as_str()
        .expect("package.json names its main");
    let bundle = manifest["scripts"]["vscode:prepublish"].as_str().unwrap();
    assert!(
        bundle.contains("extension.js") && bundle.contains(main.trim_start_matches("./")),
        "{bundle}"
    );
    assert!(
        manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| main.ends_with(f.as_str().unwrap()))
    );
    let source = std::fs::read_to_string("editors/vscode/extension.js").unwrap();
    assert!(source.contains("vscode-languageclient/node"), "{main}");
    assert!(
        source.contains(r#"args: ["lsp"]"#),
        "{main} starts `secl lsp`"
    );
    assert!(source.contains(r#"get("path")"#), "{main} reads secl.path");
    assert!(manifest["dependencies"]["vscode-languageclient"].is_string());
    let path = &manifest["contributes"]["configuration"]["properties"]["secl.path"];
    assert_eq!(path["default"], "secl");
    // The grammar stays for colours.
    assert!(
        manifest["contributes"]["grammars"]
            .as_array()
            .is_some_and(|g| !g.is_empty())
    );
}
