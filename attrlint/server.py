"""``attrlint server``: the language server editors talk to over stdio (LSP, via pygls 2).

What it offers:
- diagnostics when a draft is opened, changed (debounced) and saved; each carries the rule code,
  ``source = "attrlint"``, a ``codeDescription`` link to the rule's documentation (a Markdown file
  written once into the user's cache directory, since attrlint has no documentation website) and
  a range in the position encoding agreed at start-up (UTF-16 code units unless the client offers
  UTF-8 or UTF-32);
- hover on a finding: its message, suggestion and the rule's documentation;
- quick fixes: credit the fact file's source for an uncredited figure (AT101), use the draft's
  main spelling of a name (AT401), retype a word that mixes look-alike scripts (AT402);
- the fact file, config and lexicons are found as on the command line; when a ``.toml`` file
  changes (watched files, or saved in the editor) every open draft is checked again.

The NLP pipeline loads once, in the background after ``initialized``, and all checks run on one
worker thread so spaCy is never used from two threads. Nothing else is kept between checks except
the lexicons (dropped when a ``.toml`` changes); the on-disk result cache is not used, because
every keystroke pause would write a cache entry into the user's project.
"""

from __future__ import annotations

import asyncio
import bisect
import logging
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from attrlint import __version__
from attrlint.config import ConfigError, Settings
from attrlint.discovery import SettingsResolver
from attrlint.engine import Checker, Draft
from attrlint.facts import FactBase, FactFileError
from attrlint.fixes import fixes_for
from attrlint.lexicon import Lexicon, LexiconError
from attrlint.model import Diagnostic, Related, Severity, line_starts
from attrlint.reader import DRAFT_SUFFIXES, MARKDOWN_SUFFIXES

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.3
SOURCE = "attrlint"
# Editors' names for the documents we check; anything else (TOML, code) is left alone.
DRAFT_LANGUAGES = frozenset({"markdown", "plaintext", "text"})
# Fact files, configs and lexicons are all TOML: a change to any of them may change findings.
WATCH_GLOB = "**/*.toml"

_LSP_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


# --- positions ----------------------------------------------------------------------------------


def unit_counter(encoding: str | None) -> Callable[[str], int]:
    """How many code units of the agreed LSP position encoding a string takes."""
    if encoding == types.PositionEncodingKind.Utf8:
        return lambda s: len(s.encode("utf-8", "surrogatepass"))
    if encoding == types.PositionEncodingKind.Utf32:
        return len
    # UTF-16, the LSP default: characters beyond the Basic Multilingual Plane take two units.
    return lambda s: len(s) + sum(1 for c in s if ord(c) > 0xFFFF)


class LineIndex:
    """Converts between character offsets of a text and LSP positions.

    Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` — the LSP's definition and the one
    ``Document.position`` uses for our 1-based columns, so the two always agree.
    """

    def __init__(self, text: str, units: Callable[[str], int]) -> None:
        self.text = text
        self.units = units
        self.starts = line_starts(text)

    def line_end(self, line: int) -> int:
        """Offset just before the line break of 0-based ``line``."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.starts[line] + len(self.text[self.starts[line]:end].rstrip("\r\n"))

    def offset_of(self, line: int, column: int) -> int:
        """Offset of 1-based ``line`` and character ``column`` (as in a Diagnostic)."""
        line = min(max(line, 1), len(self.starts))
        return min(self.starts[line - 1] + max(column, 1) - 1, len(self.text))

    def position(self, offset: int) -> types.Position:
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self.starts, offset) - 1
        # An offset inside a line break (between \r and \n) is the end of its line.
        offset = min(offset, self.line_end(line))
        return types.Position(line=line, character=self.units(self.text[self.starts[line]:offset]))

    def offset(self, position: types.Position) -> int:
        """Offset of an LSP position; a character past the end of the line means the line end."""
        if position.line >= len(self.starts):
            return len(self.text)
        a, b = self.starts[position.line], self.line_end(position.line)
        count = 0
        for i in range(a, b):
            if count >= position.character:
                return i
            count += self.units(self.text[i])
        return b

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def span(self, d: Diagnostic) -> tuple[int, int]:
        """Offsets [start, end) of a finding (its end column is inclusive)."""
        start = self.offset_of(d.line, d.column)
        end = min(self.offset_of(d.end_line, d.end_column) + 1, len(self.text))
        return start, max(start, end)


def related_span(index: LineIndex, r: Related) -> tuple[int, int]:
    """Offsets [start, end) of a related place: the word it names, or an empty range at a point."""
    start = index.offset_of(r.line, r.column)
    if r.end_line is None or r.end_column is None:
        return start, start
    return start, max(start, min(index.offset_of(r.end_line, r.end_column) + 1, len(index.text)))


# --- checking (runs on the worker thread; knows nothing of LSP) ---------------------------------


@dataclass
class Outcome:
    """One check of one draft: its findings, or the one-line problem that stopped the check."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    facts: FactBase | None = None
    problem: str | None = None
    problem_path: str | None = None
    problem_line: int | None = None
    # A missing spaCy model is a setup problem worth a pop-up, once; the rest are the draft's.
    setup_problem: bool = False


