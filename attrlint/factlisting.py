"""What ``attrlint facts show`` and ``facts check`` print about a loaded fact file."""

from __future__ import annotations

from attrlint.facts import Fact, FactBase, fmt_number


def plural(n: int, word: str) -> str:
    """"1 denial", "2 denials", "1 source"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(fb: FactBase) -> str:
    """"2 sources, 1 fact, 1 denial"."""
    return ", ".join([plural(len(fb.sources), "source"), plural(len(fb.facts), "fact"),
                      plural(len(fb.denials), "denial")])



def _fmt_value(fact: Fact) -> str:
    value = fmt_number(fact.low) if not fact.is_range else f"{fmt_number(fact.low)}\u2013{fmt_number(fact.high)}"
    unit = fact.unit
    joined = f"{value}{unit}" if unit == "%" else f"{value} {unit}"
    return f"about {joined}" if fact.approx else joined


def _fmt_ref(fb: FactBase, ref: str) -> str:
    return f"{fb.display_name(ref)} ({ref})" if ref in fb.sources else f'"{ref}" (free text)'


def describe(fb: FactBase) -> str:
    """The listing ``attrlint facts show FILE`` prints: story, sources, facts and denials."""
    out = [f"Fact file {fb.path}"]
    if fb.story:
        parts = [str(fb.story[k]) for k in ("slug", "title", "date") if k in fb.story]
        out.append(f"Story: {', '.join(parts)}")
    out.append("")
    out.append(f"Sources ({len(fb.sources)}):")
    for s in fb.sources.values():
        out.append(f"  {s.id}: {s.name}")
        if s.aliases:
            out.append(f"      also: {'; '.join(s.aliases)}")
    out.append("")
    out.append(f"Facts ({len(fb.facts)}):")
    for f in fb.facts:
        out.append(f"  {f.id}: {_fmt_value(f)}, from {_fmt_ref(fb, f.source)}")
        if f.about:
            out.append(f"      about: {'; '.join(f.about)}")
    out.append("")
    out.append(f"Denials ({len(fb.denials)}):")
    for d in fb.denials:
        dated = f" on {d.date}" if d.date else ""
        out.append(f"  {d.id}: {_fmt_ref(fb, d.party)}{dated}, owed on: {'; '.join(d.about)}")
        if d.statement:
            out.append(f"      statement: {d.statement}")
    return "\n".join(out) + "\n"
