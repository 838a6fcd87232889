//! Code actions: each fix a diagnostic's help names (`did you mean
//! `X`?`, `write `X``) as a quick fix that replaces what it points at.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, WorkspaceEdit,
};

use super::Doc;
use crate::lsp::diagnostics::convert;

/// The quick fixes for the diagnostics of the document that touch the range.
pub fn actions(doc: &Doc, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
    let Some(file) = doc.file else {
        return Vec::new();
    };
    let journal = &doc.analysis.journal;
    let index = doc.index();
    let wanted = index.span(params.range);
    let mut out = Vec::new();
    for item in journal.diagnostics.iter().filter(|d| d.file == file) {
        if item.span.start > wanted.end || item.span.end < wanted.start {
            continue;
        }
        let Some(help) = &item.help else { continue };
        for fix in fixes(help) {
            let edit = TextEdit::new(index.range(item.span), fix.clone());
            let diagnostic = convert(item, &doc.uri, &index);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace with `{fix}`"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(doc.uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(out.is_empty()),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// The replacements a help names: the quoted items of `did you mean …?`
/// or of `write `X``.
fn fixes(help: &str) -> Vec<String> {
    let Some(rest) = help
        .strip_prefix("did you mean ")
        .or_else(|| help.strip_prefix("write "))
    else {
        return Vec::new();
    };
    let rest = rest.split('?').next().unwrap_or("");
    rest.split('`')
        .skip(1)
        .step_by(2)
        .filter(|fix| !fix.is_empty() && !fix.contains('\n'))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::fixes;

    #[test]
    fn fixes_of_helps() {
        assert_eq!(fixes("did you mean `Strategy`?"), ["Strategy"]);
        assert_eq!(fixes("did you mean `a:b` or `c:b`?"), ["a:b", "c:b"]);
        assert_eq!(fixes("write `1h30m`"), ["1h30m"]);
        assert!(fixes("directives are `tag`").is_empty());
    }
}
