"""Report adverbs: "reportedly", "allegedly" — a report with nobody named (a vague cue over the
clause the adverb modifies). Word list: ``report-adverbs`` in ``rules/attribution.toml``."""

from __future__ import annotations

from attrlint.analysis.cues.base import Cue
from attrlint.analysis.cues.registry import Scan, sentence_finder
from attrlint.model import How


@sentence_finder
def report_adverb(scan: Scan) -> None:
    """ "The port reportedly lost $2 million": the clause is a report whose source is unnamed."""
    adverbs = scan.lex["report-adverbs"]
    for tok in scan.sent:
        if tok.lower_ in adverbs:
            head = tok.head
            scan.add(Cue(tok.text, tok.idx, tok.idx + len(tok.text), tok.lower_, How.ADVERB, True,
                         {t.i for t in head.subtree}, set(), tok.lower_))
