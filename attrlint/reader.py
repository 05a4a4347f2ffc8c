"""Read drafts from disk or stdin into exact text, and find the drafts a command line names.

Every finding is reported as a line and column of the original file, so the text handed to the
segmenter must be the file's characters one for one: the bytes are decoded strictly as UTF-8,
one leading byte-order mark is dropped, and line endings (``\\r\\n``, a lone ``\\r``) are kept
as they are. Problems are raised as ``DraftError``, whose ``str()`` is the one line a user sees.
"""

from __future__ import annotations

import errno
import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from attrlint.safefile import DRAFT_LIMIT, RefusedFile, read_regular, read_stream

DRAFT_SUFFIXES = (".md", ".markdown", ".txt")
MARKDOWN_SUFFIXES = (".md", ".markdown")

_BOM = "\ufeff"


class DraftError(Exception):
    """A draft that cannot be read; ``str()`` is ``"<path>: <reason>"``, one line."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def decode_draft(data: bytes, path: str) -> str:
    """Decode a draft's bytes: strict UTF-8, no NUL bytes, one leading BOM removed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Checked before the NUL test: UTF-16 text is full of NULs but is not a binary file.
        raise DraftError(path, "UTF-16 text, not UTF-8 (save the draft as UTF-8)")
    if b"\0" in data:
        raise DraftError(path, "binary file (NUL bytes), not a draft")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DraftError(path, f"not valid UTF-8 at byte {exc.start} (line {line})") from None
    if text.startswith(_BOM):
        text = text[1:]
    return text


def read_draft(path: str | os.PathLike[str]) -> str:
    """The text of the draft at ``path`` (see ``decode_draft``); ``DraftError`` if unreadable."""
    name = os.fspath(path)
    try:
        # Bytes, not text mode: text mode would turn \r\n and a lone \r into \n and shift columns.
        # Only a regular file is read, and only up to DRAFT_LIMIT: a FIFO or /dev/zero would hang.
        data = read_regular(name, DRAFT_LIMIT)
    except OSError as exc:
        raise DraftError(name, _os_reason(exc)) from None
    return decode_draft(data, name)


def read_stdin(stream: IO[bytes] | IO[str] | None, name: str = "-") -> str:
    """The draft on ``stream`` (normally ``sys.stdin``), errors reported as ``name``.

    A text stream is read through its binary buffer when it has one, so the same decoding
    rules apply as for files; a pure text stream (``io.StringIO``) is taken as already decoded.
    """
    if stream is None:  # the process was started with stdin closed (``attrlint check - <&-``)
        raise DraftError(name, "standard input is closed")
    raw = getattr(stream, "buffer", None)
    try:
        data = read_stream(raw if raw is not None else stream, DRAFT_LIMIT)
    except UnicodeDecodeError as exc:
        raise DraftError(name, f"not valid UTF-8 at byte {exc.start}") from None
    except (OSError, ValueError) as exc:  # ValueError: a stream closed under us
        raise DraftError(name, _os_reason(exc) if isinstance(exc, OSError) else "standard input is closed") from None
    if isinstance(data, str):
        if "\0" in data:
            raise DraftError(name, "binary file (NUL bytes), not a draft")
        return data[1:] if data.startswith(_BOM) else data
    return decode_draft(data, name)


def is_markdown(path: str | os.PathLike[str]) -> bool:
    """True for ``.md`` / ``.markdown`` (any case); every other name is read as plain text."""
    return os.fspath(path).lower().endswith(MARKDOWN_SUFFIXES)


def iter_drafts(paths: Iterable[str | os.PathLike[str]], exclude: list[str] | None = None,
                on_error: Callable[[DraftError], None] | None = None) -> Iterator[Path]:
    """The draft files named by ``paths``, each once, in a deterministic order.

    A file named explicitly is yielded as given, whatever its suffix (the user asked for it).
    A directory is walked recursively in sorted order, yielding files with ``DRAFT_SUFFIXES``;
    hidden files and directories are skipped, and so is anything an ``exclude`` glob matches
    (``fnmatch`` on the path relative to the directory, on that path with the directory
    prefixed, and on each component, as ruff's ``exclude`` does). A symlinked directory is
    entered only the first time its real path is seen, so symlink loops end. A subdirectory that
    cannot be listed is passed to ``on_error`` and the walk goes on (without ``on_error`` it is
    raised, as a path that cannot be read at all always is).
    """
    patterns = [p.rstrip("/") for p in (exclude or []) if p.strip("/")]
    seen_files: set[str] = set()
    for given in paths:
        path = Path(given)
        if not os.path.lexists(path):
            raise DraftError(os.fspath(given), "no such file or directory")
        if path.is_dir():
            files: Iterable[Path] = _walk(path, patterns, on_error)
        elif path.exists():
            files = [path]
        else:
            raise DraftError(os.fspath(given), _dangling(path))
        for file in files:
            key = os.path.realpath(file)
            if key not in seen_files:
                seen_files.add(key)
                yield file


def _dangling(path: Path) -> str:
    """Why a symbolic link leads nowhere: a loop or a missing target."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
    return "broken symbolic link"


def _walk(root: Path, patterns: list[str], on_error: Callable[[DraftError], None] | None) -> Iterator[Path]:
    visited: set[str] = {os.path.realpath(root)}
    # An explicit stack of iterators instead of recursion: deep trees cannot hit the
    # recursion limit, and entries are produced in sorted order at every level.
    stack: list[tuple[Path, str, Iterator[os.DirEntry[str]]]] = [(root, "", _sorted_entries(root))]
    while stack:
        directory, rel_dir, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        if name.startswith("."):
            continue
        rel = f"{rel_dir}{name}"
        if _excluded(rel, root, patterns):
            continue
        path = directory / name
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            continue
        if is_dir:
            real = os.path.realpath(path)
            if real in visited:
                continue
            visited.add(real)
            try:
                stack.append((path, rel + "/", _sorted_entries(path)))
            except DraftError as exc:
                if on_error is None:
                    raise
                on_error(exc)  # report this subdirectory, walk the rest
        elif name.lower().endswith(DRAFT_SUFFIXES):
            try:
                if entry.is_file():
                    yield path
            except OSError:
                continue


def _sorted_entries(directory: Path) -> Iterator[os.DirEntry[str]]:
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        raise DraftError(os.fspath(directory), _os_reason(exc)) from None
    return iter(entries)


def _excluded(rel: str, root: Path, patterns: list[str]) -> bool:
    if not patterns:
        return False
    candidates = [rel, (root / rel).as_posix(), *rel.split("/")]
    return any(fnmatch.fnmatchcase(c, p) for p in patterns for c in candidates)


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, RefusedFile):
        return exc.strerror
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return (exc.strerror or exc.__class__.__name__).lower()
