"""Configuration: find and read ``attrlint.toml`` / ``[tool.attrlint]``, merge CLI flags, pick rules.

Modelled on ruff. Keys are kebab-case::

    select = ["AT1", "AT301"]        # replaces the default set (every rule)
    extend-select = ["AT9"]          # adds to it
    ignore = ["vague-attribution"]   # codes, prefixes ("AT1", "AT"), rule names or "ALL"
    exclude = ["archive/", "*.draft.md"]
    fail-on = "warning"              # error | warning | info: lowest severity that fails the run
    facts = "facts.toml"             # relative paths resolve against the config file's directory
    model = "en_core_web_sm"
    lexicons = ["house-verbs.toml"]
    baseline = ".attrlint-baseline.json"  # findings recorded by --write-baseline are not reported

    [per-file-ignores]
    "wire/*.md" = ["AT2"]

    [severity]
    AT101 = "error"

Selection follows ruff: selectors are applied from the least to the most specific (``ALL``, then
prefixes shortest first, then exact codes and rule names); at each level ``select`` adds and then
``ignore`` removes. So the more specific selector wins (``ignore = ["AT1"]`` with
``select = ["AT101"]`` keeps AT101 on) and on a tie ``ignore`` wins. ``per-file-ignores`` always
removes.
"""

from __future__ import annotations

import dataclasses
import difflib
import fnmatch
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrlint.model import Severity
from attrlint.safefile import TOML_LIMIT, read_regular
from attrlint.tomlerrors import loads as toml_loads
from attrlint.tomlerrors import toml_problem, type_name

if TYPE_CHECKING:
    from attrlint.rules.registry import Rule

CONFIG_NAME = "attrlint.toml"
PYPROJECT = "pyproject.toml"
SEVERITIES = ("error", "warning", "info")
# Specificity given to exact codes and rule names: above any prefix length.
_EXACT = 1000


