"""``attrlint check --fix`` / ``--diff``: apply fixes to a draft's text, re-check, write it back safely.

Fixes are applied in rounds, as ruff does: every fix that does not overlap another is applied,
the new text is checked again (a fix may resolve or uncover other findings, and overlapping
fixes get their turn), until nothing is left to fix or ``MAX_ROUNDS`` is reached. The text is the
draft's exact characters, so its line endings survive; the byte-order mark, if the file had one,
is written back; and the file is replaced only if it still holds what was checked.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from attrlint.atomic import write_atomic
from attrlint.facts import FactBase
from attrlint.fixes import Fix, apply_edits, fixes_for, non_overlapping
from attrlint.model import Diagnostic, line_starts
from attrlint.reader import DraftError, decode_draft
from attrlint.spans import diagnostic_span

# Each round re-checks the draft (a parse); real drafts settle in one or two.
MAX_ROUNDS = 10
_BOM = b"\xef\xbb\xbf"


@dataclass
class FixedDraft:
    """A draft after fixing: its text before and after, the fixes applied and what remains."""

    path: str
    original: str
    text: str
    diagnostics: list[Diagnostic]
    applied: int = 0
    titles: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original


def fix_for(d: Diagnostic, text: str, starts: list[int], facts: FactBase | None, unsafe: bool) -> Fix | None:
    """The fix ``--fix`` would apply to ``d`` (with ``--unsafe-fixes`` when ``unsafe``), if any."""
    for fix in fixes_for(d, text, diagnostic_span(d, text, starts), facts):
        if fix.applies(unsafe):
            return fix
    return None


def fixable(diagnostics: Sequence[Diagnostic], text: str, facts: FactBase | None, unsafe: bool
            ) -> tuple[list[Diagnostic], int]:
    """(findings a fix would resolve under these flags, fixes that only ``--unsafe-fixes`` allows)."""
    starts = line_starts(text)
    now: list[Diagnostic] = []
    hidden = 0
    for d in diagnostics:
        if fix_for(d, text, starts, facts, unsafe) is not None:
            now.append(d)
        elif not unsafe and fix_for(d, text, starts, facts, True) is not None:
            hidden += 1
    return now, hidden


def fix_draft(path: str, text: str, diagnostics: list[Diagnostic], facts: FactBase | None, unsafe: bool,
              recheck: Callable[[str], list[Diagnostic]],
              reported: Callable[[list[Diagnostic], str], list[Diagnostic]] = lambda ds, _: ds) -> FixedDraft:
    """Fix ``text`` in rounds; ``recheck`` checks a new text, ``reported`` drops findings that are
    not to be fixed (those the baseline hides)."""
    result = FixedDraft(path, text, text, diagnostics)
    seen = {text}
    for _ in range(MAX_ROUNDS):
        starts = line_starts(result.text)
        candidates = [f for d in reported(result.diagnostics, result.text)
                      if (f := fix_for(d, result.text, starts, facts, unsafe)) is not None]
        chosen = non_overlapping(candidates)
        if not chosen:
            break
        new = apply_edits(result.text, [e for f in chosen for e in f.edits])
        if new in seen:  # the fixes undo each other: stop rather than cycle
            break
        seen.add(new)
        result.text = new
        result.applied += len(chosen)
        result.titles.extend(f.title for f in chosen)
        result.diagnostics = recheck(new)
    return result


class StaleDraft(Exception):
    """The draft on disk is no longer the text that was checked: it is left alone."""


def write_fixed(path: str, checked: str, fixed: str) -> None:
    """Replace the draft at ``path`` with ``fixed`` if it still holds ``checked``.

    Raises StaleDraft when the file changed since it was read (checked again just before the
    rename, by size and modification time), and OSError when it cannot be written."""
    try:
        # Non-blocking, then fstat: a FIFO or device put in the draft's place is not waited on.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            seen = os.fstat(fh.fileno())
            if not stat.S_ISREG(seen.st_mode):
                raise StaleDraft(path)
            data = fh.read()
        current = decode_draft(data, path)
    except (OSError, DraftError):
        raise StaleDraft(path) from None
    if current != checked:
        raise StaleDraft(path)

    def unchanged() -> None:
        now = os.stat(path)
        if (now.st_size, now.st_mtime_ns) != (seen.st_size, seen.st_mtime_ns):
            raise StaleDraft(path)

    bom = _BOM if data.startswith(_BOM) else b""
    write_atomic(path, bom + fixed.encode("utf-8"), before_replace=unchanged)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one draft, as ``diff -u`` and ruff's ``--diff`` print it."""
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(a, b, fromfile=path, tofile=path):
        lines.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(lines)
