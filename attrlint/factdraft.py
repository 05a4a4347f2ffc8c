"""``attrlint facts init DRAFT``: a starting fact file written from a draft.

The desk edits a file instead of typing TOML from scratch: every named source the draft credits
(with the names the draft uses for it), every credited figure with its unit and source, and every
accused party with a ``[[denial]]`` to fill. Each entry carries a comment saying where it comes
from; the file is valid as written (``attrlint facts check`` accepts it), and it states only what
the draft says, so the desk must verify every value before relying on it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from attrlint.analysis.accusations import find_accusations
from attrlint.analysis.parties import Parties, Party
from attrlint.facts import normalise_name
from attrlint.lexicon import Lexicon
from attrlint.model import Credit, Document, FigureMention


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", normalise_name(text)).strip("-")[:40].strip("-") or "source"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def _q(text: str) -> str:
    """A TOML basic string (JSON's escaping is valid TOML for these)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _line(doc: Document, offset: int) -> int:
    return doc.position(offset)[0]


def draft_facts(doc: Document, lex: Lexicon, draft_name: str) -> str:
    """The text of a starting fact file for an analysed draft."""
    parties = Parties(doc, None, lex)
    out = [f"# Fact file started from {draft_name} by `attrlint facts init`.",
           "# Every value below is what the draft says, not what the desk has verified: check each",
           "# one against the record, correct it, and delete what you cannot verify.", ""]
    taken: set[str] = set()
    ids: dict[str, str] = {}
    # the sources that give a figure; a source the draft only mentions needs no entry
    giving = {p.key for fig in doc.figures if fig.credit is Credit.ATTRIBUTED
              and (p := parties.for_figure(fig)) is not None}
    for party, names in parties.named():
        if party.key not in giving:
            continue
        ident = ids[party.key] = _slug(names[0], taken)
        aliases = [n for n in names[1:] if normalise_name(n) != normalise_name(names[0])]
        out += ["[[source]]", f"id = {_q(ident)}", f"name = {_q(names[0])}",
                f"aliases = [{', '.join(_q(a) for a in aliases)}]  # names the draft uses; add others", ""]
    out += _facts(doc, parties, ids, taken)
    out += _denials(doc, lex, ids)
    return "\n".join(out).rstrip() + "\n"


def _facts(doc: Document, parties: Parties, ids: dict[str, str], taken: set[str]) -> list[str]:
    out: list[str] = []
    for fig in doc.figures:
        party = parties.for_figure(fig) if fig.credit is Credit.ATTRIBUTED else None
        unit = fig.unit or ("%" if fig.value.percent else "")
        if party is None or party.key not in ids or not unit or fig.value.multiplier:
            continue
        source = ids[party.key]
        v = fig.value
        value = _number(v.low) if v.low == v.high else f"[{_number(v.low)}, {_number(v.high)}]"
        out += [f"# line {_line(doc, fig.start)}: {_q(_written(fig))[1:-1]}", "[[fact]]",
                f"id = {_q(_slug(f'{source} {unit}', taken))}", f"value = {value}",
                f"unit = {_q(unit)}", f"source = {_q(source)}",
                "# about = []  # words that place the figure in its sentence (optional)"]
        if v.approx:
            out.append("approx = true  # the draft rounds it; say false if the record is exact")
        elif v.bound:
            out.append(f"# the draft gives a bound ({_q(fig.qualifier)[1:-1]}): put the value on record")
        out.append("")
    return out


def _written(fig: FigureMention) -> str:
    s = fig.sentence
    return s.block.text[s.start:s.end] if len(s.text) <= 160 else fig.display


def _denials(doc: Document, lex: Lexicon, ids: dict[str, str]) -> list[str]:
    out: list[str] = []
    done: set[str] = set()
    sents = [s for s in doc.sentences if s.block.kind.is_prose]
    for acc in find_accusations(sents, lex):
        key = normalise_name(acc.name)
        if key in done:
            continue
        done.add(key)
        party = next((i for k, i in ids.items() if k == Party(acc.name).key), None)
        nouns = [t.lemma_.lower() for t in acc.conduct if t.pos_ in {"NOUN", "VERB"} and t.is_alpha][:2]
        about = nouns or [acc.verb.lemma_.lower()]
        out += [f"# line {_line(doc, acc.sentence.block.to_source(acc.start))}: {acc.name} is accused here",
                "[[denial]]", f"party = {_q(party or acc.name)}",
                f"about = [{', '.join(_q(a) for a in about)}]  # the draft owes the response when it covers these",
                '# statement = ""  # the response on record, in a few words',
                "# date = 2024-01-31  # when it was given", ""]
    return out


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, so a reader never
    sees half a file and a failure leaves any earlier file as it was."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
