"""Find the figures of a parsed sentence: numbers that state a quantity (policy §1).

``numbers.scan`` finds every written number; this module throws out the ones §1 says are not
figures (dates, years, times, ages, ordinals, identifiers, fixed descriptors, determiners,
elapsed time, idioms …) using the words around them (``sites``); ``counted`` finds the counted
noun.
Each test below is a copy editor's rule, stated generally.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from attrlint.analysis.numbers import NumberSpan
from attrlint.analysis.rubric import in_rubric
from attrlint.analysis.sites import WORD, NumberSite, ends_with, starts_with
from attrlint.lexicon import Lexicon, alternation

_DATE_SHAPE = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(/\d{2,4})?|\d{1,2}\.\d{1,2}\.\d{2,4})$")
_PHONE = re.compile(r"^\(?\d{3}\)?[-. ]?\d{3}[-. ]\d{4}$|^1-\d{3}-\d{3}-\d{4}$")
_NUMBER_WORDS_CAP = re.compile(
    r"^(One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Zero|Eleven|Twelve|Hundred|Thousand)$")
_TIME_SHAPE = re.compile(r"^\d{1,2}:\d{2}$")
# a clock time run into the next word by a pasted page ("10:57PMJeb Bush …")
_GLUED_TIME = re.compile(r":[0-5]\d(?:[AaPp]\.?[Mm]\b|[AaPp][Mm](?=[A-Z]))")
_DECADE_AFTER = re.compile(r"^['’]?s\b")


def _is_year(ns: NumberSpan, after: list[str], lex: Lexicon) -> bool:
    t = ns.text
    if re.fullmatch(r"'\d\d", t):
        return True
    if not re.fullmatch(r"\d{4}", t) or ns.value.currency or ns.value.percent:
        return False
    # "2000 troops" is a count; "in 2016" and "2017 Ford" are years.
    return 1800 <= int(t) <= 2100 and not (after and after[0] in lex["year-shaped-count-nouns"])


def _patterns(lex: Lexicon) -> dict[str, re.Pattern[str]]:
    """The regexes of the tests below that hold list words, built once per lexicon."""
    def alt(name: str) -> str:
        return alternation(lex[name], " ")

    return dict(
        year_range=re.compile(rf"(\d{{4}})\s*(?:-|–|{alt('year-range-joiners')})\s*(\d{{4}})|(\d{{4}})[-–](\d\d?)"),
        named_standard=re.compile(rf"\w['’]s\s+(?:{alt('standard-adjectives')})\s+$", re.IGNORECASE),
        # "a 47-year-old", and as it is also typed: "47-year old", "47 year-old"
        hyphen_age=re.compile(rf"(?:-\s*|\s+)(?:{alt('hyphen-age-units')})s?(?:\s*-|\s+)olds?\b"
                              rf"|\s+(?:{alt('age-units')})s?\s+old\b"
                              r"|-?\s+to\s+\d+-year-old"),
        spoken_age=re.compile(rf"(\s+and\s+\d{{1,3}})?\s+(?:{alt('age-units')})s?\s+old\b"),
        age_statement=re.compile(rf"\b(?:{alt('age-subjects')})\s+(?:{alt('age-verbs')})\s+$", re.I),
        threshold=re.compile(rf"\s+(?:(?:{alt('threshold-count-nouns')})\s+)?(?:{alt('threshold-participles')})"
                             rf"\s+to\s+(?:{alt('threshold-verbs')})\b"),
        hyphen_threshold=re.compile(rf"-(?:{alt('threshold-units')})\s+(?:{alt('threshold-nouns')})\b"),
        record_window=re.compile(rf"\b(?:{alt('record-window-words')})\b", re.IGNORECASE),
        # a future verb before "in" ("begin in three weeks"), or an event it dates ("the primary
        # in New York in two weeks")
        time_ahead=re.compile(rf"\b(?:{alt('future-markers')})\b|\b(?:{alt('event-nouns')}|{alt('dated-events')})"
                              r"(?:\s+(?:in|at)\s+[A-Z][\w.’']*(?:\s+[A-Z][\w.’']*)*)?\s+in\s*$", re.IGNORECASE),
    )


def _is_year_range(ns: NumberSpan, after: list[str], lex: Lexicon) -> bool:
    """ "between 1998 and 2000", "from 2000-2012": a period, two years apart in order; "the
    2014-15 season", "the 2008-9 crisis": a season or a span of years written short."""
    m = lex.derive(_patterns)["year_range"].fullmatch(ns.text) if ns.kind in {"range", "digits"} else None
    if m is None or ns.kind == "digits" and not m.group(3):
        return False
    if m.group(3):
        # the later year written with its last one or two digits ("2008-9", "2007-09")
        first, digits = int(m.group(3)), m.group(4)
        unit = 10 ** len(digits)
        last = first - first % unit + int(digits)
        last += unit if last <= first else 0  # "1999-00"
        return 1800 <= first <= 2100 and first < last <= first + 9
    first, last = int(m.group(1)), int(m.group(2))
    return 1800 <= first < last <= 2100 and not (after and after[0] in lex["year-shaped-count-nouns"])