class DraftChecker:
    """Checks in-memory drafts the way ``attrlint check`` checks files: the same settings
    resolution (once per directory) and fact-file discovery (``attrlint.discovery``)."""

    def __init__(self, root: str | None = None) -> None:
        self.root = root or os.getcwd()
        self.resolver = SettingsResolver(root=self.root)
        self._lexicons: dict[tuple[str, ...], Lexicon] = {}

    def set_root(self, root: str) -> None:
        """The workspace root: drafts with no config of their own use the config found from it."""
        self.root = root
        self.resolver = SettingsResolver(root=root)

    def forget(self) -> None:
        """Drop what was read from TOML files (a fact file, config or lexicon changed)."""
        self.resolver.forget()
        self._lexicons.clear()

    def settings_for(self, path: str | None) -> Settings:
        return self.resolver.for_path(path) if path else self.resolver.for_stdin()

    def checker(self, settings: Settings) -> Checker:
        """A checker sharing the lexicons read so far (fact files are read afresh on each check)."""
        return Checker(settings, lexicons=self._lexicons)

    def preload(self) -> None:
        """Load the NLP pipeline (and the lexicon) now, so the first draft does not wait for it."""
        settings = self.settings_for(None)
        checker = self.checker(settings)
        checker.lexicon_for(settings)
        checker.nlp(settings)
        self._lexicons.update(checker.lexicons)

    def check(self, path: str | None, text: str, markdown: bool = False) -> Outcome:
        from attrlint.nlp import ModelError

        try:
            settings = self.settings_for(path)
            facts_path = self.resolver.facts_for(path, settings)
            checker = self.checker(settings)
            _, facts = checker.facts(facts_path)
            draft = Draft(_draft_name(path, markdown, self.root), text, facts_path, settings)
            found = [d for result in checker.check([draft]) for d in result.diagnostics]
            self._lexicons.update(checker.lexicons)
        except FactFileError as e:
            return Outcome(problem=str(e), problem_path=e.path, problem_line=e.line)
        except ConfigError as e:
            return Outcome(problem=str(e), problem_path=e.path, problem_line=e.line)
        except LexiconError as e:
            return Outcome(problem=str(e))
        except ModelError as e:
            return Outcome(problem=f"attrlint: {e}", setup_problem=True)
        except Exception as e:  # a bug must not take the editor's server down with it
            log.exception("checking %s failed", path)
            return Outcome(problem=f"attrlint: internal error while checking this draft: {e!r}")
        return Outcome(sorted(found, key=lambda d: d.sort_key), facts)


def _draft_name(path: str | None, markdown: bool, root: str) -> str:
    """The path the engine sees: Markdown is told from the suffix, so a Markdown buffer with
    another name (``notes.mdx``, an unsaved buffer) gets ``.md`` added."""
    name = path or os.path.join(root, "untitled")
    if markdown and not name.lower().endswith(MARKDOWN_SUFFIXES):
        return name + ".md"
    return name


# --- rule documentation for codeDescription and hover -------------------------------------------


def rule_doc(code: str) -> str | None:
    """The rule's documentation as Markdown, as ``attrlint rule CODE`` prints it."""
    from attrlint.rules import RULES

    r = RULES.get(code)
    if r is None:
        return None
    summary = f"{r.summary[:1].upper()}{r.summary[1:]}."
    return f"# {r.code} {r.name}\n\nDefault severity: {r.severity.value}. {summary}\n\n{r.doc}\n"


def docs_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "attrlint" / "rules" / __version__


def rule_doc_uri(code: str, written: dict[str, str | None]) -> str | None:
    """A ``file://`` URI of the rule's documentation, written on first use; None if unwritable."""
    if code in written:
        return written[code]
    doc = rule_doc(code)
    uri = None
    if doc is not None:
        path = docs_dir() / f"{code}.md"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_text(encoding="utf-8") != doc:
                path.write_text(doc, encoding="utf-8")
            uri = path.resolve().as_uri()
        except OSError:
            uri = None  # a read-only home: the hover still has the documentation
    written[code] = uri
    return uri


