//! Completion: tags wherever a tag stands (full paths, aliases, the
//! shortest unique suffix of each path), fuzzy-matched on what is typed;
//! directive keywords at a line's start; after `#` in a note, the hashtags
//! the journal already uses.

use std::collections::BTreeSet;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    TextEdit,
};

use super::Doc;
use super::site::line_at;
use crate::parse::hashtags;
use crate::parse::line::DIRECTIVES;
use crate::resolve::{AliasTarget, Resolution};
use crate::source::Span;
use crate::taxonomy::fold_path;

/// What is being typed at the cursor.
#[derive(Debug, PartialEq, Eq)]
enum Context {
    Tag(usize),
    Keyword(usize),
    Hashtag(usize),
}

/// The completion items at the cursor.
pub fn complete(doc: &Doc, params: CompletionParams) -> CompletionResponse {
    let index = doc.index();
    let offset = index.offset(params.text_document_position.position);
    let Some(context) = context(&doc.text, offset) else {
        return CompletionResponse::Array(Vec::new());
    };
    let (start, candidates) = match context {
        Context::Tag(start) => (start, tags(doc)),
        Context::Keyword(start) => (
            start,
            DIRECTIVES
                .iter()
                .map(|k| candidate(k, "directive", CompletionItemKind::KEYWORD))
                .collect(),
        ),
        Context::Hashtag(start) => (start, hashtag_items(doc, &doc.text[start..offset])),
    };
    let typed = &doc.text[start..offset];
    let range = index.range(Span::new(start, offset));
    let mut scored: Vec<(u32, CompletionItem)> = candidates
        .into_iter()
        .filter_map(|item| Some((score(&item.label, typed)?, item)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.label.cmp(&b.1.label)));
    let items = scored
        .into_iter()
        .enumerate()
        .map(|(rank, (_, mut item))| {
            item.sort_text = Some(format!("{rank:05}"));
            item.filter_text = Some(typed.to_string() + &item.label);
            item.text_edit = Some(CompletionTextEdit::Edit(TextEdit::new(
                range,
                item.label.clone(),
            )));
            item
        })
        .collect();
    CompletionResponse::Array(items)
}

fn candidate(label: &str, detail: &str, kind: CompletionItemKind) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        detail: Some(detail.to_string()),
        kind: Some(kind),
        ..CompletionItem::default()
    }
}

/// Every tag that can be written: each node's full path, each alias, and
/// the shortest run of trailing segments that names each node alone; the
/// detail is the canonical path.
fn tags(doc: &Doc) -> Vec<CompletionItem> {
    let journal = &doc.analysis.journal;
    let taxonomy = &journal.taxonomy;
    let resolver = journal.resolver();
    let mut items = Vec::new();
    for id in taxonomy.preorder() {
        let path = taxonomy.path(id);
        let segments: Vec<&str> = path.split(':').collect();
        for k in 1..segments.len() {
            let suffix = segments[segments.len() - k..].join(":");
            if resolver.lookup(&fold_path(&suffix)) == Resolution::Node(id) {
                items.push(candidate(&suffix, &path, CompletionItemKind::VALUE));
                break;
            }
        }
        items.push(candidate(&path, &path, CompletionItemKind::CLASS));
    }
    for (name, target) in &journal.aliases {
        if let AliasTarget::Node(node) = target {
            let path = taxonomy.path(*node);
            items.push(candidate(name, &path, CompletionItemKind::REFERENCE));
        }
    }
    items
}

/// The hashtags in the journal's notes (the document's included), but
/// the one being typed.
fn hashtag_items(doc: &Doc, typed: &str) -> Vec<CompletionItem> {
    let journal = &doc.analysis.journal;
    let mut seen = BTreeSet::new();
    for i in 0..journal.notes.len() {
        seen.extend(hashtags(journal.note(i)).map(str::to_string));
        seen.extend(hashtags(journal.day_note(i)).map(str::to_string));
    }
    seen.remove(typed.trim_start_matches('#'));
    seen.into_iter()
        .map(|tag| {
            let label = match tag.starts_with('#') {
                true => tag,
                false => format!("#{tag}"),
            };
            candidate(&label, "hashtag", CompletionItemKind::KEYWORD)
        })
        .collect()
}

