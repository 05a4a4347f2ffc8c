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
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from attrlint.safefile import DRAFT_LIMIT, RefusedFile, read_regular, read_stream

DRAFT_SUFFIXES = (".md", ".markdown", ".txt")
MARKDOWN_SUFFIXES = (".md", ".markdown")
WORD_SUFFIXES = (".docx",)

_BOM = "\ufeff"
_ZIP = b"PK\x03\x04"
_SAVE_AS = "save it as .docx or plain text (.txt, .md)"
# (leading bytes, what the file is, what to do): formats a draft arrives in that attrlint cannot read.
_MAGIC = (
    (b"%PDF-", "a PDF file", _SAVE_AS),
    (b"{\\rtf", "an RTF file", _SAVE_AS),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc) or other Office 97-2003 file", _SAVE_AS),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "attrlint checks the text of drafts, not pictures"),
    (b"\xff\xd8\xff", "a JPEG image", "attrlint checks the text of drafts, not pictures"),
    (b"GIF8", "a GIF image", "attrlint checks the text of drafts, not pictures"),
    (b"II*\x00", "a TIFF image", "attrlint checks the text of drafts, not pictures"),
    (b"MM\x00*", "a TIFF image", "attrlint checks the text of drafts, not pictures"),
)
# Names that say what the file is even when its content does not (an empty or truncated export).
_SUFFIX_FORMATS = {
    ".pdf": "a PDF file", ".rtf": "an RTF file", ".doc": "an old Word (.doc) file",
    ".odt": "an OpenDocument text (.odt) file", ".pages": "an Apple Pages file",
}


class DraftError(Exception):
    """A draft that cannot be read; ``str()`` is ``"<path>: <reason>"``, one line."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class DraftText:
    """A draft as read: its text and, for a Word draft, the kind of each line (one per paragraph)."""

    text: str
    kinds: tuple[str, ...] | None = None


def not_a_draft(data: bytes) -> str | None:
    """Why ``data`` is a file format attrlint cannot read (one line, with what to do), or None."""
    for magic, what, advice in _MAGIC:
        if data.startswith(magic):
            return f"{what}, not a draft: {advice}"
    if data.startswith(_ZIP):
        what = _zip_format(data)
        if what == "docx":
            what = "a Word document (.docx) read from stdin"
            return f"{what}: name the file instead (attrlint reads .docx files by name)"
        return f"{what}, not a draft: {_SAVE_AS}"
    return None


def _zip_format(data: bytes) -> str:
    """What a zip archive holds, told by its first member names (read from the bytes, not unpacked)."""
    head = data[:4096]
    if b"word/document.xml" in data:
        return "docx"
    if b"application/vnd.oasis.opendocument.text" in head:
        return "an OpenDocument text (.odt) file"
    if b"application/vnd.oasis.opendocument" in head:
        return "an OpenDocument file"
    if b"xl/" in head:
        return "an Excel workbook"
    if b"ppt/" in head:
        return "a PowerPoint presentation"
    if b"Index/Document.iwa" in data[:65536] or b"index.xml" in head:
        return "an Apple Pages file"
    return "a zip archive"


def decode_draft(data: bytes, path: str) -> str:
    """Decode a draft's bytes: strict UTF-8, no NUL bytes, one leading BOM removed; a known
    binary format (PDF, RTF, .doc, .odt, images …) is named in the error."""
    reason = not_a_draft(data)
    if reason:
        raise DraftError(path, reason)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Checked before the NUL test: UTF-16 text is full of NULs but is not a binary file.
        raise DraftError(path, "UTF-16 text, not UTF-8 (save the draft as UTF-8)")
    if b"\0" in data:
        raise DraftError(path, f"a binary file (NUL bytes), not a draft: {_SAVE_AS}")
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


def load_draft(path: str | os.PathLike[str]) -> DraftText:
    """The draft at ``path``: a Word document (by content or by its ``.docx`` name) as its
    paragraphs, anything else as text (``decode_draft``); ``DraftError`` if it cannot be read."""
    from attrlint.wordfile import WordFileError, read_docx

    name = os.fspath(path)
    try:
        data = read_regular(name, DRAFT_LIMIT)
    except OSError as exc:
        raise DraftError(name, _os_reason(exc)) from None
    word = name.lower().endswith(WORD_SUFFIXES)
    if data.startswith(_ZIP) and (word or _zip_format(data) == "docx"):
        try:
            doc = read_docx(data)
        except WordFileError as exc:
            raise DraftError(name, str(exc)) from None
        return DraftText(doc.text, doc.kinds)
    if word:
        raise DraftError(name, "not a Word document (a .docx is a zip archive): "
                               "open it in Word and save it again as .docx")
    suffix = os.path.splitext(name)[1].lower()
    if suffix in _SUFFIX_FORMATS and not_a_draft(data) is None:
        raise DraftError(name, f"{_SUFFIX_FORMATS[suffix]}, not a draft: {_SAVE_AS}")
    return DraftText(decode_draft(data, name))


def is_writable_text(path: str | os.PathLike[str]) -> bool:
    """Whether fixes may be written back into this draft: text files yes, Word documents no
    (attrlint reads a .docx but never rewrites one; apply fixes in Word)."""
    name = os.fspath(path)
    if name.lower().endswith(WORD_SUFFIXES):
        return False
    try:
        with open(name, "rb") as fh:
            return not fh.read(4).startswith(_ZIP)
    except OSError:
        return True  # the write itself reports the problem


WORD_NOT_WRITABLE = "a Word document: attrlint does not write fixes into it; make the change in Word"


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
            raise DraftError(name, f"a binary file (NUL bytes), not a draft: {_SAVE_AS}")
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
        elif name.lower().endswith(DRAFT_SUFFIXES + WORD_SUFFIXES) and not name.startswith("~$"):
            # "~$story.docx" is the lock file Word keeps beside an open document.
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