_COUNT_LIST_BEFORE = re.compile(
    r"\b(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+[A-Za-z][\w'’-]*"
    r"(?:\s+[A-Z][\w'’-]*)?,?\s+(?:and|or)\s+$", re.IGNORECASE)
# a name may carry a title or role before it and a party or state after it ("former New York
# governor George Pataki", "Sen. Lindsey Graham (S.C.)"): up to eight words ending in a capital.
# No word may start a clause ("…, while House leader Nancy Pelosi …"), and the list must close
# with punctuation: in "In two debates, Trump and Cruz clashed" the names begin the main clause.
# Words cannot hold a comma or be "and", so each item is read one way only (no backtracking
# over how to split a long list).
_ROLE_WORD = r"(?!(?:and|or|while|when|whereas|after|before|because|as|if|but|who|whom|which|that|each)\b)[\w'’.-]+"
_NAMED = rf"(?:{_ROLE_WORD}\s+){{0,7}}[A-Z][\w'’.-]*(?:\s+\([^()\n]{{1,12}}\))?"
_NAMED_LIST_AFTER = re.compile(
    rf"(?!\s+of\b)(?:\s+[\w'’-]+){{1,6}},\s+(?P<names>{_NAMED}(?:,\s+{_NAMED})*,?\s+and\s+{_NAMED})(?=[,.;:)]|$)")
# a list just before a count that renames it: "Tampa and Orlando, two other cities", "women and
# young voters - two groups that …"
_ITEM = r"[\w'’.-]+(?:\s+[\w'’.-]+){0,3}"
# one pattern per count, so that any match holds exactly that many items
_LISTS_BEFORE = {n: re.compile(rf"(?<![\w'’.-])(?:{_ITEM},\s+){{{n - 2}}}{_ITEM},?\s+and\s+{_ITEM}"
                               rf"(?:,|\s*[—–―]|\s+-)\s+$") for n in range(2, 6)}
# also two apostrophes for a double quote (''Yuge!: 30 Years of Doonesbury'')
_QUOTED = re.compile(r"(?:[“\"]|'')((?:(?!'')[^“”\"\n]){3,60})(?:[”\"]|'')")


def _in_title(text: str, a: int, b: int, lex: Lexicon) -> bool:
    """Inside a short quotation whose every word is capitalised: a song, book or film title."""
    for m in _QUOTED.finditer(text, max(0, a - 60), min(len(text), b + 60)):
        if m.start(1) <= a and b <= m.end(1):
            words = re.findall(r"[^\W\d_][\w'’-]*", m.group(1))
            return len(words) >= 2 and all(w[0].isupper() or w in lex["title-small-words"] for w in words) \
                and words[0][0].isupper()
    return False


