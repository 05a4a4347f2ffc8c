"""Text hygiene: one name spelled two ways (AT401) and words that mix look-alike scripts (AT402).

Neither rule needs the NLP parse: both read the text of every block except code, front matter and
HTML (headings, captions and datelines included: the policy lets consistency rules read them).
Their word lists (ordinary English words, name endings, look-alike letters) are data in
``rules/hygiene.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from attrlint.lexicon import builtin_lists
from attrlint.model import Block, BlockKind, Document
from attrlint.rules.registry import Context, Finding, rule

LOOKALIKES_FILE = "lookalikes.toml"
DATA_FILE = "hygiene.toml"
SKIPPED_KINDS = frozenset({BlockKind.CODE, BlockKind.FRONT_MATTER, BlockKind.HTML})
# Title-case lines capitalise ordinary words, so an occurrence there says nothing about a name.
TITLE_KINDS = frozenset({BlockKind.HEADLINE, BlockKind.HEADING})

MIN_NAME_LETTERS = 5
# Names under five letters ("Voss", "Diaz") are compared only with the same first name or title
# before both spellings.
MIN_SHORT_NAME_LETTERS = 3
SHORT_NAME_LETTERS = 6
# Long names tolerate two slips; shorter ones differ from other real names by two letters too often.
LONG_NAME_LETTERS = 10

# A letter, with any combining accents written after it (decomposed "é").
_LETTER = r"[^\W\d_][\u0300-\u036f]*"
_APOSTROPHES = "'’"
_HYPHENS = r"\-\u2010\u2011"  # for a character class: ASCII hyphen, Unicode hyphens
# Names: hyphens split ("Vesnia-Koltar" is two names), apostrophes inside stay ("O'Brien").
_NAME_WORD = re.compile(rf"(?:{_LETTER})+(?:[{_APOSTROPHES}](?:{_LETTER})+)*")
# Script check: one finding per written word, so hyphenated compounds stay whole.
_SCRIPT_WORD = re.compile(rf"(?:{_LETTER})+(?:[{_APOSTROPHES}{_HYPHENS}](?:{_LETTER})+)*")
_POSSESSIVE = re.compile(r"[’']s$")
_COMPOUND_NEXT = re.compile(rf"[{_HYPHENS}]{_LETTER}")
# What may stand between a sentence end and the next sentence's first word.
_OPENERS = set(" \t\"“‘'([*_")
_SENTENCE_ENDS = set(".!?:;…")

SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE")


# --- data -------------------------------------------------------------------------------------


def _word_list(ctx: Context, key: str) -> frozenset[str]:
    """A list as the run's lexicon has it (user files applied), else the built-in one."""
    from_lexicon = ctx.lexicon[key] if ctx.lexicon is not None else frozenset()
    return from_lexicon or frozenset(w.lower() for w in builtin_lists(DATA_FILE).get(key, ()))


@dataclass(frozen=True)
class Lookalikes:
    """Look-alike letters both ways: (script, letter) -> {other script: its twin}."""

    twins: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    def twin(self, letter: str, script: str, target: str) -> str | None:
        return self.twins.get((script, letter), {}).get(target)


@lru_cache(maxsize=1)
def lookalikes() -> Lookalikes:
    """Build the two-way table from the "LOOKALIKE LATIN" pairs of the data file."""
    to_latin: dict[str, str] = {}
    for pair in builtin_lists(LOOKALIKES_FILE).get("script-lookalikes", ()):
        fake, latin = pair.split()
        to_latin[fake] = latin
    twins: dict[tuple[str, str], dict[str, str]] = {}
    by_latin: dict[str, dict[str, str]] = {}
    for fake, latin in to_latin.items():
        script = script_of(fake)
        if script is None:
            continue
        twins.setdefault((script, fake), {})["LATIN"] = latin
        by_latin.setdefault(latin, {})[script] = fake
    for latin, fakes in by_latin.items():
        twins.setdefault(("LATIN", latin), {}).update(fakes)
        # Cyrillic "о" and Greek "ο" are twins of each other through the Latin "o".
        for script, fake in fakes.items():
            twins[(script, fake)].update({s: f for s, f in fakes.items() if s != script})
    return Lookalikes(twins)


