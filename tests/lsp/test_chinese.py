"""A planner who types Chinese (LANGUAGE.md §8), driven over stdio by pytest-lsp: Chinese
keywords completed from a typed prefix, findings placed right (UTF-16) on a line with
full-width digits, and a hover on a Chinese keyword that says what it means."""

import urllib.parse

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import initialize, open_document, plan_binary, position

URI = "file:///tmp/plan-lsp-tests/" + urllib.parse.quote("中文计划.plan")

# Chinese keywords, full-width punctuation and digits; one finding: the unit `万屯` on a
# line whose number is written in full-width digits (each one UTF-16 unit, three bytes).
TEXT = """计划 “安居区2025年计划” ｛
  印发：２０２５－０３－２６
  期间：２０２５
｝

责任单位名录 ｛
  发改局 “遂宁市安居区发展和改革局”
  经信局 “遂宁市安居区经济和信息化局”
｝

措施 粮食 “提升农业现代化水平” ｛
  责任单位：发改局、经信局
  目标 粮食总产量 ≥ ４２．５ 万屯
｝
"""


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[plan_binary(), "lsp"]),
)
async def client(lsp_client: LanguageClient):
    await initialize(lsp_client, lang="zh")
    yield
    await lsp_client.shutdown_session()


async def open_plan(client: LanguageClient, text: str = TEXT):
    return await open_document(client, URI, text)


def pos(needle: str, nth: int = 0, text: str = TEXT, delta: int = 0):
    return position(text, needle, nth, delta)


async def test_a_finding_on_a_line_with_full_width_digits(client: LanguageClient):
    found = await open_plan(client)
    assert [d.code for d in found] == ["U301"]
    u301 = found[0]
    # `  目标 粮食总产量 ≥ ４２．５ 万屯`: 万屯 starts at UTF-16 unit 18 (a byte count would
    # say 42), and ends two units later.
    assert u301.range.start == pos("万屯")
    assert u301.range.start == types.Position(line=12, character=18)
    assert u301.range.end == types.Position(line=12, character=20)
    # In Chinese, with the nearest unit of the same scale.
    assert "万吨" in u301.message, u301.message


async def test_chinese_keywords_are_completed_from_a_typed_prefix(client: LanguageClient):
    text = TEXT.replace("  目标 粮食总产量", "  目\n  目标 粮食总产量")
    await open_plan(client, text)
    items = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos("  目\n", text=text, delta=3),
        )
    )
    labels = [i.label for i in (items.items if hasattr(items, "items") else items)]
    # The messages are Chinese, so the keywords offered are: 目标 for the typed 目.
    assert "目标" in labels, labels
    assert "target" not in labels, labels


async def test_hover_on_a_chinese_keyword_explains_it(client: LanguageClient):
    await open_plan(client)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos("责任单位：", delta=1),
        )
    )
    assert hover is not None
    assert "`owner`" in hover.contents.value
    assert "责任单位" in hover.contents.value and "牵头" in hover.contents.value