def ordinal(s: NumberSite) -> bool:
    """ "the third vote", "the 21st century": an ordinal ranks, it does not count."""
    return s.ns.kind == "ordinal"


def phone_or_long_number(s: NumberSite) -> bool:
    """ "555-123-4567", a tweet id or a timestamp of nine digits or more."""
    return bool(_PHONE.match(s.ns.text) or re.fullmatch(r"\d{9,}", s.ns.text))


def inside_markup(s: NumberSite) -> bool:
    """ "<img width=640>": a number inside a tag's attributes."""
    text, a, b = s.text, s.a, s.b
    lt, gt = text.rfind("<", 0, a), text.rfind(">", 0, a)
    return lt > gt and text.find(">", b) != -1 and \
        text.find(">", b) < (text.find("<", b) if "<" in text[b:] else 10**9)


def style_declaration(s: NumberSite) -> bool:
    """ "width:100%;", "margin: 20px;": a value in style-sheet code left in the text."""
    return bool(re.search(r"[a-z]-?[a-z]*:\s*$", s.text[max(0, s.a - 20):s.a])
                and re.match(r"(%|px|em|pt)?\s*[;}]", s.text[s.b:s.b + 6]))


def number_word_in_name(s: NumberSite) -> bool:
    """ "Ground Zero", "Marine One", "World War Three"; "…,” Seven Seas Shipping said": a
    capitalised number word beside another capitalised word is part of a name."""
    text, a, b = s.text, s.a, s.b
    if not _NUMBER_WORDS_CAP.match(s.ns.text) or s.ns.qualifier:
        return False
    prev = text[:a].rstrip()
    if a > 0 and not _sentence_start(text, a) and prev[-1:] not in ".,;:" \
            and re.search(r"[A-Z][\w'’-]*$", prev):
        return True
    opener = prev.rstrip("\"”’')")
    return bool(opener and opener[-1] not in ".!?:" and re.match(r"\s+[A-Z][a-z]", text[b:b + 3]))


def named_standard(s: NumberSite) -> bool:
    """ "the alliance's recommended 2 percent": a body's named standard."""
    q = s.ns.qualifier_start
    return bool(s.lex.derive(_patterns)["named_standard"].search(s.text[max(0, q - 60):q]))


def title_of_work(s: NumberSite) -> bool:
    """ “Harbour Lights (12 Nights)”: inside a short quotation whose every word is capitalised."""
    return _in_title(s.text, s.a, s.b, s.lex)


def relative_time(s: NumberSite) -> bool:
    """ "the past nine elections", "the next four years"."""
    return bool(s.before1 and s.before1[-1] in s.lex["relative-time-words"] and s.plain_count)


def _months(lex: Lexicon) -> set[str]:
    return {m.rstrip(".") for m in lex["months"]}


def date_shape(s: NumberSite) -> bool:
    """ "2024-03-05", "3/5/24", "March 5", "May 3-4"."""
    ns = s.ns
    return bool(_DATE_SHAPE.match(ns.text) or (s.before1 and s.before1[-1].rstrip(".") in _months(s.lex)
                                               and (re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", ns.text)
                                                    or (ns.kind == "range" and ns.value.high <= 31))))


def day_before_month(s: NumberSite) -> bool:
    """ "5 March": a day of the month written before it."""
    return bool(s.after and s.after[0].rstrip(".").rstrip(",") in _months(s.lex)
                and re.fullmatch(r"\d{1,2}", s.ns.text))


def time_of_day(s: NumberSite) -> bool:
    """ "at 9:30", "at 10 a.m.", "six o'clock", "10:57PM"."""
    return bool(_TIME_SHAPE.match(s.ns.text) or (s.after and starts_with(s.after, s.lex["time-words"]))
                or _GLUED_TIME.match(s.text, s.b))


