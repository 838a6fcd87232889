//! The rules file of `secl import`: which calendar events become entries,
//! under which tag. One rule a line, first match wins (grammar.md, "Calendar
//! import"):
//!
//! ```text
//! skip     (?i)lunch|focus time
//! match    "(?i)\bboard\b"   Strategy:Stakeholder Management:Board communications
//! default  Execution
//! me       me@example.com
//! ```

use regex::Regex;

use crate::diag::{Code, Diagnostic, nearest_keyword};
use crate::journal::Resolved;
use crate::resolve::Resolver;
use crate::source::Span;

/// The keywords of a rules file.
pub const KEYWORDS: [&str; 4] = ["skip", "match", "default", "me"];

/// A parsed rules file.
#[derive(Debug, Default)]
pub struct Rules {
    /// `skip` and `match` rules, in file order.
    pub rules: Vec<Rule>,
    /// The `default` tag, as written.
    pub default: Option<String>,
    /// The user's addresses (`me`), lower case, without `mailto:`.
    pub me: Vec<String>,
}

/// One `skip` or `match` line.
#[derive(Debug)]
pub struct Rule {
    /// Matched against the SUMMARY.
    pub regex: Regex,
    /// `None` for `skip`; the tag as written for `match`.
    pub tag: Option<String>,
}

/// What the rules make of a summary.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict<'r> {
    /// A `skip` rule matched.
    Skip,
    /// A `match` rule, or the default, tags it.
    Tag(&'r str),
    /// Nothing matched and there is no default.
    Unmatched,
}

/// A problem of the rules file, with the code it is reported under.
#[derive(Debug)]
pub struct RuleProblem {
    /// `secl::rules_syntax`, `secl::unknown_tag` or `secl::ambiguous_tag`.
    pub code: &'static str,
    /// Where and what (its `code` field is only a stand-in).
    pub diagnostic: Diagnostic,
}

impl Rules {
    /// The verdict on one summary.
    pub fn verdict(&self, summary: &str) -> Verdict<'_> {
        for rule in &self.rules {
            if rule.regex.is_match(summary) {
                return match &rule.tag {
                    None => Verdict::Skip,
                    Some(tag) => Verdict::Tag(tag),
                };
            }
        }
        match &self.default {
            Some(tag) => Verdict::Tag(tag),
            None => Verdict::Unmatched,
        }
    }

    /// Whether `address` (an attendee's, lower case) is the user's.
    pub fn is_me(&self, address: &str) -> bool {
        self.me.iter().any(|me| me == address)
    }
}

/// Parses a rules file, resolving its tags with `resolver`; every problem
/// of the file is returned.
pub fn parse(text: &str, resolver: &Resolver) -> Result<Rules, Vec<RuleProblem>> {
    let mut rules = Rules::default();
    let mut problems = Vec::new();
    let mut default_at: Option<Span> = None;
    for (start, line) in crate::parse::lines(text) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with([';', '#']) {
            continue;
        }
        let base = start + (line.len() - trimmed.len());
        let trimmed = trimmed.trim_end();
        let keyword_len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let keyword = &trimmed[..keyword_len];
        let rest_raw = &trimmed[keyword_len..];
        let rest = rest_raw.trim_start();
        let rest_at = base + keyword_len + (rest_raw.len() - rest.len());
        let at = |from: usize, len: usize| span(from, from + len.max(1));
        let mut syntax = |span: Span, message: String, label: &str, help: &str| {
            problems.push(RuleProblem {
                code: "secl::rules_syntax",
                diagnostic: Diagnostic::new(Code::Syntax, 0, span, message, label).with_help(help),
            });
        };
        match keyword {
            "skip" | "match" => {
                let Some((pattern, pattern_len, after)) = regex_word(rest, keyword == "skip")
                else {
                    syntax(
                        at(rest_at, rest.len()),
                        format!("unterminated quoted regex in `{keyword}`"),
                        "no closing `\"`",
                        "end the regex with `\"`; write a quote inside it as `\\\"`",
                    );
                    continue;
                };
                if pattern.is_empty() {
                    syntax(
                        at(base, keyword_len),
                        format!("`{keyword}` needs a regex"),
                        "no regex",
                        if keyword == "skip" {
                            "write `skip REGEX`, e.g. `skip (?i)lunch`"
                        } else {
                            "write `match REGEX TAG`, e.g. `match (?i)1:1 Technical mentorship`"
                        },
                    );
                    continue;
                }
                let regex = match Regex::new(&pattern) {
                    Ok(regex) => Some(regex),
                    Err(err) => {
                        syntax(
                            at(rest_at, pattern_len),
                            format!("invalid regex: {}", one_line(&err.to_string())),
                            "not a valid regex",
                            "see https://docs.rs/regex/latest/regex/#syntax; quote a regex with blanks: \"a b\"",
                        );
                        None
                    }
                };
                let tag_raw = &rest[pattern_len..];
                let tag = tag_raw.trim();
                let tag_at = rest_at + pattern_len + (tag_raw.len() - tag_raw.trim_start().len());
                let tag = if keyword == "skip" {
                    if !after.trim().is_empty() {
                        syntax(
                            at(tag_at, tag.len()),
                            "`skip` takes a regex only".into(),
                            "after the quoted regex",
                            "remove it, or put it inside the quotes",
                        );
                        continue;
                    }
                    None
                } else if tag.is_empty() {
                    syntax(
                        at(base, trimmed.len()),
                        "`match` needs a tag after its regex".into(),
                        "no tag",
                        "write `match REGEX TAG`; quote a regex with blanks: \"one on one\"",
                    );
                    continue;
                } else if resolve(resolver, tag, at(tag_at, tag.len()), &mut problems) {
                    Some(tag.to_string())
                } else {
                    continue;
                };
                if let Some(regex) = regex {
                    rules.rules.push(Rule { regex, tag });
                }
            }
            "default" => {
                if rest.is_empty() {
                    syntax(
                        at(base, keyword_len),
                        "`default` needs a tag".into(),
                        "no tag",
                        "write `default TAG`, e.g. `default Execution`",
                    );
                    continue;
                }
                if let Some(first) = default_at {
                    problems.push(RuleProblem {
                        code: "secl::rules_syntax",
                        diagnostic: Diagnostic::new(
                            Code::Syntax,
                            0,
                            at(base, trimmed.len()),
                            "a second `default`",
                            "another default",
                        )
                        .with_related(first, "the first default")
                        .with_help("keep one `default` line"),
                    });
                    continue;
                }
                default_at = Some(at(base, trimmed.len()));
                if resolve(resolver, rest, at(rest_at, rest.len()), &mut problems) {
                    rules.default = Some(rest.to_string());
                }
            }
            "me" => {
                let address = rest
                    .strip_prefix("mailto:")
                    .or_else(|| rest.strip_prefix("MAILTO:"))
                    .unwrap_or(rest);
                if address.is_empty() || address.contains(char::is_whitespace) {
                    syntax(
                        at(base, trimmed.len()),
                        "`me` needs one address".into(),
                        "no single address",
                        "write `me you@example.com`, the address your calendar invites",
                    );
                    continue;
                }
                rules.me.push(address.to_lowercase());
            }
            _ => {
                let nearest = nearest_keyword(keyword, KEYWORDS);
                let help = match nearest {
                    Some(k) => format!("did you mean `{k}`? A rule starts with skip, match, default or me"),
                    None => "a rule starts with skip, match, default or me; comments start with `;` or `#`".into(),
                };
                syntax(
                    at(base, keyword_len),
                    format!("unknown rule keyword `{keyword}`"),
                    "not a keyword",
                    &help,
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(problems)
    }
}

/// The regex at the start of `rest`: a `"quoted"` string (with `\"` a
/// quote), else one whitespace-free word — or, for `skip` (`whole`), the
/// rest of the line. Returns the regex, the bytes it takes, and what
/// follows; `None` for an unterminated quote.
fn regex_word(rest: &str, whole: bool) -> Option<(String, usize, &str)> {
    if let Some(body) = rest.strip_prefix('"') {
        let mut pattern = String::new();
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, '"')) => pattern.push('"'),
                    Some((_, other)) => {
                        pattern.push('\\');
                        pattern.push(other);
                    }
                    None => pattern.push('\\'),
                },
                '"' => return Some((pattern, i + 2, &body[i + 1..])),
                c => pattern.push(c),
            }
        }
        return None;
    }
    let len = if whole {
        rest.len()
    } else {
        rest.find(char::is_whitespace).unwrap_or(rest.len())
    };
    Some((rest[..len].to_string(), len, &rest[len..]))
}

