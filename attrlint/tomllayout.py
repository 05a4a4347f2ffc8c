"""Where things are in a TOML file's raw text: the line of every table header and key.

``tomllib`` reports no lines for a value it accepted, so error messages about a fact file's
content (a missing key, an unknown source id) find their line here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class _TableLines:
    header: int
    keys: dict[str, int] = field(default_factory=dict)


@dataclass
class Layout:
    """Line of every top-level name, and of each table's header and keys, in file order."""

    root: dict[str, int] = field(default_factory=dict)
    tables: dict[str, list[_TableLines]] = field(default_factory=dict)

    def line(self, table: str, index: int | None = None, key: str | None = None) -> int | None:
        found = self.tables.get(table, [])
        if index is not None and index < len(found):
            lines = found[index]
            return lines.keys.get(key, lines.header) if key else lines.header
        return self.root.get(table)


_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_KEY = re.compile(rf"({_KEY_PART})(?:[ \t]*\.[ \t]*{_KEY_PART})*[ \t]*=")
_HEADER = re.compile(rf"(\[\[?)[ \t]*({_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*)[ \t]*\]")
_PART = re.compile(_KEY_PART)


def _unquote(part: str) -> str:
    return part[1:-1] if part[:1] in "\"'" else part


def scan_lines(text: str) -> Layout:
    """Find header and key lines of text that ``tomllib`` has already accepted.

    Skips strings (multi-line too), comments and the inside of arrays and inline tables, so a
    statement start is only ever a header or a key.
    """
    layout = Layout()
    current: _TableLines | None = None  # None: the root table
    i, n, line = 0, len(text), 1
    depth = 0
    at_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            at_start = at_start or depth == 0
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif at_start and depth == 0:
            at_start = False
            header = _HEADER.match(text, i) if c == "[" else None
            if header:
                path = [_unquote(p) for p in _PART.findall(header.group(2))]
                layout.root.setdefault(path[0], line)
                if len(path) == 1:
                    current = _TableLines(line)
                    layout.tables.setdefault(path[0], []).append(current)
                else:
                    # A sub-table ("[fact.extra]") is a key of its parent table.
                    parents = layout.tables.get(path[0])
                    if parents:
                        parents[-1].keys.setdefault(path[1], line)
                    current = _TableLines(line)
                end = text.find("\n", i)
                i = n if end < 0 else end
                continue
            key = _KEY.match(text, i)
            if key:
                name = _unquote(key.group(1))
                (layout.root if current is None else current.keys).setdefault(name, line)
                i = key.end()
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if (c == '"' and text[j] == "\\") else 1
            # Closing quotes may run longer than three ("""a"""" ends with a quote in the string).
            j += len(quote)
            while len(quote) == 3 and j < n and text[j] == c:
                j += 1
            line += text.count("\n", i, min(j, n))
            i = j
        else:
            if c in "[{":
                depth += 1
            elif c in "]}":
                depth -= 1
            i += 1
    return layout