def decade(s: NumberSite) -> bool:
    """ "the 1990s", "the '80s", "in the 1970's"."""
    t = s.ns.text
    return bool(re.fullmatch(r"\d{4}s|['’]\d0s|\d0['’]?s", t) or (re.fullmatch(r"\d{2,4}", t)
                                                              and _DECADE_AFTER.match(s.text[s.b:s.b + 3])))


def introduces_list(s: NumberSite) -> bool:
    """ "Two questions:", "three ways:" introduce a list; "has five children: …" and "won in
    three states: …" count things in the world, and stay figures."""
    m = re.match(r"\s+([a-z]+):", s.text[s.b:s.b + 25])
    return s.ns.kind == "words" and bool(m) and (s.ns.value.high < 2 or m.group(1) in s.lex["discourse-nouns"])


def counts_the_list_after(s: NumberSite) -> bool:
    """ "three ways to end the dispute: by …, by … or by …": the number counts the list that follows."""
    ns = s.ns
    m = re.match(r"\s+(?:[a-z'’-]+\s+){1,8}?[a-z'’-]+:\s+([^.!?]*)", s.text[s.b:s.b + 400])
    return bool(m and ns.kind == "words" and ns.value.high <= 10 and not ns.qualifier and m.group(1).count(",") >= 1)


def numbers_a_rubric(s: NumberSite) -> bool:
    """ "UPDATE 2 - The ministry said …": the number of a rubric in front of a sentence."""
    return in_rubric(s.text, s.a, s.lex)


def year(s: NumberSite) -> bool:
    """ "in 2016", "the 2017 Ford", "'98", "between 1998 and 2000"; "2000 troops" is a count."""
    return _is_year(s.ns, s.after, s.lex) or _is_year_range(s.ns, s.after, s.lex)


def list_number(s: NumberSite) -> bool:
    """A number that opens a paragraph as its list number ("3. Senators hold the key."), stands
    alone as one ("9") or stands above its entry's title ("7 Moreau On Why The Port Matters"):
    list numbering, not a count."""
    # a list runs 1, 2, 3 …: "30,000." or "7.7" alone on a line is a figure set off for effect
    if s.in_table or s.text[:s.a].strip() or s.ns.kind != "digits" or not s.ns.text.isdigit() \
            or int(s.ns.text) > 50:
        return False
    rest = s.text[s.b:]
    return not rest.strip(" .)\n") or bool(re.match(r"[.)]\s+[A-Z“\"]", rest) or _RANKED_NAME.match(rest)) \
        or _titled_entry(rest)


# a ranked list's entry: the rank and a name, and nothing else in the paragraph ("10 Ada Moreau.")
_RANKED_NAME = re.compile(r"[ \t]+[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}\.?\s*$")
_TITLE_SMALL_WORDS = frozenset("a an the of in on to for and or at by with from as vs".split())


def _titled_entry(rest: str) -> bool:
    """The rest of the paragraph is an entry's title in title case ("7 Moreau On Why The Port
    Matters"): a listicle's number above its heading, which plain text joins into one paragraph."""
    words = [w.strip("“”\"‘’'()") for w in rest.split()]
    return 2 <= len(words) <= 20 and words[-1][:1].isupper() and all(
        w[:1].isupper() or w[:1].isdigit() or w in _TITLE_SMALL_WORDS for w in words if w)


def glued_to_letters(s: NumberSite) -> bool:
    """ "G7", "COVID-19", "N-340", "BV-7", "401(k)", "501(c)(3)" are names, not counts ("a 2-to-1
    vote" is a count)."""
    text, a = s.text, s.a
    ratio = text[max(0, a - 4):a].lower().endswith("-to-")
    return s.prev_char.isalpha() or (s.prev_char == "-" and a >= 2 and text[a - 2].isalpha()
                                     and s.ns.kind == "digits" and not ratio) \
        or (s.next_char.isalpha() and s.ns.kind == "digits") \
        or (s.ns.kind == "digits" and bool(re.match(r"\([a-z]\)", text[s.b:s.b + 3])))


