"""English number words: the closed set of numerals with their values, and the parser that
turns a run of them into values ("two hundred and fifty thousand", "a third", "dozens of",
"twenty-first", "three times").

The words stay in code, unlike the lists of ``rules/*.toml``: each carries a value and a
grammatical class ("dozen" multiplies, "hundred" scales, "third" is both an ordinal and a
denominator) that the parser's rules depend on, so a word added as data could not be parsed
without code. Qualifiers, currencies and glued units, which a desk may want to extend, are data
(``rules/numbers.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
BIG = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SCALE_SING = {"hundred": 100, "dozen": 12, **BIG}
PLURAL_MAGNITUDES = {"dozens": 12, "hundreds": 100, "thousands": 10**3, "millions": 10**6,
                     "billions": 10**9, "trillions": 10**12}
# A bare plural is at least two of its unit and short of the next order of magnitude, where the
# compound forms take over ("tens of thousands"); "dozens" stops before "hundreds".
PLURAL_INTERVAL = {w: (24, 99) if w == "dozens" else (2 * u, 10 * u - 1)
                    for w, u in PLURAL_MAGNITUDES.items()}
ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
ORDINALS.update({w: 10 * (i + 2) for i, w in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split())})
ORDINALS.update({"hundredth": 100, "thousandth": 1000, "millionth": 10**6, "billionth": 10**9})
# Denominators of fractions ("a third", "two-thirds"); "first" and "second" never are.
DENOMINATORS = {"half": 2, "quarter": 4, "quarters": 4, "thirds": 3, "fourths": 4, "fifths": 5,
                "sixths": 6, "sevenths": 7, "eighths": 8, "ninths": 9, "tenths": 10,
                "twentieths": 20, "hundredths": 100, "thousandths": 1000}
DENOMINATORS.update({w: v for w, v in ORDINALS.items() if 3 <= v <= 10 or v in (20, 100, 1000)})
MULTIPLIER_WORDS = {
    "twice": 2.0, "double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0,
    "triple": 3.0, "tripled": 3.0, "triples": 3.0, "tripling": 3.0,
    "quadruple": 4.0, "quadrupled": 4.0, "quadruples": 4.0, "quadrupling": 4.0,
    "quintuple": 5.0, "quintupled": 5.0, "quintupling": 5.0,
    "halve": 0.5, "halved": 0.5, "halves": 0.5, "halving": 0.5,
}
FOLD_WORDS = {w + "fold": v for w, v in {**UNITS, **TENS, "hundred": 100, "thousand": 1000}.items()
              if v >= 2}
VAGUE_PREFIX = {"several": (3, 9), "few": (2, 5), "couple": (2, 3)}
COMPOUND_MAGNITUDE = {"tens": (20, 99), "dozens": (24, 99), "hundreds": (200, 999)}

_FRACTION_CONTEXT_BEFORE = re.compile(
    r"(?<![\w])(?:bottom|top|middle|lowest|highest|poorest|richest|wealthiest|another|each|every)\s+\Z",
    re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)
# After "a third", these words keep it a share ("cut by a third in 2020"); a noun makes it an
# ordinal ("a third term").
_SHARE_AFTER = re.compile(
    r"\s*(?:[^\w\s-]|\Z)|\s+(?:of|less|more|fewer|lower|higher|smaller|larger|bigger|up|down|since|from|in"
    r"|over|to|than|and|or|as|on|at|by|for|last|this|that|each|every|a|an|the|during|within|after|before"
    r"|under|between|through|across|amid|against|compared|versus|but|while|when|because)\b", re.IGNORECASE)

TOKEN = re.compile(r"[a-z]+", re.IGNORECASE)


@dataclass(slots=True)
class Atom:
    start: int
    end: int
    low: float
    high: float
    kind: str
    precision: float = 1.0
    raw: float | None = None  # the numeral as written, before its scale (for "3 to 4 million")
    scale: float = 1.0
    percent: bool = False
    currency: str | None = None
    multiplier: bool = False
    approx: bool = False
    shape: bool = False  # a time, date, decade or chain judged by its text, never joined
    integer_text: str = ""  # the numeral when it is a bare integer (ratio and year checks)
    qualifier: str = ""
    qualifier_start: int = -1
    bound: str | None = None

    @property
    def plain(self) -> bool:
        """A bare count: no currency, percent, scale, fraction or multiplier."""
        return (self.kind in ("digits", "words") and not self.shape and self.low == self.high
                and self.low == int(self.low) and not self.percent and not self.currency)


def precision_exponent(numeral: str) -> int:
    """Power of ten of a numeral's rounding unit as written: "1,500" → 2, "7.5" → -1, "0" → 0."""
    s = numeral.replace(",", "")
    if "." in s:
        return -len(s) + s.index(".") + 1
    digits = s.lstrip("0")
    return len(digits) - len(digits.rstrip("0"))