class ConfigError(Exception):
    """A user error in a config file; ``str()`` is one line ``path:line: message``."""

    def __init__(self, path: str | os.PathLike[str], line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = " ".join(message.split())
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class UnknownRuleError(ValueError):
    """A selector that names no rule (CLI flags and suppressions report it, config wraps it)."""

    def __init__(self, selector: str) -> None:
        self.selector = selector
        super().__init__(f"unknown rule selector '{selector}'")


@dataclass(frozen=True)
class Settings:
    path: str | None
    root: str
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    fail_on: str = "warning"
    facts: str | None = None
    model: str | None = None
    lexicons: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    baseline: str | None = None

    def fingerprint(self) -> str:
        """A stable digest of everything that changes results (for the result cache key)."""
        data = dataclasses.asdict(self)
        data.pop("path")
        data.pop("baseline")  # applied to the results, not part of them
        blob = json.dumps(data, sort_keys=True, default=list)
        return hashlib.sha256(blob.encode()).hexdigest()


def default_settings(root: Path | None = None) -> Settings:
    """Settings when no config file is found: every rule, paths relative to ``root`` (or cwd)."""
    return Settings(path=None, root=os.path.abspath(root or Path.cwd()))


# --- discovery ----------------------------------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The nearest ``attrlint.toml``, or ``pyproject.toml`` with ``[tool.attrlint]``, from ``start`` up.

    In one directory ``attrlint.toml`` wins (as ``ruff.toml`` beats ``pyproject.toml``); a
    pyproject without our table is skipped so a project's own pyproject does not hide ours.
    """
    here = Path(os.path.abspath(start))
    if here.is_file():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_attrlint_table(pyproject):
            return pyproject
    return None


def _has_attrlint_table(pyproject: Path) -> bool:
    try:
        text = read_regular(pyproject, TOML_LIMIT).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = toml_loads(text)
    except tomllib.TOMLDecodeError:
        # A broken pyproject that mentions us is ours to report (load_config gives the line);
        # one that does not is somebody else's problem.
        return re.search(r"\btool\s*\.\s*[\"']?attrlint\b", text) is not None
    tool = data.get("tool")
    return isinstance(tool, dict) and "attrlint" in tool


def discover(start: Path, rules: Mapping[str, Rule] | None = None) -> Settings:
    """Settings for a file or directory: the nearest config file, or the defaults."""
    path = find_config(start)
    return load_config(path, rules) if path else default_settings()


# --- loading ------------------------------------------------------------------------------------

_KEYS = (
    "select", "ignore", "extend-select", "per-file-ignores", "exclude", "fail-on", "facts",
    "model", "lexicons", "severity", "baseline",
)


def load_config(path: Path, rules: Mapping[str, Rule] | None = None) -> Settings:
    """Read and validate one config file; raise ConfigError (one line, with the line number).

    ``rules`` is the registry used to check rule selectors; by default the global one. An empty
    registry skips that check (selectors are checked again when rules are enabled).
    """
    path = Path(path)
    try:
        text = read_regular(path, TOML_LIMIT).decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(path, None, "cannot read: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {_os_reason(exc)}") from None
    try:
        data = toml_loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, text, exc) from None

    locate = _Locator(text)
    base: tuple[str, ...] = ()
    if path.name == PYPROJECT:
        base = ("tool", "attrlint")
        tool = data.get("tool", {})
        table: Any = tool.get("attrlint", {}) if isinstance(tool, dict) else tool
        if not isinstance(table, dict):
            raise ConfigError(path, locate(base), "[tool.attrlint] must be a table")
    else:
        table = data

    if rules is None:
        from attrlint.rules.registry import RULES

        rules = RULES
    reader = _Reader(path, table, base, locate, rules)
    root = os.path.abspath(path.parent)
    reader.check_keys()

    select = reader.selectors("select")
    facts = reader.string("facts")
    model = reader.string("model")
    baseline = reader.string("baseline")
    if model and ("/" in model or os.sep in model):
        # A spaCy package name never has a slash; a path is the config file's, like facts.
        model = _resolve(root, model)
    fail_on = reader.string("fail-on")
    if fail_on is not None and fail_on not in SEVERITIES:
        raise reader.error(("fail-on",), f"'fail-on' must be one of {', '.join(SEVERITIES)}, "
                                         f"not '{fail_on}'")
    return Settings(
        path=str(path),
        root=root,
        select=select,
        ignore=reader.selectors("ignore") or (),
        extend_select=reader.selectors("extend-select") or (),
        per_file_ignores=reader.per_file_ignores(),
        exclude=reader.strings("exclude") or (),
        fail_on=fail_on or "warning",
        facts=_resolve(root, facts) if facts else None,
        model=model,
        lexicons=tuple(_resolve(root, p) for p in reader.strings("lexicons") or ()),
        severity=reader.severity(),
        baseline=_resolve(root, baseline) if baseline else None,
    )


def _os_reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return reason if exc.errno == 0 else reason.lower()  # errno 0: our own words (RefusedFile)


def _resolve(root: str, path: str) -> str:
    return os.path.normpath(os.path.join(root, os.path.expanduser(path)))


def _toml_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> ConfigError:
    line, message = toml_problem(text, exc)
    return ConfigError(path, line, message)


class _Reader:
    """Typed access to the attrlint table; every error carries the line of the offending key."""

    def __init__(self, path: Path, table: dict[str, Any], base: tuple[str, ...],
                 locate: _Locator, rules: Mapping[str, Rule]) -> None:
        self.path = path
        self.table = table
        self.base = base
        self.locate = locate
        self.rules = rules
        self.section = "[tool.attrlint]" if base else "attrlint.toml"

    def error(self, keys: tuple[str, ...], message: str, needle: str | None = None) -> ConfigError:
        return ConfigError(self.path, self.locate(self.base + keys, needle), message)

    def check_keys(self) -> None:
        for key in self.table:
            if key not in _KEYS:
                hint = difflib.get_close_matches(key.replace("_", "-"), _KEYS, n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                raise self.error((key,), f"unknown option '{key}' in {self.section}{extra}")

    def string(self, key: str) -> str | None:
        value = self.table.get(key)
        if value is not None and not isinstance(value, str):
            raise self.error((key,), f"'{key}' must be a string, not {type_name(value)}")
        return value

    def strings(self, key: str) -> tuple[str, ...] | None:
        value = self.table.get(key)
        return None if value is None else self.string_list(value, (key,), f"'{key}'")

    def string_list(self, value: Any, keys: tuple[str, ...], what: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.error(keys, f"{what} must be a list of strings, not {type_name(value)}")
        for item in value:
            if not isinstance(item, str):
                raise self.error(keys, f"{what} must be a list of strings, found {type_name(item)}")
        return tuple(value)

    def selectors(self, key: str) -> tuple[str, ...] | None:
        value = self.table.get(key)
        return None if value is None else self.selector_list(value, (key,), f"'{key}'")

    def selector_list(self, value: Any, keys: tuple[str, ...], what: str) -> tuple[str, ...]:
        found = self.string_list(value, keys, what)
        for sel in found:
            self.check_selector(sel, keys, what)
        return found

    def check_selector(self, sel: str, keys: tuple[str, ...], what: str) -> None:
        if not self.rules:
            return
        try:
            resolve_selector(sel, self.rules)
        except UnknownRuleError:
            raise self.error(keys, f"unknown rule code '{sel}' in {what}", needle=sel) from None

    def per_file_ignores(self) -> dict[str, tuple[str, ...]]:
        table = self.table.get("per-file-ignores")
        if table is None:
            return {}
        if not isinstance(table, dict):
            raise self.error(("per-file-ignores",),
                             f"'per-file-ignores' must be a table, not {type_name(table)}")
        result: dict[str, tuple[str, ...]] = {}
        for glob, codes in table.items():
            result[glob] = self.selector_list(codes, ("per-file-ignores", glob),
                                              f"per-file-ignores \"{glob}\"")
        return result

    def severity(self) -> dict[str, str]:
        table = self.table.get("severity")
        if table is None:
            return {}
        if not isinstance(table, dict):
            raise self.error(("severity",), f"'severity' must be a table, not {type_name(table)}")
        for sel, level in table.items():
            keys = ("severity", sel)
            self.check_selector(sel, keys, "'severity'")
            if not isinstance(level, str) or level not in SEVERITIES:
                shown = f"'{level}'" if isinstance(level, str) else type_name(level)
                raise self.error(keys, f"severity of '{sel}' must be one of {', '.join(SEVERITIES)}, "
                                       f"not {shown}")
        return dict(table)


_SIMPLE_KEY = r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'"""
_DOTTED_KEY = rf"(?:{_SIMPLE_KEY})(?:\s*\.\s*(?:{_SIMPLE_KEY}))*"
_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED_KEY})\s*=")
_DOTTED = re.compile(_DOTTED_KEY)
_PART = re.compile(_SIMPLE_KEY)


