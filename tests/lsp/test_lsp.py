"""`secl lsp` end to end, through pytest-lsp's client."""

import json
import subprocess

from lsprotocol import types

from conftest import ENV, SECL

ROOT_TEXT = """taxonomy sec
alias okr = Strategy:Technology Planning:OKR management
tag Execution:Data & Infrastructure:Vendor audits
include 2024/*.sec
"""

JANUARY = """2024-01-08  ; kickoff #planning
  1h30m  okr  ; draft #q1okr
  1h     Vendor audits
2024-01-09
  2h  okr
"""


def journal(tmp_path, root=ROOT_TEXT, january=JANUARY):
    (tmp_path / "2024").mkdir()
    (tmp_path / "journal.sec").write_text(root)
    (tmp_path / "2024" / "01.sec").write_text(january)
    return tmp_path / "journal.sec", tmp_path / "2024" / "01.sec"


def open_doc(client, path, text=None, uri=None):
    uri = uri or path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="secl",
                version=1,
                text=path.read_text() if text is None else text,
            )
        )
    )
    return uri


def change_doc(client, uri, text, version=2, range=None):
    change = (
        types.TextDocumentContentChangeWholeDocument(text=text)
        if range is None
        else types.TextDocumentContentChangePartial(range=range, text=text)
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[change],
        )
    )


async def sync(client, uri):
    """A request answered after every notification before it: the
    diagnostics published so far have arrived."""
    return await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


def pos(line, character):
    return types.Position(line=line, character=character)


def codes(client, uri):
    return sorted(d.code for d in client.diagnostics.get(uri, []))


BROKEN = """2024-01-02
  1h30 okr
  1h   Stratgy
foo x
"""


async def test_diagnostics_are_those_of_check(client, tmp_path):
    path = tmp_path / "alone.sec"
    path.write_text(BROKEN)
    uri = open_doc(client, path)
    await sync(client, uri)
    got = client.diagnostics[uri]
    check = subprocess.run(
        [SECL, "-f", str(path), "check", "--format", "json"],
        capture_output=True, text=True, env=ENV,
    )
    want = json.loads(check.stdout)["diagnostics"]
    assert [d.code for d in got] == [d["code"] for d in want]
    assert [(d.range.start.line + 1, d.range.start.character + 1) for d in got] == [
        (d["line"], d["column"]) for d in want
    ]
    for lsp, cli in zip(got, want):
        assert lsp.message.startswith(cli["message"])
        assert lsp.severity == types.DiagnosticSeverity.Error
        assert lsp.source == "secl"
        if cli.get("help"):
            assert f"help: {cli['help']}" in lsp.message
            assert lsp.related_information[0].message == f"help: {cli['help']}"
    unknown = [d for d in got if d.code == "secl::unknown_tag"][0]
    assert unknown.range == types.Range(start=pos(2, 7), end=pos(2, 14))


async def test_cleared_when_fixed_and_incremental_changes(client, tmp_path):
    path = tmp_path / "alone.sec"
    path.write_text("taxonomy sec\n2024-01-02\n  1h   Stratgy\n")
    uri = open_doc(client, path)
    await sync(client, uri)
    assert codes(client, uri) == ["secl::unknown_tag"]
    # An incremental edit: insert the missing `e`.
    change_doc(client, uri, "e", range=types.Range(start=pos(2, 12), end=pos(2, 12)))
    await sync(client, uri)
    assert list(client.diagnostics[uri]) == []
    # The file on disk is untouched.
    assert path.read_text() == "taxonomy sec\n2024-01-02\n  1h   Stratgy\n"
    # Closed, and in no open document's journal: its diagnostics go.
    change_doc(client, uri, "bogus\n", version=3)
    await sync(client, uri)
    assert codes(client, uri) == ["secl::syntax"]
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    other = open_doc(client, tmp_path / "other.sec", text="taxonomy sec\n")
    await sync(client, other)
    assert list(client.diagnostics[uri]) == []


async def test_unsaved_alias_in_the_root_resolves_in_another_file(client, tmp_path):
    root, january = journal(tmp_path, january="2024-01-08\n  1h  dev\n")
    month = open_doc(client, january)
    await sync(client, month)
    assert codes(client, month) == ["secl::unknown_tag"]
    root_uri = open_doc(client, root)
    change_doc(client, root_uri, ROOT_TEXT + "alias dev = Execution\n")
    await sync(client, month)
    assert list(client.diagnostics[month]) == []
    # Removing it again (still unsaved) brings the problem back.
    change_doc(client, root_uri, ROOT_TEXT, version=3)
    await sync(client, month)
    assert codes(client, month) == ["secl::unknown_tag"]
    # Closing the root reads it from disk again.
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=root_uri))
    )
    await sync(client, month)
    assert codes(client, month) == ["secl::unknown_tag"]
    assert "alias dev" not in root.read_text()


