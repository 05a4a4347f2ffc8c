"""Per-file result cache in ``.attrlint_cache/``: unchanged drafts are not parsed again.

An entry is a small JSON file named by its key (``ab/abcdef….json``): the diagnostics of one
draft plus a format version and a checksum, so a truncated or foreign file is a miss, never a
wrong answer. The checksum is an HMAC keyed by a random secret kept in the cache directory
(``hmac.key``, mode 0600, created by the first writer): an entry written by anyone who cannot
read that key (another user sharing a CI cache, a cache copied from elsewhere) is a miss, so it
can neither add nor hide findings. Every field of a hit is validated again before use
(``diagnostics_from_entry``). Writers go through a temporary file and ``os.replace``, which is
atomic, so concurrent runs (pre-commit, editors, CI shards) can share one directory. The cache is
an optimisation: a full or read-only disk stops writes with one warning, never an error.

The directory comes from ``ATTRLINT_CACHE_DIR`` (empty counts as unset) or ``.attrlint_cache``.
A cache is only ever written into a directory that is new, empty or already ours (it holds our
``CACHEDIR.TAG``): the ``.gitignore`` holding ``*`` written there would hide a project's files.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from attrlint.model import Diagnostic, Related, Severity, line_starts
from attrlint.safefile import DRAFT_LIMIT, read_regular

FORMAT = "attrlint-cache"
VERSION = 1
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by attrlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Automatically created by attrlint.\n*\n"
KEY_FILE = "hmac.key"
DEFAULT_DIR = ".attrlint_cache"
_KEY = re.compile(r"[0-9a-f]{8,128}")
_SECRET_BYTES = 32


def cache_directory() -> Path:
    """``ATTRLINT_CACHE_DIR``, or ``.attrlint_cache`` when it is unset or empty.

    An empty value must not mean "here": the cache (and its ``.gitignore`` of ``*``) would be
    written into the project itself and git would stop seeing new drafts.
    """
    return Path(os.environ.get("ATTRLINT_CACHE_DIR") or DEFAULT_DIR)


class NotACacheDirectory(OSError):
    """The cache directory holds other files and no CACHEDIR.TAG: it is not ours to write into."""


class ResultCache:
    def __init__(self, directory: Path, enabled: bool = True, *, quiet: bool = False) -> None:
        self.directory = Path(directory)
        self.enabled = enabled
        self.quiet = quiet  # record a write failure in ``failure`` without printing it
        self.failure: OSError | None = None
        self._writable = True
        self._warned = False
        self._marked = False
        self._secret: bytes | None = None

    @staticmethod
    def key(*parts: bytes | str) -> str:
        """sha256 over length-prefixed parts, so ("ab", "c") and ("a", "bc") differ.

        Callers pass: draft content, fact file content (or ""), config fingerprint, lexicon
        fingerprint, attrlint's code fingerprint (version and source digest), model name (and the
        draft's path when per-file settings or the stored ``path`` fields depend on it).
        """
        digest = hashlib.sha256()
        for part in parts:
            # surrogatepass: a file name that is not UTF-8 holds lone surrogates; other text is
            # encoded exactly as strict UTF-8 would.
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else bytes(part)
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
        secret = self._load_secret()
        if secret is None:  # no key (yet): no entry can be verified
            return None
        try:
            raw = read_regular(path, DRAFT_LIMIT)
        except OSError:
            return None
        diagnostics = _decode(raw, key, secret)
        if diagnostics is None:
            self.discard(key)
        return diagnostics

    def discard(self, key: str) -> None:
        """Remove an entry that is not to be trusted; a later put replaces it if removal fails."""
        try:
            self.entry_path(key).unlink()
        except OSError:
            pass

    def put(self, key: str, diagnostics: list[dict[str, Any]]) -> None:
        """Store diagnostics under ``key``; a disk problem stops writes with one warning."""
        if not (self.enabled and self._writable):
            return
        path = self.entry_path(key)
        try:
            self._mark_directory()
            secret = self._ensure_secret()
            entry = {"format": FORMAT, "version": VERSION, "key": key,
                     "checksum": _mac(secret, key, diagnostics), "diagnostics": diagnostics}
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass"))
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

    def writable(self) -> bool:
        """Prepare the directory for writes now (one warning if it cannot be); True if writes may go on."""
        if self.enabled and self._writable:
            try:
                self._mark_directory()
                self._ensure_secret()
            except OSError as exc:
                self._warn(exc)
        return self.enabled and self._writable

    def _load_secret(self) -> bytes | None:
        """The HMAC key, if the directory holds one that only we can read and write."""
        if self._secret is None:
            self._secret = _read_secret(self.directory / KEY_FILE)
        return self._secret

    def _ensure_secret(self) -> bytes:
        secret = self._load_secret()
        if secret is None:
            secret = _create_secret(self.directory / KEY_FILE)
            self._secret = secret
        return secret

    def _mark_directory(self) -> None:
        """CACHEDIR.TAG keeps backup tools out; .gitignore keeps the cache out of commits."""
        if self._marked:
            return
        if not _is_ours_or_empty(self.directory):
            raise NotACacheDirectory(0, "it holds other files and is not an attrlint cache "
                                        "(no CACHEDIR.TAG), so a cache there could hide them from git",
                                     str(self.directory))
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
            target = self.directory / name
            if not target.exists():
                _atomic_write(target, text.encode("utf-8"))
        self._marked = True

    def report(self, exc: OSError) -> None:
        """Stop writing and warn (once) about a failure, such as one a worker process met."""
        self._warn(exc)

    def _warn(self, exc: OSError) -> None:
        # One failure usually means every later write fails the same way (read-only, full):
        # stop writing and say so once. Reads go on: a read-only cache can still serve hits.
        self._writable = False
        if self.failure is None:
            self.failure = exc
        if not self._warned and not self.quiet:
            self._warned = True
            reason = exc.strerror or str(exc)
            print(f"attrlint: warning: cannot write the cache in {self.directory}: {reason}; "
                  "continuing without it", file=sys.stderr)


def _canonical(diagnostics: list[dict[str, Any]]) -> bytes:
    return json.dumps(diagnostics, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8", "surrogatepass")


def _is_ours_or_empty(directory: Path) -> bool:
    try:
        with os.scandir(directory) as it:
            names = [e.name for e in it]
    except FileNotFoundError:
        return True
    except NotADirectoryError:
        return True  # mkdir reports it
    if not names:
        return True
    try:
        tag = read_regular(directory / "CACHEDIR.TAG", 4096).decode("utf-8", "replace")
    except OSError:
        return False
    return tag.startswith(CACHEDIR_TAG.splitlines()[0])


def _read_secret(path: Path) -> bytes | None:
    """The key in ``path`` if it is a regular file of the right size, owned by us and private."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        private = stat.S_IMODE(st.st_mode) & 0o077 == 0
        owner_ok = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
        if not (stat.S_ISREG(st.st_mode) and private and owner_ok):
            return None
        data = fh.read(_SECRET_BYTES + 1)
    return data if len(data) == _SECRET_BYTES else None