def age_compound(s: NumberSite) -> bool:
    """ "a 47-year-old docker", "six months old", "aged 40"."""
    return bool(s.lex.derive(_patterns)["hyphen_age"].match(s.rest) or ends_with(s.before1, s.lex["age-preceders"]))


def age_phrase(s: NumberSite) -> bool:
    """ "27 and 29 years old", "ages of 17 and 20", "Moreau, who is 47."."""
    text, a, b = s.text, s.a, s.b
    patterns = s.lex.derive(_patterns)
    return bool(patterns["spoken_age"].match(text[b:b + 30])
                or re.search(r"\bages?\s+(of\s+)?\d{1,3}\s*(and|to|-|–)\s*$", text[max(0, a - 30):a])
                or (patterns["age_statement"].search(text[max(0, a - 20):a]) and re.match(r"\s*[.,;)]", text[b:b + 2])))


def age_bracket(s: NumberSite) -> bool:
    """ "voters under 30", "those over 65", "adoptees younger than 18", "those 45 and over": the
    age bracket of a group of people, as polls slice their answers."""
    if not (re.fullmatch(r"\d{2}", s.ns.text) and s.plain_count):
        return False
    lex, before, after = s.lex, s.before1, s.after
    if after and after[0].rstrip("s") in lex["time-units"]:
        return False  # "under 30 days" is a duration
    if s.ns.qualifier:  # the scanner reads "under 29" as a qualified figure
        return s.ns.qualifier.lower() in lex["age-bracket-words"] and bool(before) \
            and before[-1] in lex["age-bracket-groups"]
    if len(before) >= 2 and before[-1] == "than" and before[-2] in lex["age-comparatives"]:
        return True
    return bool(before and before[-1] in lex["age-bracket-groups"] and len(after) >= 2
                and after[0] in {"and", "or"} and after[1] in lex["age-bracket-words"])


# after a name and a comma, "then" before the age; two ages joined as two names are
_AGE_BEFORE = re.compile(r"[A-Z][a-z]+,\s*(?:then\s+)?(?:\d{1,3}\s+and\s+)?$")
_AGE_AFTER = re.compile(r"(?:\s+and\s+\d{1,3})?\s*[,)―—–]")


def age_after_name(s: NumberSite) -> bool:
    """ "Scott, 43, said", "Crutcher, 40 ― a father", "Fiorina, then 44,", "John and Brian
    Meza, 22 and 19,": an age set off after a name."""
    text, a, b = s.text, s.a, s.b
    return bool(re.fullmatch(r"\d{1,3}", s.ns.text) and _AGE_BEFORE.search(text[max(0, a - 30):a])
                and _AGE_AFTER.match(text[b:b + 12]) and not s.ns.qualifier)


_RATE_BEFORE = re.compile(r"\b(?:per|every)\s+$", re.IGNORECASE)


def rate_base(s: NumberSite) -> bool:
    """ "60 per 100,000 people", "$2.86 per thousand cubic feet", "three for every 1,000 births":
    the round base a rate is counted over is part of the rate, not a figure of its own."""
    value = s.ns.value
    if not s.plain_count or s.ns.qualifier or value.low != value.high or value.low < 10:
        return False
    if value.low != 10 ** round(math.log10(value.low)):
        return False
    return bool(_RATE_BEFORE.search(s.text, max(0, s.a - 12), s.a))


def descriptor_suffix(s: NumberSite) -> bool:
    """ "a 12-member board", "a 300-seat chamber", "a four-lane road": a hyphenated word from
    ``descriptor-suffixes`` glued to the number names a kind of thing; "a 15-point lead" (a
    noun of ``margin-nouns`` after "-point") is a margin, a figure."""
    if not (s.suffix and s.suffix.group(1) in s.lex["descriptor-suffixes"] and not s.ns.value.currency):
        return False
    # "a 15-point lead", "an 8-point win": a poll's or a vote's margin is the claim itself
    follow = re.findall(r"[a-z]+", s.rest[s.suffix.end():s.suffix.end() + 20])[:1]
    return not (s.suffix.group(1) == "point" and follow and follow[0] in s.lex["margin-nouns"])


