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
  A sign written against a number belongs to it ("+12%"; "-3%" is −3); a hyphen after a word or
  a number is a joiner, not a sign ("COVID-19", "3,000-4,000").

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
from decimal import ROUND_HALF_UP, Decimal

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
# Word tables

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
_PLURAL_INTERVAL = {w: (24, 99) if w == "dozens" else (2 * u, 10 * u - 1)
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
_VAGUE_PREFIX = {"several": (3, 9), "few": (2, 5), "couple": (2, 3)}
_COMPOUND_MAGNITUDE = {"tens": (20, 99), "dozens": (24, 99), "hundreds": (200, 999)}

QUALIFIERS = {
    # approximations
    "about": None, "some": None, "roughly": None, "nearly": None, "almost": None, "around": None,
    "approximately": None, "approx.": None, "an estimated": None, "estimated": None,
    "close to": None, "circa": None, "just about": None, "an approximate": None,
    # lower bounds
    "more than": "min", "over": "min", "at least": "min", "upwards of": "min", "in excess of": "min",
    "above": "min", "greater than": "min", "no fewer than": "min", "no less than": "min",
    "not less than": "min", "well over": "min", "just over": "min", "well above": "min",
    "north of": "min", "a minimum of": "min",
    # upper bounds
    "up to": "max", "fewer than": "max", "less than": "max", "under": "max", "as many as": "max",
    "as much as": "max", "as high as": "max", "as long as": "max", "no more than": "max", "not more than": "max",
    "at most": "max", "below": "max", "just under": "max", "a maximum of": "max",
    "just shy of": "max",
    # ranges
    "between": None,
}
_APPROX = {q for q, b in QUALIFIERS.items() if b is None and q != "between"}

CURRENCY_PREFIXES = {"US$": "USD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD",
                     "R$": "BRL", "NT$": "TWD", "Rs": "INR", "Rs.": "INR"}
ISO_CURRENCIES = ("USD EUR GBP JPY CNY RMB CHF CAD AUD NZD HKD SGD KRW INR RUB BRL MXN ZAR SEK NOK DKK "
                  "PLN TRY UAH TWD SAR AED ILS").split()
_SUFFIX_SCALE = {"bn": 10**9, "b": 10**9, "mn": 10**6, "mln": 10**6, "m": 10**6, "tn": 10**12,
                 "trn": 10**12, "k": 10**3}
_VULGAR = {"½": (1, 2), "¼": (1, 4), "¾": (3, 4), "⅓": (1, 3), "⅔": (2, 3), "⅛": (1, 8)}
# Glued endings that are units: the number is returned, the unit stays outside the span.
_GLUED_UNITS = ("km kg kgs kph mph ft mm cm mi lb lbs oz am pm gw mw kw kwh mwh gwh twh hr hrs h "
                "min mins sec secs ms m c f gb mb tb ghz mhz mg ml ha yr yrs yo").split()


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
    rf"(?<![\w.,])(?P<sign>[-+−](?=[0-9.$€£¥]))?(?P<cur>{_CURRENCY})?(?P<num>{_NUMERAL})(?P<vf>[½¼¾⅓⅔⅛])?"
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
_TOKEN = re.compile(r"[a-z]+", re.IGNORECASE)
_QUALIFIER = re.compile(
    r"(?<![\w-])(?P<q>" + _trie(sorted(QUALIFIERS)).replace(r"\ ", r"\s+") + r")\s+\Z", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"(?<![\w])from\s+\Z", re.IGNORECASE)
# What may stand between an amount and "over" when "over" names its period: "$374 billion over",
# "1,500 troops over", "$5 billion in new spending over".
_OVER_PERIOD_GAP = re.compile(r"\s+(?:[a-z]+\s+){0,3}", re.IGNORECASE)
_PERIOD_AFTER = re.compile(r"\s+(?:years?|months?|weeks?|days?|decades?|quarters?|hours?)\b", re.IGNORECASE)
_TRAILING = re.compile(
    r"(?:\s+or\s+(?P<min>more|above|over|higher|greater|upwards)|\s+or\s+(?P<max>less|fewer|under|below|lower)"
    r"|\s+or\s+(?P<approx>so)|(?P<plus>\+|-plus))(?![\w])", re.IGNORECASE)
_TRAILING_FIRST = frozenset(" \t\n\xa0+-")
_HYPHEN_GAP = re.compile(r"[-‐‑–—]|\s*–\s*")
_TO_GAP = re.compile(r"\s+to\s+|-to-", re.IGNORECASE)
_AND_GAP = re.compile(r"\s+and\s+", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(
    r"(?<![\w])(?:by|rose|fell|grew|climbed|jumped|dropped|declined|slipped|gained|lost|increased|decreased"
    r"|up|down)\s+\Z", re.IGNORECASE)
_RATIO_GAP = re.compile(r"(?:\s+|-)(?P<w>in|out\s+of|of\s+every|in\s+every|out\s+of\s+every|of)(?:\s+|-)",
                        re.IGNORECASE)
_FRACTION_CONTEXT_BEFORE = re.compile(
    r"(?<![\w])(?:bottom|top|middle|lowest|highest|poorest|richest|wealthiest|another|each|every)\s+\Z",
    re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)
# After "a third", these words keep it a share ("cut by a third in 2020"); a noun makes it an
# ordinal ("a third term").
_SHARE_AFTER = re.compile(
    r"\s*(?:[^\w\s-]|\Z)|\s+(?:of|less|more|fewer|lower|higher|smaller|larger|bigger|up|down|since|from|in"
    r"|over|to|than|and|or|as|on|at|by|for|last|this|that|each|every|a|an|the)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Atoms: numbers before ranges and ratios are joined


@dataclass(slots=True)
class _Atom:
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


def _precision_exponent(numeral: str) -> int:
    """Power of ten of a numeral's rounding unit as written: "1,500" → 2, "7.5" → -1, "0" → 0."""
    s = numeral.replace(",", "")
    if "." in s:
        return -len(s) + s.index(".") + 1
    digits = s.lstrip("0")
    return len(digits) - len(digits.rstrip("0"))


def _pow10(k: int) -> float:
    return float(f"1e{k}")  # exact decimal, so 0.1 stays the float nearest 0.1


def _value_precision(v: float) -> float:
    """Rounding unit of a value written in words: 3,000 → 1,000; 21 → 1; 2.5 million → 100,000."""
    if v == int(v):
        return _pow10(_precision_exponent(str(int(v))))
    return _pow10(_precision_exponent(format(Decimal(repr(v)).normalize(), "f")))


def _figure_atom(m: re.Match) -> _Atom:
    sign, cur, numeral, vf, ordinal, dec, gs, ws, pct, mult = m.group(
        "sign", "cur", "num", "vf", "ord", "dec", "gs", "ws", "pct", "mult")
    currency = None
    if cur:
        c = cur.strip()
        currency = CURRENCY_PREFIXES.get(c, c)
    is_int = "." not in numeral and not vf
    atom = _Atom(m.start("fig"), m.end("fig"), 0.0, 0.0, "digits", currency=currency,
                 integer_text=numeral if is_int and not cur else "")
    if vf or gs or ws:
        value = Decimal(numeral.replace(",", ""))
        prec = Decimal(1).scaleb(_precision_exponent(numeral))
        if vf:
            a, b = _VULGAR[vf]
            value += Decimal(a) / Decimal(b)
            prec = Decimal(1) / Decimal(b)
        scale = Decimal(_SUFFIX_SCALE[gs.strip().lower()]) if gs else Decimal(1)
        if ws:
            for w in _TOKEN.findall(ws):
                scale *= SCALE_SING[w.lower()]
        atom.raw, atom.scale = float(value), float(scale)
        atom.low = atom.high = float(value * scale)
        atom.precision = float(prec * scale)
        if scale != 1:
            atom.integer_text = ""
    else:
        atom.raw = atom.low = atom.high = float(numeral.replace(",", ""))
        atom.precision = _pow10(_precision_exponent(numeral))
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


def _shape_atom(kind: str, m: re.Match) -> _Atom:
    s = m.group(kind)
    start, end = m.start(kind), m.end(kind)
    if kind == "apdec":
        lo = float(s[1:3])
        return _Atom(start, end, lo, lo + 9, "digits", precision=10.0, shape=True)
    parts = re.split(r"[:/]", s)
    first = float(parts[0])
    if kind == "slash" and len(parts) == 2:
        a, b = int(parts[0]), int(parts[1])
        if 0 < a < b <= 10:  # "3/4" is a share; "9/11" and "6/4" are dates
            v = a / b
            return _Atom(start, end, v, v, "fraction", precision=0.01)
    return _Atom(start, end, first, first, "digits", shape=True)


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


def _parse_words(toks: list[_Tok], i: int, text: str) -> tuple[_Atom, int] | None:
    """One number starting at ``toks[i]`` and the index after it, or None if none starts there."""
    w = toks[i].w
    start = toks[i].start

    def atom(j: int, low: float, high: float | None = None, kind: str = "words",
             precision: float | None = None, approx: bool = False) -> tuple[_Atom, int]:
        hi = low if high is None else high
        p = _value_precision(low) if precision is None else precision
        return _Atom(start, toks[j - 1].end, low, hi, kind, precision=p, raw=low, approx=approx), j

    def vague(j: int, lo: float, hi: float, unit: float) -> tuple[_Atom, int]:
        return atom(j, lo, hi, "vague-magnitude", unit, approx=True)

    if w in ("a", "an", "several"):
        k = i + 1
        if w == "several" or _word(toks, k) in ("few", "couple"):
            lo, hi = _VAGUE_PREFIX[w if w == "several" else _word(toks, k)]
            k += 0 if w == "several" else 1
            if _word(toks, k) == "of" and w != "several":
                k += 1
            unit = SCALE_SING.get(_word(toks, k))
            if unit is None:
                return None
            return vague(k + 1, lo * unit, hi * unit, unit)
        nxt = _word(toks, k)
        if nxt in SCALE_SING:
            parsed = _cardinal(toks, k)
            if parsed is None:
                return None
            return _after_cardinal(toks, i, parsed[0], parsed[1], False, text)
        if nxt in DENOMINATORS and not nxt.endswith("s"):
            frac = 1 / DENOMINATORS[nxt]
            k += 1
            if _word(toks, k) == "of" and _word(toks, k + 1) == "a" and _word(toks, k + 2) in BIG:
                return atom(k + 3, frac * BIG[_word(toks, k + 2)])
            if _word(toks, k) in BIG:
                return atom(k + 1, frac * BIG[_word(toks, k)])
            if nxt not in ("half", "quarter") and not _SHARE_AFTER.match(text, toks[k - 1].end):
                return atom(k, float(ORDINALS[nxt]), kind="ordinal")  # "a third term"
            return atom(k, frac, kind="fraction", precision=0.01)
        return None
    if w in _COMPOUND_MAGNITUDE and _word(toks, i + 1) == "of" and _word(toks, i + 2) in PLURAL_MAGNITUDES \
            and PLURAL_MAGNITUDES[_word(toks, i + 2)] >= 1000:
        lo, hi = _COMPOUND_MAGNITUDE[w]
        unit = PLURAL_MAGNITUDES[_word(toks, i + 2)]
        step = {"tens": 10, "dozens": 12, "hundreds": 100}[w]
        return vague(i + 3, lo * unit, (hi + 1) * unit - 1, step * unit)
    if w in PLURAL_MAGNITUDES:
        lo, hi = _PLURAL_INTERVAL[w]
        return vague(i + 1, lo, hi, PLURAL_MAGNITUDES[w])
    if w == "scores":
        return vague(i + 1, 40, 199, 20)
    if w == "half":
        k = i + 1
        if _word(toks, k) == "a" and _word(toks, k + 1) in SCALE_SING:
            k += 1
        if _word(toks, k) in SCALE_SING and (k > i + 1 or toks[k].start - toks[i].end == 1):
            return atom(k + 1, 0.5 * SCALE_SING[_word(toks, k)])
        return atom(i + 1, 0.5, kind="fraction", precision=0.01)
    if w in MULTIPLIER_WORDS:
        if w in ("double", "triple", "quadruple") and re.match(r"-[a-z]", text[toks[i].end:toks[i].end + 2],
                                                                 re.IGNORECASE):
            return None  # "double-digit", "triple-check": a compound, not a claim
        return _mult(atom(i + 1, MULTIPLIER_WORDS[w], precision=1.0))
    if w in FOLD_WORDS:
        return _mult(atom(i + 1, FOLD_WORDS[w], precision=1.0))
    if w in ORDINALS:
        if w in DENOMINATORS and _FRACTION_CONTEXT_BEFORE.search(text, max(0, start - 20), start) \
                and _OF_AFTER.match(text, toks[i].end):
            return atom(i + 1, 1 / DENOMINATORS[w], kind="fraction", precision=0.01)  # "the bottom fifth of"
        return atom(i + 1, float(ORDINALS[w]), kind="ordinal")
    if w in UNITS or w in TENS or w in SCALE_SING:
        # "twenty-first" is an ordinal made of a ten and an ordinal unit
        if w in TENS and _word(toks, i + 1) in ORDINALS and ORDINALS[_word(toks, i + 1)] < 10:
            return atom(i + 2, float(TENS[w] + ORDINALS[_word(toks, i + 1)]), kind="ordinal")
        parsed = _cardinal(toks, i)
        if parsed is None:
            return None
        return _after_cardinal(toks, i, parsed[0], parsed[1], parsed[2], text)
    return None


def _mult(res: tuple[_Atom, int]) -> tuple[_Atom, int]:
    res[0].kind = "multiplier"
    res[0].multiplier = True
    return res


def _after_cardinal(toks: list[_Tok], i: int, value: float, j: int, simple: bool,
                    text: str) -> tuple[_Atom, int]:
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
    a = _Atom(start, toks[j - 1].end, value, value, kind, raw=value,
              precision=_value_precision(value) if precision is None else precision)
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


def _word_atoms(m: re.Match, text: str) -> list[_Atom]:
    base = m.start("words")
    toks = [_Tok(t.group().lower(), base + t.start(), base + t.end())
            for t in _TOKEN.finditer(m.group("words"))]
    out: list[_Atom] = []
    i = 0
    while i < len(toks):
        res = _parse_words(toks, i, text)
        if res is None:
            i += 1
            continue
        a, i = res
        out.append(a)
    return out


# ---------------------------------------------------------------------------------------------
# Joining ranges, ratios and chains


def _joinable(a: _Atom) -> bool:
    return not a.shape and a.kind in ("digits", "words", "percent", "money", "multiplier")


def _propagate(a: _Atom, b: _Atom) -> None:
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


def _range(a: _Atom, b: _Atom) -> _Atom:
    return _Atom(a.start, b.end, min(a.low, b.low), max(a.high, b.high), "range",
                 precision=min(a.precision, b.precision), percent=a.percent or b.percent,
                 currency=a.currency or b.currency, multiplier=a.multiplier or b.multiplier,
                 approx=a.approx or b.approx, qualifier=a.qualifier, qualifier_start=a.qualifier_start,
                 bound=a.bound)


def _year_like(a: _Atom) -> bool:
    t = a.integer_text
    return len(t) == 4 and 1000 <= int(t) <= 2100


def _join(atoms: list[_Atom], text: str) -> list[_Atom]:
    """Join neighbouring atoms that are one written figure: chains, ratios and ranges."""
    out: list[_Atom] = []
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


def _join_chain(atoms: list[_Atom], i: int, text: str) -> tuple[_Atom, int] | None:
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
    return _Atom(a.start, chain[-1].end, a.low, a.low, "digits", shape=True, qualifier=a.qualifier,
                 qualifier_start=a.qualifier_start), k


def _join_pair(a: _Atom, b: _Atom, text: str) -> _Atom | None:
    """A ratio ("one in five", "eight out of 10") or a worded range ("40 to 60", "between 40 and 60")."""
    gap = text[a.end:b.start]
    rm = _RATIO_GAP.fullmatch(gap)
    if rm and a.plain and b.plain and a.low >= 1 and not _year_like(b):
        word = re.sub(r"\s+", " ", rm.group("w").lower())
        ok = a.low <= b.low if word.startswith("out of") else a.low < b.low
        if ok and not (word == "of" and a.low < 2):  # "one of 50 states" is a pronoun, not a share
            v = a.low / b.low
            return _Atom(a.start, b.end, v, v, "fraction", precision=0.01, qualifier=a.qualifier,
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


def _range_ends_agree(a: _Atom, b: _Atom) -> bool:
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


def _set_qualifier(a: _Atom, text: str, prev_end: int) -> None:
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


def _span(a: _Atom, text: str) -> NumberSpan:
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
    atoms: list[_Atom] = []
    for m in _SCAN.finditer(text):
        kind = m.lastgroup  # the outermost named group, which closes last
        if kind == "fig":
            atoms.append(_figure_atom(m))
        elif kind == "words":
            atoms.extend(_word_atoms(m, text))
        elif kind == "uvf":
            n, d = _VULGAR[m.group("uvf")]
            atoms.append(_Atom(m.start(), m.end(), n / d, n / d, "fraction", precision=0.01))
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
    n = (abs(v) / p).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float((n * p).copy_sign(v) if n else Decimal(0))