def pow10(k: int) -> float:
    return float(f"1e{k}")  # exact decimal, so 0.1 stays the float nearest 0.1


def value_precision(v: float) -> float:
    """Rounding unit of a value written in words: 3,000 → 1,000; 21 → 1; 2.5 million → 100,000."""
    if v == int(v):
        return pow10(precision_exponent(str(int(v))))
    return pow10(precision_exponent(format(Decimal(repr(v)).normalize(), "f")))



# ---------------------------------------------------------------------------------------------
# Number words


@dataclass(slots=True)
class _Tok:
    w: str
    start: int
    end: int


def _cardinal(toks: list[_Tok], i: int) -> tuple[float, int, bool] | None:
    """Parse a cardinal from ``toks[i]``: (value, next index, simple) — simple = one to ninety-nine."""
    total, cur, j = 0, 0, i
    last = ""
    last_big = 10**15
    n = len(toks)
    while j < n:
        w = toks[j].w
        if w in UNITS or w in TENS:
            v = UNITS.get(w, TENS.get(w))
            if last in ("unit", "dozen") or (last == "ten" and (w in TENS or v >= 10)):
                break
            if last in ("hundred", "big", "and") or not last or last == "ten":
                cur += v
                last = "unit" if w in UNITS else "ten"
                j += 1
                continue
            break
        if w == "hundred":
            if last in ("hundred", "dozen", "and") or cur >= 100:
                break
            cur = (cur or 1) * 100
            last = "hundred"
        elif w in BIG:
            scale = BIG[w]
            if scale >= last_big or last == "and":
                break
            total += (cur or 1) * scale
            cur = 0
            last, last_big = "big", scale
        elif w == "dozen":
            if last not in ("", "unit", "ten"):
                break
            cur = (cur or 1) * 12
            last = "dozen"
        elif w == "and":
            nxt = toks[j + 1].w if j + 1 < n else ""
            if last in ("hundred", "big") and (nxt in UNITS or nxt in TENS):
                # "two hundred and fifty thousand" continues; in "a million and six million" the
                # "and" joins two numbers.
                k = j + 2 if nxt in UNITS else j + (3 if _word(toks, j + 2) in UNITS else 2)
                after = _word(toks, k)
                if after in BIG and (last == "big" or BIG[after] >= last_big):
                    break
                last = "and"
            else:
                break
        else:
            break
        j += 1
    if j == i or last == "and":
        return None
    simple = all(toks[k].w in UNITS or toks[k].w in TENS for k in range(i, j))
    return float(total + cur), j, simple


def _word(toks: list[_Tok], k: int) -> str:
    return toks[k].w if k < len(toks) else ""


@dataclass(slots=True)
class _Run:
    """A run of number words being parsed from ``toks[i]``."""

    toks: list[_Tok]
    i: int
    text: str

    def word(self, k: int) -> str:
        return _word(self.toks, k)

    def atom(self, j: int, low: float, high: float | None = None, kind: str = "words",
             precision: float | None = None, approx: bool = False) -> tuple[Atom, int]:
        hi = low if high is None else high
        p = value_precision(low) if precision is None else precision
        start = self.toks[self.i].start
        return Atom(start, self.toks[j - 1].end, low, hi, kind, precision=p, raw=low, approx=approx), j

    def vague(self, j: int, lo: float, hi: float, unit: float) -> tuple[Atom, int]:
        return self.atom(j, lo, hi, "vague-magnitude", unit, approx=True)