async def test_a_change_in_one_file_updates_the_others(client, tmp_path):
    root, january = journal(tmp_path)
    root_uri = open_doc(client, root)
    await sync(client, root_uri)
    assert list(client.diagnostics.get(january.as_uri(), [])) == []
    change_doc(client, root_uri, ROOT_TEXT.replace("alias okr", "alias okrs"))
    await sync(client, root_uri)
    assert codes(client, january.as_uri()) == ["secl::unknown_tag", "secl::unknown_tag"]


async def test_completion(client, tmp_path):
    root, january = journal(tmp_path)
    text = JANUARY + "  1h  techpl"
    uri = open_doc(client, january, text)

    async def labels(line, character):
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=pos(line, character),
            )
        )
        items = result.items if hasattr(result, "items") else result
        return {item.label: item for item in items}

    fuzzy = await labels(5, 12)
    assert "Strategy:Technology Planning" in fuzzy
    assert fuzzy["Strategy:Technology Planning"].detail == "Strategy:Technology Planning"
    edit = fuzzy["Strategy:Technology Planning"].text_edit
    assert edit.range == types.Range(start=pos(5, 6), end=pos(5, 12))
    change_doc(client, uri, JANUARY + "  1h  ")
    every = await labels(5, 6)
    assert every["okr"].detail == "Strategy:Technology Planning:OKR management"
    assert every["OKR management"].detail == "Strategy:Technology Planning:OKR management"
    assert "Execution:Data & Infrastructure:Vendor audits" in every
    assert "Vendor audits" in every
    change_doc(client, uri, JANUARY + "al", version=3)
    keywords = await labels(5, 2)
    assert "alias" in keywords and "Strategy" not in keywords
    change_doc(client, uri, JANUARY + "  1h  okr  ; #", version=4)
    hashtags = await labels(5, 14)
    assert set(hashtags) == {"#q1okr", "#planning"}
    change_doc(client, uri, JANUARY + "  1h  okr  ; #q", version=6)
    assert set(await labels(5, 15)) == {"#q1okr"}
    change_doc(client, uri, JANUARY + "target Vend", version=5)
    target = await labels(5, 11)
    assert "Vendor audits" in target


async def test_hover(client, tmp_path):
    root, january = journal(tmp_path)
    uri = open_doc(client, january)
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos(1, 10))
    )
    value = result.contents.value
    assert "Strategy:Technology Planning:OKR management" in value
    assert "`okr`" in value
    # SECL_TODAY is 2024-01-10: the week of Jan 8 holds all 3h30m of okr.
    assert "this week 3h30m" in value
    assert "this month 3h30m" in value
    assert "in all 3h30m" in value
    # A journal with errors still counts the entries that resolve.
    change_doc(client, uri, JANUARY + "  1h  Stratgy\nbogus line\n")
    await sync(client, uri)
    assert codes(client, uri) == ["secl::syntax", "secl::unknown_tag"]
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos(4, 7))
    )
    assert "in all 3h30m" in result.contents.value


async def test_definition(client, tmp_path):
    root, january = journal(tmp_path)
    uri = open_doc(client, january)

    async def where(line, character, doc=uri):
        result = await client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=doc), position=pos(line, character)
            )
        )
        return [(l.uri, l.range.start.line) for l in result]

    # The alias: its `alias` line in the root.
    assert await where(1, 10) == [(root.as_uri(), 1)]
    # A node declared by `tag`: that line.
    assert await where(2, 10) == [(root.as_uri(), 2)]
    # An include: the files it names.
    root_uri = open_doc(client, root)
    assert await where(3, 10, root_uri) == [(january.as_uri(), 0)]


async def test_definition_in_a_taxonomy_file(client, tmp_path):
    (tmp_path / "work.taxonomy").write_text("Build\n  Backend\n  Frontend\nRun\n")
    path = tmp_path / "journal.sec"
    path.write_text("taxonomy work.taxonomy\n2024-01-02\n  1h  Frontend\n")
    uri = open_doc(client, path)
    result = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos(2, 7))
    )
    assert [(l.uri, l.range.start.line, l.range.start.character) for l in result] == [
        ((tmp_path / "work.taxonomy").as_uri(), 2, 2)
    ]


