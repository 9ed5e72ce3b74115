"""A client that offers UTF-8 positions gets them: columns count bytes."""

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import BROKEN, plan_binary, position_of

URI = "file:///tmp/plan-lsp-tests/utf8.plan"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[plan_binary(), "lsp"]),
)
async def client(lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                general=types.GeneralClientCapabilities(
                    position_encodings=[types.PositionEncodingKind.Utf8]
                )
            ),
            initialization_options={"lang": "en"},
        )
    )
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    yield
    await lsp_client.shutdown_session()


async def test_positions_in_utf8(client: LanguageClient):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=URI, language_id="plan", version=1, text=BROKEN)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    [o101] = client.diagnostics[URI]
    line, character = position_of(BROKEN, "粮食", encoding="utf-8")
    assert (o101.range.start.line, o101.range.start.character) == (line, character)
    assert (o101.range.end.line, o101.range.end.character) == (line, character + 6)
    assert "owner" in o101.message

    line, character = position_of(BROKEN, "新型工业化", 2, encoding="utf-8")
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=line, character=character + 3),
        )
    )
    line, character = position_of(BROKEN, "新型工业化", 0, encoding="utf-8")
    assert (found.range.start.line, found.range.start.character) == (line, character)
