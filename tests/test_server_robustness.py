"""The language server under awkward input, driven over stdio by pygls' real LSP client:
escaped URIs, broken framing, invalid parameters, and very large drafts beside small ones.

Broken frames are written straight to the server's stdin (no client sends them on purpose);
everything else goes through the client. The framer's own cases are also tested without a server.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import attrs
import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.client import LanguageClient

from attrlint.server import LARGE_DRAFT_CHARS, MAX_DRAFT_CHARS
from attrlint.server.documents import document_key
from attrlint.server.framing import Framer, Message, Skipped
from tests.test_server import ROOT, Recorder, by_code

# Our own sentences: one uncredited figure, one credited.
SMALL = "Quay report\n\nAbout 340 passengers waited at the quay.\n\nThe ferry line said 12 crossings ran late.\n"
PARAGRAPH = ("The harbour board said 4,200 containers crossed the quay in March, and the pilots' union "
             "said 35 of its members worked double shifts to keep the channel open at night. ")


def frame(body: bytes, length: int | None = None) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


def request(msg_id: int, method: str, params: dict) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params}).encode()


# --- the framer alone ---------------------------------------------------------------------------


def test_framer_reads_messages_split_anywhere() -> None:
    a, b = request(1, "x", {}), request(2, "y", {"text": "caf\u00e9"})
    typed = b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" % len(b)
    stream = frame(a) + typed + b
    for cut in range(len(stream)):
        framer = Framer()
        events = framer.feed(stream[:cut]) + framer.feed(stream[cut:])
        assert events == [Message(a), Message(b)], cut


def test_framer_resynchronises_after_a_wrong_length() -> None:
    good = request(3, "z", {})
    too_short = Framer().feed(frame(request(1, "x", {}), length=10) + frame(good))
    assert too_short[-1] == Message(good) and any(isinstance(e, Skipped) for e in too_short)
    too_long = Framer().feed(frame(request(1, "x", {}), length=500) + frame(good))
    assert too_long == [Message(request(1, "x", {})), Message(good)]


def test_framer_skips_a_huge_message_without_keeping_it() -> None:
    framer = Framer(max_bytes=1000)
    events = framer.feed(b"Content-Length: 99999999999\r\n\r\n" + b"x" * 5000)
    assert [type(e) for e in events] == [Skipped] and "99,999,999,999 bytes" in events[0].reason
    assert len(framer._buf) < 100  # the refused bytes are dropped as they come
    good = request(4, "w", {})
    assert framer.feed(b"yyyy" + frame(good)) == [Message(good)]
    honest = Framer(max_bytes=1000)
    events = honest.feed(frame(b"z" * 3000) + frame(good))
    assert isinstance(events[0], Skipped) and events[-1] == Message(good)


# --- the real server ------------------------------------------------------------------------------


async def _start(tmp_path: Path) -> tuple[LanguageClient, Recorder, list[str]]:
    client = LanguageClient("attrlint-test", "1")
    recorder = Recorder()
    logged: list[str] = []

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        recorder.published.append(params)

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        logged.append(params.message)

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    await client.start_io(sys.executable, "-m", "attrlint", "server", cwd=str(tmp_path), env=env)
    await client.initialize_async(types.InitializeParams(
        process_id=os.getpid(), root_uri=tmp_path.as_uri(), capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    return client, recorder, logged


async def _stop(client: LanguageClient) -> None:
    await asyncio.wait_for(client.shutdown_async(None), timeout=30)
    client.exit(None)
    await asyncio.wait_for(client.stop(), timeout=30)
    assert client._server is not None and client._server.returncode == 0


def _open(client: LanguageClient, uri: str, text: str, language: str = "markdown") -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id=language, version=1, text=text)))


async def _hover(client: LanguageClient, uri: str, line: int, character: int) -> types.Hover | None:
    return await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=line, character=character))), timeout=60)


async def _escaped_uris(tmp_path: Path) -> None:
    client, recorder, _ = await _start(tmp_path)
    folder = tmp_path / "desk notes"
    folder.mkdir()
    uris = [(folder / "quay report.md").as_uri(), (tmp_path / "caf\u00e9 r\u00e9sum\u00e9.md").as_uri(),
            "file:///c%3A/Users/reporter/quay.md"]
    assert all("%" in u for u in uris)
    for uri in uris:
        _open(client, uri, SMALL)
    column = SMALL.splitlines()[2].index("340") + 1
    for uri in uris:
        # Published under the URI the client used, with the finding: the draft was checked.
        found = await recorder.wait(uri, lambda p: p.version == 1)
        assert set(by_code(found)) == {"AT101"}, found
        hover = await _hover(client, uri, 2, column)
        assert hover is not None and "AT101" in hover.contents.value
    # The same document named with another escaping is still found.
    other = uris[0].replace("%20", " ")
    assert document_key(other) == document_key(uris[0])
    assert await _hover(client, other, 2, column) is not None
    for uri in uris:
        client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
        await recorder.wait(uri, lambda p: p.version is None and not p.diagnostics)
    await _stop(client)


@pytest.mark.slow
def test_documents_with_escaped_uris_are_checked_and_hovered(tmp_path: Path) -> None:
    asyncio.run(asyncio.wait_for(_escaped_uris(tmp_path), timeout=240))


async def _broken_framing(tmp_path: Path) -> None:
    client, recorder, logged = await _start(tmp_path)
    uri = (tmp_path / "quay.md").as_uri()
    _open(client, uri, SMALL)
    await recorder.wait(uri, lambda p: p.version == 1)
    column = SMALL.splitlines()[2].index("340") + 1
    stdin = client._server.stdin
    hover = {"textDocument": {"uri": uri}, "position": {"line": 2, "character": column}}

    # A length too short, then one too long, then one no machine could hold: each time the
    # next real request is still answered.
    for broken in (frame(request(9001, "textDocument/hover", hover), length=12),
                   frame(request(9002, "textDocument/hover", hover), length=4000),
                   b"Content-Length: 99999999999\r\n\r\n" + request(9003, "textDocument/hover", hover)):
        stdin.write(broken)
        await stdin.drain()
        answer = await _hover(client, uri, 2, column)
        assert answer is not None and "AT101" in answer.contents.value
    assert any("over the limit" in m and "99,999,999,999" in m for m in logged), logged

    # Not JSON at all: a parse error, and the server goes on.
    stdin.write(frame(b"{this is not json"))
    await stdin.drain()
    assert await _hover(client, uri, 2, column) is not None

    # Negative positions: a JSON-RPC "invalid params" error, not silence.
    with attrs.validators.disabled():  # the client's own types refuse to build it otherwise
        bad = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri),
                                position=types.Position(line=-1, character=-5))
    with pytest.raises(JsonRpcException) as caught:
        await asyncio.wait_for(client.text_document_hover_async(bad), timeout=30)
    assert caught.value.code == -32602
    await _stop(client)


@pytest.mark.slow
def test_broken_framing_and_invalid_params_get_answers(tmp_path: Path) -> None:
    asyncio.run(asyncio.wait_for(_broken_framing(tmp_path), timeout=240))


async def _large_beside_small(tmp_path: Path) -> None:
    client, recorder, _ = await _start(tmp_path)
    warm = (tmp_path / "warm.md").as_uri()
    _open(client, warm, SMALL)
    await recorder.wait(warm, lambda p: p.version == 1)  # the pipeline is loaded

    huge_uri, big_uri, small_uri = ((tmp_path / n).as_uri() for n in ("huge.md", "big.md", "small.md"))
    big = "Port figures\n\n" + "\n\n".join([PARAGRAPH] * (LARGE_DRAFT_CHARS // len(PARAGRAPH) + 50))
    huge = "x " * (MAX_DRAFT_CHARS // 2 + 10)
    assert LARGE_DRAFT_CHARS < len(big) < MAX_DRAFT_CHARS < len(huge)
    _open(client, huge_uri, huge)
    _open(client, big_uri, big)
    _open(client, small_uri, SMALL)
    small = await recorder.wait(small_uri, lambda p: p.version == 1, timeout=120)
    assert set(by_code(small)) == {"AT101"}
    (refused,) = (await recorder.wait(huge_uri, lambda p: p.version == 1, timeout=120)).diagnostics
    assert "not checked" in refused.message and f"{len(huge):,}" in refused.message
    assert refused.severity == types.DiagnosticSeverity.Warning
    # The large draft is checked too, but the small one did not wait for it.
    await recorder.wait(big_uri, lambda p: p.version == 1, timeout=300)
    order = [p.uri for p in recorder.published]
    assert order.index(small_uri) < order.index(big_uri), order
    await _stop(client)


@pytest.mark.slow
def test_a_large_draft_does_not_hold_up_a_small_one(tmp_path: Path) -> None:
    asyncio.run(asyncio.wait_for(_large_beside_small(tmp_path), timeout=480))