# --- shared helpers ---------------------------------------------------------------------------


def _blocks(doc: Document) -> Iterator[Block]:
    return (b for b in doc.blocks if b.kind not in SKIPPED_KINDS)


def script_of(letter: str) -> str | None:
    """LATIN, CYRILLIC, GREEK … for a letter of a script we watch, else None."""
    name = unicodedata.name(letter, "")
    first = name.split(" ", 1)[0]
    return first if first in SCRIPTS else None


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance counting an adjacent swap as one edit; any value above ``limit`` is limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[len(b)], limit + 1)


def _sentence_start(text: str, i: int) -> bool:
    """True when only quotes, brackets or spaces separate text[i] from a sentence end or block start."""
    j = i - 1
    while j >= 0 and text[j] in _OPENERS:
        j -= 1
    return j < 0 or text[j] in _SENTENCE_ENDS


def _letters(word: str) -> int:
    return sum(1 for c in word if c.isalpha())


# --- AT401 inconsistent-name ------------------------------------------------------------------


@dataclass(frozen=True)
class _NameLists:
    common: frozenset[str]  # ordinary English words, lower case
    suffixes: frozenset[str]  # endings that make a related word ("Korea"/"Korean")
    established: frozenset[str]  # established names of places, peoples, faiths …, lower case
    context: frozenset[str]  # days, months, titles: beside a name but not part of it
    titles: frozenset[str] = frozenset()  # roles written before a name ("coach", "inspector")


@dataclass
class _Spelling:
    """Every place one capitalised spelling occurs, and what stands around it."""

    word: str  # as first written
    key: str  # compared form: typographic apostrophes made plain ("O’Neill" is "O'Neill")
    first: int  # source offset of the first occurrence
    first_end: int
    order: int  # order of first appearance in the draft
    count: int = 0
    mid_sentence: bool = False  # seen at least once inside a prose sentence, not as an opener
    # Seen at least once standing alone, not as the first part of a compound: "Franco" only in
    # "Franco-German" is a combining form, not a name.
    alone: bool = False
    # Capitalised words written right beside it ("Marguerite" in "Marguerite Delacroix").
    neighbours: set[str] = field(default_factory=set)
    # First names and titles written right before it ("anna" in "Anna Voss", "coach" in
    # "coach Diaz"), lower case: the same one before two short spellings makes them one name.
    before: set[str] = field(default_factory=set)
    opens_prose: bool = False  # seen opening a sentence of prose ("Zelenskyy told …")


def _name_key(word: str) -> str:
    """One form for what looks the same: composed accents, plain apostrophes."""
    return unicodedata.normalize("NFC", word).replace("’", "'")


def _is_name_shaped(word: str) -> bool:
    if not word[0].isupper() or _letters(word) < MIN_SHORT_NAME_LETTERS:
        return False
    upper = sum(1 for c in word if c.isupper())
    # All-caps acronyms and shouted headline words are not names to compare ("NATO", "TRUMP").
    return not (upper >= 2 and upper * 2 > _letters(word))


def _mixes_scripts(word: str) -> bool:
    return len({s for s in map(script_of, word) if s}) > 1