def _key_parts(dotted: str) -> tuple[str, ...]:
    parts = []
    for raw in _PART.findall(dotted):
        if raw[0] == '"':
            parts.append(json.loads(raw))
        elif raw[0] == "'":
            parts.append(raw[1:-1])
        else:
            parts.append(raw)
    return tuple(parts)


class _Locator:
    """Line numbers of TOML keys, found by scanning the text (tomllib reports none).

    Headers and ``key =`` lines are recognised outside strings and multi-line values, which is
    all a config file needs; at worst an error points at the parent key's line.
    """

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        # (first line, last line of the value, full key path, is a [table] header)
        self.entries: list[tuple[int, int, tuple[str, ...], bool]] = []
        table: tuple[str, ...] = ()
        depth, string = 0, None
        for number, line in enumerate(self.lines, 1):
            if depth or string:
                depth, string = _scan(line, depth, string)
                self._extend_last(number)
                continue
            header = _HEADER.match(line)
            if header and _DOTTED.fullmatch(header.group(1)):
                table = _key_parts(header.group(1))
                self.entries.append((number, number, table, True))
                continue
            key = _KEY.match(line)
            if key:
                self.entries.append((number, number, table + _key_parts(key.group(1)), False))
                depth, string = _scan(line[key.end():], 0, None)

    def _extend_last(self, number: int) -> None:
        if self.entries and not self.entries[-1][3]:
            first, _, path, _ = self.entries[-1]
            self.entries[-1] = (first, number, path, False)

    def __call__(self, keys: tuple[str, ...], needle: str | None = None) -> int | None:
        """Line of ``keys`` (or of its nearest located parent); with ``needle`` the line of that
        quoted string inside the key's value when the value spans lines."""
        for depth in range(len(keys), 0, -1):
            want = keys[:depth]
            for first, last, path, is_header in self.entries:
                if path[:depth] == want:
                    if needle and not is_header and depth == len(keys):
                        return self._value_line(first, last, needle)
                    return first
        return None

    def _value_line(self, first: int, last: int, needle: str) -> int:
        quoted = (f'"{needle}"', f"'{needle}'")
        for number in range(first, last + 1):
            if any(q in self.lines[number - 1] for q in quoted):
                return number
        return first


