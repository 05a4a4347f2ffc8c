"""The reference fact file: what the desk has verified for one story (docs/factfile.md).

``load_facts`` reads and validates the TOML file into a ``FactBase``; rules ask it which source a
name in the draft refers to (``resolve``), how to name a source in a suggestion
(``display_name``), and which facts count a given unit (``facts_with_unit``).

Decisions worth knowing:
- Every problem stops the load with one ``FactFileError`` whose text is one line,
  ``path:line: message (fact ID, field KEY)``: a half-valid fact file would make the linter report
  wrong findings with confidence.
- ``tomllib`` reports no lines for semantic errors, so ``attrlint.tomllayout.scan_lines`` reads the raw text for the
  line of every table header and key.
- A ``source``/``party`` that looks like an id (lower case, no spaces) must be a [[source]] id;
  anything else is free text. Source ids must therefore look like ids themselves.
- Ids are unique within [[source]]; facts and denials share one namespace because both appear
  as ``Diagnostic.fact``. A denial without ``id`` is ``denial-<n>`` (1-based among denials).
- Free text that names a [[source]] (its name or an alias) is stored as that source's id.
- Two sources may not share a name or alias (after ``normalise_name``): the draft's mention
  could not be resolved.
- A denial needs a non-empty ``about``: without one it could never be owed, a silent mistake.
- ``[story]`` accepts ``slug``, ``title`` and ``date``; dates (TOML or string) are kept as strings.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from attrlint.lexicon import builtin_lists
from attrlint.safefile import TOML_LIMIT, read_regular
from attrlint.tomlerrors import loads as toml_loads
from attrlint.tomlerrors import toml_problem, type_name
from attrlint.tomllayout import Layout, scan_lines

DEFAULT_TOLERANCE = 0.10  # an approximation carries a value within 10% (docs/factfile.md)
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

_TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "story": ("slug", "title", "date", "approx-tolerance"),
    "source": ("id", "name", "aliases"),
    "fact": ("id", "value", "unit", "source", "about", "approx"),
    "denial": ("id", "party", "about", "statement", "date"),
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "story": (),
    "source": ("id", "name"),
    "fact": ("id", "value", "unit", "source"),
    "denial": ("party", "about"),
}


class FactFileError(Exception):
    """A fact file that cannot be used; ``str()`` is one line naming the file and line."""

    def __init__(self, path: str, line: int | None, message: str, table: str | None = None,
                 item: str | None = None, field: str | None = None) -> None:
        self.path = path
        self.line = line
        self.message = " ".join(message.split())  # one line, whatever tomllib or OSError said
        self.table = table
        self.item = item
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        parts = []
        if self.table:
            parts.append(f"{self.table} {self.item}" if self.item else self.table)
        if self.field:
            parts.append(f"field {self.field}")
        context = f" ({', '.join(parts)})" if parts else ""
        return f"{where}: {self.message}{context}"


@dataclass(frozen=True)
class Source:
    """A source or party and every name the draft may use for it."""

    id: str
    name: str
    aliases: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Fact:
    """A figure on record: [low, high] (equal for a single value) of ``unit``, given by ``source``.

    ``source`` is a [[source]] id or free text (``FactBase.display_name`` names either).
    """

    id: str
    low: float  # an int when the file writes an integer (exact beyond 2**53)
    high: float
    unit: str
    source: str
    about: tuple[str, ...]
    approx: bool
    line: int

    @property
    def is_range(self) -> bool:
        return self.low != self.high


@dataclass(frozen=True)
class Denial:
    """A response on record from ``party`` (a [[source]] id or free text), owed on ``about``."""

    party: str
    about: tuple[str, ...]
    statement: str | None
    date: str | None
    line: int
    id: str


@dataclass(frozen=True)
class _Name:
    """One way the draft may name a reference, as words for whole-word matching."""

    words: tuple[str, ...]
    ref: str
    # An alias written "the union" only matches inside a longer mention when "the" precedes it:
    # otherwise "the European Union" would contain the alias "union".
    needs_the: bool


@dataclass
class FactBase:
    """A loaded fact file. Build it with ``load_facts``."""

    path: str
    story: dict
    sources: dict[str, Source]
    facts: list[Fact]
    denials: list[Denial]
    _names: list[_Name] = field(init=False, repr=False, compare=False)
    _exact: dict[str, str] = field(init=False, repr=False, compare=False)
    # (order, name) by the name's first word: ``resolve`` looks only at names a mention's words
    # can start, so a fact file of thousands of names costs no more per mention than a small one.
    _by_first: dict[str, list[tuple[int, _Name]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._names = []
        self._exact = {}
        self._by_first = {}
        refs: list[tuple[str, tuple[str, ...]]] = [
            (s.id, (s.name, *s.aliases)) for s in self.sources.values()
        ]
        refs += [(f.source, (f.source,)) for f in self.facts if f.source not in self.sources]
        refs += [(d.party, (d.party,)) for d in self.denials if d.party not in self.sources]
        for ref, names in refs:
            for name in names:
                words = _words(name)
                needs_the = bool(words) and words[0] == "the"
                if needs_the:
                    words = words[1:]
                if not words:
                    continue
                # Sources come first, so a free-text ref never shadows a source's alias.
                self._exact.setdefault(" ".join(words), ref)
                name = _Name(tuple(words), ref, needs_the)
                self._by_first.setdefault(words[0], []).append((len(self._names), name))
                self._names.append(name)

    @property
    def tolerance(self) -> float:
        """How far an approximation may be from a fact's value: ``approx-tolerance`` in [story]."""
        return float(self.story.get("approx-tolerance", DEFAULT_TOLERANCE))

    def display_name(self, ref: str) -> str:
        """The [[source]] name for an id, else the free text itself."""
        source = self.sources.get(ref)
        return source.name if source else ref

    def names_for(self, ref: str) -> tuple[str, ...]:
        """Every way the draft may name ``ref``: the source's name and aliases, or the free text."""
        source = self.sources.get(ref)
        return (source.name, *source.aliases) if source else (ref,)

    def resolve(self, mention: str) -> str | None:
        """Which source id (or free-text ref) a name written in the draft refers to, if any.

        Exact match first (ignoring case, possessives and a leading "the"); else the longest name
        or alias the mention contains as whole words, the earliest one on a tie.
        """
        words = _words(mention)
        bare = words[1:] if words and words[0] == "the" else words
        if not bare:
            return None
        exact = self._exact.get(" ".join(bare))
        if exact is not None:
            return exact
        best: tuple[int, int, int, int] | None = None
        best_ref: str | None = None
        seen: set[int] = set()
        for i, first in enumerate(words):
            for order, name in self._by_first.get(first, ()):
                n = len(name.words)
                if order in seen or tuple(words[i : i + n]) != name.words:
                    continue
                if name.needs_the and (i == 0 or words[i - 1] != "the"):
                    continue
                seen.add(order)  # a name counts at its earliest place, as before
                key = (n, len(" ".join(name.words)), -i, -order)
                if best is None or key > best:
                    best, best_ref = key, name.ref
        return best_ref

    def facts_with_unit(self, unit: str) -> list[Fact]:
        """The facts that count ``unit`` (see ``unit_matches``), in file order."""
        return [f for f in self.facts if unit_matches(f.unit, unit)]

    def fact(self, fact_id: str) -> Fact | None:
        """The fact with this id, if any."""
        return next((f for f in self.facts if f.id == fact_id), None)


