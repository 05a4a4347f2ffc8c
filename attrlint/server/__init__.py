"""``attrlint server``: the language server editors talk to over stdio (LSP, via pygls 2).

What it offers:
- diagnostics when a draft is opened, changed (debounced) and saved; each carries the rule code,
  ``source = "attrlint"``, a ``codeDescription`` link to the rule's documentation page and a
  range in the position encoding agreed at start-up (UTF-16 code units unless the client offers
  UTF-8 or UTF-32);
- hover on a finding: its message, suggestion and the rule's documentation;
- quick fixes (``attrlint.fixes``, the same as ``attrlint check --fix``): credit the fact file's
  source for an uncredited figure (AT101), use the draft's main spelling of a name (AT401),
  retype a word that mixes look-alike scripts (AT402);
- the fact file, config and lexicons are found as on the command line (``attrlint.discovery``);
  when a ``.toml`` file changes (watched files, or saved in the editor) every open draft is
  checked again.

Robustness: documents are found whatever the client's URI escaping (``documents``); the byte
stream is read by a guarded framer that caps a message's size and resynchronises after a wrong
``Content-Length`` (``framing``), and a request with invalid parameters gets a JSON-RPC error.
Drafts over ``MAX_DRAFT_CHARS`` are not checked (one diagnostic says so); drafts over
``LARGE_DRAFT_CHARS`` are checked in a child process so the others keep their diagnostics flowing.

The NLP pipeline loads once, in the background after ``initialized``; the checks of this process
run on one worker thread so spaCy is never used from two threads. Nothing else is kept between
checks except the settings per directory and the lexicons (dropped when a ``.toml`` changes); the
on-disk result cache is not used, because every keystroke pause would write a cache entry into the
user's project.

Modules: ``app`` (the server), ``framing`` (reading the stream), ``documents`` (open drafts by
URI), ``checking`` (running the engine), ``diagnostics`` (findings as LSP diagnostics and
hovers), ``positions`` (offsets and LSP positions).
"""

from attrlint.server.app import DEBOUNCE_SECONDS, AttrlintServer, create_server, serve
from attrlint.server.checking import LARGE_DRAFT_CHARS, MAX_DRAFT_CHARS, DraftChecker, Outcome
from attrlint.server.diagnostics import SOURCE, rule_doc
from attrlint.server.positions import LineIndex, related_span, unit_counter

__all__ = [
    "DEBOUNCE_SECONDS", "LARGE_DRAFT_CHARS", "MAX_DRAFT_CHARS", "SOURCE", "AttrlintServer", "DraftChecker",
    "LineIndex", "Outcome", "create_server", "related_span", "rule_doc", "serve", "unit_counter",
]
