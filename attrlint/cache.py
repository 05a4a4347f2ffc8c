"""Per-file result cache in ``.attrlint_cache/``: unchanged drafts are not parsed again.

An entry is a small JSON file named by its key (``ab/abcdef….json``): the diagnostics of one
draft plus a format version and a checksum, so a truncated or foreign file is a miss, never a
wrong answer. Writers go through a temporary file and ``os.replace``, which is atomic, so
concurrent runs (pre-commit, editors, CI shards) can share one directory. The cache is an
optimisation: a full or read-only disk stops writes with one warning, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

FORMAT = "attrlint-cache"
VERSION = 1
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by attrlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Automatically created by attrlint.\n*\n"
_KEY = re.compile(r"[0-9a-f]{8,128}")


class ResultCache:
    def __init__(self, directory: Path, enabled: bool = True) -> None:
        self.directory = Path(directory)
        self.enabled = enabled
        self._writable = True
        self._warned = False
        self._marked = False

    @staticmethod
    def key(*parts: bytes | str) -> str:
        """sha256 over length-prefixed parts, so ("ab", "c") and ("a", "bc") differ.

        Callers pass: draft content, fact file content (or ""), config fingerprint, lexicon
        fingerprint, attrlint's code fingerprint (version and source digest), model name (and the
        draft's path when per-file settings or the stored ``path`` fields depend on it).
        """
        digest = hashlib.sha256()
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else bytes(part)
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def entry_path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> list[dict[str, Any]] | None:
        """The stored diagnostics for ``key``, or None on a miss or an unusable entry."""
        if not self.enabled:
            return None
        path = self.entry_path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        diagnostics = _decode(raw, key)
        if diagnostics is None:
            # Never trusted again; a later put replaces it if this removal fails.
            try:
                path.unlink()
            except OSError:
                pass
        return diagnostics

    def put(self, key: str, diagnostics: list[dict[str, Any]]) -> None:
        """Store diagnostics under ``key``; a disk problem stops writes with one warning."""
        if not (self.enabled and self._writable):
            return
        path = self.entry_path(key)
        payload = _canonical(diagnostics)
        entry = {"format": FORMAT, "version": VERSION, "key": key,
                 "checksum": hashlib.sha256(payload).hexdigest(), "diagnostics": diagnostics}
        try:
            self._mark_directory()
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            self._warn(exc)

    def clear(self) -> None:
        """Remove the cache directory, only if it is ours (it holds our CACHEDIR.TAG)."""
        tag = self.directory / "CACHEDIR.TAG"
        try:
            ours = tag.read_text(encoding="utf-8").startswith(CACHEDIR_TAG.splitlines()[0])
        except (OSError, UnicodeDecodeError):
            return
        if ours:
            shutil.rmtree(self.directory, ignore_errors=True)
            self._marked = False

    def _mark_directory(self) -> None:
        """CACHEDIR.TAG keeps backup tools out; .gitignore keeps the cache out of commits."""
        if self._marked:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
            target = self.directory / name
            if not target.exists():
                _atomic_write(target, text.encode("utf-8"))
        self._marked = True

    def _warn(self, exc: OSError) -> None:
        # One failure usually means every later write fails the same way (read-only, full):
        # stop writing and say so once. Reads go on: a read-only cache can still serve hits.
        self._writable = False
        if not self._warned:
            self._warned = True
            reason = exc.strerror or str(exc)
            print(f"attrlint: warning: cannot write the cache in {self.directory}: {reason}; "
                  "continuing without it", file=sys.stderr)


def _canonical(diagnostics: list[dict[str, Any]]) -> bytes:
    return json.dumps(diagnostics, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _decode(raw: bytes, key: str) -> list[dict[str, Any]] | None:
    try:
        entry = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("version") != VERSION:
        return None
    diagnostics = entry.get("diagnostics")
    if entry.get("key") != key or not isinstance(diagnostics, list):
        return None
    if not all(isinstance(d, dict) for d in diagnostics):
        return None
    if entry.get("checksum") != hashlib.sha256(_canonical(diagnostics)).hexdigest():
        return None
    return diagnostics


def _atomic_write(path: Path, data: bytes) -> None:
    """Write a sibling temporary file, then rename it over ``path``: readers see old or new."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