def duration_names_a_kind(s: NumberSite) -> bool:
    """ "the 18-week waiting standard", "four-year universities": a length that names a kind of
    thing; "a 45-minute commute" or "an eight-year scheme" states a duration, a figure."""
    m, lex = s.suffix, s.lex
    if not (m and m.group(1).rstrip("s") in lex["time-units"] and not s.ns.value.currency):
        return False
    follow = re.findall(r"[a-z]+", s.rest[m.end():m.end() + 30])[:2]
    return any(w in lex["duration-descriptor-nouns"] for w in follow)


def number_word_compound(s: NumberSite) -> bool:
    """ "a two-front war", "a five-alarm call", "half-frozen": a number word in a compound
    adjective that is not a measure."""
    m, lex, ns = s.suffix, s.lex, s.ns
    return bool(m and ns.kind in {"words", "fraction"} and not ns.qualifier and
                m.group(1).rstrip("s") not in lex["time-units"] | lex["measure-units"] and
                m.group(1) not in lex["measure-units"])


def rule_threshold(s: NumberSite) -> bool:
    """ "the 1,237 delegates needed to win", "the 270 needed to win", "the Senate's 60-vote
    threshold": a count the rules of a vote fix is a fixed descriptor, not a claim."""
    if not s.plain_count or s.ns.qualifier:
        return False
    patterns = s.lex.derive(_patterns)
    return bool(patterns["threshold"].match(s.rest) or patterns["hyphen_threshold"].match(s.rest))


def named_group(s: NumberSite) -> bool:
    """ "the Group of 20", "the Gang of Eight": a capitalised noun and "of" right before the
    number, inside a sentence, make a name."""
    ns = s.ns
    if not s.plain_count or ns.qualifier or not (re.fullmatch(r"\d+", ns.text) or ns.text[:1].isupper()):
        return False
    window = max(0, s.a - 40)
    m = re.search(r"\b([A-Z][a-z]+) of\s+$", s.text[window:s.a])
    return bool(m) and not _sentence_start(s.text, window + m.start(1))


def named_number(s: NumberSite) -> bool:
    """ "Flight 370", "Zone 3", "No. 4", "Vantor 3", "Interstate 75": a capitalised naming word
    before the number ("cost the region 300 jobs" is a count)."""
    ns, text = s.ns, s.text
    if not (s.before1 and ns.kind in {"digits", "words", "range"} and not ns.value.percent and not ns.value.currency):
        return False
    prev_raw = WORD.findall(text[max(0, ns.qualifier_start - 40):ns.qualifier_start])[-1:]
    # a docket or case number is one identifier: "No. 14-915"
    if ends_with(s.before1, s.lex["identifier-words"]) and re.fullmatch(r"[\d.]+(?:-\d+)?", ns.text) and \
            prev_raw and (prev_raw[0][:1].isupper() or prev_raw[0].lower() in s.lex["lowercase-identifier-words"]):
        return True
    prev_word = text[:ns.qualifier_start].rstrip()
    pw = re.search(r"([A-Z][\w-]*)$", prev_word)
    return bool(pw and re.fullmatch(r"\d+", ns.text) and not ns.qualifier and prev_word[-1:] not in ".,;:"
                and not _sentence_start(prev_word, pw.start()))


def idiom(s: NumberSite) -> bool:
    """A number inside a fixed phrase from ``idioms`` ("one of a kind", "at sixes and sevens")."""
    return _idiom(s.text, s.ns, s.lex)