/// Where what is being typed at `offset` starts, and what it is.
fn context(text: &str, offset: usize) -> Option<Context> {
    if !text.is_char_boundary(offset) {
        return None;
    }
    let (start, line) = line_at(text, offset);
    let before = &line[..(offset - start).min(line.len())];
    if let Some(semicolon) = before.find(';') {
        // A note or a comment: only a hashtag.
        let word = before.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let word = word.max(semicolon + 1);
        return before[word..]
            .starts_with('#')
            .then_some(Context::Hashtag(start + word));
    }
    let words: Vec<(usize, &str)> = words(before);
    let first = before.chars().next()?;
    if first == '#' {
        return None;
    }
    if first.is_whitespace() {
        // An entry: DURATION  TAG.
        let (at, _) = *words.get(1)?;
        return Some(Context::Tag(start + at));
    }
    if first.is_ascii_digit() {
        // A day header with an entry: DATE  DURATION  TAG.
        let (at, _) = *words.get(2)?;
        return Some(Context::Tag(start + at));
    }
    if words.len() == 1 && !before.ends_with(char::is_whitespace) {
        return Some(Context::Keyword(start));
    }
    match words.first()?.1 {
        "alias" => {
            let equals = before.find('=')?;
            let after = before[equals + 1..].len() - before[equals + 1..].trim_start().len();
            Some(Context::Tag(start + equals + 1 + after))
        }
        "target" | "tag" => {
            let (at, _) = *words.get(1).or(Some(&(before.len(), "")))?;
            let rest = &before[at..];
            // Past the tag (two blanks before a target's range): nothing.
            (!rest.contains("  ") && !rest.contains('\t')).then_some(Context::Tag(start + at))
        }
        _ => None,
    }
}

/// The blank-separated words of a line, with their offsets.
fn words(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut word_start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), word_start) {
            (true, Some(s)) => {
                out.push((s, &line[s..i]));
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = word_start {
        out.push((s, &line[s..]));
    } else if line.ends_with(char::is_whitespace) {
        out.push((line.len(), ""));
    }
    out
}

/// How well `label` matches what was typed: `None` unless every typed
/// character appears in order (case-insensitive); higher for a prefix, for
/// characters in a row and at word starts.
fn score(label: &str, typed: &str) -> Option<u32> {
    let label_lower: Vec<char> = label.chars().flat_map(char::to_lowercase).collect();
    let typed_lower: Vec<char> = typed
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut score = 1000u32;
    let mut at = 0;
    let mut previous: Option<usize> = None;
    for c in typed_lower {
        let found = label_lower[at..].iter().position(|&l| l == c)? + at;
        if previous.is_some_and(|p| p + 1 == found) {
            score += 8;
        }
        if found == 0 || matches!(label_lower[found - 1], ' ' | ':' | '-' | '&') {
            score += 5;
        }
        previous = Some(found);
        at = found + 1;
    }
    let prefix: String = typed.to_lowercase();
    if label.to_lowercase().starts_with(&prefix) {
        score += 100;
    }
    Some(score.saturating_sub(label_lower.len() as u32 / 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts() {
        let text =
            "  1h30m  Str\n2024-01-02  2h  okr\nali\nalias x = Exe\ntarget Cul\n  1h  x ; #inc\n";
        let at = |needle: &str| text.find(needle).unwrap() + needle.len();
        assert_eq!(context(text, at("Str")), Some(Context::Tag(9)));
        assert_eq!(context(text, at("2h  okr")), Some(Context::Tag(at("2h  "))));
        assert_eq!(
            context(text, at("ali")),
            Some(Context::Keyword(at("okr\n")))
        );
        assert_eq!(context(text, at("= Exe")), Some(Context::Tag(at("= "))));
        assert_eq!(
            context(text, at("target Cul")),
            Some(Context::Tag(at("target ")))
        );
        assert_eq!(context(text, at("#inc")), Some(Context::Hashtag(at("; "))));
        assert_eq!(context(text, at("  1h3")), None);
    }

    #[test]
    fn fuzzy_scores() {
        assert!(score("Strategy:Technology Planning", "stp").is_some());
        assert!(score("Strategy", "xs").is_none());
        assert!(score("okr", "ok") > score("Strategy:Technology Planning:OKR management", "ok"));
    }
}