def _collect_spellings(doc: Document, lists: _NameLists) -> list[_Spelling]:
    spellings: dict[str, _Spelling] = {}
    lower_words: set[str] = set()
    for block in _blocks(doc):
        text = block.text
        tokens = list(_NAME_WORD.finditer(text))
        for k, m in enumerate(tokens):
            word = _POSSESSIVE.sub("", m.group())
            if word[:1].islower():
                lower_words.add(word)
                continue
            if not _is_name_shaped(word) or _mixes_scripts(word):
                continue
            key = _name_key(word)
            sp = spellings.get(key)
            if sp is None:
                a, b = block.source_span(m.start(), m.start() + len(word))
                sp = spellings[key] = _Spelling(word, key, a, b, len(spellings))
            sp.count += 1
            if not _COMPOUND_NEXT.match(text, m.end()):
                sp.alone = True
            opener = _sentence_start(text, m.start())
            if not opener and block.kind not in TITLE_KINDS:
                sp.mid_sentence = True
            sp.opens_prose = sp.opens_prose or (opener and block.kind.is_prose)
            for n in (k - 1, k + 1):
                other = _neighbour(text, tokens, k, n, lists)
                if other:
                    sp.neighbours.add(other)
            sp.before |= _words_before(text, tokens, k, lists)
    # A capitalised word that the draft also writes in lower case is an ordinary word.
    lower_words = {_name_key(w) for w in lower_words}
    return [sp for key, sp in spellings.items()
            if sp.alone and key.lower() not in lists.common and key.lower() not in lower_words]


def _neighbour(text: str, tokens: list[re.Match[str]], k: int, n: int,
               lists: _NameLists) -> str | None:
    """The name-like word written right beside token k (only spaces between), if any.

    Ordinary words ("President", "The"), days, months and titles are not names, so they never
    tell two people apart.
    """
    if not 0 <= n < len(tokens):
        return None
    left, right = sorted((tokens[k], tokens[n]), key=lambda t: t.start())
    if left.end() == right.start() or text[left.end():right.start()].strip():
        return None
    word = _POSSESSIVE.sub("", tokens[n].group())
    if not word[:1].isupper() or word.lower() in lists.common or word.lower() in lists.context:
        return None
    if _letters(word) < MIN_NAME_LETTERS and _sentence_start(text, tokens[n].start()):
        return None  # "But", "When", "The" opening a sentence
    return word


def _words_before(text: str, tokens: list[re.Match[str]], k: int, lists: _NameLists) -> set[str]:
    """The first name and title written right before token k, lower case: {"anna"} for "Anna
    Voss", {"coach", "marco"} for "coach Marco Diaz", {"coach"} for "coach Dias"."""
    out: set[str] = set()
    for j in (k - 1, k - 2):
        if j < 0 or text[tokens[j].end():tokens[j + 1].start()].strip(" ."):
            break
        word = _POSSESSIVE.sub("", tokens[j].group())
        low = word.lower()
        if low in lists.titles or low in lists.context:
            out.add(low)
            break  # a title ends the name
        if not word[:1].isupper() or low in lists.common or j < k - 1:
            break
        out.add(low)
    return out


def _related_forms(a: str, b: str, suffixes: frozenset[str]) -> bool:
    """"Korea"/"Korean", "Texas"/"Texan": one stem with endings from the list (or none)."""
    for cut in range(1, min(len(a), len(b)) + 1):
        if a[:cut] != b[:cut]:
            break
        ea, eb = a[cut:].lower(), b[cut:].lower()
        if (ea == "" or ea in suffixes) and (eb == "" or eb in suffixes):
            return True
    return False


def _ending_slip(x: str, y: str) -> bool:
    """A doubled last letter ("Zelensky"/"Zelenskyy") or "i" for "y" ("Zelenski"/"Zelensky").

    Both are slips of one name even though the endings list would call them related forms.
    """
    short, long_ = sorted((x, y), key=len)
    if len(long_) == len(short) + 1 and long_.startswith(short) and long_[-1] == short[-1]:
        return True
    return len(x) == len(y) and x[:-1] == y[:-1] and {x[-1], y[-1]} == {"i", "y"}


def _swapped(x: str, y: str) -> bool:
    """Same letters, two neighbours swapped ("Ptuin" for "Putin")."""
    diff = [i for i in range(len(x)) if x[i] != y[i]] if len(x) == len(y) else []
    return len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] \
        and x[diff[1]] == y[diff[0]]


def _plain(word: str) -> str:
    return word.replace("'", "").casefold()


def _two_people(a: _Spelling, b: _Spelling) -> bool:
    """ "Gary Johnson" and "Ron Johnston": each written beside other names."""
    return bool(a.neighbours and b.neighbours and not a.neighbours & b.neighbours)