def duration_as_time(s: NumberSite) -> bool:
    """ "two years ago", "three weeks from now", "in the first two days", "more than a week
    after": a stretch of time that places an event; "for two years" and "at least three weeks"
    are durations, figures."""
    ns, after, before1, lex = s.ns, s.after, s.before1, s.lex
    # "more than three weeks ago", "less than 24 hours later": an approximate distance in time
    # still only places the event; "at least three weeks" on its own is a duration
    placing = starts_with(after[1:], lex["time-placing-after"])
    duration_claim = (bool(ns.qualifier) and not placing) or (before1 and before1[-1] in lex["duration-preceders"])
    # "a quarter-century ago", "a half-century ago": a fraction glued to its unit
    glued = ns.kind == "fraction" and bool(after) and after[0].startswith("-")
    unit = after[0].lstrip("-").rstrip("s") if after and (glued or ns.kind in {"digits", "words"}) else ""
    if not (unit in lex["time-units"] and not ns.value.percent and not duration_claim):
        return False
    nxt = " ".join(after[1:3])
    if starts_with(after[1:], lex["time-reference-after"]) or nxt.startswith(tuple(lex["time-limit-words"])):
        return True
    return ends_with(before1, lex["time-reference-before"])


_SET_OFF_AFTER = re.compile(r"\s*[,—–)]")


def time_ahead(s: NumberSite) -> bool:
    """ "The first council debate, in 10 days, …", "the primary in two weeks", "the contests begin
    in three weeks": "in" and a stretch of time that says when something will happen. A record
    window ("the lowest in five years", "the second strike in three years") and a span something
    was done in ("sold 235,000 copies in eight months") are figures."""
    ns, lex, text, a = s.ns, s.lex, s.text, s.a
    after = s.after
    if not (s.plain_count and not ns.qualifier and s.before1 and s.before1[-1] == "in" and after
            and after[0].rstrip("s") in lex["time-units"]):
        return False
    clause = re.split(r"[,.;:!?—–(]", text[max(0, a - 90):a])
    if lex.derive(_patterns)["record_window"].search(clause[-1]):
        return False
    unit_end = s.b + len(after[0]) + 1
    # match in place: a slice of the rest of the paragraph would copy it for every such number
    set_off = len(clause) > 1 and not clause[-1].strip(" ").removesuffix("in").strip() \
        and _SET_OFF_AFTER.match(text, unit_end, unit_end + 3)
    ahead = lex.derive(_patterns)["time_ahead"].search(clause[-1])
    return bool(set_off or ahead)


def one_in_count_list(s: NumberSite) -> bool:
    """ "four Protestants and one Greek Orthodox": "one" in a list of counts is a count."""
    return s.word == "one" and bool(_COUNT_LIST_BEFORE.search(s.text[max(0, s.a - 60):s.a]))


def one_as_pronoun(s: NumberSite) -> bool:
    """ "one of the dockers", "one who left", "the one that …": "one" standing for a thing."""
    ns, before1, after = s.ns, s.before1, s.after
    return s.word == "one" and bool(not ns.qualifier and not ends_with(before1, s.lex["one-count-qualifiers"])
                                    or (after and after[0] in s.lex["pronoun-one-followers"]))


def rank(s: NumberSite) -> bool:
    """ "the two largest unions", "the five busiest airlines", "the three top officials"; and a
    band of a ranking named by "top" before the number: "the top three", "the world's top 10
    exporters", "the top 1 percent" (of earners)."""
    after = s.after
    if not s.ns.qualifier and s.before1[-1:] == ["top"]:
        return True
    return s.ns.kind == "words" and bool(after) and (
        after[0] in s.lex["rank-words"] or after[0].endswith("est") and len(after[0]) > 4)


def points_back(s: NumberSite) -> bool:
    """ "the three presidential debates" points back to things already named, and "the first
    four states" or "the latter two" picks them out by their order; "his six bankruptcies"
    counts something of his."""
    word, before1, lex = s.word, s.before1, s.lex
    if len(before1) >= 2 and before1[-1] in lex["order-words"] and before1[-2] in lex["anaphoric-determiners"]:
        before1 = before1[:-1]
    return bool(word in lex["small-number-words"] and before1 and before1[-1] in lex["anaphoric-determiners"]
                and not s.ns.qualifier
                and (before1[-1] not in lex["possessive-determiners"] or word in {"one", "two"}))