def _scan(text: str, depth: int, string: str | None) -> tuple[int, str | None]:
    """Bracket depth and open multi-line string delimiter after one line of a TOML value."""
    i, n = 0, len(text)
    while i < n:
        if string:
            if text.startswith(string, i):
                i, string = i + 3, None
            else:
                i += 2 if string == '"""' and text[i] == "\\" else 1
            continue
        c = text[i]
        if c == "#":
            break
        if text.startswith('"""', i) or text.startswith("'''", i):
            string, i = text[i:i + 3], i + 3
        elif c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif c == "'":
            end = text.find("'", i + 1)
            i = n if end < 0 else end + 1
        else:
            depth += (c in "[{") - (c in "]}")
            i += 1
    return max(depth, 0), string


# --- CLI ----------------------------------------------------------------------------------------


def merge_cli(settings: Settings, *, select: Iterable[str] | None = None, ignore: Iterable[str] = (),
              extend_select: Iterable[str] = (), fail_on: str | None = None,
              facts: str | None = None) -> Settings:
    """Apply command-line flags on top of a config, the way ruff layers them.

    ``--select`` starts a new selection: it replaces the config's select, ignore and
    extend-select. ``--ignore`` and ``--extend-select`` add to the config; because a later layer
    overrides an earlier one in ruff, a CLI selector also drops the config selectors it covers
    (``--ignore AT1`` removes a configured ``select = ["AT101"]``; ``--extend-select AT101``
    removes a configured ``ignore = ["AT101"]``). Rule names in one layer do not cover codes in
    the other: that would need the registry, which this function does not take.
    ``facts`` given on the command line is relative to the current directory.
    """
    ignore, extend_select = tuple(ignore), tuple(extend_select)
    changes: dict[str, Any] = {}
    if select is not None:
        changes.update(select=tuple(select), ignore=ignore, extend_select=extend_select)
    else:
        changes["select"] = _drop_covered(settings.select, ignore)
        changes["extend_select"] = _drop_covered(settings.extend_select, ignore) + extend_select
        changes["ignore"] = _drop_covered(settings.ignore, extend_select) + ignore
    if fail_on is not None:
        changes["fail_on"] = fail_on
    if facts is not None:
        changes["facts"] = os.path.abspath(facts)
    return dataclasses.replace(settings, **changes)


def _drop_covered(selectors: tuple[str, ...] | None, by: tuple[str, ...]) -> Any:
    if selectors is None or not by:
        return selectors
    return tuple(s for s in selectors if not any(_covers(b, s) for b in by))


def _covers(outer: str, inner: str) -> bool:
    return outer == "ALL" or inner.startswith(outer)


# --- rule selection -----------------------------------------------------------------------------


def resolve_selector(sel: str, rules: Mapping[str, Rule]) -> set[str]:
    """Codes a selector names: ``ALL``, an exact code, a rule name or a code prefix."""
    sel = sel.strip()
    if sel == "ALL":
        return set(rules)
    if sel in rules:
        return {sel}
    named = {code for code, r in rules.items() if r.name == sel}
    if named:
        return named
    if re.fullmatch(r"[A-Za-z]+[0-9]*", sel):
        prefixed = {code for code in rules if code.startswith(sel.upper())}
        if prefixed:
            return prefixed
    raise UnknownRuleError(sel)


