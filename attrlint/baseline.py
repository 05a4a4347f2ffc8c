"""Baselines: accept today's findings on a repository of old drafts so only new ones block.

``attrlint check --write-baseline FILE`` records every finding as its rule code, its draft's path
(relative to FILE's directory, so the file works from any working directory and in a pre-commit
hook) and the flagged text with its whole sentence, never its line: a paragraph inserted above
leaves a recorded finding hidden, while a finding whose sentence is edited comes back, because
the reporter touched it. ``--baseline FILE`` (or ``baseline`` in the config) hides recorded
findings. Matching counts, as PHPStan and detekt do: the same finding twice in a draft and once
in the baseline leaves one reported.

The file is JSON with a ``version`` key, entries sorted, one stable form for the same findings so
it diffs cleanly in review; it is written atomically.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from attrlint.atomic import write_atomic
from attrlint.model import Diagnostic
from attrlint.spans import diagnostic_span, sentence_around

VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or written; ``str()`` is one line naming it."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, order=True)
class Entry:
    """What identifies a finding across edits elsewhere in its draft."""

    path: str  # relative to the baseline file's directory, with forward slashes
    code: str
    text: str  # the flagged words
    sentence: str  # the sentence holding them, whitespace collapsed


def relative_path(draft: str, base_dir: str) -> str:
    """The draft's path relative to ``base_dir`` (forward slashes), the key a baseline stores."""
    if draft == "-":
        return draft
    return Path(os.path.relpath(os.path.abspath(draft), base_dir)).as_posix()


def entry_for(d: Diagnostic, source: str, base_dir: str) -> Entry:
    start, end = diagnostic_span(d, source)
    return Entry(relative_path(d.path, base_dir), d.code, " ".join(source[start:end].split()),
                 sentence_around(source, start, end))


class Baseline:
    """Recorded findings of one baseline file, as counts per entry."""

    def __init__(self, path: str, entries: Counter[Entry]) -> None:
        self.path = path
        self.base_dir = os.path.dirname(os.path.abspath(path))
        self.entries = entries

    def split(self, diagnostics: Iterable[Diagnostic], sources: Mapping[str, str]
              ) -> tuple[list[Diagnostic], list[Diagnostic]]:
        """(reported, hidden): each recorded entry hides as many findings as it was recorded for."""
        left = Counter(self.entries)
        reported: list[Diagnostic] = []
        hidden: list[Diagnostic] = []
        for d in diagnostics:
            source = sources.get(d.path)
            key = None if source is None else entry_for(d, source, self.base_dir)
            if key is not None and left[key] > 0:
                left[key] -= 1
                hidden.append(d)
            else:
                reported.append(d)
        return reported, hidden


def load_baseline(path: str) -> Baseline:
    """Read a baseline file; BaselineError (one line) when it is missing or malformed."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(path, "baseline file not found (create it with "
                                  f"`attrlint check --write-baseline {path}`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(path, f"cannot read the baseline: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(path, f"not a baseline: invalid JSON at line {exc.lineno}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(path, f"not a baseline of version {VERSION} (write it again with "
                                  "`attrlint check --write-baseline`)")
    entries: Counter[Entry] = Counter()
    for i, item in enumerate(data["findings"], 1):
        try:
            key = Entry(*(item[k] for k in ("path", "code", "text", "sentence")))
            count = item.get("count", 1)
        except (KeyError, TypeError, AttributeError):
            raise BaselineError(path, f"finding {i} lacks path, code, text or sentence") from None
        if not all(isinstance(v, str) for v in (key.path, key.code, key.text, key.sentence)) \
                or not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(path, f"finding {i} has a value of the wrong type")
        entries[key] += count
    return Baseline(path, entries)


def render_baseline(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str], base_dir: str) -> str:
    """The baseline file's text for ``diagnostics``: stable, sorted, one entry per distinct finding."""
    counts = Counter(entry_for(d, sources[d.path], base_dir) for d in diagnostics if d.path in sources)
    findings = [{"path": e.path, "code": e.code, "text": e.text, "sentence": e.sentence, "count": n}
                for e, n in sorted(counts.items())]
    return json.dumps({"version": VERSION, "findings": findings}, ensure_ascii=False, indent=2) + "\n"


def write_baseline(path: str, diagnostics: Sequence[Diagnostic], sources: Mapping[str, str]) -> None:
    """Write the baseline atomically; BaselineError when the file cannot be written."""
    base_dir = os.path.dirname(os.path.abspath(path))
    text = render_baseline(diagnostics, sources, base_dir)
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise BaselineError(path, f"cannot write the baseline: {exc.strerror or exc}") from None
