"""Read a file only if it is a regular file of bounded size.

A draft, a config, a fact file or a lexicon named by a user (or by a repository's config) may be a
FIFO that never ends, a device such as ``/dev/zero`` that never stops giving bytes, or a socket.
The file is opened without blocking and the *opened descriptor* is checked, so a name swapped for
something else between a check and the open is still caught. Refusals are ``OSError``s whose
``strerror`` is the reason in plain words, so every reader's existing "cannot read" path reports
them in one line.
"""

from __future__ import annotations

import errno
import os
import stat

MB = 1024 * 1024
# Drafts: the longest story or transcript we have seen is a few MB; 64 MB leaves room for pasted
# archives while keeping a stray disk image or log from filling memory.
DRAFT_LIMIT = 64 * MB
# Config, fact and lexicon files (TOML): the built-in lists together are under 200 KB.
TOML_LIMIT = 8 * MB


class RefusedFile(OSError):
    """A file attrlint will not read: not a regular file, or over the size limit."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(0, reason, path)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n} bytes"


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises ``IsADirectoryError`` for a directory, ``RefusedFile`` for anything else that is not a
    regular file or is larger than ``limit``, and the ordinary ``OSError`` otherwise.
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(name, flags)
    with os.fdopen(fd, "rb", buffering=0) as fh:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", name)
        if not stat.S_ISREG(st.st_mode):
            raise RefusedFile(name, f"{_kind(st.st_mode)}, not a regular file")
        if st.st_size > limit:
            raise RefusedFile(name, f"too large ({_size(st.st_size)}; the limit is {_size(limit)})")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # the file may grow after fstat: never read past the limit
            chunk = fh.read(min(limit + 1 - total, MB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    if total > limit:
        raise RefusedFile(name, f"too large (over {_size(limit)}, the limit)")
    return b"".join(chunks)


def read_stream(stream, limit: int) -> bytes | str:  # noqa: ANN001 - a binary or text file object
    """Up to ``limit`` bytes (or characters) of a stream such as stdin; ``RefusedFile`` beyond."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise RefusedFile("-", f"too large (over {_size(limit)}, the limit)")
    return data
