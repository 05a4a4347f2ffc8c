"""The cue finders, in the order they run, and the scan that runs them over a sentence.

A *token finder* looks at one token of a parsed sentence and adds the cues of the construction it
recognises; it returns True when the token cannot start any other construction (later finders
then skip it). A *sentence finder* runs once per sentence after every token has been seen. The
order of registration is the order of the cues in ``Sentence.cues``, which decides ties when two
cues could credit the same figure (``attrlint.analysis.credit``).

Each token finder names the word list its construction starts from (its *gate*): a finder runs
only on tokens whose word is in that list, so most tokens cost one set lookup per gate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from attrlint.analysis.cues.base import Cue
from attrlint.analysis.tokens import word_forms
from attrlint.lexicon import Lexicon

# Gates: which word of a token a finder needs to be in which list.
PHRASE = "source-prepositions"  # the token's own word opens a source phrase
REPORTING = "reporting-verbs"  # one of the token's forms is a reporting verb
DOCUMENT = "document-verbs"  # the token's lemma is a document verb
ATTRIBUTION = "attribution-nouns"  # one of the token's forms is an attribution noun
IMPERSONAL = "impersonal-verbs"  # the token's lemma is a verb of an impersonal report
GATES = (PHRASE, REPORTING, DOCUMENT, ATTRIBUTION, IMPERSONAL)


class Probe:
    """One token with what several finders ask about it, computed once."""

    __slots__ = ("tok", "lemma", "low", "forms", "verbal", "memo")

    def __init__(self, tok, lemma: str, low: str, forms: set[str]) -> None:
        self.tok = tok
        self.lemma = lemma
        self.low = low
        self.forms = forms
        # "Lindqvist charges that …": a root with a subject is a verb whatever its tag
        self.verbal = tok.pos_ in {"VERB", "AUX"} or (
            tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children))
        self.memo: dict[str, object] = {}

    @classmethod
    def of(cls, tok) -> Probe:
        return cls(tok, tok.lemma_.lower(), tok.lower_, word_forms(tok))


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
_GATE: dict[TokenFinder, str] = {}
_BY_GATES: dict[tuple[bool, ...], list[tuple[str, TokenFinder]]] = {}

# The finder modules in run order; inside a module, finders run in the order they are defined.
MODULE_ORDER = ("phrases", "verbs", "documents", "nouns", "adverbs")


def _rank(fn: Callable) -> int:
    name = fn.__module__.rsplit(".", 1)[-1]
    return MODULE_ORDER.index(name) if name in MODULE_ORDER else len(MODULE_ORDER)


def token_finder(gate: str) -> Callable[[TokenFinder], TokenFinder]:
    """Register a finder that looks at each token whose word passes ``gate`` (one of ``GATES``)."""
    if gate not in GATES:
        raise ValueError(f"unknown gate {gate!r}")

    def register(fn: TokenFinder) -> TokenFinder:
        TOKEN_FINDERS.append(fn)
        TOKEN_FINDERS.sort(key=_rank)  # stable: a module's finders keep their order
        _GATE[fn] = gate
        _BY_GATES.clear()
        return fn

    return register


def sentence_finder(fn: SentenceFinder) -> SentenceFinder:
    """Register a finder that runs once per sentence, after the token finders."""
    SENTENCE_FINDERS.append(fn)
    SENTENCE_FINDERS.sort(key=_rank)
    return fn


def _finders_for(passed: tuple[bool, ...]) -> list[tuple[str, TokenFinder]]:
    """The token finders, in order, whose gates a token passed."""
    found = _BY_GATES.get(passed)
    if found is None:
        found = [(f.__name__, f) for f in TOKEN_FINDERS if passed[GATES.index(_GATE[f])]]
        _BY_GATES[passed] = found
    return found


def _phrase_openers(lex: Lexicon) -> frozenset[str]:
    """The first words of the source phrases, the gate of the PHRASE finders."""
    return frozenset(e.split()[0] for e in lex[PHRASE] | lex["report-source-prepositions"])


def scan_sentence(sent, lex: Lexicon) -> list[Cue]:
    """Every attribution construction in a parsed sentence, in finder order per token."""
    scan = Scan(sent, lex)
    opens = lex.derive(_phrase_openers)
    reporting, documents, nouns = lex[REPORTING], lex[DOCUMENT], lex[ATTRIBUTION]
    impersonal = lex[IMPERSONAL]
    for tok in sent:
        lemma, low, forms = tok.lemma_.lower(), tok.lower_, word_forms(tok)
        passed = (low in opens, not forms.isdisjoint(reporting), lemma in documents, not forms.isdisjoint(nouns),
                  lemma in impersonal)
        if not any(passed):
            continue
        probe = Probe(tok, lemma, low, forms)
        for name, finder in _finders_for(passed):
            scan.finder = name
            if finder(probe, scan):
                break
    for sfinder in SENTENCE_FINDERS:
        scan.finder = sfinder.__name__
        sfinder(scan)
    return scan.cues