/// Resolves a tag; a problem is pushed when it names no single node.
fn resolve(resolver: &Resolver, tag: &str, at: Span, problems: &mut Vec<RuleProblem>) -> bool {
    match Resolved::from(resolver, tag, "tag") {
        Resolved::Node(_) => true,
        Resolved::Silent => {
            problems.push(RuleProblem {
                code: "secl::unknown_tag",
                diagnostic: Diagnostic::new(
                    Code::UnknownTag,
                    0,
                    at,
                    format!("tag `{tag}` goes through a broken alias"),
                    "broken alias",
                )
                .with_help("run `secl check` to see the alias's problem"),
            });
            false
        }
        Resolved::Problem(problem) => {
            problems.push(RuleProblem {
                code: problem.code.as_str(),
                diagnostic: problem.at(0, at),
            });
            false
        }
    }
}

fn span(start: usize, end: usize) -> Span {
    Span {
        start: start as u32,
        end: end as u32,
    }
}

/// An error message on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_regexes_keep_their_escapes_but_unquote_quotes() {
        assert_eq!(
            regex_word(r#""say \"hi\" \bnow" Tag"#, false),
            Some((r#"say "hi" \bnow"#.to_string(), 18, " Tag"))
        );
        assert_eq!(regex_word("a|b c", false), Some(("a|b".into(), 3, " c")));
        assert_eq!(
            regex_word("focus time|lunch", true),
            Some(("focus time|lunch".into(), 16, ""))
        );
        assert_eq!(regex_word(r#""open"#, false), None);
    }

    #[test]
    fn first_match_wins_then_the_default() {
        let taxonomy = crate::taxonomy::Taxonomy::builtin("sec").unwrap();
        let resolver = Resolver::new(&taxonomy);
        let text = "skip (?i)lunch\n# comment\n\nmatch (?i)sync Culture ; a tag\nme MAILTO:Me@Example.com\n";
        let problems = parse(text, &resolver).unwrap_err();
        // A `;` inside a rule belongs to it: here, to the tag.
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "secl::unknown_tag");
        let text =
            "skip (?i)lunch\nmatch (?i)sync Culture\ndefault Strategy\nme MAILTO:Me@Example.com\n";
        let rules = parse(text, &resolver).unwrap();
        assert_eq!(rules.verdict("Team lunch sync"), Verdict::Skip);
        assert_eq!(rules.verdict("Weekly sync"), Verdict::Tag("Culture"));
        assert_eq!(rules.verdict("Standup"), Verdict::Tag("Strategy"));
        assert!(rules.is_me("me@example.com"));
    }
}
