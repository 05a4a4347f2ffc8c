"""The language server: driven over stdio by pygls' real LSP client, plus its pure helpers.

The stdio test starts ``python -m attrlint server`` as an editor would, so it pays for one spaCy
load (a few seconds); the helpers are tested without a server.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from attrlint.model import Diagnostic, Severity
from attrlint.rules.registry import doc_url
from attrlint.server import (
    DraftChecker,
    LineIndex,
    unit_counter,
)

ROOT = Path(__file__).resolve().parents[1]
UTF16 = unit_counter(types.PositionEncodingKind.Utf16)

# Line 3 puts curly quotes, an accented letter and an astral-plane emoji (two UTF-16 units)
# before the uncredited figure; line 5 has a Cyrillic "о" inside a Latin name.
DRAFT = (
    "Harbour traffic\n"
    "\n"
    "The 🚢 “Nordhavn” café terminal handled 4,200 ships last year.\n"
    "\n"
    "Cranes at Nоrdhavn were idle on Monday, the harbour master said.\n"
)
FACTS = """\
[[source]]
id = "port"
name = "the Lindqvist Port Authority"
aliases = ["the port authority"]

[[fact]]
id = "ships-2023"
value = 4200
unit = "ships"
source = "port"
"""
FACTS_RENAMED = FACTS.replace("the Lindqvist Port Authority", "the Harbour Board")


def utf16_col(line: str, char_index: int) -> int:
    return len(line[:char_index].encode("utf-16-le")) // 2


# --- helpers, no server -----------------------------------------------------------------------


def test_utf16_units_count_astral_characters_twice():
    assert UTF16("a🚢b") == 4
    assert UTF16("“é”") == 3
    assert unit_counter(types.PositionEncodingKind.Utf8)("é🚢") == 6
    assert unit_counter(types.PositionEncodingKind.Utf32)("é🚢") == 2


def test_line_index_round_trips_every_offset_and_agrees_with_lsp_line_ends():
    text = "a🚢b\r\nc“d”\re\n\nf"
    index = LineIndex(text, UTF16)
    assert index.position(3) == types.Position(line=0, character=4)  # after the emoji
    assert index.position(text.index("e")) == types.Position(line=2, character=0)  # lone \r ends a line
    for offset, ch in enumerate(text):
        if ch not in "\r\n":
            assert index.offset(index.position(offset)) == offset
    # A position inside the emoji's surrogate pair or past the line end snaps to a real offset.
    assert index.offset(types.Position(line=0, character=99)) == 3
    d = Diagnostic("x", 1, 2, 1, 2, "AT402", "mixed-script", Severity.ERROR, "m")
    assert index.range(*index.span(d)) == types.Range(start=types.Position(line=0, character=1),
                                                      end=types.Position(line=0, character=3))


def test_rechecks_reuse_the_pipeline_and_lexicon(monkeypatch, tmp_path):
    """An 800-word draft checked three times: one spaCy load, one lexicon load, fast re-checks."""
    import attrlint.engine
    import attrlint.nlp

    loads = {"spacy": 0, "lexicon": 0}
    real_load, real_lexicon = attrlint.nlp._load, attrlint.engine.load_lexicon

    def counting_load(*args, **kwargs):
        loads["spacy"] += 1
        return real_load(*args, **kwargs)

    def counting_lexicon(*args, **kwargs):
        loads["lexicon"] += 1
        return real_lexicon(*args, **kwargs)

    monkeypatch.setattr(attrlint.nlp, "_NLP", {})
    monkeypatch.setattr(attrlint.nlp, "_load", counting_load)
    monkeypatch.setattr(attrlint.engine, "load_lexicon", counting_lexicon)
    paragraph = ("The terminal handled 4,200 ships last year, the port authority said, and the "
                 "harbour master expects about 300 more cranes to arrive before the winter storms "
                 "close the northern channel to the largest container vessels. ")
    text = "\n\n".join([paragraph] * 23)
    assert len(text.split()) >= 800
    checker = DraftChecker(str(tmp_path))
    checker.preload()
    assert loads == {"spacy": 1, "lexicon": 1}
    path = str(tmp_path / "long.md")
    # Re-checks must reuse the loaded pipeline and word lists (how fast they are is the
    # benchmark's business, not a unit test's).
    for edit in range(3):
        outcome = checker.check(path, text + f"\n\nEdit {edit}.\n", markdown=True)
        assert outcome.problem is None
    assert loads == {"spacy": 1, "lexicon": 1}


# --- the real server over stdio -----------------------------------------------------------------


class Recorder:
    """Collects publishDiagnostics notifications and lets the test wait for one."""

    def __init__(self) -> None:
        self.published: list[types.PublishDiagnosticsParams] = []

    async def wait(self, uri: str, predicate, after: int = 0,
                   timeout: float = 90.0) -> types.PublishDiagnosticsParams:
        """The latest notification for ``uri`` from number ``after`` on that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for p in reversed(self.published[after:]):
                if p.uri == uri and predicate(p):
                    return p
            await asyncio.sleep(0.02)
        raise AssertionError(f"no matching diagnostics for {uri}; got {self.published!r}")


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    index = LineIndex(text, UTF16)
    spans = sorted(((index.offset(e.range.start), index.offset(e.range.end), e.new_text) for e in edits),
                   reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def by_code(params: types.PublishDiagnosticsParams) -> dict[str, types.Diagnostic]:
    return {str(d.code): d for d in params.diagnostics}


async def _session(tmp_path: Path) -> None:
    draft_path = tmp_path / "harbour.md"
    facts_path = tmp_path / "harbour.facts.toml"
    draft_path.write_text(DRAFT, encoding="utf-8")
    facts_path.write_text(FACTS, encoding="utf-8")
    uri = draft_path.as_uri()

    client = LanguageClient("attrlint-test", "1")
    recorder = Recorder()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        recorder.published.append(params)

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    await client.start_io(sys.executable, "-m", "attrlint", "server", cwd=str(tmp_path), env=env)
    result = await client.initialize_async(types.InitializeParams(
        process_id=os.getpid(), root_uri=tmp_path.as_uri(),
        capabilities=types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
        ),
    ))
    caps = result.capabilities
    assert caps.position_encoding == types.PositionEncodingKind.Utf16
    assert caps.hover_provider and caps.code_action_provider
    client.initialized(types.InitializedParams())

    # -- open: exact UTF-16 ranges on the line with curly quotes, an accent and an emoji ---------
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=DRAFT)))
    first = await recorder.wait(uri, lambda p: p.version == 1)
    found = by_code(first)
    assert set(found) == {"AT101", "AT402"}, first.diagnostics
    line3 = DRAFT.splitlines()[2]
    at = line3.index("4,200")
    figure = found["AT101"]
    assert figure.range == types.Range(start=types.Position(line=2, character=utf16_col(line3, at)),
                                       end=types.Position(line=2, character=utf16_col(line3, at + 5)))
    assert utf16_col(line3, at) == at + 1  # the emoji really counts twice
    assert figure.source == "attrlint" and figure.severity == types.DiagnosticSeverity.Error
    assert "the Lindqvist Port Authority" in figure.message
    # The rule's documentation page, not a file written on this machine.
    assert figure.code_description is not None
    assert figure.code_description.href == doc_url("AT101")
    assert doc_url("AT101").startswith("https://") and doc_url("AT101").endswith("/AT101.md")
    line5 = DRAFT.splitlines()[4]
    word = line5.index("Nоrdhavn")
    assert found["AT402"].range.start == types.Position(line=4, character=word)

    # -- hover on the figure explains the rule --------------------------------------------------
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=2, character=utf16_col(line3, at) + 2)))
    assert hover is not None and "AT101" in hover.contents.value
    assert "What it does" in hover.contents.value and hover.range == figure.range
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=1)))
    assert nothing is None

    # -- code actions: credit the fact file's source; retype the look-alike word ---------------
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=figure.range,
        context=types.CodeActionContext(diagnostics=[figure])))
    (credit,) = actions
    assert credit.kind == types.CodeActionKind.QuickFix and "Lindqvist" in credit.title
    fixed = apply_edits(DRAFT, credit.edit.changes[uri])
    assert "4,200 ships last year, the Lindqvist Port Authority said.\n" in fixed
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=found["AT402"].range,
        context=types.CodeActionContext(diagnostics=[found["AT402"]])))
    (retype,) = actions
    fixed = apply_edits(fixed, retype.edit.changes[uri])
    assert "Cranes at Nordhavn were idle" in fixed

    # -- edit: the fixed text comes back clean ---------------------------------------------------
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    second = await recorder.wait(uri, lambda p: p.version == 2)
    assert list(second.diagnostics) == []

    # -- two quick edits: debounced into one check of the last text ------------------------------
    t0 = time.monotonic()
    for version in (3, 4):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=DRAFT)]))
    fourth = await recorder.wait(uri, lambda p: p.version == 4)
    assert time.monotonic() - t0 >= 0.25  # waited for the typing to pause
    assert not any(p.version == 3 for p in recorder.published)
    assert set(by_code(fourth)) == {"AT101", "AT402"}

    # -- the fact file changes on disk: open drafts are checked again -----------------------------
    facts_path.write_text(FACTS_RENAMED, encoding="utf-8")
    count = len(recorder.published)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=facts_path.as_uri(), type=types.FileChangeType.Changed)]))
    renamed = await recorder.wait(uri, lambda p: "AT101" in by_code(p), after=count)
    assert "the Harbour Board" in by_code(renamed)["AT101"].message

    # -- a broken fact file is one error at the top of the draft, naming the file ----------------
    facts_path.write_text(FACTS + "\n[[fact]]\nid = 'x'\n", encoding="utf-8")
    count = len(recorder.published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=facts_path.as_uri())))
    broken = await recorder.wait(uri, lambda p: True, after=count)
    (problem,) = broken.diagnostics
    assert "harbour.facts.toml" in problem.message
    assert problem.range.start == types.Position(line=0, character=0)

    # -- close and shut down cleanly ---------------------------------------------------------------
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    await recorder.wait(uri, lambda p: p.version is None and not p.diagnostics)
    await client.shutdown_async(None)
    client.exit(None)
    await asyncio.wait_for(client.stop(), timeout=20)
    assert client._server is not None and client._server.returncode == 0


@pytest.mark.slow
def test_language_server_over_stdio(tmp_path):
    asyncio.run(asyncio.wait_for(_session(tmp_path), timeout=180))


def test_related_place_with_an_end_is_a_range_not_a_point():
    from attrlint.model import Related
    from attrlint.server import related_span

    text = "Ilse Marchetti spoke.\nMarcheti left.\n"
    index = LineIndex(text, UTF16)
    word = Related("d.md", 1, 6, "spelled this way here", 1, 14)
    start, end = related_span(index, word)
    assert text[start:end] == "Marchetti"
    r = index.range(start, end)
    assert (r.start.character, r.end.character) == (5, 14)
    point = Related("d.md", 2, 1, "a point")
    assert related_span(index, point) == (22, 22)
