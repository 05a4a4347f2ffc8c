"""AT201–AT204: numbers that disagree — with themselves, with the relation the text asserts, or
with the desk's fact file (policy §3)."""

from __future__ import annotations

from collections.abc import Iterator

from attrlint.model import Credit, FigureMention
from attrlint.quantities import Parties, Party, quantity_of, same_quantity, values_agree
from attrlint.rules.registry import Context, Finding, rule

_LAST: list[tuple[int, int, Parties]] = []  # (id(document), id(facts), parties): rules share one


def parties(ctx: Context) -> Parties:
    """The draft's parties, built once per document and shared by the four rules."""
    key = (id(ctx.document), id(ctx.facts))
    if _LAST and _LAST[0][:2] == key and _LAST[0][2].document is ctx.document:
        return _LAST[0][2]
    p = Parties(ctx.document, ctx.facts, ctx.lexicon)
    _LAST[:] = [(key[0], key[1], p)]
    return p


def line_of(ctx: Context, offset: int) -> int:
    return ctx.document.position(offset)[0]


def fmt(x: float) -> str:
    """1500.0 -> "1,500"; 4.25 -> "4.25"."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


@rule("AT201", "inconsistent-figure", "error", "one source gives two values for the same quantity")
def inconsistent_figure(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Flags a figure that the same source already gave, for the same quantity, with another value
    earlier in the draft ("the agency said 3,700 people were evacuated" … "the 4,300 people
    evacuated, the agency said"). The finding sits on the later figure and names the earlier line.

    ## Why is this bad?
    A story that quotes one source with two numbers for one thing is wrong at least once, and
    readers cannot tell which. It is the kind of error a correction has to fix.

    ## Example
    ```
    The port authority said 38 ships were waiting offshore. … The port authority said the 44
    ships waiting offshore were carrying mostly fruit.
    ```

    ## Use instead
    ```
    Use one figure, or say that the source revised it ("the authority later put the number at 44").
    ```

    ## Options
    Two figures are compared only when they come from the same source (by the fact file's
    aliases, by a pronoun's nearest named source, or by the name as written) and measure the same
    thing: the same counted noun, the same event ("evacuated", "recalled"), for a share or amount
    the same subject, and no different date, place or set ("other", "more", "new"). Different
    sources giving different numbers is news, not an error. Figures in one sentence, updates
    ("has risen to", "now", "latest") and earlier-period values ("up from", "a year earlier")
    are never compared. Approximations, bounds and headline figures agree within their rounding.
    """
    p = parties(ctx)
    seen: list[tuple[FigureMention, Party, object]] = []
    for fig in ctx.document.figures:
        party = p.for_figure(fig)
        if party is None or fig.value.multiplier or not fig.unit and not fig.value.percent:
            continue
        q = quantity_of(fig, ctx.lexicon)
        earlier = [(a, qa) for a, pa, qa in seen if pa.key == party.key and a.sentence is not fig.sentence
                   and same_quantity(qa, q)]
        seen.append((fig, party, q))
        if not earlier:
            continue
        a, _ = earlier[-1]
        if values_agree(a, fig):
            continue
        line = line_of(ctx, a.start)
        yield Finding(fig.start, fig.end,
                      f'"{fig.display}" — {party.label} gave "{a.display}" for the same quantity on '
                      f"line {line}: use one figure, or say it was revised",
                      related=((a.start, f'the earlier figure from {party.label}: "{a.display}"'),))


def _credited(fig: FigureMention) -> bool:
    return fig.credit is Credit.ATTRIBUTED