def _create_secret(path: Path) -> bytes:
    """A new random key in ``path`` (0600). The first of concurrent writers wins; the others read
    its key. A key that is not private (wrong owner or mode) is replaced."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(_SECRET_BYTES))
        try:
            os.link(tmp, path)
        except FileExistsError:
            if _read_secret(path) is None:
                os.replace(tmp, path)
        except OSError:  # a file system without hard links
            os.replace(tmp, path)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    secret = _read_secret(path)
    if secret is None:
        raise OSError(0, "cannot keep a private key file there", str(path))
    return secret


def _mac(secret: bytes, key: str, diagnostics: list[dict[str, Any]]) -> str:
    return hmac.new(secret, key.encode("ascii") + b"\0" + _canonical(diagnostics), hashlib.sha256).hexdigest()


def _decode(raw: bytes, key: str, secret: bytes) -> list[dict[str, Any]] | None:
    try:
        entry = json.loads(raw.decode("utf-8", "surrogatepass"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("version") != VERSION:
        return None
    diagnostics = entry.get("diagnostics")
    if entry.get("key") != key or not isinstance(diagnostics, list):
        return None
    if not all(isinstance(d, dict) for d in diagnostics):
        return None
    checksum = entry.get("checksum")
    if not isinstance(checksum, str) or not hmac.compare_digest(checksum, _mac(secret, key, diagnostics)):
        return None
    return diagnostics


# --- entries are untrusted input: every field is checked before it becomes a Diagnostic ----------

_SEVERITIES = {s.value for s in Severity}


def _int_in(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


_RELATED_KEYS = frozenset({"path", "line", "column", "message"})
_RELATED_END = frozenset({"end_line", "end_column"})  # a related place that is a span


def _related(r: Any, path: str, lines: int) -> Related | None:
    if not isinstance(r, dict) or set(r) not in (_RELATED_KEYS, _RELATED_KEYS | _RELATED_END):
        return None
    if r["path"] != path or not _int_in(r["line"], 1, lines) or not _int_in(r["column"], 1, 1 << 31):
        return None
    end_line, end_column = r.get("end_line"), r.get("end_column")
    if (end_line is None) != (end_column is None) or end_line is not None and not (
            _int_in(end_line, r["line"], lines) and _int_in(end_column, 1, 1 << 31)):
        return None
    if not isinstance(r["message"], str):
        return None
    return Related(path, r["line"], r["column"], r["message"], end_line, end_column)


def _diagnostic(d: dict[str, Any], path: str, lines: int, rule_names: Mapping[str, str]) -> Diagnostic | None:
    code = d.get("code")
    if d.get("path") != path or not isinstance(code, str) or rule_names.get(code) != d.get("rule"):
        return None
    line, end_line = d.get("line"), d.get("end_line")
    if not (_int_in(line, 1, lines) and _int_in(end_line, line, lines)):
        return None
    if not (_int_in(d.get("column"), 1, 1 << 31) and _int_in(d.get("end_column"), 1, 1 << 31)):
        return None
    if d.get("severity") not in _SEVERITIES or not isinstance(d.get("message"), str):
        return None
    if not (_opt_str(d.get("suggestion")) and _opt_str(d.get("fact"))):
        return None
    raw_related = d.get("related", [])
    related = [_related(r, path, lines) for r in raw_related] if isinstance(raw_related, list) else [None]
    if any(r is None for r in related):
        return None
    return Diagnostic(path, line, d["column"], end_line, d["end_column"], d["code"], d["rule"],
                      Severity(d["severity"]), d["message"], d.get("suggestion"), d.get("fact"),
                      tuple(r for r in related if r is not None))


def diagnostics_from_entry(entries: list[dict[str, Any]], path: str, source: str,
                           rule_names: Mapping[str, str]) -> list[Diagnostic] | None:
    """The cached diagnostics of the draft at ``path`` with text ``source``, or None if any entry is
    not one this draft could have produced (another path, a rule not enabled, a line outside the
    draft, a field of the wrong type)."""
    lines = len(line_starts(source))
    out: list[Diagnostic] = []
    for d in entries:
        diag = _diagnostic(d, path, lines, rule_names)
        if diag is None:
            return None
        out.append(diag)
    return out


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