def introduces_names(s: NumberSite) -> bool:
    """ "two crane drivers, Anna Berg and Tomas Lind", "Alder and Brill, two rival ports", "dockers
    and pilots - two groups that …": the count only introduces the names that follow, or renames
    the list just before it (a count before a colon stays a figure, policy §1)."""
    ns = s.ns
    if not (ns.kind == "words" and not ns.qualifier and ns.value.high == ns.value.low and 2 <= ns.value.high <= 5):
        return False
    m = _NAMED_LIST_AFTER.match(s.text, s.b)
    if m and len(re.split(r",\s+(?:and\s+)?|,?\s+and\s+", m.group("names"))) == ns.value.high:
        return True
    # the count renames the list before it, as a noun after a comma or a dash
    follow = s.after[:1]
    if not follow or follow[0] == "of" or follow[0] in s.lex["measure-units"] \
            or follow[0].rstrip("s") in s.lex["time-units"]:
        return False  # "…, two of whom left" counts some of them
    return bool(_LISTS_BEFORE[int(ns.value.high)].search(s.text, max(0, s.a - 120), s.a))


Test = Callable[[NumberSite], bool]

# The §1 classes in the order they are tried: the first test that applies names the class. An
# entry whose reason is None ends the search with the number kept as a figure.
NOT_A_FIGURE: tuple[tuple[str | None, Test], ...] = (
    ("list numbering", numbers_a_rubric),
    ("ordinal", ordinal),
    ("identifier", phone_or_long_number),
    ("identifier", inside_markup),
    ("identifier", style_declaration),
    ("identifier", number_word_in_name),
    ("fixed descriptor", named_standard),
    ("identifier", title_of_work),
    ("time reference", relative_time),
    ("date", date_shape),
    ("date", day_before_month),
    ("time of day", time_of_day),
    ("decade", decade),
    ("enumeration", list_number),
    ("enumeration", introduces_list),
    ("enumeration", counts_the_list_after),
    ("year", year),
    ("identifier", glued_to_letters),
    ("age", age_compound),
    ("age", age_phrase),
    ("age", age_after_name),
    ("age", age_bracket),
    ("rate base", rate_base),
    ("fixed descriptor", descriptor_suffix),
    ("fixed descriptor", duration_names_a_kind),
    ("fixed descriptor", number_word_compound),
    ("fixed descriptor", rule_threshold),
    ("identifier", named_number),
    ("identifier", named_group),
    ("idiom", idiom),
    ("time reference", duration_as_time),
    ("time reference", time_ahead),
    (None, one_in_count_list),
    ("pronoun/determiner", one_as_pronoun),
    ("ordinal/rank", rank),
    ("pronoun/determiner", points_back),
    ("pronoun/determiner", introduces_names),
)


def why_not_a_figure(text: str, ns: NumberSpan, lex: Lexicon, in_table: bool = False) -> tuple[str | None, str]:
    """(§1 class, test name) of the first test that applies; (None, name or "") for a figure."""
    site = NumberSite(text, ns, lex, in_table)
    for reason, test in NOT_A_FIGURE:
        if test(site):
            return reason, test.__name__
    return None, ""


def _sentence_start(text: str, i: int) -> bool:
    head = text[:i].rstrip()
    return not head or head[-1] in ".!?\"“”:" or head.endswith("\n")


def _idiom(text: str, ns: NumberSpan, lex: Lexicon) -> bool:
    lo = text.lower()
    number = lo[ns.start:ns.end]
    for phrase in lex["idioms"]:
        if number not in phrase:  # a phrase that covers the number holds it
            continue
        k = lo.find(phrase, max(0, ns.qualifier_start - len(phrase)), ns.end + len(phrase))
        if k != -1 and k <= ns.start and k + len(phrase) >= ns.end:
            return True
    return False