async def test_formatting_is_fmt_of_the_buffer(client, tmp_path):
    path = tmp_path / "journal.sec"
    messy = "taxonomy sec\n2024-01-02\n    1h30m   Strategy ; a\n  2h Culture\n"
    path.write_text("taxonomy sec\n")
    uri = open_doc(client, path, messy)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    lines = messy.split("\n")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = sum(len(l) + 1 for l in lines[: edit.range.start.line]) + edit.range.start.character
        end = sum(len(l) + 1 for l in lines[: edit.range.end.line]) + edit.range.end.character
        messy_text = "\n".join(lines)
        lines = (messy_text[:start] + edit.new_text + messy_text[end:]).split("\n")
    fmt = subprocess.run([SECL, "fmt", "-"], input=messy, capture_output=True, text=True, env=ENV)
    assert "\n".join(lines) == fmt.stdout
    assert path.read_text() == "taxonomy sec\n"


async def test_code_actions_are_the_did_you_means(client, tmp_path):
    path = tmp_path / "alone.sec"
    path.write_text("taxonomy sec\n2024-01-02\n  1h30 Strategy\n  1h   Stratgy\n")
    uri = open_doc(client, path)
    await sync(client, uri)

    async def fixes(line):
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=pos(line, 0), end=pos(line, 20)),
                context=types.CodeActionContext(diagnostics=client.diagnostics[uri]),
            )
        )
        return [
            (a.kind, a.edit.changes[uri][0].new_text, a.edit.changes[uri][0].range.start.character)
            for a in actions
        ]

    assert fixes and await fixes(3) == [(types.CodeActionKind.QuickFix, "Strategy", 7)]
    assert await fixes(2) == [(types.CodeActionKind.QuickFix, "1h30m", 2)]


async def test_inlay_hints_are_day_totals(client, tmp_path):
    root, january = journal(tmp_path)
    uri = open_doc(client, january)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=pos(0, 0), end=pos(10, 0)),
        )
    )
    assert [(h.position.line, h.label) for h in hints] == [(0, "2h30m"), (3, "2h")]
    assert hints[0].position.character == len("2024-01-08  ; kickoff #planning")


async def test_document_symbols(client, tmp_path):
    root, january = journal(tmp_path)
    uri = open_doc(client, root)
    symbols = await sync(client, uri)
    assert [s.name for s in symbols] == [
        "taxonomy sec",
        "alias okr = Strategy:Technology Planning:OKR management",
        "tag Execution:Data & Infrastructure:Vendor audits",
        "include 2024/*.sec",
    ]
    days = await sync(client, open_doc(client, january))
    assert [(s.name, s.kind, s.range.start.line, s.range.end.line) for s in days] == [
        ("2024-01-08", types.SymbolKind.Namespace, 0, 2),
        ("2024-01-09", types.SymbolKind.Namespace, 3, 4),
    ]


NON_ASCII = "taxonomy sec\n2024-01-02  ; café ☕ 𝄞\n  1h  Stratégie𝄞x  ; ok\n"


async def non_ascii(client, tmp_path, end):
    """The unknown tag after non-ASCII text ends at `end` (in the
    negotiated encoding); an edit of that range in the same encoding
    replaces exactly the tag."""
    path = tmp_path / "u.sec"
    path.write_text(NON_ASCII)
    uri = open_doc(client, path)
    await sync(client, uri)
    [d] = client.diagnostics[uri]
    assert d.range == types.Range(start=pos(2, 6), end=pos(2, end))
    change_doc(client, uri, "Strategy", range=d.range)
    await sync(client, uri)
    assert list(client.diagnostics[uri]) == []


async def test_utf16_positions(client, tmp_path):
    assert client.init_result.capabilities.position_encoding in (None, "utf-16")
    # Stratégie𝄞x: 9 + 2 + 1 UTF-16 units.
    await non_ascii(client, tmp_path, 6 + 12)


async def test_utf8_positions(client8, tmp_path):
    assert client8.init_result.capabilities.position_encoding == "utf-8"
    # Stratégie𝄞x: 10 + 4 + 1 bytes.
    await non_ascii(client8, tmp_path, 6 + 15)


async def test_a_buffer_outside_any_journal(client, tmp_path):
    uri = "untitled:Untitled-1"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="secl", version=1, text="taxonomy sec\n2024-01-02\n  1h  Stratgy\n"
            )
        )
    )
    await sync(client, uri)
    assert codes(client, uri) == ["secl::unknown_tag"]


async def test_a_file_changed_on_disk_is_read_again(client, tmp_path):
    root, january = journal(tmp_path)
    root_uri = open_doc(client, root)
    await sync(client, root_uri)
    assert [r.method for r in client.registrations] == ["workspace/didChangeWatchedFiles"]
    assert list(client.diagnostics.get(january.as_uri(), [])) == []
    january.write_text(JANUARY + "  1h  Stratgy\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=january.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await sync(client, root_uri)
    assert codes(client, january.as_uri()) == ["secl::unknown_tag"]