def _specificity(sel: str, rules: Mapping[str, Rule]) -> int:
    sel = sel.strip()
    if sel == "ALL":
        return 0
    if sel in rules or any(r.name == sel for r in rules.values()):
        return _EXACT
    return len(sel)


def enabled_codes(settings: Settings, rules: Mapping[str, Rule], path: str | None = None) -> set[str]:
    """Codes to run (for ``path``, if given, after its per-file ignores); see the module doc.

    Raises UnknownRuleError for a selector that names no rule (e.g. from the command line).
    """
    chosen = ("ALL",) if settings.select is None else settings.select
    selects = [*chosen, *settings.extend_select]
    levels = sorted({_specificity(s, rules) for s in [*selects, *settings.ignore]})
    enabled: set[str] = set()
    for level in levels:
        for sel in selects:
            if _specificity(sel, rules) == level:
                enabled |= resolve_selector(sel, rules)
        for sel in settings.ignore:
            if _specificity(sel, rules) == level:
                enabled -= resolve_selector(sel, rules)
    if path is not None:
        for selectors in per_file_ignored(settings, path):
            enabled -= resolve_selector(selectors, rules)
    return enabled


def per_file_ignored(settings: Settings, path: str) -> list[str]:
    """Selectors ``per-file-ignores`` removes for ``path``.

    Globs match the path relative to the config's directory, with ``/`` separators (fnmatch, so
    ``*`` also crosses directories); a glob without ``/`` also matches the file name alone, and a
    leading ``!`` applies the selectors to files that do *not* match.
    """
    rel = relative_path(settings, path)
    name = rel.rsplit("/", 1)[-1]
    out: list[str] = []
    for glob, selectors in settings.per_file_ignores.items():
        negate = glob.startswith("!")
        pattern = glob[1:] if negate else glob
        hit = _glob_match(rel, name, pattern)
        if hit != negate:
            out.extend(selectors)
    return out


def relative_path(settings: Settings, path: str) -> str:
    """``path`` relative to the config's directory in posix form (absolute if outside it)."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, settings.root)
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()
    if rel == ".." or rel.startswith(".." + os.sep):
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


def _glob_match(rel: str, name: str, pattern: str) -> bool:
    pattern = pattern.removeprefix("./")
    if fnmatch.fnmatchcase(rel, pattern):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(name, pattern)


def is_excluded(settings: Settings, path: str) -> bool:
    """Whether ``exclude`` skips ``path``, as ruff: a pattern without ``/`` matches any path
    component ("archive", "*.draft.md"); one with ``/`` matches the relative path or a directory
    above it ("wire/old/", "wire/*.md")."""
    rel = relative_path(settings, path)
    parts = rel.split("/")
    for raw in settings.exclude:
        pattern = raw.removeprefix("./").rstrip("/")
        if not pattern:
            continue
        if "/" not in pattern:
            if any(fnmatch.fnmatchcase(part, pattern) for part in parts):
                return True
            continue
        prefixes = ("/".join(parts[: i + 1]) for i in range(len(parts)))
        if any(fnmatch.fnmatchcase(p, pattern) for p in prefixes):
            return True
    return False


def effective_severity(settings: Settings, rule: Rule) -> Severity:
    """The rule's severity after ``[severity]`` overrides: the most specific key wins
    (exact code or rule name, then the longest prefix, then ``ALL``)."""
    best, best_rank = None, -1
    for sel, level in settings.severity.items():
        sel = sel.strip()
        if sel in (rule.code, rule.name):
            rank = _EXACT
        elif sel == "ALL":
            rank = 0
        elif rule.code.startswith(sel.upper()) and re.fullmatch(r"[A-Za-z]+[0-9]*", sel):
            rank = len(sel)
        else:
            continue
        if rank > best_rank:
            best, best_rank = level, rank
    return Severity(best) if best else rule.severity