# --- names and units ---------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
# Trimmed from both ends of each word so "NIS," or "(NIS)" match "NIS"; inner dots stay ("u.n").
_EDGE_PUNCT = ".,;:!?\"()[]{}<>"


def _words(s: str) -> list[str]:
    """Lower-case words of a name with edge punctuation and possessive endings removed."""
    out = []
    for raw in s.translate(_QUOTES).lower().split():
        w = raw.strip(_EDGE_PUNCT)
        if w.endswith("'s"):
            w = w[:-2]
        elif w.endswith("s'"):  # plural possessive: "Dockers' Union"
            w = w[:-1]
        w = w.strip(_EDGE_PUNCT + "'")
        if w:
            out.append(w)
    return out


def normalise_name(s: str) -> str:
    """Lower-case, straight quotes, possessives and a leading "the" removed, spaces collapsed.

    "Seoul's National Intelligence Service" -> "seoul national intelligence service";
    "the NIS" -> "nis". Punctuation at word edges goes too ("NIS," -> "nis").
    """
    words = _words(s)
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


_UNIT_DATA = builtin_lists("quantities.toml")
_UNIT_SYNONYMS = dict(e.rsplit(" ", 1) for e in _UNIT_DATA["unit-synonyms"])
_IRREGULAR = dict(e.split(" ", 1) for e in _UNIT_DATA["irregular-plurals"])
_INVARIANT = frozenset(_UNIT_DATA["invariant-nouns"])


