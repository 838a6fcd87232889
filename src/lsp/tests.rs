//! Random edits and requests driven through the server in-process: no
//! handler panics, every request is answered, no file is written.

use clap::Parser;
use lsp_server::{Message, Notification, Request, RequestId};
use proptest::prelude::*;
use serde_json::{Value, json};

use super::{Encoding, Server};
use crate::app::App;
use crate::cli::Cli;

const ROOT: &str =
    "taxonomy sec\nalias okr = Strategy:Technology Planning:OKR management\ninclude 2024/*.sec\n";
const MONTH: &str = "2024-01-08  ; kickoff #plan\n  1h30m  okr  ; draft\n  9:00-10:30  Strategy\n";

/// Pieces edits are made of: journal syntax, blanks, line endings,
/// non-ASCII text of every UTF-8 length.
const PIECES: &[&str] = &[
    "2024-01-0",
    "2024-13-45",
    "  ",
    "\t",
    "1h",
    "30m",
    "9:00-?",
    "-",
    "okr",
    "Strategy:",
    "alias ",
    " = ",
    "include ",
    "*.sec",
    "../",
    "tag ",
    "target ",
    "20%..",
    "taxonomy ",
    ";",
    "#",
    "é",
    "☕",
    "𝄞",
    "\n",
    "\r\n",
    "\u{FEFF}",
    "\u{0}",
    "x",
];

#[derive(Clone, Debug)]
enum Op {
    Edit {
        doc: usize,
        range: [u32; 4],
        text: String,
    },
    Replace {
        doc: usize,
        text: String,
    },
    Save(usize),
    Close(usize),
    Open(usize),
    Ask {
        doc: usize,
        method: usize,
        line: u32,
        character: u32,
    },
}

const METHODS: &[&str] = &[
    "textDocument/completion",
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/formatting",
    "textDocument/codeAction",
    "textDocument/inlayHint",
    "textDocument/documentSymbol",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..8).prop_map(|p| p.concat())
}

fn op() -> impl Strategy<Value = Op> {
    let doc = 0..3usize;
    prop_oneof![
        4 => (doc.clone(), [0..6u32, 0..30u32, 0..6u32, 0..30u32], text())
            .prop_map(|(doc, range, text)| Op::Edit { doc, range, text }),
        1 => (doc.clone(), text()).prop_map(|(doc, text)| Op::Replace { doc, text }),
        1 => doc.clone().prop_map(Op::Save),
        1 => doc.clone().prop_map(Op::Close),
        1 => doc.clone().prop_map(Op::Open),
        4 => (doc, 0..METHODS.len(), 0..6u32, 0..30u32)
            .prop_map(|(doc, method, line, character)| Op::Ask { doc, method, line, character }),
    ]
}

fn note(method: &str, params: Value) -> Notification {
    Notification::new(method.to_string(), params)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_edits_never_panic(utf8: bool, ops in prop::collection::vec(op(), 1..25)) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("2024")).unwrap();
        std::fs::write(dir.path().join("journal.sec"), ROOT).unwrap();
        std::fs::write(dir.path().join("2024/01.sec"), MONTH).unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        let uris = [
            super::uri::from_path(&base.join("journal.sec")).unwrap(),
            super::uri::from_path(&base.join("2024/01.sec")).unwrap(),
            "untitled:Untitled-1".parse().unwrap(),
        ];
        let cli = Cli::try_parse_from(["secl", "lsp"]).unwrap();
        let app = App::new(&cli.global).unwrap();
        let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        let mut server = Server::new(&app, encoding);
        let open = |server: &mut Server, doc: usize| {
            let text = std::fs::read_to_string(base.join(["journal.sec", "2024/01.sec", "x"][doc])).unwrap_or_default();
            server.notify(note("textDocument/didOpen", json!({
                "textDocument": {"uri": uris[doc], "languageId": "secl", "version": 1, "text": text}
            })));
        };
        for doc in 0..3 {
            open(&mut server, doc);
        }
        for (i, op) in ops.into_iter().enumerate() {
            match op {
                Op::Edit { doc, range: [l1, c1, l2, c2], text } => {
                    server.notify(note("textDocument/didChange", json!({
                        "textDocument": {"uri": uris[doc], "version": i + 2},
                        "contentChanges": [{"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": text}]
                    })));
                }
                Op::Replace { doc, text } => {
                    server.notify(note("textDocument/didChange", json!({
                        "textDocument": {"uri": uris[doc], "version": i + 2},
                        "contentChanges": [{"text": text}]
                    })));
                }
                Op::Save(doc) => {
                    server.notify(note("textDocument/didSave", json!({"textDocument": {"uri": uris[doc]}})));
                }
                Op::Close(doc) => {
                    server.notify(note("textDocument/didClose", json!({"textDocument": {"uri": uris[doc]}})));
                }
                Op::Open(doc) => open(&mut server, doc),
                Op::Ask { doc, method, line, character } => {
                    let position = json!({"line": line, "character": character});
                    let range = json!({"start": position, "end": {"line": line + 2, "character": 0}});
                    let mut params = json!({
                        "textDocument": {"uri": uris[doc]},
                        "position": position,
                        "range": range,
                        "options": {"tabSize": 2, "insertSpaces": true},
                    });
                    params["context"] = match METHODS[method] {
                        "textDocument/codeAction" => json!({"diagnostics": []}),
                        _ => json!({"triggerKind": 1}),
                    };
                    let response = server.request(Request::new(RequestId::from(i as i32), METHODS[method].into(), params));
                    let failed = response.response_result.err().map(|e| e.message);
                    prop_assert!(failed.is_none(), "{} failed: {:?}", METHODS[method], failed);
                }
            }
            prop_assert_eq!(server.panics, 0);
        }
        // Nothing was written.
        prop_assert_eq!(std::fs::read_to_string(base.join("journal.sec")).unwrap(), ROOT);
        prop_assert_eq!(std::fs::read_to_string(base.join("2024/01.sec")).unwrap(), MONTH);
        let _ = Message::Notification(note("exit", Value::Null));
    }
}
