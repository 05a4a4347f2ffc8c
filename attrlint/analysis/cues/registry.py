"""The cue finders, in the order they run, and the scan that runs them over a sentence.

A *token finder* looks at one token of a parsed sentence and adds the cues of the construction it
recognises; it returns True when the token cannot start any other construction (later finders
then skip it). A *sentence finder* runs once per sentence after every token has been seen. The
order of registration is the order of the cues in ``Sentence.cues``, which decides ties when two
cues could credit the same figure (``attrlint.analysis.credit``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from attrlint.analysis.cues.base import Cue
from attrlint.analysis.tokens import word_forms
from attrlint.lexicon import Lexicon


class Probe:
    """One token with what several finders ask about it, computed once."""

    __slots__ = ("tok", "lemma", "low", "forms", "verbal", "memo")

    def __init__(self, tok) -> None:
        self.tok = tok
        self.lemma = tok.lemma_.lower()
        self.low = tok.lower_
        self.forms = word_forms(tok)
        # "Lindqvist charges that …": a root with a subject is a verb whatever its tag
        self.verbal = tok.pos_ in {"VERB", "AUX"} or (
            tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children))
        self.memo: dict[str, object] = {}


@dataclass
class Scan:
    """The sentence being scanned and the cues found in it so far."""

    sent: object
    lex: Lexicon
    cues: list[Cue] = field(default_factory=list)
    finder: str = ""

    def add(self, cue: Cue) -> None:
        cue.finder = self.finder
        self.cues.append(cue)


TokenFinder = Callable[[Probe, Scan], bool | None]
SentenceFinder = Callable[[Scan], None]
TOKEN_FINDERS: list[TokenFinder] = []
SENTENCE_FINDERS: list[SentenceFinder] = []

# The finder modules in run order; inside a module, finders run in the order they are defined.
MODULE_ORDER = ("phrases", "verbs", "documents", "nouns", "adverbs")


def _rank(fn: Callable) -> int:
    name = fn.__module__.rsplit(".", 1)[-1]
    return MODULE_ORDER.index(name) if name in MODULE_ORDER else len(MODULE_ORDER)


def _register(finders: list, fn: Callable) -> None:
    finders.append(fn)
    finders.sort(key=_rank)  # stable: a module's finders keep their order


def token_finder(fn: TokenFinder) -> TokenFinder:
    """Register a finder that looks at each token."""
    _register(TOKEN_FINDERS, fn)
    return fn


def sentence_finder(fn: SentenceFinder) -> SentenceFinder:
    """Register a finder that runs once per sentence, after the token finders."""
    _register(SENTENCE_FINDERS, fn)
    return fn


def scan_sentence(sent, lex: Lexicon) -> list[Cue]:
    """Every attribution construction in a parsed sentence, in finder order per token."""
    scan = Scan(sent, lex)
    finders = [(f.__name__, f) for f in TOKEN_FINDERS]
    for tok in sent:
        probe = Probe(tok)
        for name, finder in finders:
            scan.finder = name
            if finder(probe, scan):
                break
    for sfinder in SENTENCE_FINDERS:
        scan.finder = sfinder.__name__
        sfinder(scan)
    return scan.cues