def _singular_forms(word: str) -> set[str]:
    """The word and every singular it may be a plural of (sets intersect when forms agree)."""
    forms = {word}
    if word in _IRREGULAR:
        forms.add(_IRREGULAR[word])
    if word in _INVARIANT or len(word) < 3 or not word.endswith("s") or word.endswith("ss"):
        return forms
    forms.add(word[:-1])  # troops, centres, movies
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")  # casualties
    if word.endswith("es"):
        forms.add(word[:-2])  # crashes, boxes, buses
    if word.endswith("ves"):
        forms.update({word[:-3] + "f", word[:-3] + "fe"})  # halves, lives
    return forms


def _unit_words(unit: str) -> list[str]:
    u = " ".join(unit.translate(_QUOTES).lower().replace("-", " ").split())
    if u in _UNIT_SYNONYMS:
        return [_UNIT_SYNONYMS[u]]
    return [_UNIT_SYNONYMS.get(w, w) for w in u.split()]


def unit_key(unit: str) -> str:
    """A bucket key for units: units that ``unit_matches`` share their head noun's shortest singular form."""
    words = _unit_words(unit)
    return min(_singular_forms(words[-1]), key=lambda w: (len(w), w)) if words else ""


@functools.lru_cache(maxsize=4096)
def unit_matches(a: str, b: str) -> bool:
    """Whether two units count the same thing.

    Case- and singular/plural-insensitive ("troops" = "troop", "people" = "person", "%" =
    "percent"). The shorter unit's words must match the last words of the longer one, so the
    head noun always counts ("North Korean troops" = "troops") and two multi-word units agree
    word for word ("special forces" = "special force", but not "ground forces").
    """
    wa, wb = _unit_words(a), _unit_words(b)
    if not wa or not wb:
        return False
    n = min(len(wa), len(wb))
    return all(_singular_forms(x) & _singular_forms(y) for x, y in zip(wa[-n:], wb[-n:], strict=True))


# --- loading and validation --------------------------------------------------------------------

