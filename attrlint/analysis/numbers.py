"""Find written numbers in prose and normalise them to ``NumberValue`` (pure Python, no NLP).

``scan`` returns every candidate; ``figures`` later decides which are figures (policy §1) and
who they are credited to. One compiled regex finds numerals, time/date shapes and runs of number
words; small parsers turn each match into a value; a merge pass joins ranges and ratios.

Span conventions (they follow the evaluation labels):

- Inside the span: a sign, the currency sign or ISO code, the scale word or suffix, and "%",
  "percent", "percentage points" or "basis points" ("$27 million", "€3bn", "-3%"). Outside it:
  the counted noun, units of measure and qualifiers, so "Some 600" is span "600" with qualifier
  "Some", and "70 km/h" and "70km" are span "70".
- A fraction or ratio keeps its article or frame ("a quarter", "one in five", "two-thirds");
  ranges are one span ("3,000-4,000", "3,000 to 4,000", "between 40 and 60" → "40 and 60").
- Shapes the filter judges by their text stay whole: "8:30", "2024-10-23", "9/11", "6/4/13",
  "1990s", "'80s", "555-0199". Their value is their first number (a decade is its ten years).
- Digits glued to letters are part of a word and are never returned ("G7", "A6", "mp3",
  "Future45", "5G"); digits after a hyphen are ("COVID-19" → "19", "N-340" → "340") because the
  filter can see the letters before them. Allowed glued endings: ordinal suffixes, a decade "s",
  scale suffixes ("4.2bn"; "m"/"b"/"k" only after a currency sign or a decimal, "61.4m"),
  "x" ("3x", a multiplier) and common units, which stay outside the span ("70km", "6pm").
- Spaces are not thousands separators ("1 500" is two numbers); commas are, in groups of three.
  A sign written against a number belongs to it ("+12%"; "-3%" is −3); a hyphen after a word, a
  number or a percent sign is a joiner, not a sign ("COVID-19", "3,000-4,000", "58%-33%"), and
  "+/-" is plus or minus ("+/-3 points" is 3).

Vague magnitudes are intervals, marked ``approx`` with the magnitude as precision: "dozens"
[24, 99], "scores (of)" [40, 199], "hundreds" [200, 999], "thousands" [2,000, 9,999], "millions"
[2 m, 10 m − 1] and so on for billions and trillions; "tens of thousands" [20,000, 99,999];
"hundreds of millions" [200 m, 1 bn − 1]; "several X" [3X, 9X]; "a few X" [2X, 5X]; "a couple
(of) X" [2X, 3X].

Precision is the written rounding unit: trailing zeros of an integer ("1,500" → 100, "12,000" →
1,000, "3" → 1), the last decimal place ("7.5%" → 0.1), times the scale ("4.2 million" →
100,000); fractions use 0.01; a range takes the finer of its ends.

Qualifiers: approximation words (about, some, roughly, nearly, almost, around, approximately,
an estimated, close to …) set ``approx``; lower bounds (more than, over, at least, upwards of …)
set ``bound="min"``; upper bounds (up to, fewer than, less than, under, as many as, no more
than, at most …) set ``bound="max"``. "or more", "or less", "or so" and a trailing "+" after the
figure do the same without being part of the span or the qualifier. "over" is not a bound when
it names the period of a preceding amount ("$374 billion over 10 years").

The number grammar lives here rather than in ``rules/*.toml``: it is English number syntax, not
an editorial list a desk would tune.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from attrlint.analysis.numberwords import (
    DENOMINATORS,
    FOLD_WORDS,
    MULTIPLIER_WORDS,
    ORDINALS,
    PLURAL_MAGNITUDES,
    SCALE_SING,
    TENS,
    TOKEN,
    UNITS,
    Atom,
    pow10,
    precision_exponent,
    word_atoms,
)
from attrlint.lexicon import alternation, builtin_lists
from attrlint.model import NumberValue


@dataclass(frozen=True)
class NumberSpan:
    """One written number: its span in the scanned text, its value and how it was written."""

    start: int
    end: int
    text: str
    value: NumberValue
    qualifier: str
    qualifier_start: int
    kind: str  # digits, words, fraction, multiplier, range, percent, money, ordinal, vague-magnitude


# ---------------------------------------------------------------------------------------------
# Tables: number words in attrlint.analysis.numberwords; qualifiers, currencies and glued units
# are data (rules/numbers.toml).

_DATA = builtin_lists("numbers.toml")
QUALIFIERS: dict[str, str | None] = {
    **{q: None for q in _DATA["approximation-qualifiers"]},
    **{q: "min" for q in _DATA["lower-bound-qualifiers"]},
    **{q: "max" for q in _DATA["upper-bound-qualifiers"]},
    "between": None,  # a range, not an approximation
}
_APPROX = frozenset(_DATA["approximation-qualifiers"])
CURRENCY_PREFIXES = dict(entry.rsplit(" ", 1) for entry in _DATA["currency-prefixes"])
ISO_CURRENCIES = list(_DATA["iso-currencies"])
_SUFFIX_SCALE = {"bn": 10**9, "b": 10**9, "mn": 10**6, "mln": 10**6, "m": 10**6, "tn": 10**12,
                 "trn": 10**12, "k": 10**3}
_VULGAR = {"½": (1, 2), "¼": (1, 4), "¾": (3, 4), "⅓": (1, 3), "⅔": (2, 3), "⅛": (1, 8)}
# Glued endings that are units: the number is returned, the unit stays outside the span.
_GLUED_UNITS = list(_DATA["glued-units"])


def _trie(words: list[str]) -> str:
    """A regex alternation of ``words`` as a prefix trie: fast to fail on an ordinary word."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts, optional = [], "" in node
        for ch in sorted(k for k in node if k):
            alts.append(re.escape(ch) + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if optional:
            return "(?:" + body + ")?"
        return body

    return "(?:" + emit(root) + ")"


_B = r"(?![\w])"  # the word ends here: "one" is not the start of "ones" or "onerous"
_FIRST_WORDS = sorted({*UNITS, *TENS, *SCALE_SING, *PLURAL_MAGNITUDES, *ORDINALS, *DENOMINATORS,
                       *MULTIPLIER_WORDS, *FOLD_WORDS})
_CONT_WORDS = _FIRST_WORDS + ["times", "fold", "percent", "cent", "percentage", "basis", "points",
                              "point", "per"]
_PRE = r"(?:(?:an?(?:\s+(?:few|couple)(?:\s+of)?)?|several|tens\s+of|dozens\s+of|hundreds\s+of)\s+)"
_WORD_RUN = (rf"(?<![\w-]){_PRE}?{_trie(_FIRST_WORDS)}{_B}"
             rf"(?:(?:-|\s+)(?:(?:and|of)(?:-|\s+))?(?:an?(?:-|\s+))?{_trie(_CONT_WORDS)}{_B})*"
             rf"|(?<![\w-])scores(?=\s+of\s)")

_CURRENCY = (r"(?-i:(?:US|A|C|HK|NZ|S|R|NT)?\$|[€£¥₹₩₽₺₴₪]|(?:Rs\.?|"
             + _trie(ISO_CURRENCIES) + r")\s?)")
_NUMERAL = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_FIGURE = (
    rf"(?<![\w.,%])(?P<sign>(?<!/)[-+−](?=[0-9.$€£¥]))?(?P<cur>{_CURRENCY})?(?P<num>{_NUMERAL})(?P<vf>[½¼¾⅓⅔⅛])?"
    r"(?:(?P<ord>st|nd|rd|th)(?![a-z0-9])"
    r"|(?P<dec>['’]?s)(?![a-z0-9])"
    r"|(?P<gs>\s?(?:bn|mn|mln|tn|trn)|(?(cur)(?:m|b|k)|(?:(?<=\.[0-9])|(?<=\.[0-9][0-9]))m))(?![a-z0-9])"
    r"|(?P<ws>(?:(?:-|\s*)(?:hundred|thousand|million|billion|trillion|dozen)(?![\w])){1,2})"
    r")?"
    r"(?:(?P<pct>\s?%|\s?bps?(?![\w])|(?:-|\s+)(?:percent|per\s+cent|percentage\s+points?"
    r"|basis\s+points?|pct)(?![\w]))"
    r"|(?P<mult>(?:-|\s+)?fold(?![\w])|(?:-|\s+)times(?![\w])|[x×](?![\w]))"
    r")?"
    rf"(?:(?={_trie(_GLUED_UNITS)}(?![a-z]))|(?![\w]))"
)
# Every alternative starts after a non-word character; saying so once up front lets the engine
# skip the middle of words without trying each alternative (it halves the scan time).
_SCAN = re.compile(
    r"(?<!\w)(?:"
    r"(?P<time>(?<![\w.:])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![\w:]))"
    r"|(?P<slash>(?<![\w/.])[0-9]{1,4}(?:/[0-9]{1,4}){1,2}(?![\w/]))"
    r"|(?P<apdec>(?<![\w])['’][0-9]0s(?![\w]))"
    rf"|(?P<fig>{_FIGURE})"
    r"|(?P<uvf>(?<![\w])[½¼¾⅓⅔⅛](?![\w]))"
    rf"|(?P<words>{_WORD_RUN}))",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"(?<![\w-])(?P<q>" + _trie(sorted(QUALIFIERS)).replace(r"\ ", r"\s+") + r")\s+\Z", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"(?<![\w])from\s+\Z", re.IGNORECASE)
# What may stand between an amount and "over" when "over" names its period: "$374 billion over",
# "1,500 troops over", "$5 billion in new spending over".
_OVER_PERIOD_GAP = re.compile(r"\s+(?:[a-z]+\s+){0,3}", re.IGNORECASE)
_PERIOD_AFTER = re.compile(rf"\s+(?:{alternation(_DATA['scanner-period-nouns'])})s?\b", re.IGNORECASE)
_TRAILING = re.compile(
    rf"(?:\s+or\s+(?P<min>{alternation(_DATA['or-more-words'])})|\s+or\s+(?P<max>{alternation(_DATA['or-less-words'])})"
    rf"|\s+or\s+(?P<approx>{alternation(_DATA['or-about-words'])})|(?P<plus>\+|-plus))(?![\w])", re.IGNORECASE)
_TRAILING_FIRST = frozenset(" \t\n\xa0+-")
_HYPHEN_GAP = re.compile(r"[-‐‑–—]|\s*–\s*")
_TO_GAP = re.compile(r"\s+to\s+|-to-", re.IGNORECASE)
_AND_GAP = re.compile(r"\s+and\s+", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(rf"(?<![\w])(?:{alternation(_DATA['scanner-change-words'])})\s+\Z", re.IGNORECASE)
_RATIO_GAP = re.compile(r"(?:\s+|-)(?P<w>in|out\s+of|of\s+every|in\s+every|out\s+of\s+every|of)(?:\s+|-)",
                        re.IGNORECASE)

# ---------------------------------------------------------------------------------------------
# Atoms: numbers before ranges and ratios are joined



def _figure_atom(m: re.Match) -> Atom:
    sign, cur, numeral, vf, ordinal, dec, gs, ws, pct, mult = m.group(
        "sign", "cur", "num", "vf", "ord", "dec", "gs", "ws", "pct", "mult")
    currency = None
    if cur:
        c = cur.strip()
        currency = CURRENCY_PREFIXES.get(c, c)
    is_int = "." not in numeral and not vf
    atom = Atom(m.start("fig"), m.end("fig"), 0.0, 0.0, "digits", currency=currency,
                 integer_text=numeral if is_int and not cur else "")
    if vf or gs or ws:
        _scale(atom, numeral, vf, gs, ws)
    else:
        atom.raw = atom.low = atom.high = float(numeral.replace(",", ""))
        atom.precision = pow10(precision_exponent(numeral))
    if sign:
        atom.integer_text = ""
        if sign != "+":
            atom.raw, atom.low, atom.high = -atom.raw, -atom.low, -atom.high
    if ordinal:
        atom.kind, atom.integer_text = "ordinal", ""
        return atom
    if dec:
        if is_int and numeral.endswith("0") and not cur and atom.scale == 1:
            # A decade ("1990s", "the 80’s"): its ten years, or a century's hundred ("1900s").
            width = 100 if len(numeral) == 4 and numeral.endswith("00") else 10
            atom.high = atom.low + width - 1
            atom.precision = float(width)
            atom.shape, atom.integer_text = True, ""
            return atom
        atom.end = m.start("dec")  # "747s": the plural of a name, not part of the number
    if pct:
        low = pct.lower()
        atom.percent = "basis" not in low and "bp" not in low
        atom.kind, atom.integer_text = "percent", ""
    elif mult:
        if atom.low <= 1:
            atom.end = m.start("mult")
        else:
            atom.kind, atom.multiplier, atom.integer_text = "multiplier", True, ""
    elif currency:
        atom.kind = "money"
    return atom


def _scale(atom: Atom, numeral: str, vf: str | None, gs: str | None, ws: str | None) -> None:
    """The value of a numeral with a vulgar fraction ("2½"), a glued scale ("4.2bn") or scale
    words ("3 million")."""
    value = Decimal(numeral.replace(",", ""))
    prec = Decimal(1).scaleb(precision_exponent(numeral))
    if vf:
        a, b = _VULGAR[vf]
        value += Decimal(a) / Decimal(b)
        prec = Decimal(1) / Decimal(b)
    scale = Decimal(_SUFFIX_SCALE[gs.strip().lower()]) if gs else Decimal(1)
    if ws:
        for w in TOKEN.findall(ws):
            scale *= SCALE_SING[w.lower()]
    atom.raw, atom.scale = float(value), float(scale)
    atom.low = atom.high = float(value * scale)
    atom.precision = float(prec * scale)
    if scale != 1:
        atom.integer_text = ""


def _shape_atom(kind: str, m: re.Match) -> Atom:
    s = m.group(kind)
    start, end = m.start(kind), m.end(kind)
    if kind == "apdec":
        lo = float(s[1:3])
        return Atom(start, end, lo, lo + 9, "digits", precision=10.0, shape=True)
    parts = re.split(r"[:/]", s)
    first = float(parts[0])
    if kind == "slash" and len(parts) == 2:
        a, b = int(parts[0]), int(parts[1])
        if 0 < a < b <= 10:  # "3/4" is a share; "9/11" and "6/4" are dates
            v = a / b
            return Atom(start, end, v, v, "fraction", precision=0.01)
    return Atom(start, end, first, first, "digits", shape=True)



# ---------------------------------------------------------------------------------------------
# Joining ranges, ratios and chains


def _joinable(a: Atom) -> bool:
    return not a.shape and a.kind in ("digits", "words", "percent", "money", "multiplier")


def _propagate(a: Atom, b: Atom) -> None:
    """What the second end of a range says applies to the first: "3 to 4 million", "5-7%"."""
    if b.scale > 1 and a.scale == 1 and a.raw is not None and b.raw is not None and a.raw < b.raw \
            and a.kind in ("digits", "money"):
        a.low *= b.scale
        a.high *= b.scale
        a.precision *= b.scale
        a.scale = b.scale
    if b.percent and not a.percent and a.kind in ("digits", "words"):
        a.percent = True
    if b.currency and not a.currency:
        a.currency = b.currency
    if a.currency and not b.currency and b.kind == "digits":
        b.currency = a.currency
    if b.multiplier and not a.multiplier and a.kind in ("digits", "words"):
        a.multiplier = True


def _range(a: Atom, b: Atom) -> Atom:
    return Atom(a.start, b.end, min(a.low, b.low), max(a.high, b.high), "range",
                 precision=min(a.precision, b.precision), percent=a.percent or b.percent,
                 currency=a.currency or b.currency, multiplier=a.multiplier or b.multiplier,
                 approx=a.approx or b.approx, qualifier=a.qualifier, qualifier_start=a.qualifier_start,
                 bound=a.bound)


def _year_like(a: Atom) -> bool:
    t = a.integer_text
    return len(t) == 4 and 1000 <= int(t) <= 2100


def _join(atoms: list[Atom], text: str) -> list[Atom]:
    """Join neighbouring atoms that are one written figure: chains, ratios and ranges."""
    out: list[Atom] = []
    i, n = 0, len(atoms)
    while i < n:
        joined = None
        if i + 1 < n:
            joined = _join_chain(atoms, i, text)
            if joined is None:
                pair = _join_pair(atoms[i], atoms[i + 1], text)
                joined = None if pair is None else (pair, i + 2)
        if joined is None:
            out.append(atoms[i])
            i += 1
        else:
            out.append(joined[0])
            i = joined[1]
    return out


_CHAIN_KINDS = ("digits", "percent", "money")


def _join_chain(atoms: list[Atom], i: int, text: str) -> tuple[Atom, int] | None:
    """Hyphenated numbers: a range ("3,000-4,000", "2016-17") or a shape ("5-4", "1-800-555-0199")."""
    a, b = atoms[i], atoms[i + 1]
    if a.kind not in _CHAIN_KINDS or a.shape or not _HYPHEN_GAP.fullmatch(text[a.end:b.start]):
        return None
    k = i + 2
    while k < len(atoms) and atoms[k - 1].kind in _CHAIN_KINDS and \
            text[atoms[k - 1].end:atoms[k].start] == "-":
        k += 1
    chain = atoms[i:k]
    if len(chain) == 2 and not b.shape and b.kind in _CHAIN_KINDS:
        a, b = replace(a), replace(b)
        at, bt = a.integer_text, b.integer_text
        if len(at) == 4 and len(bt) == 2 and int(bt) > int(at[2:]):
            b.low = b.high = float(at[:2] + bt)  # "2016-17"
        _propagate(a, b)
        if a.high < b.low:
            return _range(a, b), k
    # A tally or score ("5-4"), a phone number or a code: one span; the filter reads its text.
    return Atom(a.start, chain[-1].end, a.low, a.low, "digits", shape=True, qualifier=a.qualifier,
                 qualifier_start=a.qualifier_start), k


def _join_pair(a: Atom, b: Atom, text: str) -> Atom | None:
    """A ratio ("one in five", "eight out of 10") or a worded range ("40 to 60", "between 40 and 60")."""
    gap = text[a.end:b.start]
    rm = _RATIO_GAP.fullmatch(gap)
    if rm and a.plain and b.plain and a.low >= 1 and not _year_like(b):
        word = re.sub(r"\s+", " ", rm.group("w").lower())
        ok = a.low <= b.low if word.startswith("out of") else a.low < b.low
        if ok and not (word == "of" and a.low < 2):  # "one of 50 states" is a pronoun, not a share
            v = a.low / b.low
            return Atom(a.start, b.end, v, v, "fraction", precision=0.01, qualifier=a.qualifier,
                         qualifier_start=a.qualifier_start, bound=a.bound, approx=a.approx)
    between = a.qualifier.lower() == "between" and _AND_GAP.fullmatch(gap)
    to = _TO_GAP.fullmatch(gap) and not _FROM_BEFORE.search(text, max(0, a.qualifier_start - 10),
                                                             a.qualifier_start)
    if not (between or to) or not _range_ends_agree(a, b):
        return None
    if to and _CHANGE_BEFORE.search(text, max(0, a.qualifier_start - 12), a.qualifier_start) \
            and b.low > 2 * a.low:
        return None  # "rose by 20 to 150": a change and the new level
    a, b = replace(a), replace(b)
    _propagate(a, b)
    if a.high < b.low:
        return _range(a, b)
    return None


def _range_ends_agree(a: Atom, b: Atom) -> bool:
    """Can ``a`` and ``b`` be the two ends of one range? "tripled to 12%", "30% to 1,500 staff",
    "in 2023 to 4,700" are a change and its result, not ranges."""
    if not (_joinable(a) and _joinable(b)) or _year_like(a) != _year_like(b):
        return False
    if a.multiplier and not b.multiplier:
        return False
    if a.percent and not b.percent:
        return False
    return not (b.currency and not a.currency)


# ---------------------------------------------------------------------------------------------
# Qualifiers


def _set_qualifier(a: Atom, text: str, prev_end: int) -> None:
    """Find the qualifier written before ``a``; ``prev_end`` is where the previous number ends."""
    a.qualifier_start = a.start
    if not a.start or not text[a.start - 1].isspace():
        return  # a qualifier is a separate word
    m = _QUALIFIER.search(text, max(0, a.start - 30), a.start)
    if not m:
        return
    q = re.sub(r"\s+", " ", m.group("q").lower())
    if q in ("over", "under") and _PERIOD_AFTER.match(text, a.end) and 0 <= m.start() - prev_end < 40 \
            and _OVER_PERIOD_GAP.fullmatch(text, prev_end, m.start()):
        return  # "$374 billion over 10 years" names a period
    a.qualifier = m.group("q")
    a.qualifier_start = m.start("q")
    a.bound = QUALIFIERS[q]
    if q in _APPROX:
        a.approx = True


def _span(a: Atom, text: str) -> NumberSpan:
    if a.qualifier.lower() == "between" and a.kind != "range":
        a.qualifier, a.qualifier_start = "", a.start
    bound, approx = a.bound, a.approx
    t = _TRAILING.match(text, a.end) if text[a.end:a.end + 1] in _TRAILING_FIRST else None
    if t and not bound:
        if t.group("min") or t.group("plus"):
            bound = "min"
        elif t.group("max"):
            bound = "max"
    if t and t.group("approx"):
        approx = True
    kind = a.kind
    if a.shape and kind not in ("range", "fraction"):
        kind = "digits"
    value = NumberValue(low=a.low, high=a.high, approx=approx, bound=bound, precision=a.precision,
                        percent=a.percent, currency=a.currency, multiplier=a.multiplier)
    return NumberSpan(a.start, a.end, text[a.start:a.end], value, a.qualifier, a.qualifier_start, kind)


# ---------------------------------------------------------------------------------------------
# Public API


def scan(text: str) -> list[NumberSpan]:
    """Every written number of ``text``, in order, with offsets into ``text``."""
    atoms: list[Atom] = []
    for m in _SCAN.finditer(text):
        kind = m.lastgroup  # the outermost named group, which closes last
        if kind == "fig":
            atoms.append(_figure_atom(m))
        elif kind == "words":
            atoms.extend(word_atoms(m, text))
        elif kind == "uvf":
            n, d = _VULGAR[m.group("uvf")]
            atoms.append(Atom(m.start(), m.end(), n / d, n / d, "fraction", precision=0.01))
        elif kind in ("time", "slash", "apdec"):
            atoms.append(_shape_atom(kind, m))
    prev_end = -100
    for a in atoms:
        _set_qualifier(a, text, prev_end)
        prev_end = a.end
    return [_span(a, text) for a in _join(atoms, text)]


def parse_number(text: str) -> NumberValue | None:
    """The value of one written form ("about 1,500", "$4.2 billion", "3,000-4,000"), or None.

    None when ``text`` holds no number or several that do not form one range or ratio.
    """
    spans = scan(text)
    if len(spans) != 1:
        return None
    return spans[0].value


def round_to_precision(value: float, precision: float) -> float:
    """``value`` rounded to the nearest multiple of ``precision``, halves away from zero.

    ``round_to_precision(1480, 100) == 1500``: how "about 1,500" is checked against 1,480.
    Decimal arithmetic, so ``round_to_precision(0.35, 0.1) == 0.4`` despite binary floats.
    """
    if not (precision > 0 and math.isfinite(precision) and math.isfinite(value)):
        return float(value)
    v, p = Decimal(repr(float(value))), Decimal(repr(float(precision)))
    try:
        n = (abs(v) / p).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than Decimal's context holds: the value is its own rounding
        return float(value)
    return float((n * p).copy_sign(v) if n else Decimal(0))
