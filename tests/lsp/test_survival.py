"""`plan lsp` under the conditions of a real editing session, driven by pytest-lsp: a hover
answered while a large document is being checked, a burst of edits checked once, an
imported registry changed on disk or edited in its buffer, rename onto a name that exists, completion after a
Chinese prefix, and a `$/` request. (Malformed frames, which pytest-lsp cannot send, and
the exit code are tested with raw bytes in tests/lsp_framing.rs.)"""

import asyncio
import pathlib
import sys
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcMethodNotFound
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import make_test_lsp_client

from conftest import BROKEN, REPO, plan_binary, position_of

sys.path.insert(0, str(REPO / "benches"))
from lsp_stdio_latency import generated  # noqa: E402  (the benchmark's plan generator)


def recording_client() -> LanguageClient:
    """The test client, also keeping every publishDiagnostics (uri, version, codes) in
    order and every capability the server registers."""
    client = make_test_lsp_client()
    client.published = []
    client.registered = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        client.registered.extend(r.method for r in params.registrations)

    original = client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def publish(params: types.PublishDiagnosticsParams):
        client.published.append(
            (params.uri, params.version, [d.code for d in params.diagnostics], time.monotonic())
        )
        original(params)

    client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    return client


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[plan_binary(), "lsp"], client_factory=recording_client
    ),
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(
                    did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                        dynamic_registration=True
                    )
                )
            ),
            initialization_options={"lang": "zh"},
        )
    )
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="plan", version=version, text=text
            )
        )
    )


def replace_all(client: LanguageClient, uri: str, text: str, version: int):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def published(client: LanguageClient, uri: str, version=None, timeout=120):
    """Wait until diagnostics for `uri` (of `version`, if given) have been published."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for u, v, codes, _ in client.published:
            if u == uri and (version is None or v == version):
                return codes
        await asyncio.sleep(0.02)
    raise AssertionError(f"no diagnostics for {uri} v{version}: {client.published}")


async def settles_on(client: LanguageClient, uri: str, codes, timeout=60):
    """Wait until the newest diagnostics published for `uri` are `codes` (a recheck caused
    by another document may publish the old findings once more before the new ones)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mine = [c for u, _, c, _ in client.published if u == uri]
        if mine and mine[-1] == codes:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{uri} never showed {codes}: {client.published}")


def pos(text: str, needle: str, nth: int = 0, delta: int = 0):
    line, character = position_of(text, needle, nth)
    return types.Position(line=line, character=character + delta)


SMALL = "file:///tmp/plan-lsp-tests/small.plan"
BIG = "file:///tmp/plan-lsp-tests/big.plan"


async def test_hover_is_answered_while_a_large_document_is_checked(client: LanguageClient):
    open_doc(client, SMALL, BROKEN)
    assert await published(client, SMALL) == ["O101"]

    # About 4 MB and 20,000 measures: its check takes a second or more in a debug build.
    big = generated(2000)
    open_doc(client, BIG, big)
    # Past the debounce: the big document's check is running now.
    await asyncio.sleep(0.25)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=SMALL),
            position=pos(BROKEN, "经信局", 2, 1),
        )
    )
    answered = time.monotonic()
    assert "遂宁市安居区经济和信息化局" in hover.contents.value
    # The hover did not wait for the check: the big document's findings came after it.
    assert not [p for p in client.published if p[0] == BIG], client.published
    assert await published(client, BIG) == []
    big_published = next(p[3] for p in client.published if p[0] == BIG)
    assert answered < big_published

    # Hover in the big document itself while its next check runs: answered from the last
    # check, at once.
    replace_all(client, BIG, big + "\nmeasure 新措施 {\n  owner 局1\n}\n", 2)
    await asyncio.sleep(0.25)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=BIG),
            position=pos(big, "局1 \"某市第1局\""),
        )
    )
    assert "某市第1局" in hover.contents.value
    assert not [p for p in client.published if p[0] == BIG and p[1] == 2]
    assert await published(client, BIG, 2) == []


async def test_a_burst_of_edits_is_checked_once_and_the_last_text_wins(
    client: LanguageClient,
):
    big = generated(300)
    open_doc(client, BIG, big)
    await published(client, BIG, 1)
    # Ten keystrokes in a row, the last one breaking an owner name.
    for version in range(2, 12):
        owner = "局1" if version < 11 else "局一"
        replace_all(client, BIG, big + f"\nmeasure 新 {{\n  owner {owner}\n}}\n", version)
    codes = await published(client, BIG, 11)
    assert "O102" in codes
    versions = [v for u, v, _, _ in client.published if u == BIG]
    # Superseded checks publish nothing: far fewer than ten publications.
    assert len(versions) <= 3, versions
    assert versions[-1] == 11


