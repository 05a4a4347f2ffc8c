"""Numbers written with digits other than 0-9 (AT403): full-width, Arabic-Indic and the like.

The figure rules read the digits 0-9 only. A number such as "４０" (full-width) or "٤٠"
(Arabic-Indic) in an English draft is almost always a paste artefact from a CMS, a PDF or a
foreign-language source, and it is silently invisible to every figure check; so it is reported
where it stands, with the number retyped in 0-9, instead of being read as a figure (which would
hide that search, sorting and the archive treat it as something else).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from attrlint.rules.hygiene import SKIPPED_KINDS
from attrlint.rules.registry import Context, Finding, rule

# A written number: digits of any script with grouping or decimal marks between them (the Arabic
# decimal and thousands separators U+066B and U+066C included).
_NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c]\d+)*")
_MARKS = {"\u066b": ".", "\u066c": ","}


def _kind(digit: str) -> str:
    """ "full-width", "Arabic-Indic", "Devanagari" … from the digit's Unicode name."""
    name = unicodedata.name(digit, "")
    if name.startswith("FULLWIDTH"):
        return "full-width"
    prefix = name.split(" DIGIT")[0] if " DIGIT" in name else "non-ASCII"
    return prefix.title() if prefix != "non-ASCII" else prefix


def _retyped(number: str) -> str:
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else _MARKS.get(c, c) for c in number)


@rule("AT403", "non-ascii-digits", "warning", "a number written with digits other than 0-9", needs_nlp=False)
def non_ascii_digits(ctx: Context) -> Iterable[Finding]:
    """
    ## What it does
    Finds a number written with decimal digits other than 0-9: full-width digits ("４０"),
    Arabic-Indic ("٤٠"), Devanagari and the other scripts' digits. The finding names the kind of
    digit and the suggestion is the number retyped with 0-9.

    Every block is read except code blocks, front matter and HTML. Superscripts ("m²") and other
    numeric signs that are not decimal digits are not reported.

    ## Why is this bad?
    attrlint reads figures written with 0-9 only, so such a number is never checked: not for a
    source, not against the fact file. In an English story these digits nearly always come from
    pasting (a CMS, a PDF, a foreign-language wire), and search engines, the archive and sorting
    treat them as different characters from the digits readers think they see.

    ## Example
    ```markdown
    Officials said ４０ boats were seized.
    ```

    ## Use instead
    ```markdown
    Officials said 40 boats were seized.
    ```

    ## Options
    No settings.
    """
    for block in ctx.document.blocks:
        if block.kind in SKIPPED_KINDS:
            continue
        for m in _NUMBER.finditer(block.text):
            number = m.group()
            odd = [c for c in number if c.isdigit() and not c.isascii()]
            if not odd:
                continue
            a, b = block.source_span(m.start(), m.end())
            if b - a != len(number):
                continue  # markup inside the number: two pieces of text
            kinds = list(dict.fromkeys(_kind(c) for c in odd))
            message = (f'"{number}" is written with {" and ".join(kinds)} digits: attrlint reads only the digits '
                       "0-9, so this figure is not checked")
            yield Finding(a, b, message, f'write "{_retyped(number)}"')