def _same_name_misspelt(a: _Spelling, b: _Spelling, lists: _NameLists) -> bool:
    x, y = a.key, b.key
    shortest = min(_letters(x), _letters(y))
    # Surnames open news sentences all the time ("Zelenskiy told …"); titles capitalise anything.
    openers = a.opens_prose and b.opens_prose and shortest >= SHORT_NAME_LETTERS
    if x[0] != y[0] or not (a.mid_sentence or b.mid_sentence or openers):
        return False
    # Capitals and apostrophes are house style, not spelling ("Hawai'i", "PolitiFact").
    if _plain(x) == _plain(y) or _two_people(a, b):
        return False
    if x.lower() in lists.established and y.lower() in lists.established:
        return False  # "Colombia" and "Columbia" are both places
    if shortest < SHORT_NAME_LETTERS:
        # Short names one letter apart are often two real names ("Obama", "Osama"): a swap of
        # two neighbouring letters is a slip, and one edit when the same first name or title
        # stands before both ("Anna Voss" / "Anna Vos", "coach Diaz" / "coach Dias").
        if _swapped(x, y):
            return shortest >= MIN_NAME_LETTERS or bool(a.before & b.before)
        return bool(a.before & b.before) and damerau_levenshtein(x, y, 1) <= 1
    limit = 2 if shortest >= LONG_NAME_LETTERS else 1
    if damerau_levenshtein(x, y, limit) > limit:
        return False
    if _ending_slip(x, y):
        return True
    # "Kim"/"Kimball", "Louis"/"Louise", "Korea"/"Korean": another name or a related word.
    return not (x.startswith(y) or y.startswith(x) or _related_forms(x, y, lists.suffixes))


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


@rule("AT401", "inconsistent-name", "warning", "one name spelled two ways", needs_nlp=False)
def inconsistent_name(ctx: Context) -> Iterable[Finding]:
    """
    ## What it does
    Finds a name of a person, place or organisation that the draft spells two ways, such as
    "Zelenskyy" in one paragraph and "Zelenskiy" in another, or "Kowalczyk" and "Kowalcyzk".
    Two capitalised words of five letters or more are taken for one name when they start with the
    same letter and differ by one slip (a letter added, dropped, changed, or two letters swapped;
    two slips in names of ten letters or more).

    It reports each pair once, at the first use of the spelling to change: the one the draft uses
    less often, or, when both are used equally often, the one that appears later. The suggestion is
    the other spelling, and the message gives the line where it is used.

    Headlines, headings, captions and datelines are read too. Code blocks, front matter and HTML
    are not.

    Precision comes first: a linter that cries wolf gets switched off. Not reported, because
    these are usually different words rather than slips:
    - one word that is the other with an ending added or swapped: plurals, possessives,
      nationalities and adjectives ("Korea" and "Korean", "Russia" and "Russian", "Koltar" and
      "Koltari", "Texas" and "Texan", "Germany" and "Germans");
    - one word that is the other with letters added at the end ("Kim" and "Kimball", "Louis" and
      "Louise"), except a doubled last letter ("Zelensky" and "Zelenskyy") and "i" for "y"
      ("Zelenski" and "Zelensky"), which are slips;
    - ordinary English words, even capitalised ("There" and "These", "March" and "Match"), and
      any word the draft also writes in lower case. "Smith" is an ordinary word, so "Smith" and
      "Smyth" are taken for two surnames;
    - two established names of places, peoples or faiths ("Colombia" and "Columbia", "Austin"
      and "Austen", "Christian" and "Christina");
    - short names (under six letters) one letter apart ("Obama" and "Osama"), unless the same
      first name or title stands before both ("Anna Voss" and "Anna Vos", "coach Marco Diaz" and
      "coach Dias"); two swapped letters count in any name of five letters or more ("Ptuin" for
      "Putin"). Names of three and four letters are compared only that way;
    - two spellings that each stand beside other names ("Gary Johnson" and "Ron Johnston" are two
      people);
    - spellings that differ only in capitals or apostrophes ("PolitiFact" and "Politifact",
      "O’Neill" and "O'Neill"): usually a quoted source's own style;
    - all-capital acronyms ("NATO", "NIS") and combining forms seen only in compounds ("Franco"
      in "Franco-German" is not a misspelt "France");
    - two spellings that only ever stand in a title, where capitals say nothing about names, or
      that only open sentences and are shorter than six letters. Surnames open news sentences
      all the time, so "Zelenskyy's aides …" and "Zelenskiy told …" are compared.

    ## Why is this bad?
    A misspelt name is the correction readers notice most, and the one the named person complains
    about. Two spellings in one story also leave the reader unsure whether one person or two is
    meant; in a court or crime story that confusion can attach an allegation to the wrong person.

    ## Example
    ```markdown
    Presiding judge Ilse Marchetti said the appeal had no merit.

    Marcheti ordered the company to pay costs.
    ```

    ## Use instead
    ```markdown
    Presiding judge Ilse Marchetti said the appeal had no merit.

    Marchetti ordered the company to pay costs.
    ```

    ## Word lists
    The word lists are data in `rules/hygiene.toml`: ordinary English words
    (`name-common-words`), endings that make a related word (`name-suffixes`), established
    names (`name-established`) and the days, months and titles that stand beside a name without
    telling two people apart (`name-context-words`). A lexicon file given with the `lexicons`
    option can add words to a list, or take them out with `remove-<list>`
    (`remove-name-common-words = ["baker"]` makes "Baker" a name that is compared).
    """
    lists = _NameLists(*(_word_list(ctx, f"name-{key}") for key in
                         ("common-words", "suffixes", "established", "context-words")),
                       titles=ctx.lexicon["person-titles"] | ctx.lexicon["person-role-heads"])
    return _name_findings(ctx.document, lists)


