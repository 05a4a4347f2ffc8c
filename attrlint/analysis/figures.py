"""Find the figures of a parsed sentence: numbers that state a quantity (policy §1).

``numbers.scan`` finds every written number; this module throws out the ones §1 says are not
figures (dates, years, times, ages, ordinals, identifiers, fixed descriptors, determiners,
elapsed time, idioms …) using the words around them and the parse, and finds the counted noun.
Each test below is a copy editor's rule, stated generally.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from attrlint.analysis.numbers import NumberSpan, scan
from attrlint.lexicon import Lexicon

SMALL_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "both", "a couple",
}
ANAPHORIC_DETERMINERS = {"the", "his", "her", "their", "its", "these", "those", "our", "my", "your",
                         "both", "all", "whose", "each", "other"}
POSSESSIVES = {"his", "her", "their", "its", "our", "my", "your"}
ONE_COUNTS = {"at least", "only", "just", "more than", "fewer than", "less than", "all but", "about",
              "nearly", "almost", "exactly", "over", "under", "as many as", "up to", "roughly", "some"}
CURRENCY_UNITS = {"$": "dollars", "US$": "dollars", "€": "euros", "£": "pounds", "¥": "yen",
                  "USD": "dollars", "EUR": "euros", "GBP": "pounds", "JPY": "yen"}

_DATE_SHAPE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(/\d{2,4})?|\d{1,2}\.\d{1,2}\.\d{2,4})$")
_PHONE = re.compile(r"^\(?\d{3}\)?[-. ]?\d{3}[-. ]\d{4}$|^1-\d{3}-\d{3}-\d{4}$")
_NUMBER_WORDS_CAP = re.compile(
    r"^(One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Zero|Eleven|Twelve|Hundred|Thousand)$")
_PUNCT = ".,;:!?\"'“”‘’()[]―—–"
_TIME_SHAPE = re.compile(r"^\d{1,2}:\d{2}$")
_DECADE_AFTER = re.compile(r"^['’]?s\b")
_WORD = re.compile(r"[\w.'’-]+")


@dataclass(frozen=True)
class Candidate:
    """A number kept as a figure, in block-text offsets, with its counted noun."""

    span: NumberSpan
    unit: str
    token_index: int  # index of the number's head token in the spaCy doc (or -1)


_ABBREVIATIONS = {"jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
                  "no.", "p.", "pp.", "vol.", "fig.", "prop.", "st.", "mr.", "mrs.", "ms.", "dr."}


def _clean(w: str) -> str:
    w = w.lower()
    # keep the dots of abbreviations ("a.m.", "Sept.") but not a sentence-final one
    return w if re.fullmatch(r"([a-z]\.){2,}", w) or w in _ABBREVIATIONS else w.strip(_PUNCT)


def _words_before(text: str, i: int, n: int) -> list[str]:
    return [_clean(w) for w in _WORD.findall(text[max(0, i - 80):i])][-n:]


def _words_after(text: str, i: int, n: int) -> list[str]:
    return [_clean(w) for w in _WORD.findall(text[i:i + 80])][:n]


def _ends_with(words: list[str], phrases: frozenset[str]) -> bool:
    joined = " ".join(words)
    return any(joined == p or joined.endswith(" " + p) for p in phrases)


def _starts_with(words: list[str], phrases: frozenset[str]) -> bool:
    joined = " ".join(words)
    return any(joined == p or joined.startswith(p + " ") for p in phrases)


def _is_year(ns: NumberSpan, after: list[str]) -> bool:
    t = ns.text
    if re.fullmatch(r"'\d\d", t):
        return True
    if not re.fullmatch(r"\d{4}", t) or ns.value.currency or ns.value.percent:
        return False
    # "2000 troops" is a count; "in 2016" and "2017 Ford" are years.
    return 1800 <= int(t) <= 2100 and not (after and after[0] in {"people", "troops", "votes", "jobs"})


_COUNT_LIST_BEFORE = re.compile(
    r"\b(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+[A-Za-z][\w'’-]*"
    r"(?:\s+[A-Z][\w'’-]*)?,?\s+(?:and|or)\s+$", re.IGNORECASE)
_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
_NAMED_LIST_AFTER = re.compile(rf"(?:\s+[\w'’-]+){{1,3}},\s+(?P<names>{_NAME}(?:,\s+{_NAME})*,?\s+and\s+{_NAME})")
_NAMED_STANDARD_BEFORE = re.compile(r"\w['’]s\s+(?:recommended|required|mandated|statutory|agreed)\s+$", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{3,60})[”\"]")
_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by"})


def _in_title(text: str, a: int, b: int) -> bool:
    """Inside a short quotation whose every word is capitalised: a song, book or film title."""
    for m in _QUOTED.finditer(text, max(0, a - 60), min(len(text), b + 60)):
        if m.start(1) <= a and b <= m.end(1):
            words = re.findall(r"[^\W\d_][\w'’-]*", m.group(1))
            return len(words) >= 2 and all(w[0].isupper() or w in _TITLE_SMALL_WORDS for w in words) \
                and words[0][0].isupper()
    return False


def not_a_figure(text: str, ns: NumberSpan, lex: Lexicon) -> str | None:
    """The §1 class that makes this number not a figure, or None when it is one."""
    a, b = ns.start, ns.end
    word = ns.text.lower()
    before1 = _words_before(text, ns.qualifier_start, 3)
    after = _words_after(text, b, 4)
    prev_char = text[a - 1] if a else " "
    next_char = text[b] if b < len(text) else " "
    if ns.kind == "ordinal":
        return "ordinal"
    if _PHONE.match(ns.text) or re.fullmatch(r"\d{9,}", ns.text):
        return "identifier"  # phone numbers, tweet ids, timestamps
    lt, gt = text.rfind("<", 0, a), text.rfind(">", 0, a)
    if lt > gt and text.find(">", b) != -1 and text.find(">", b) < (text.find("<", b) if "<" in text[b:] else 10**9):
        return "identifier"  # inside markup attributes
    if _NUMBER_WORDS_CAP.match(ns.text) and not ns.qualifier:
        # A capitalised number word beside another capitalised word is part of a name.
        prev = text[:a].rstrip()
        if a > 0 and not _sentence_start(text, a) and prev[-1:] not in ".,;:" \
                and re.search(r"[A-Z][\w'’-]*$", prev):
            return "identifier"  # "Ground Zero", "Marine One", "World War Three"
        opener = prev.rstrip("\"”’')")
        if opener and opener[-1] not in ".!?:" and re.match(r"\s+[A-Z][a-z]", text[b:b + 3]):
            return "identifier"  # "…,” Seven Seas Shipping said": a name that opens with a number word
    if _NAMED_STANDARD_BEFORE.search(text[max(0, ns.qualifier_start - 60):ns.qualifier_start]):
        return "fixed descriptor"  # "the alliance's recommended 2 percent": a body's named standard
    if _in_title(text, a, b):
        return "identifier"  # the title of a work: “Harbour Lights (12 Nights)”
    if before1 and before1[-1] in {"past", "last", "next", "previous", "coming", "final"} \
            and ns.kind in {"words", "digits"} and not ns.value.percent and not ns.value.currency:
        return "time reference"  # "the past nine elections", "the next four years"
    months = {m.rstrip(".") for m in lex["months"]}
    if _DATE_SHAPE.match(ns.text) or (before1 and before1[-1].rstrip(".") in months
                                      and (re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", ns.text)
                                           or (ns.kind == "range" and ns.value.high <= 31))):
        return "date"
    if after and after[0].rstrip(".").rstrip(",") in {m.rstrip(".") for m in lex["months"]} \
            and re.fullmatch(r"\d{1,2}", ns.text):
        return "date"
    if _TIME_SHAPE.match(ns.text) or (after and _starts_with(after, lex["time-words"])):
        return "time of day"
    if re.fullmatch(r"\d{4}s|['’]\d0s|\d0['’]?s", ns.text) or (re.fullmatch(r"\d{2,4}", ns.text)
                                                             and _DECADE_AFTER.match(text[b:b + 3])):
        return "decade"
    if ns.kind == "words" and re.match(r"\s+[a-z]+:", text[b:b + 25]):
        return "enumeration"  # "Two questions:", "three ways:" introduce a list
    m = re.match(r"\s+(?:[a-z'’-]+\s+){1,8}?[a-z'’-]+:\s+([^.!?]*)", text[b:b + 400])
    if m and ns.kind == "words" and ns.value.high <= 10 and not ns.qualifier and m.group(1).count(",") >= 1:
        return "enumeration"  # "three ways to end the dispute: by …, by … or by …" lists them
    if _is_year(ns, after):
        return "year"
    # Glued to letters: "G7", "COVID-19", "N-340", "BV-7" are names, not counts.
    ratio = text[max(0, a - 4):a].lower().endswith("-to-")  # "a 2-to-1 vote"
    if prev_char.isalpha() or (prev_char == "-" and a >= 2 and text[a - 2].isalpha() and ns.kind == "digits"
                               and not ratio) \
            or (next_char.isalpha() and ns.kind == "digits"):
        return "identifier"
    rest = text[b:b + 30].lower()
    if re.match(r"-(year|month|week|day)s?-old|\s+(years?|months?)\s+old\b|-?\s+to\s+\d+-year-old", rest) or \
            _ends_with(before1, lex["age-preceders"]):
        return "age"
    if re.match(r"(\s+and\s+\d{1,3})?\s+years?\s+old\b", text[b:b + 30]) or \
            re.search(r"\bages?\s+(of\s+)?\d{1,3}\s*(and|to|-|–)\s*$", text[max(0, a - 30):a]) or \
            (re.search(r"\b(who|he|she)\s+(is|was|turns|turned|will turn)\s+$", text[max(0, a - 20):a], re.I)
             and re.match(r"\s*[.,;)]", text[b:b + 2])):
        return "age"  # "27 and 29 years old", "ages of 17 and 20", "Moreau, who is 47."
    if re.fullmatch(r"\d{1,3}", ns.text) and re.search(r"[A-Z][a-z]+,\s*$", text[max(0, a - 30):a]) \
            and re.match(r"\s*[,)―—–]", text[b:b + 3]) and not ns.qualifier:
        return "age"  # "Scott, 43, said", "Crutcher, 40 ― a father"
    m = re.match(r"-([a-z]+)", rest)
    if m and m.group(1) in lex["descriptor-suffixes"] and not ns.value.currency:
        return "fixed descriptor"
    # "the 18-week waiting standard", "four-year universities": a length that names a kind of
    # thing; "a 45-minute commute" or "an eight-year scheme" states a duration, a figure
    if m and m.group(1).rstrip("s") in lex["time-units"] and not ns.value.currency:
        follow = re.findall(r"[a-z]+", rest[m.end():m.end() + 30])[:2]
        if any(w in lex["duration-descriptor-nouns"] for w in follow):
            return "fixed descriptor"
    if m and ns.kind in {"words", "fraction"} and not ns.qualifier and \
            m.group(1).rstrip("s") not in lex["time-units"] | lex["measure-units"] and \
            m.group(1) not in lex["measure-units"]:
        return "fixed descriptor"  # "a two-front war", "a five-alarm call", "half-frozen"
    if before1 and ns.kind in {"digits", "words"} and not ns.value.percent and not ns.value.currency:
        prev_raw = _WORD.findall(text[max(0, ns.qualifier_start - 40):ns.qualifier_start])[-1:]
        # "Flight 370", "Zone 3": the naming word is capitalised ("cost the region 300 jobs" is a count)
        if _ends_with(before1, lex["identifier-words"]) and re.fullmatch(r"[\d.]+", ns.text) and \
                prev_raw and (prev_raw[0][:1].isupper() or prev_raw[0].lower() in {"no.", "number", "p.", "pp."}):
            return "identifier"
        prev_word = text[:ns.qualifier_start].rstrip()
        pw = re.search(r"([A-Z][\w-]*)$", prev_word)
        if pw and re.fullmatch(r"\d+", ns.text) and not ns.qualifier and prev_word[-1:] not in ".,;:" \
                and not _sentence_start(prev_word, pw.start()):
            return "identifier"  # "Vantor 3", "Interstate 75"
    idiom = _idiom(text, ns, lex)
    if idiom:
        return "idiom"
    duration_claim = bool(ns.qualifier) or (before1 and before1[-1] in {"for", "lasted", "spent"})
    if after and after[0].rstrip("s") in lex["time-units"] and ns.kind in {"digits", "words"} \
            and not ns.value.percent and not duration_claim:
        nxt = " ".join(after[1:3])
        if _starts_with(after[1:], lex["time-reference-after"]) or nxt.startswith(("until", "before")):
            return "time reference"
        if _ends_with(before1, lex["time-reference-before"]):
            return "time reference"
    if word == "one" and _COUNT_LIST_BEFORE.search(text[max(0, a - 60):a]):
        return None  # "four Protestants and one Greek Orthodox": a count in a list of counts
    if word == "one" and (not ns.qualifier and not _ends_with(before1, frozenset(ONE_COUNTS))
                          or (after and after[0] in {"who", "that", "which", "of"})):
        return "pronoun/determiner"
    if ns.kind == "words" and after and (after[0] in {"top", "largest", "biggest", "best", "worst", "most",
                                                      "least", "leading", "main", "major"}
                                         or after[0].endswith("est") and len(after[0]) > 4):
        return "ordinal/rank"  # "the two largest unions", "the five busiest airlines"
    if word in SMALL_WORDS and before1 and before1[-1] in ANAPHORIC_DETERMINERS and not ns.qualifier and (
            before1[-1] not in POSSESSIVES or word in {"one", "two", "both", "a couple"}):
        # "the three presidential debates" points back; "his six bankruptcies" counts something of his
        return "pronoun/determiner"
    if ns.kind == "words" and not ns.qualifier and ns.value.high == ns.value.low and 2 <= ns.value.high <= 5:
        m = _NAMED_LIST_AFTER.match(text, b)
        if m and len(re.split(r",\s+(?:and\s+)?|,?\s+and\s+", m.group("names"))) == ns.value.high:
            return "pronoun/determiner"  # "two crane drivers, Anna Berg and Tomas Lind": the count
            # only introduces the names that follow
    if ns.kind == "words" and word in {"both", "a couple"} and after and after[0] == "of" and \
            len(after) > 1 and after[1] in ANAPHORIC_DETERMINERS | {"them", "us", "those"}:
        return "pronoun/determiner"  # "both of the lawmakers"; "two of the officers" is a count
    return None


def _sentence_start(text: str, i: int) -> bool:
    head = text[:i].rstrip()
    return not head or head[-1] in ".!?\"“”:" or head.endswith("\n")


def _idiom(text: str, ns: NumberSpan, lex: Lexicon) -> bool:
    lo = text.lower()
    for phrase in lex["idioms"]:
        k = lo.find(phrase, max(0, ns.qualifier_start - len(phrase)), ns.end + len(phrase))
        if k != -1 and k <= ns.start and k + len(phrase) >= ns.end:
            return True
    return False


def counted_noun(doc, start: int, end: int, ns: NumberSpan) -> tuple[str, int]:
    """The counted thing for the number at [start, end) of ``doc``, and its head token index."""
    if ns.value.percent:
        return "%", -1
    toks = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    if not toks:
        return "", -1
    num = toks[-1]
    head = num
    # "3,000 troops": nummod; "1.5 million" chains through compound/quantmod.
    for _ in range(4):
        if head.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod"} and head.head.i != head.i \
                and head.head.i > head.i and head.head.pos_ in {"NOUN", "PROPN", "NUM", "SYM"}:
            head = head.head
            if head.pos_ in {"NOUN", "PROPN"}:
                break
        else:
            break
    if head is num or head.pos_ not in {"NOUN", "PROPN"}:
        # "3,000 of its members", "1,840 of them"
        for child in num.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs and objs[0].pos_ in {"NOUN", "PROPN"}:
                    head = objs[0]
        if head is num and ns.value.currency:
            return CURRENCY_UNITS.get(ns.value.currency, "money"), num.i
        if head is num:
            return "", num.i
    words = [c.lemma_.lower() if c.i == head.i else c.lower_ for c in head.lefts
             if c.dep_ in {"compound", "amod"} and c.i > num.i] + [head.lemma_.lower()]
    if ns.value.currency and head.lower_ in {"million", "billion", "trillion"}:
        return CURRENCY_UNITS.get(ns.value.currency, "money"), num.i
    return " ".join(words), head.i


def find_candidates(doc, lex: Lexicon) -> Iterator[tuple[NumberSpan, str | None]]:
    """Every written number of the block with the reason it is not a figure (None = a figure)."""
    text = doc.text
    for ns in scan(text):
        yield ns, not_a_figure(text, ns, lex)
