"""Atomic file writes: a temporary file in the target's directory, then ``os.replace``.

A reader (an editor, a pre-commit run, a sync client) sees either the old file or the new one,
never half of each, and an interrupted write leaves the old file as it was. An existing file keeps
its permission bits; a symbolic link is written through, so the link stays a link.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable


def write_atomic(path: str, data: bytes, before_replace: Callable[[], None] | None = None) -> None:
    """Replace ``path`` with ``data`` atomically; ``before_replace`` runs last, just before the
    rename, and may raise to abandon the write (the temporary file is removed, ``path`` untouched)."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target) or "."
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            # A new file gets the usual permissions (mkstemp's are owner-only), honouring umask.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