def _name_findings(doc: Document, lists: _NameLists) -> list[Finding]:
    spellings = _collect_spellings(doc, lists)
    by_initial: dict[str, list[_Spelling]] = {}
    for sp in spellings:
        by_initial.setdefault(sp.word[0], []).append(sp)
    findings: list[Finding] = []
    for group in by_initial.values():
        # The spelling to keep is the one used most often, on a tie the earliest; every other
        # spelling of the name is reported once, against the best spelling it is a slip of.
        group.sort(key=_rank)
        for i, change in enumerate(group):
            keep = next((k for k in group[:i] if _same_name_misspelt(k, change, lists)), None)
            if keep is not None:
                findings.append(_name_finding(doc, keep, change))
    return sorted(findings, key=lambda f: (f.start, f.end))


def _rank(sp: _Spelling) -> tuple[int, int]:
    return (-sp.count, sp.order)


def _name_finding(doc: Document, keep: _Spelling, change: _Spelling) -> Finding:
    line = doc.position(change.first)[0]
    keep_line = doc.position(keep.first)[0]
    used = f" ({_times(keep.count)} in all)" if keep.count > 1 else ""
    message = (f'"{change.word}" (line {line}) is spelled "{keep.word}" on line {keep_line}{used}'
               " — use one spelling")
    return Finding(change.first, change.first_end, message, keep.word,
                   related=((keep.first, keep.first_end, f'"{keep.word}" is spelled this way here'),))


# --- AT402 mixed-script -----------------------------------------------------------------------


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _title(script: str) -> str:
    return script.capitalize()


def _majority(scripts: list[str]) -> str:
    counts: dict[str, int] = {}
    for s in scripts:
        counts[s] = counts.get(s, 0) + 1
    # A tie goes to Latin: the drafts are English.
    return max(counts, key=lambda s: (counts[s], s == "LATIN"))


def _unit_symbol(word: str, odd: list[tuple[str, str]], table: Lookalikes, main: str) -> bool:
    """ "μm", "kΩ": a Greek unit letter written with Latin ones is standard, not a look-alike."""
    return (_letters(word) <= 3 and all(s == "GREEK" for _, s in odd)
            and all(table.twin(c, s, main) is None for c, s in odd))


