"""A written number with the words around it, as the not-a-figure tests of ``figures`` read it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from attrlint.analysis.numbers import NumberSpan
from attrlint.lexicon import Lexicon

_PUNCT = ".,;:!?\"'“”‘’()[]―—–"
# a word as the tests read it: letters, digits and the dots, apostrophes and hyphens inside it
WORD = re.compile(r"[\w.'’-]+")


def clean(w: str, lex: Lexicon) -> str:
    w = w.lower()
    # keep the dots of abbreviations ("a.m.", "Sept.") but not a sentence-final one
    return w if re.fullmatch(r"([a-z]\.){2,}", w) or w in lex["dotted-abbreviations"] else w.strip(_PUNCT)


def words_before(text: str, i: int, n: int, lex: Lexicon) -> list[str]:
    return [clean(w, lex) for w in WORD.findall(text[max(0, i - 80):i])][-n:]


def words_after(text: str, i: int, n: int, lex: Lexicon) -> list[str]:
    return [clean(w, lex) for w in WORD.findall(text[i:i + 80])][:n]


def ends_with(words: list[str], phrases: frozenset[str]) -> bool:
    """The words, joined, are a phrase or end with one at a word boundary."""
    # Look up the few word-boundary tails of the words rather than scan the list per number.
    joined = " ".join(words)
    return joined in phrases or any(joined[k + 1:] in phrases for k, ch in enumerate(joined) if ch == " ")


def starts_with(words: list[str], phrases: frozenset[str]) -> bool:
    """The words, joined, are a phrase or start with one at a word boundary."""
    joined = " ".join(words)
    return joined in phrases or any(joined[:k] in phrases for k, ch in enumerate(joined) if ch == " ")


@dataclass
class NumberSite:
    """A written number with the text around it, as the not-a-figure tests read it."""

    text: str
    ns: NumberSpan
    lex: Lexicon
    in_table: bool = False  # the text is a table cell: a number alone there is the table's figure

    def __post_init__(self) -> None:
        ns, text = self.ns, self.text
        self.a, self.b = ns.start, ns.end
        self.word = ns.text.lower()
        self.before1 = words_before(text, ns.qualifier_start, 3, self.lex)
        self.after = words_after(text, ns.end, 4, self.lex)
        self.prev_char = text[self.a - 1] if self.a else " "
        self.next_char = text[self.b] if self.b < len(text) else " "
        self.rest = text[self.b:self.b + 30].lower()
        # a hyphenated word glued after the number ("-year", "-front")
        self.suffix = re.match(r"-([a-z]+)", self.rest)

    @property
    def plain_count(self) -> bool:
        """Digits or words, neither a percentage nor money."""
        ns = self.ns
        return ns.kind in {"words", "digits"} and not ns.value.percent and not ns.value.currency