# --- the server ----------------------------------------------------------------------------------


@dataclass
class Checked:
    """The last published check of an open draft."""

    version: int | None
    text: str
    outcome: Outcome


class AttrlintServer(LanguageServer):
    """The LSP glue: schedules checks, publishes diagnostics, answers hover and code actions."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        super().__init__("attrlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.debounce = debounce
        self.engine = DraftChecker()
        self.checked: dict[str, Checked] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        # One thread: spaCy is not shared between threads, and checks queue in order.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="attrlint-check")
        self._doc_uris: dict[str, str | None] = {}
        self._model_warned = False

    # -- which documents ------------------------------------------------------------------------

    def is_draft(self, uri: str) -> bool:
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return False
        path = to_fs_path(uri) or uri
        if path.lower().endswith(".toml"):
            return False
        return path.lower().endswith(DRAFT_SUFFIXES) or (doc.language_id or "") in DRAFT_LANGUAGES

    def units(self) -> Callable[[str], int]:
        return unit_counter(self.workspace.position_encoding)

    # -- scheduling -----------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds; a newer request replaces a pending one."""
        pending = self._tasks.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._tasks[uri] = asyncio.get_running_loop().create_task(self._check(uri, delay))

    def recheck_all(self) -> None:
        self._worker.submit(self.engine.forget)
        for uri in list(self.workspace.text_documents):
            if self.is_draft(uri):
                self.schedule(uri, 0)

    def forget(self, uri: str) -> None:
        pending = self._tasks.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.checked.pop(uri, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def _check(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            doc = self.workspace.text_documents.get(uri)
            if doc is None:
                return
            text, version = doc.source, doc.version
            path = to_fs_path(uri) if uri.startswith("file:") else None
            loop = asyncio.get_running_loop()
            outcome = await loop.run_in_executor(self._worker, self.engine.check, path, text,
                                                 doc.language_id == "markdown")
        finally:
            if self._tasks.get(uri) is asyncio.current_task():
                del self._tasks[uri]
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # closed or edited meanwhile: a newer check is on its way
        self.checked[uri] = Checked(version, text, outcome)
        self.publish(uri)

    # -- output ---------------------------------------------------------------------------------

    def publish(self, uri: str) -> None:
        entry = self.checked[uri]
        index = LineIndex(entry.text, self.units())
        if entry.outcome.problem is not None:
            diagnostics = [self._problem(entry.outcome)]
            if entry.outcome.setup_problem and not self._model_warned:
                self._model_warned = True
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                 message=entry.outcome.problem))
        else:
            diagnostics = [self.to_lsp(d, index, uri) for d in entry.outcome.diagnostics]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=entry.version))

    def to_lsp(self, d: Diagnostic, index: LineIndex, uri: str) -> types.Diagnostic:
        href = rule_doc_uri(d.code, self._doc_uris)
        message = d.message
        if d.suggestion and d.suggestion not in d.message:
            message += f"\nSuggestion: {d.suggestion}"
        related = None
        if d.related:
            related = [
                types.DiagnosticRelatedInformation(
                    location=types.Location(uri=uri if r.path == d.path else from_fs_path(r.path) or r.path,
                                            range=index.range(*related_span(index, r))),
                    message=r.message)
                for r in d.related
            ]
        return types.Diagnostic(
            range=index.range(*index.span(d)),
            message=message,
            severity=_LSP_SEVERITY[d.severity],
            code=d.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source=SOURCE,
            related_information=related,
            data={"rule": d.rule, "fact": d.fact, "suggestion": d.suggestion},
        )

    def _problem(self, outcome: Outcome) -> types.Diagnostic:
        """A check that could not run (bad fact file or config) shows as one error at the top."""
        related = None
        if outcome.problem_path:
            line = max((outcome.problem_line or 1) - 1, 0)
            where = types.Range(start=types.Position(line, 0), end=types.Position(line, 0))
            uri = from_fs_path(os.path.abspath(outcome.problem_path)) or outcome.problem_path
            related = [types.DiagnosticRelatedInformation(location=types.Location(uri=uri, range=where),
                                                          message=outcome.problem)]
        zero = types.Position(line=0, character=0)
        return types.Diagnostic(range=types.Range(start=zero, end=zero), message=outcome.problem or "",
                                severity=types.DiagnosticSeverity.Error, source=SOURCE,
                                related_information=related)

    # -- requests -------------------------------------------------------------------------------

    def current(self, uri: str) -> Checked | None:
        """The last check, if it was of the text the editor has now (else positions are stale)."""
        entry = self.checked.get(uri)
        doc = self.workspace.text_documents.get(uri)
        if entry is None or doc is None or doc.version != entry.version:
            return None
        return entry

    def findings_at(self, entry: Checked, index: LineIndex, start: int, end: int,
                    ) -> Iterable[tuple[Diagnostic, tuple[int, int]]]:
        for d in entry.outcome.diagnostics:
            span = index.span(d)
            if span[0] <= end and start <= span[1]:
                yield d, span

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        entry = self.current(params.text_document.uri)
        if entry is None:
            return None
        index = LineIndex(entry.text, self.units())
        at = index.offset(params.position)
        hits = [(d, s) for d, s in self.findings_at(entry, index, at, at) if s[0] <= at < max(s[1], s[0] + 1)]
        if not hits:
            return None
        hits.sort(key=lambda h: (h[1][1] - h[1][0], h[0].sort_key))
        parts = []
        for d, _ in hits:
            text = f"**{d.code}** `{d.rule}` ({d.severity.value}): {d.message}"
            if d.suggestion and d.suggestion not in d.message:
                text += f"\n\n*Suggestion:* {d.suggestion}"
            doc = rule_doc(d.code)
            if doc:
                # Rule docs use level-2 headings; inside a hover they read better smaller.
                text += "\n\n---\n\n" + re.sub(r"(?m)^(#{1,2}) ", lambda m: "#" * (len(m[1]) + 2) + " ", doc)
            parts.append(text)
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
            range=index.range(*hits[0][1]),
        )

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        entry = self.current(uri)
        if entry is None:
            return None
        only = params.context.only
        if only and not any(k == types.CodeActionKind.QuickFix or
                            types.CodeActionKind.QuickFix.startswith(k) for k in only):
            return None
        index = LineIndex(entry.text, self.units())
        a, b = index.offset(params.range.start), index.offset(params.range.end)
        actions: list[types.CodeAction] = []
        for d, span in self.findings_at(entry, index, a, b):
            for fix in fixes_for(d, entry.text, span, entry.outcome.facts):
                edits = [types.TextEdit(range=index.range(e.start, e.end), new_text=e.text) for e in fix.edits]
                actions.append(types.CodeAction(
                    title=fix.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[self.to_lsp(d, index, uri)],
                    edit=types.WorkspaceEdit(changes={uri: edits}),
                    is_preferred=True,
                ))
        return actions

    # -- start and stop -------------------------------------------------------------------------

    async def initialized(self) -> None:
        self.engine.set_root(self.workspace.root_path or os.getcwd())
        if _supports_watch_registration(self.client_capabilities):
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=WATCH_GLOB)])
            try:
                registration = types.Registration(id="attrlint-toml-watch",
                                                  method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                                  register_options=options)
                await self.client_register_capability_async(
                    types.RegistrationParams(registrations=[registration]))
            except Exception as e:  # the client refused: saves of open TOML files still re-check
                log.warning("could not register file watchers: %s", e)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._worker, self.engine.preload)
        except Exception as e:  # a missing model: every check will say so too
            log.warning("preload failed: %s", e)

    def stop_worker(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()
        self._worker.shutdown(wait=False, cancel_futures=True)


def _supports_watch_registration(caps: types.ClientCapabilities) -> bool:
    ws = caps.workspace
    watched = ws.did_change_watched_files if ws else None
    return bool(watched and watched.dynamic_registration)


def create_server(debounce: float = DEBOUNCE_SECONDS) -> AttrlintServer:
    """A server with every feature registered (not started)."""
    ls = AttrlintServer(debounce)

    @ls.feature(types.INITIALIZED)
    async def on_initialized(params: types.InitializedParams) -> None:
        await ls.initialized()

    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        if ls.is_draft(params.text_document.uri):
            ls.schedule(params.text_document.uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        if ls.is_draft(params.text_document.uri):
            ls.schedule(params.text_document.uri, ls.debounce)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.lower().endswith(".toml"):
            ls.recheck_all()
        elif ls.is_draft(uri):
            ls.schedule(uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.lower().endswith(".toml") for change in params.changes):
            ls.recheck_all()

    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        return ls.hover(params)

    @ls.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        return ls.code_actions(params)

    @ls.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        ls.stop_worker()

    return ls


def serve() -> None:
    """Run the language server on stdin/stdout until the client says exit."""
    create_server().start_io()