def _joined_words(word: str, main: str, table: Lookalikes) -> bool:
    """ "Трамп-Trump": a compound of whole words, each in one script, is no slip.

    A part made only of look-alikes of the main script ("Х-ray" with a Cyrillic "Х") still is.
    """
    parts = [[(c, s) for c in p if (s := script_of(c))] for p in re.split(f"[{_HYPHENS}]", word)]
    if any(len({s for _, s in p}) > 1 for p in parts):
        return False
    return not any(p and p[0][1] != main and all(table.twin(c, s, main) for c, s in p)
                   for p in parts)


def _script_finding(block: Block, m: re.Match[str], table: Lookalikes) -> Finding | None:
    word = m.group()
    letters = [(c, s) for c in word if (s := script_of(c))]
    if len({s for _, s in letters}) < 2:
        return None
    main = _majority([s for _, s in letters])
    odd = list(dict.fromkeys((c, s) for c, s in letters if s != main))
    if _joined_words(word, main, table) or _unit_symbol(word, odd, table, main):
        return None
    names = _and([f'"{c}" is {_title(s)} (U+{ord(c):04X})' for c, s in odd])
    twins = {c: table.twin(c, s, main) for c, s in odd}
    if all(twins.values()):
        what = "letter it looks like" if len(odd) == 1 else "letters they look like"
        message = f'"{word}" mixes scripts: {names}, not the {_title(main)} {what}'
        fixed = "".join(twins.get(c) or c for c in word)
        suggestion = f'write "{fixed}" with {_title(main)} letters only'
    else:
        message = f'"{word}" mixes scripts: {names} inside a {_title(main)} word'
        suggestion = f"retype the word in {_title(main)} letters only"
    a, b = block.source_span(m.start(), m.end())
    if b - a != m.end() - m.start():
        return None  # markup inside the "word" ("A[]()Ѐ"): two pieces of text, not one word
    return Finding(a, b, message, suggestion)


@rule("AT402", "mixed-script", "error", "a word mixing scripts (look-alike letters)", needs_nlp=False)
def mixed_script(ctx: Context) -> Iterable[Finding]:
    """
    ## What it does
    Finds a word that mixes letters of two alphabets among Latin, Cyrillic, Greek, Armenian and
    Cherokee, such as "Cosmodrome" typed with a Cyrillic "С" (U+0421) in place of the Latin "C".
    The two letters look the same on screen, so the slip is invisible when proofreading. The
    finding covers the whole word and names each odd letter with its code point; where the
    look-alike has a twin in the word's main alphabet, the suggestion is the word retyped.

    Every block is read (headlines, headings, captions and tables too) except code blocks, front
    matter and HTML.

    Not reported:
    - a word written entirely in another alphabet, such as a Russian or Greek quotation;
    - a hyphenated compound whose parts are each in one alphabet ("Трамп-Trump");
    - a unit symbol of at most three letters with a Greek letter that has no Latin look-alike
      ("μm", "kΩ").

    ## Why is this bad?
    A look-alike letter usually arrives by pasting from a foreign-language source or a keyboard
    left on the wrong layout. Readers cannot see it, but search engines, the archive, spell
    checkers and screen readers treat the word as gibberish: the story does not come up when
    someone searches for the name, and a screen reader spells the word out letter by letter. In a
    link or an address it is the trick used to fake a website.

    ## Example
    ```markdown
    The talks at the Vаltera Cosmodrome ended on Friday.
    ```
    (the first "а" is Cyrillic)

    ## Use instead
    ```markdown
    The talks at the Valtera Cosmodrome ended on Friday.
    ```

    ## Word lists
    The look-alike table (`script-lookalikes`) is in `rules/lookalikes.toml`.
    """
    table = lookalikes()
    for block in _blocks(ctx.document):
        for m in _SCRIPT_WORD.finditer(block.text):
            finding = _script_finding(block, m, table)
            if finding is not None:
                yield finding
