"""Token and sentence lookups in O(log n) on a parsed block.

spaCy finds a token's sentence (``Token.sent``, ``Span.sent``) by scanning the whole ``Doc``,
and the analysis asks for it once per cue and per figure, so on a long paragraph the cost grows
with the square of its length. ``index_sentences`` records the sentence bounds once and installs
spaCy's documented ``user_token_hooks``/``user_span_hooks`` to answer from them; the answer is
the same span spaCy would return.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

_STARTS = "attrlint.token_starts"
_ENDS = "attrlint.token_ends"
_TEXT = "attrlint.text"
T = TypeVar("T")


def index_sentences(sdoc: Any) -> None:
    """Answer ``.sent`` on this Doc's tokens and spans by bisection over its sentence bounds."""
    bounds = [(s.start, s.end) for s in sdoc.sents]
    starts = [a for a, _ in bounds]

    # The hooks hold integers only, never the Doc, so no reference cycle keeps a parse alive.
    def sentence(doc: Any, i: int) -> Any:
        a, b = bounds[max(bisect_right(starts, i) - 1, 0)]
        return doc[a:b]

    sdoc.user_token_hooks["sent"] = lambda tok: sentence(tok.doc, tok.i)
    sdoc.user_span_hooks["sent"] = lambda span: sentence(span.doc, span.start)


def tokens_overlapping(sdoc: Any, start: int, end: int) -> range:
    """Indices of the tokens that overlap characters [start, end) of ``sdoc``, in order."""
    starts = sdoc.user_data.get(_STARTS)
    if starts is None:
        starts = sdoc.user_data[_STARTS] = [t.idx for t in sdoc]
        sdoc.user_data[_ENDS] = [t.idx + len(t.text) for t in sdoc]
    ends = sdoc.user_data[_ENDS]
    return range(bisect_right(ends, start), bisect_left(starts, end))


def doc_text(sdoc: Any) -> str:
    """``sdoc.text``, joined once: spaCy rebuilds it from every token on each access."""
    text = sdoc.user_data.get(_TEXT)
    if text is None:
        text = sdoc.user_data[_TEXT] = sdoc.text
    return text


def up_the_tree(tok: Any, key: Hashable, decide: Callable[[Any], T | None], at_root: T) -> T:
    """``decide`` of the first of ``tok`` and its ancestors for which it is not None (``at_root``
    past the root), remembered per Doc under ``key`` for every token on the way.

    In a list of a thousand conjoined figures each figure's ancestors are the figures before
    it, so walking up once per figure would cost the square of the list's length."""
    memo = tok.doc.user_data.setdefault(key, {})
    path = []
    t = tok
    while (found := memo.get(t.i)) is None:
        path.append(t.i)
        found = decide(t)
        if found is not None:
            break
        if t.head.i == t.i:
            found = at_root
            break
        t = t.head
    for i in path:
        memo[i] = found
    return found
