"""Cue finders: one small function per sentence construction that credits a source.

``find_cues(sent, lex)`` runs every registered finder over a parsed sentence (see ``registry``).
The modules, in the order their finders run:

- ``phrases``: "according to X", "citing X", "per X";
- ``verbs``: reporting verbs with their subject, agent, relative pronoun or governing subject,
  including decisions and undertakings ("the board agreed to cut 40 jobs");
- ``documents``: documents that speak ("the poll found", "records show", "…, records show.");
- ``nouns``: attribution nouns with their owner ("the ministry's estimate"), voiced claims
  ("Okafor voiced fears that …"), "in the agency's report", "by one estimate";
- ``adverbs``: "reportedly", "allegedly".

Quotations, transcript turns and dash-signed quotations credit whole quotations, not clauses:
they live in ``attrlint.analysis.quotes``.
"""

from __future__ import annotations

# Importing a finder module registers its finders (run order: registry.MODULE_ORDER).
from attrlint.analysis.cues import adverbs, documents, nouns, phrases, verbs  # noqa: F401
from attrlint.analysis.cues.base import Cue, is_vague
from attrlint.analysis.cues.registry import scan_sentence as find_cues

__all__ = ["Cue", "find_cues", "is_vague"]