_Parsed = tuple[Atom, int] | None


def _parse_words(toks: list[_Tok], i: int, text: str) -> _Parsed:
    """One number starting at ``toks[i]`` and the index after it, or None if none starts there."""
    run = _Run(toks, i, text)
    w = toks[i].w
    if w in ("a", "an", "several"):
        return _article(run, w)
    if w in COMPOUND_MAGNITUDE and run.word(i + 1) == "of" and run.word(i + 2) in PLURAL_MAGNITUDES \
            and PLURAL_MAGNITUDES[run.word(i + 2)] >= 1000:
        lo, hi = COMPOUND_MAGNITUDE[w]
        unit = PLURAL_MAGNITUDES[run.word(i + 2)]
        step = {"tens": 10, "dozens": 12, "hundreds": 100}[w]
        return run.vague(i + 3, lo * unit, (hi + 1) * unit - 1, step * unit)
    if w in PLURAL_MAGNITUDES:
        lo, hi = PLURAL_INTERVAL[w]
        return run.vague(i + 1, lo, hi, PLURAL_MAGNITUDES[w])
    if w == "scores":
        return run.vague(i + 1, 40, 199, 20)
    if w == "half":
        return _half(run)
    if w in MULTIPLIER_WORDS or w in FOLD_WORDS:
        return _multiplier(run, w)
    if w in ORDINALS:
        return _ordinal(run, w)
    if w in UNITS or w in TENS or w in SCALE_SING:
        # "twenty-first" is an ordinal made of a ten and an ordinal unit
        if w in TENS and run.word(i + 1) in ORDINALS and ORDINALS[run.word(i + 1)] < 10:
            return run.atom(i + 2, float(TENS[w] + ORDINALS[run.word(i + 1)]), kind="ordinal")
        parsed = _cardinal(toks, i)
        if parsed is None:
            return None
        return _after_cardinal(toks, i, parsed[0], parsed[1], parsed[2], text)
    return None


def _article(run: _Run, w: str) -> _Parsed:
    """"a few hundred", "several thousand", "a couple of dozen", "a million", "a third"."""
    toks, i = run.toks, run.i
    k = i + 1
    if w == "several" or run.word(k) in ("few", "couple"):
        lo, hi = VAGUE_PREFIX[w if w == "several" else run.word(k)]
        k += 0 if w == "several" else 1
        if run.word(k) == "of" and w != "several":
            k += 1
        unit = SCALE_SING.get(run.word(k))
        if unit is None:
            return None
        return run.vague(k + 1, lo * unit, hi * unit, unit)
    nxt = run.word(k)
    if nxt in SCALE_SING:
        parsed = _cardinal(toks, k)
        if parsed is None:
            return None
        return _after_cardinal(toks, i, parsed[0], parsed[1], False, run.text)
    if nxt not in DENOMINATORS or nxt.endswith("s"):
        return None
    frac = 1 / DENOMINATORS[nxt]
    k += 1
    if run.word(k) == "of" and run.word(k + 1) == "a" and run.word(k + 2) in BIG:
        return run.atom(k + 3, frac * BIG[run.word(k + 2)])
    if run.word(k) in BIG:
        return run.atom(k + 1, frac * BIG[run.word(k)])
    if nxt not in ("half", "quarter") and not _SHARE_AFTER.match(run.text, toks[k - 1].end):
        return run.atom(k, float(ORDINALS[nxt]), kind="ordinal")  # "a third term"
    return run.atom(k, frac, kind="fraction", precision=0.01)