def _toml_error(path: str, text: str, err: tomllib.TOMLDecodeError) -> FactFileError:
    line, message = toml_problem(text, err)
    return FactFileError(path, line, message)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Loader:
    """Validates parsed TOML table by table; ``fail`` raises at the offending key's line."""

    def __init__(self, path: str, data: dict[str, Any], layout: Layout) -> None:
        self.path = path
        self.data = data
        self.layout = layout
        # Where the table being checked is: (table, index, item label) for error messages.
        self.where: tuple[str, int | None, str | None] | None = None

    def fail(self, message: str, key: str | None = None) -> NoReturn:
        if self.where is None:
            # Top-level problems: the key is the table name, its line that of its first header.
            raise FactFileError(self.path, self.layout.root.get(key or ""), message)
        table, index, item = self.where
        raise FactFileError(self.path, self.layout.line(table, index, key), message, table, item, key)

    def load(self) -> FactBase:
        for name in self.data:
            if name not in _TABLE_KEYS:
                hint = _did_you_mean(name, _TABLE_KEYS)
                self.fail(f"unknown top-level table '{name}'{hint}; expected story, source, fact "
                          "or denial", name)
        story = self._story()
        sources = self._sources()
        facts = self._facts(sources)
        denials = self._denials(sources, {f.id for f in facts})
        return FactBase(self.path, story, sources, facts, denials)

    def _tables(self, name: str) -> list[dict[str, Any]]:
        value = self.data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            self.fail(f"'{name}' must be an array of tables: write each one under [[{name}]]", name)
        return value

    def _keys(self, table: str, values: dict[str, Any]) -> None:
        allowed = _TABLE_KEYS[table]
        for key in values:
            if key not in allowed:
                hint = _did_you_mean(key, allowed)
                self.fail(f"unknown key '{key}' in [{table}]{hint}; expected {', '.join(allowed)}", key)
        for key in _REQUIRED[table]:
            if key not in values:
                self.fail(f"missing '{key}'", key)

    def _text(self, values: dict[str, Any], key: str) -> str:
        value = values[key]
        if not isinstance(value, str) or not value.strip():
            what = "an empty string" if isinstance(value, str) else type_name(value)
            self.fail(f"'{key}' must be a non-empty string, not {what}", key)
        return value.strip()

    def _optional_text(self, values: dict[str, Any], key: str) -> str | None:
        return self._text(values, key) if key in values else None

    def _strings(self, values: dict[str, Any], key: str, required: bool = False) -> tuple[str, ...]:
        value = values.get(key, [])
        if not isinstance(value, list):
            self.fail(f"'{key}' must be an array of strings, not {type_name(value)}", key)
        for item in value:
            if not isinstance(item, str) or not item.strip():
                what = "an empty string" if isinstance(item, str) else type_name(item)
                self.fail(f"'{key}' must be an array of non-empty strings; it holds {what}", key)
        if required and not value:
            self.fail(f"'{key}' must list at least one term", key)
        return tuple(item.strip() for item in value)

    def _date(self, values: dict[str, Any], key: str) -> str | None:
        if key not in values:
            return None
        value = values[key]
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.fail(f"'{key}' must be a date (2024-10-22) or a string, not {type_name(value)}", key)

    def _id(self, values: dict[str, Any], pattern: bool) -> str:
        ident = self._text(values, "id")
        if pattern and not _ID.match(ident):
            self.fail(f"source id '{ident}' must be lower-case letters, digits, '-' or '_'", "id")
        if not pattern and any(ch.isspace() for ch in ident):
            self.fail(f"id '{ident}' must not contain spaces", "id")
        return ident

    def _ref(self, values: dict[str, Any], key: str, sources: dict[str, Source]) -> str:
        ref = self._text(values, key)
        if ref in sources:
            return ref
        if _ID.match(ref):
            hint = _did_you_mean(ref, sources)
            self.fail(f"unknown source id '{ref}'{hint} (no [[source]] has it; free text needs a "
                      "capital letter or a space)", key)
        # Free text that is a source's name or alias means that source: rules compare refs, and
        # "National Water Agency" must not differ from "nwa".
        norm = normalise_name(ref)
        for source in sources.values():
            if any(normalise_name(name) == norm for name in (source.name, *source.aliases)):
                return source.id
        return ref

    def _story(self) -> dict[str, Any]:
        if "story" not in self.data:
            return {}
        story = self.data["story"]
        if not isinstance(story, dict):
            self.fail("'story' must be a table: write it under [story]", "story")
        self.where = ("story", 0, None)
        self._keys("story", story)
        out: dict[str, Any] = {}
        for key in ("slug", "title"):
            if key in story:
                out[key] = self._text(story, key)
        if "date" in story:
            out["date"] = self._date(story, "date")
        if "approx-tolerance" in story:
            tol = story["approx-tolerance"]
            if not _is_number(tol) or not 0 <= tol < 1:
                what = repr(tol) if _is_number(tol) else type_name(tol)
                self.fail(f"'approx-tolerance' must be a number from 0 to below 1 (0.1 is 10%), not {what}",
                          "approx-tolerance")
            out["approx-tolerance"] = float(tol)
        self.where = None
        return out

    def _sources(self) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        owner: dict[str, str] = {}  # normalised name -> source id, to catch shared names
        for index, values in enumerate(self._tables("source")):
            ident = values.get("id")
            self.where = ("source", index, ident if isinstance(ident, str) else f"#{index + 1}")
            self._keys("source", values)
            ident = self._id(values, pattern=True)
            if ident in sources:
                self.fail(f"duplicate source id '{ident}' (first at line {sources[ident].line})", "id")
            name = self._text(values, "name")
            aliases = self._strings(values, "aliases")
            for key, text in [("name", name)] + [("aliases", a) for a in aliases]:
                norm = normalise_name(text)
                if not norm:
                    self.fail(f"name '{text}' has no words once 'the' and punctuation are dropped", key)
                other = owner.setdefault(norm, ident)
                if other != ident:
                    self.fail(f"'{text}' also names source '{other}': the draft's mention would be "
                              "ambiguous", key)
            sources[ident] = Source(ident, name, aliases, self.layout.line("source", index) or 0)
        self.where = None
        return sources

    def _value(self, values: dict[str, Any]) -> tuple[float, float]:
        value = values["value"]
        if _is_number(value):
            low = high = value
        elif isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value):
            low, high = value
        else:
            self.fail(f"'value' must be a number or [low, high] of two numbers, not {type_name(value)}",
                      "value")
        if not all(isinstance(v, int) or math.isfinite(v) for v in (low, high)):
            self.fail("'value' must be a finite number", "value")
        if low > high:
            self.fail(f"'value' range [{fmt_number(low)}, {fmt_number(high)}] has low above high", "value")
        # Integers stay integers: above 2**53 a float would no longer be the desk's number.
        return low, high

    def _facts(self, sources: dict[str, Source]) -> list[Fact]:
        facts: list[Fact] = []
        seen: dict[str, int] = {}
        for index, values in enumerate(self._tables("fact")):
            ident = values.get("id")
            self.where = ("fact", index, ident if isinstance(ident, str) else f"#{index + 1}")
            self._keys("fact", values)
            ident = self._id(values, pattern=False)
            line = self.layout.line("fact", index) or 0
            if ident in seen:
                self.fail(f"duplicate fact id '{ident}' (first at line {seen[ident]})", "id")
            seen[ident] = line
            low, high = self._value(values)
            unit = self._text(values, "unit")
            source = self._ref(values, "source", sources)
            about = self._strings(values, "about")
            approx = values.get("approx", False)
            if not isinstance(approx, bool):
                self.fail(f"'approx' must be true or false, not {type_name(approx)}", "approx")
            facts.append(Fact(ident, low, high, unit, source, about, approx, line))
        self.where = None
        return facts

    def _denials(self, sources: dict[str, Source], fact_ids: set[str]) -> list[Denial]:
        denials: list[Denial] = []
        seen: dict[str, int] = {}
        for index, values in enumerate(self._tables("denial")):
            given = values.get("id")
            label = given if isinstance(given, str) else f"denial-{index + 1}"
            self.where = ("denial", index, label)
            self._keys("denial", values)
            ident = self._id(values, pattern=False) if "id" in values else label
            line = self.layout.line("denial", index) or 0
            if ident in fact_ids:
                self.fail(f"denial id '{ident}' is already a fact id", "id")
            if ident in seen:
                self.fail(f"duplicate denial id '{ident}' (first at line {seen[ident]})", "id")
            seen[ident] = line
            party = self._ref(values, "party", sources)
            about = self._strings(values, "about", required=True)
            statement = self._optional_text(values, "statement")
            date = self._date(values, "date")
            denials.append(Denial(party, about, statement, date, line, ident))
        self.where = None
        return denials


def _did_you_mean(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def load_facts(path: str | Path) -> FactBase:
    """Read and validate a fact file; any problem raises one ``FactFileError``."""
    return read_facts(path)[1]


def read_facts(path: str | Path) -> tuple[bytes, FactBase]:
    """The fact file's bytes and its validated ``FactBase``, from one read of the file (the bytes
    key the result cache, so they must be exactly what was validated)."""
    shown = str(path)
    try:
        raw = read_regular(path, TOML_LIMIT)
    except OSError as err:
        raise FactFileError(shown, None, f"cannot read fact file: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise FactFileError(shown, line, "fact file is not UTF-8") from None
    try:
        data = toml_loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _toml_error(shown, text, err) from None
    return raw, _Loader(shown, data, scan_lines(text)).load()


def fmt_number(x: float) -> str:
    """1500.0 -> "1,500"; 4.25 -> "4.25"."""
    if isinstance(x, int):
        return f"{x:,}"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")