REGISTRY = """owners {
  经信局 "遂宁市安居区经济和信息化局"
  发改局 "遂宁市安居区发展和改革局"
}
"""

USING = """use "registry.plan"

measure 工业 "以实业兴区" {
  owner 经信局
}
"""


async def test_an_imported_registry_changed_on_disk_is_read_again(
    client: LanguageClient, tmp_path: pathlib.Path
):
    registry = tmp_path / "registry.plan"
    registry.write_text(REGISTRY, encoding="utf-8")
    plan = tmp_path / "plan.plan"
    plan.write_text(USING, encoding="utf-8")
    uri = plan.as_uri()
    open_doc(client, uri, USING)
    assert await published(client, uri) == []
    # The client let us watch files: the server asked to.
    assert "workspace/didChangeWatchedFiles" in client.registered

    # Another program drops 经信局 from the registry: the client's watcher tells us.
    registry.write_text(REGISTRY.replace("  经信局 \"遂宁市安居区经济和信息化局\"\n", ""), "utf-8")
    client.published.clear()
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=registry.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    assert await published(client, uri) == ["O102"]

    # It comes back; a client without a watcher still re-reads it when the plan is saved.
    registry.write_text(REGISTRY, encoding="utf-8")
    client.published.clear()
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await published(client, uri) == []


async def test_editing_an_open_registry_rechecks_the_plans_that_use_it(
    client: LanguageClient, tmp_path: pathlib.Path
):
    registry = tmp_path / "registry.plan"
    registry.write_text(REGISTRY, encoding="utf-8")
    plan = tmp_path / "plan.plan"
    plan.write_text(USING, encoding="utf-8")
    uri, registry_uri = plan.as_uri(), registry.as_uri()
    open_doc(client, uri, USING)
    open_doc(client, registry_uri, REGISTRY)
    assert await published(client, uri) == []
    await published(client, registry_uri)

    # The planner deletes 经信局 in the registry's buffer, unsaved: the plan that uses it
    # learns at once, without a save or a change on disk.
    client.published.clear()
    without = REGISTRY.replace("  经信局 \"遂宁市安居区经济和信息化局\"\n", "")
    assert without != REGISTRY
    replace_all(client, registry_uri, without, 2)
    await settles_on(client, uri, ["O102"])

    # Closing the buffer unsaved puts the file on disk back in front of the plan.
    client.published.clear()
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=registry_uri)
        )
    )
    await settles_on(client, uri, [])


async def test_rename_refuses_a_name_in_use_in_the_language_of_the_messages(
    client: LanguageClient,
):
    open_doc(client, SMALL, BROKEN)
    await published(client, SMALL)
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=SMALL),
                position=pos(BROKEN, "经信局"),
                new_name="发改局",
            )
        )
    message = str(refused.value)
    assert "“发改局”已是本计划中的名称" in message, message
    # Not on a name: refused, in Chinese too.
    with pytest.raises(JsonRpcException) as refused:
        await client.text_document_rename_async(
            types.RenameParams(
                text_document=types.TextDocumentIdentifier(uri=SMALL),
                position=pos(BROKEN, "issued"),
                new_name="新",
            )
        )
    assert "只能重命名责任单位标识或指标" in str(refused.value)
    # A free name is still renamed.
    rename = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=SMALL),
            position=pos(BROKEN, "经信局"),
            new_name="工信局",
        )
    )
    assert {e.new_text for e in rename.changes[SMALL]} == {"工信局"}


async def test_completion_is_filtered_by_a_chinese_prefix(client: LanguageClient):
    text = BROKEN.replace("  after 新型工业化\n", "  after 新型工业化\n  owner 经\n  owner 区经\n")
    open_doc(client, SMALL, text)
    await published(client, SMALL)

    async def labels(needle):
        items = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=SMALL),
                position=pos(text, needle, delta=len(needle)),
            )
        )
        return [i.label for i in items]

    assert await labels("owner 经\n") == ["经信局"] or await labels("owner 经") == ["经信局"]
    # By an alias: 区经信局 is 经信局.
    assert await labels("owner 区经") == ["经信局"]
    # Nothing typed: every owner.
    assert sorted(await labels("  owner ")) == ["发改局", "经信局"]


async def test_an_unknown_dollar_request_is_method_not_found(client: LanguageClient):
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("$/plan/unknown", {})
    # A `$/` notification is ignored, and the server goes on.
    client.protocol.notify("$/plan/unknownNotification", {})
    open_doc(client, SMALL, BROKEN)
    assert await published(client, SMALL) == ["O101"]
