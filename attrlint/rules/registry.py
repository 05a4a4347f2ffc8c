"""The one table of rules: code, name, default severity, summary, documentation, check function.

Codes never change meaning. A rule is a function ``check(ctx) -> Iterable[Finding]`` registered
with ``@rule(...)``; its docstring (sections ``## What it does``, ``## Why is this bad?``,
``## Example``, ``## Use instead``, ``## Decisions`` for the cases the policy leaves open, and
where they apply ``## Options`` for the rule's settings and ``## Word lists`` for the lexicon lists
it reads) is what ``attrlint rule CODE`` prints and what ``docs/rules/CODE.md`` holds.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from attrlint.model import Severity

if TYPE_CHECKING:
    from attrlint.facts import FactBase
    from attrlint.lexicon import Lexicon
    from attrlint.model import Document

T = TypeVar("T")


@dataclass(frozen=True)
class Finding:
    """What a rule reports, in source offsets; the engine adds path, positions and severity."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    fact: str | None = None
    # Other places the finding refers to: (source offset, message), or (start, end, message) when
    # the place is a span (editors then underline it, not a point).
    related: tuple[tuple[int, str] | tuple[int, int, str], ...] = ()


@dataclass
class Context:
    """Everything a rule may read: the analysed document, the fact base and the word lists."""

    document: Document
    facts: FactBase | None
    lexicon: Lexicon
    facts_path: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    # Analyses that several rules derive from one draft, computed once per draft (see derive).
    _derived: dict[Callable[[Context], Any], Any] = field(default_factory=dict, repr=False)

    def derive(self, analysis: Callable[[Context], T]) -> T:
        """``analysis(self)``, computed once per draft however many rules ask for it."""
        if analysis not in self._derived:
            self._derived[analysis] = analysis(self)
        return self._derived[analysis]


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    check: Check
    needs_nlp: bool
    needs_facts: bool = False

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or self.summary)


RULES: dict[str, Rule] = {}

# Each rule's documentation page (docs/rules/CODE.md, the same text `attrlint rule CODE` prints).
DOCS_BASE_URL = "https://github.com/attrlint/attrlint/blob/main/docs/rules/"


def doc_url(code: str) -> str:
    """The https address of a rule's documentation page (LSP codeDescription, SARIF helpUri)."""
    return f"{DOCS_BASE_URL}{code}.md"


def rule(code: str, name: str, severity: str, summary: str, *, needs_nlp: bool = True,
         needs_facts: bool = False) -> Callable[[Check], Check]:
    """Register a rule function under a stable code."""

    def register(fn: Check) -> Check:
        if code in RULES or any(r.name == name for r in RULES.values()):
            raise ValueError(f"rule {code} {name} registered twice")
        RULES[code] = Rule(code, name, Severity(severity), summary, fn, needs_nlp, needs_facts)
        return fn

    return register
