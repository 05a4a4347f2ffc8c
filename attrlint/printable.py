"""Text safe to print: control characters from drafts and file names made visible.

A draft or a file name can hold escape sequences (clear the screen, set the window title, hide a
hyperlink), a carriage return that overwrites what was printed, a newline that starts a forged
``path:line:col:`` finding, or bidirectional overrides that reorder what a reader sees. Text and
GitHub output pass every piece of text that came from a draft or a file name through ``visible``
at the point of printing; machine formats (JSON, SARIF …) escape through their encoders instead.
A file name that is not valid UTF-8 reaches Python with its odd bytes as lone surrogates; every
format shows such a byte as ``\\xff`` (``readable_path``).
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, and the bidirectional
# embeddings, overrides, isolates and marks; lone surrogates stand for undecodable bytes.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the undecodable byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, line_breaks: bool = False) -> str:
    """``text`` with every control, separator, bidi and undecodable character escaped (``\\x1b``,
    ``\\n``, ``\\u202e``, ``\\xff``); ordinary text, including non-Latin letters, is unchanged.

    ``line_breaks`` keeps CR and LF for a caller that lays out multi-line messages itself (text
    output indents continuation lines; GitHub annotations percent-encode them); a file name never
    keeps them.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m.group() if line_breaks and m.group() in "\r\n" else _escape(m.group()), text)


def readable_path(text: str) -> str:
    """``text`` with undecodable bytes (lone surrogates) written as ``\\xff``: encodable as UTF-8,
    for the formats whose encoders escape everything else."""
    return _SURROGATE.sub(lambda m: _escape(m.group()), text) if _SURROGATE.search(text) else text
