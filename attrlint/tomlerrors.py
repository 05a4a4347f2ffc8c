"""Plain-words reports of TOML problems, shared by the config and fact-file readers.

tomllib puts the position inside its message ("… (at line 3, column 7)") and names tables as
tuples; a reporter needs a line number and a sentence.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_END = re.compile(r"\s*\(at end of document\)$")
_TUPLE = re.compile(r"\(((?:'[^']*',? ?)+)\)")


def loads(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with nesting too deep for its recursive parser reported as bad TOML.

    tomllib recurses once per nested array or inline table, so a few hundred ``[`` in a hostile
    file end in RecursionError; that is a property of the file, and is said like any syntax error.
    """
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("Values nested too deeply (arrays or inline tables)") from None


def toml_problem(text: str, err: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    """The line of a TOML syntax error (None if unknown) and what is wrong, in words."""
    message = str(err)
    # "Cannot declare ('fact',) twice" → "cannot declare [fact] twice"
    message = _TUPLE.sub(lambda m: "[" + ".".join(re.findall(r"'([^']*)'", m[1])) + "]", message)
    # A string left open at the end of its line is the usual cause; say so in words.
    message = message.replace("Illegal character '\\n'", "Line ends inside a string or value")
    pos = _POS.search(message)
    if pos:
        return int(pos[1]), f"bad TOML: {_lower_first(_POS.sub('', message))} (column {pos[2]})"
    if _END.search(message):
        last = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        return max(last, 1), f"bad TOML: {_lower_first(_END.sub('', message))} at end of file"
    return None, f"bad TOML: {_lower_first(message)}"


# bool before int: True is an int to isinstance
_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "a boolean"), (int, "an integer"), (float, "a number"), (str, "a string"), (list, "a list"),
    (dict, "a table"), ((dt.date, dt.time), "a date/time"),
)


def type_name(value: Any) -> str:
    """A TOML value's kind as an error message names it ("not a string")."""
    return next((name for kind, name in _KINDS if isinstance(value, kind)), type(value).__name__)


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]