def _half(run: _Run) -> _Parsed:
    """"half a million", "half", "half-dozen"."""
    i = run.i
    k = i + 1
    if run.word(k) == "a" and run.word(k + 1) in SCALE_SING:
        k += 1
    if run.word(k) in SCALE_SING and (k > i + 1 or run.toks[k].start - run.toks[i].end == 1):
        return run.atom(k + 1, 0.5 * SCALE_SING[run.word(k)])
    return run.atom(i + 1, 0.5, kind="fraction", precision=0.01)


def _multiplier(run: _Run, w: str) -> _Parsed:
    """"twice", "doubled", "tenfold"; not "double-digit" or "triple-check"."""
    i = run.i
    if w in FOLD_WORDS:
        return _mult(run.atom(i + 1, FOLD_WORDS[w], precision=1.0))
    end = run.toks[i].end
    if w in ("double", "triple", "quadruple") and re.match(r"-[a-z]", run.text[end:end + 2], re.IGNORECASE):
        return None  # a compound, not a claim
    return _mult(run.atom(i + 1, MULTIPLIER_WORDS[w], precision=1.0))


def _ordinal(run: _Run, w: str) -> _Parsed:
    """"third"; "the bottom fifth of" is a fraction."""
    i, start = run.i, run.toks[run.i].start
    if w in DENOMINATORS and _FRACTION_CONTEXT_BEFORE.search(run.text, max(0, start - 20), start) \
            and _OF_AFTER.match(run.text, run.toks[i].end):
        return run.atom(i + 1, 1 / DENOMINATORS[w], kind="fraction", precision=0.01)
    return run.atom(i + 1, float(ORDINALS[w]), kind="ordinal")


def _mult(res: tuple[Atom, int]) -> tuple[Atom, int]:
    res[0].kind = "multiplier"
    res[0].multiplier = True
    return res


def _after_cardinal(toks: list[_Tok], i: int, value: float, j: int, simple: bool,
                    text: str) -> tuple[Atom, int]:
    """Endings of a cardinal: "and a half", a fraction's denominator, "times", "-fold", "percent"."""
    start = toks[i].start
    kind = "words"
    precision: float | None = None
    if _word(toks, j) == "and" and _word(toks, j + 1) == "a" and _word(toks, j + 2) == "half" and value < 100:
        value += 0.5
        j += 3
        if _word(toks, j) in BIG:
            value *= BIG[_word(toks, j)]
            j += 1
    elif simple and value <= 20 and _word(toks, j) in DENOMINATORS and _word(toks, j) != "half" or \
            value == 1 and _word(toks, j) == "half" and simple:
        value = value / DENOMINATORS[_word(toks, j)]
        j += 1
        kind, precision = "fraction", 0.01
    a = Atom(start, toks[j - 1].end, value, value, kind, raw=value,
              precision=value_precision(value) if precision is None else precision)
    if kind == "words":
        a.integer_text = str(int(value)) if value == int(value) and simple else ""
        nxt = _word(toks, j)
        if nxt in ("times", "fold") and value > 1:
            a.kind, a.multiplier = "multiplier", True
            j += 1
        elif nxt == "percent" or (nxt == "per" and _word(toks, j + 1) == "cent"):
            a.kind, a.percent = "percent", True
            j += 1 if nxt == "percent" else 2
        elif nxt in ("percentage", "basis") and _word(toks, j + 1) in ("point", "points"):
            a.kind, a.percent = "percent", nxt == "percentage"
            j += 2
        if a.kind != "words":
            a.integer_text = ""
        a.end = toks[j - 1].end
    return a, j


def word_atoms(m: re.Match, text: str) -> list[Atom]:
    base = m.start("words")
    toks = [_Tok(t.group().lower(), base + t.start(), base + t.end())
            for t in TOKEN.finditer(m.group("words"))]
    out: list[Atom] = []
    i = 0
    while i < len(toks):
        res = _parse_words(toks, i, text)
        if res is None:
            i += 1
            continue
        a, i = res
        out.append(a)
    return out

