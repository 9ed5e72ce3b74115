"""`plan lsp` driven end to end over stdio by pytest-lsp (a client that is not ours):
open a plan with Chinese names, see its findings, fix it, see them go; hover, jump,
find references, complete, list symbols, format and rename."""

import urllib.parse

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import (
    BROKEN,
    FIX,
    FIX_LINE,
    initialize,
    open_document,
    plan_binary,
    position,
    position_of,
)

# Editors percent-encode the path of a URI, Chinese file names included.
URI = "file:///tmp/plan-lsp-tests/" + urllib.parse.quote("安居区2025.plan")


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[plan_binary(), "lsp"]),
)
async def client(lsp_client: LanguageClient):
    await initialize(lsp_client, lang="zh")
    yield
    await lsp_client.shutdown_session()


async def open_plan(client: LanguageClient, text: str = BROKEN):
    return await open_document(client, URI, text)


def pos(needle: str, nth: int = 0, text: str = BROKEN, delta: int = 0):
    return position(text, needle, nth, delta)


async def test_findings_appear_and_go_after_an_edit(client: LanguageClient):
    found = await open_plan(client)
    assert [d.code for d in found] == ["O101"]
    o101 = found[0]
    # The finding is on the measure's id; the message is in Chinese (initializationOptions).
    assert o101.range.start == pos("粮食")
    assert o101.severity == types.DiagnosticSeverity.Error
    assert any("\u4e00" <= c <= "\u9fff" for c in o101.message)

    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=FIX_LINE, character=0),
                        end=types.Position(line=FIX_LINE, character=0),
                    ),
                    text=FIX,
                )
            ],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert not client.diagnostics[URI]

    # Break it again with an edit after the emoji: an unknown owner, with a suggestion.
    line, character = position_of(BROKEN, "经信局", 2)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=3),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=line, character=character),
                        end=types.Position(line=line, character=character + 3),
                    ),
                    text="经信",
                )
            ],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    codes = [d.code for d in client.diagnostics[URI]]
    assert "O102" in codes


async def test_hover_owner_metric_and_target(client: LanguageClient):
    await open_plan(client)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos("经信局", 2, delta=1),
        )
    )
    assert "遂宁市安居区经济和信息化局" in hover.contents.value
    assert "区经信局" in hover.contents.value

    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos("350"),
        )
    )
    assert "35000000000" in hover.contents.value
    assert "2025-12-31" in hover.contents.value

    # On the finding: the code's explanation.
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos("粮食", delta=1),
        )
    )
    assert "O101" in hover.contents.value


async def test_definition_and_references(client: LanguageClient):
    await open_plan(client)
    # `after 新型工业化` → the measure's id.
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos("新型工业化", 2, delta=2),
        )
    )
    assert found.uri == URI
    assert found.range.start == pos("新型工业化")

    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos("规上工业总产值"),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert sorted(r.range.start.line for r in refs) == [11, 15]


async def test_completion_of_owners_units_and_keywords(client: LanguageClient):
    await open_plan(client)
    text = BROKEN.replace("  after 新型工业化\n", "  after 新型工业化\n  owner \n")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    # The half-typed line is a syntax error, and completion still knows the owners.
    assert [d.code for d in client.diagnostics[URI]] == ["P001"]
    items = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos("  owner \n", text=text, delta=8),
        )
    )
    labels = [i.label for i in items]
    assert "发改局" in labels and "经信局" in labels

    items = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos("350", text=text, delta=3),
        )
    )
    assert "亿元" in [i.label for i in items]


async def test_symbols_formatting_and_rename(client: LanguageClient):
    messy = BROKEN.replace("  owner 经信局\n", "owner   经信局 # 牵头\n").replace(">= 350", "≥ 350")
    await open_plan(client, messy)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    assert [s.name for s in symbols] == ["owners", "规上工业总产值", "新型工业化", "粮食"]

    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert len(edits) == 1
    assert "  owner 经信局 # 牵头\n" in edits[0].new_text
    assert ">= 350 亿元" in edits[0].new_text

    rename = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos("经信局", 0, text=messy),
            new_name="经信",
        )
    )
    edits = rename.changes[URI]
    assert len(edits) == 2
    assert all(e.new_text == "经信" for e in edits)


async def test_malformed_requests_do_not_crash(client: LanguageClient):
    await open_plan(client)
    # A position far past the end, and a document never opened.
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=9999, character=9999),
        )
    )
    assert hover is None
    missing = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri="file:///nowhere.plan"),
            position=types.Position(line=0, character=0),
        )
    )
    assert missing is None
    # Still serving.
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    assert symbols
