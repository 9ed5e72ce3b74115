"""`plan lsp` with an as-of date in its initialization options: targets overdue (S601) or
behind (S602) on that date are reported with the other findings; without the option they
are not (tests/lsp/test_editing.py opens the same kind of plan without one)."""

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import initialize, open_document, plan_binary

URI = "file:///tmp/plan-lsp-tests/status.plan"

PLAN = """plan "安居区2025年计划" { issued 2025-01-10 period 2025 }
owners { 经信局 "遂宁市安居区经济和信息化局" }

measure 工业 "以实业兴区引领新型工业化" {
  owner 经信局
  target 规上工业总产值 >= 350 亿元
  target 配套企业 change >= 30 家 by 2025-06
  actual 规上工业总产值 = 150 亿元 at 2025-06
  actual 配套企业 = 12 家 at 2025-06
}
"""


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[plan_binary(), "lsp"]),
)
async def client(lsp_client: LanguageClient):
    await initialize(lsp_client, lang="en", asOf="2025-07-01")
    yield
    await lsp_client.shutdown_session()


async def test_progress_findings_on_the_as_of_date(client: LanguageClient):
    found = sorted(await open_document(client, URI, PLAN), key=lambda d: d.range.start.line)
    assert [(d.code, d.range.start.line) for d in found] == [("S602", 5), ("S601", 6)]
    assert found[0].severity == types.DiagnosticSeverity.Warning
    assert found[1].severity == types.DiagnosticSeverity.Error
    assert "is overdue: due 2025-06-30" in found[1].message
