"""The LSP glue: reads messages through the guarded framer, schedules checks, publishes
diagnostics, answers hover and code actions."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer

from attrlint import __version__
from attrlint.fixes import fixes_for
from attrlint.server.checking import LARGE_DRAFT_CHARS, DraftChecker, DraftProcess, Outcome
from attrlint.server.diagnostics import findings_at, hover_at, problem_diagnostic, to_lsp
from attrlint.server.documents import OpenDrafts, document_key, fs_path, is_toml
from attrlint.server.framing import Framer, Skipped
from attrlint.server.positions import LineIndex, unit_counter

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.3
# Fact files, configs and lexicons are all TOML: a change to any of them may change findings.
WATCH_GLOB = "**/*.toml"
PARSE_ERROR = -32700
READ_CHUNK = 64 * 1024


@dataclass
class Checked:
    """The last published check of an open draft."""

    version: int | None
    text: str
    outcome: Outcome


class AttrlintServer(LanguageServer):
    """Open drafts are checked on one thread of this process (spaCy is never shared between
    threads) or, when large, in a child process; either way in the background, newest text only."""

    def __init__(self, debounce: float = DEBOUNCE_SECONDS) -> None:
        super().__init__("attrlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.debounce = debounce
        self.engine = DraftChecker()
        self.large = DraftProcess()
        self.drafts = OpenDrafts(lambda: self.workspace)
        self.checked: dict[str, Checked] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="attrlint-check")
        self._large_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="attrlint-large")
        self._model_warned = False

    def units(self) -> Callable[[str], int]:
        return unit_counter(self.workspace.position_encoding)

    # -- reading the stream -----------------------------------------------------------------------

    def start_io(self, stdin: IO[bytes] | None = None, stdout: IO[bytes] | None = None) -> None:
        """Serve on stdin/stdout until the client says exit, through the guarded reader."""
        self._stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(self._read_loop(stdin or sys.stdin.buffer))
        except BrokenPipeError:
            log.error("the editor closed the connection")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.stop_worker()
            self.shutdown()

    async def _read_loop(self, stdin: IO[bytes]) -> None:
        loop = asyncio.get_running_loop()
        chunks: asyncio.Queue[bytes] = asyncio.Queue()

        def pump() -> None:  # a daemon thread: a blocked read never holds up the exit
            while True:
                try:
                    data = os.read(stdin.fileno(), READ_CHUNK)
                except OSError:
                    data = b""
                try:
                    loop.call_soon_threadsafe(chunks.put_nowait, data)
                except RuntimeError:  # the loop has ended
                    return
                if not data:
                    return

        threading.Thread(target=pump, name="attrlint-stdin", daemon=True).start()
        framer = Framer()
        while not self._stop_event.is_set():
            data = await chunks.get()
            if not data:
                break
            for event in framer.feed(data):
                if isinstance(event, Skipped):
                    self.framing_problem(event.reason)
                else:
                    self.receive(event.body)

    def framing_problem(self, reason: str) -> None:
        message = f"attrlint server: {reason}"
        log.warning(message)
        self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=message))

    def receive(self, body: bytes) -> None:
        """Handle one message; JSON that does not parse, or a request whose parameters do not fit
        its method, is answered with a JSON-RPC error instead of silence."""
        try:
            message = json.loads(body, object_hook=self.protocol.structure_message)
        except JsonRpcException as e:
            self._invalid(body, e)
            return
        except ValueError as e:  # not JSON, or not UTF-8
            self.framing_problem(f"a message that is not JSON was answered with a parse error ({e})")
            self._send_error(None, PARSE_ERROR, f"Parse error: {e}")
            return
        self.protocol.handle_message(message)

    def _invalid(self, body: bytes, error: JsonRpcException) -> None:
        raw = json.loads(body)
        method = raw.get("method") if isinstance(raw, dict) else None
        cause = error.__cause__ or error
        detail = " ".join(str(cause).split())[:300]
        if isinstance(raw, dict) and "id" in raw and method:
            self._send_error(raw["id"], error.code, f"Invalid params for {method}: {detail}")
        else:
            self.framing_problem(f"ignored a notification with invalid params ({method}): {detail}")

    def _send_error(self, msg_id: Any, code: int, message: str) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})
        data = body.encode("utf-8")
        if self.protocol.writer is not None:
            self.protocol.writer.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)

    # -- scheduling -----------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds; a newer request replaces a pending one."""
        key = document_key(uri)
        pending = self._tasks.pop(key, None)
        if pending is not None:
            pending.cancel()
        self._tasks[key] = asyncio.get_running_loop().create_task(self._check(key, delay))

    def recheck_all(self) -> None:
        self._worker.submit(self.engine.forget)
        self.large.forget()
        for key in self.drafts.keys():
            if self.drafts.is_draft(key):
                self.schedule(key, 0)

    def forget(self, uri: str) -> None:
        key = self.drafts.closed(uri)
        pending = self._tasks.pop(key, None)
        if pending is not None:
            pending.cancel()
        self.checked.pop(key, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def _check(self, key: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            doc = self.drafts.document(key)
            if doc is None:
                return
            text, version = doc.source, doc.version
            markdown = doc.language_id == "markdown"
            loop = asyncio.get_running_loop()
            if len(text) > LARGE_DRAFT_CHARS:
                job = loop.run_in_executor(self._large_worker, self.large.check, self.engine.root,
                                           fs_path(key), text, markdown)
            else:
                job = loop.run_in_executor(self._worker, self.engine.check, fs_path(key), text, markdown)
            outcome = await job
        finally:
            if self._tasks.get(key) is asyncio.current_task():
                del self._tasks[key]
        current = self.drafts.document(key)
        if current is None or current.version != version:
            return  # closed or edited meanwhile: a newer check is on its way
        self.checked[key] = Checked(version, text, outcome)
        self.publish(key)

    # -- output ---------------------------------------------------------------------------------

    def publish(self, key: str) -> None:
        entry = self.checked[key]
        uri = self.drafts.client_uri(key)
        outcome = entry.outcome
        if outcome.problem is not None:
            severity = types.DiagnosticSeverity.Warning if outcome.skipped else types.DiagnosticSeverity.Error
            diagnostics = [problem_diagnostic(outcome.problem, outcome.problem_path, outcome.problem_line,
                                              severity)]
            if outcome.setup_problem and not self._model_warned:
                self._model_warned = True
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                 message=outcome.problem))
        else:
            index = LineIndex(entry.text, self.units())
            diagnostics = [to_lsp(d, index, uri) for d in outcome.diagnostics]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=entry.version))

    # -- requests -------------------------------------------------------------------------------

    def current(self, uri: str) -> Checked | None:
        """The last check, if it was of the text the editor has now (else positions are stale)."""
        key = document_key(uri)
        entry = self.checked.get(key)
        doc = self.drafts.document(key)
        if entry is None or doc is None or doc.version != entry.version:
            return None
        return entry

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        entry = self.current(params.text_document.uri)
        if entry is None:
            return None
        index = LineIndex(entry.text, self.units())
        return hover_at(entry.outcome.diagnostics, index, index.offset(params.position))

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
        for d, span in findings_at(entry.outcome.diagnostics, index, a, b):
            for fix in fixes_for(d, entry.text, span, entry.outcome.facts):
                edits = [types.TextEdit(range=index.range(e.start, e.end), new_text=e.text) for e in fix.edits]
                actions.append(types.CodeAction(
                    title=fix.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[to_lsp(d, index, uri)],
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
        self.large.stop()
        self._worker.shutdown(wait=False, cancel_futures=True)
        self._large_worker.shutdown(wait=False, cancel_futures=True)


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
        uri = params.text_document.uri
        ls.drafts.opened(uri)
        if ls.drafts.is_draft(uri):
            ls.schedule(uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        if ls.drafts.is_draft(params.text_document.uri):
            ls.schedule(params.text_document.uri, ls.debounce)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if is_toml(uri):
            ls.recheck_all()
        elif ls.drafts.is_draft(uri):
            ls.schedule(uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(params: types.DidChangeWatchedFilesParams) -> None:
        if any(is_toml(change.uri) for change in params.changes):
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
