"""Fixes as offsets (shared by the language server and ``check --fix``) and the sentence scanner."""

from __future__ import annotations

from attrlint.fixes import Applicability, Edit, Fix, apply_edits, credit_fix, fixes_for, non_overlapping
from attrlint.model import Diagnostic, Severity
from attrlint.spans import diagnostic_span, sentence_around, sentence_end, sentence_start


def _one(fix: Fix) -> Edit:
    (edit,) = fix.edits
    return edit


def test_sentence_end_skips_abbreviations_and_stops_at_the_paragraph():
    text = "The U.S. Navy sent Lloyd J. Austin 40 ships. Next one.\n\nOther"
    assert sentence_end(text, text.index("40")) == text.index(". Next")
    text = "A list of 40 ships\nwith no end\n\nNext"
    assert sentence_end(text, text.index("40")) == text.index("end") + 2
    # A CRLF line break inside a paragraph does not end it; a CRLF blank line does.
    text = "A list of 40 ships\r\nwith no end\r\n\r\nNext"
    assert sentence_end(text, text.index("40")) == text.index("end") + 2


def test_sentence_start_after_the_previous_sentence_and_its_quotes():
    text = 'He said "no." The U.S. yard built 40 ships.'
    assert sentence_start(text, text.index("40")) == text.index("The")
    text = "Headline\n\nThe yard\nbuilt 40 ships."
    assert sentence_start(text, text.index("40")) == text.index("The")
    assert sentence_start(text, 0) == 0


def test_sentence_around_collapses_line_wraps():
    text = "First one. The yard\n  built 40\r\nships in March. Last."
    a = text.index("40")
    assert sentence_around(text, a, a + 2) == "The yard built 40 ships in March."


def test_diagnostic_span_counts_characters_and_keeps_the_end_inclusive():
    text = "one\r\ntwo Nоrdhavn\n"
    d = Diagnostic("x", 2, 5, 2, 12, "AT402", "mixed-script", Severity.ERROR, "m")
    a, b = diagnostic_span(d, text)
    assert text[a:b] == "Nоrdhavn"


def test_credit_fix_inserts_before_the_period_or_turns_a_quote_wire_style():
    text = "The yard built 35 hulls in March. Then it shut."
    fix = credit_fix(text, text.index("35") + 2, "the yard's owners")
    assert fix.applicability is Applicability.UNSAFE and not fix.applies(unsafe=False)
    assert apply_edits(text, fix.edits) == "The yard built 35 hulls in March, the yard's owners said. Then it shut."
    text = '"We built 35 hulls in March." Then it shut.'
    fix = credit_fix(text, text.index("35") + 2, "Ilse Marchetti")
    assert apply_edits(text, fix.edits) == '"We built 35 hulls in March," Ilse Marchetti said. Then it shut.'


def test_mixed_script_fix_only_when_the_retyped_word_fits():
    text = "At Nоrdhavn today."
    a = text.index("N")
    d = Diagnostic("x", 1, a + 1, 1, a + 8, "AT402", "mixed-script", Severity.ERROR, "m",
                   suggestion='write "Nordhavn" with Latin letters only')
    (fix,) = fixes_for(d, text, (a, a + 8), None)
    assert _one(fix) == Edit(a, a + 8, "Nordhavn")
    assert fix.applicability is Applicability.SAFE and fix.applies(unsafe=False)
    other = Diagnostic("x", 1, a + 1, 1, a + 8, "AT402", "mixed-script", Severity.ERROR, "m",
                       suggestion="retype the word in Latin letters only")
    assert fixes_for(other, text, (a, a + 8), None) == []


def test_name_fix_is_safe_and_only_for_a_one_word_spelling():
    text = "Zelenskiy spoke."
    d = Diagnostic("x", 1, 1, 1, 9, "AT401", "inconsistent-name", Severity.WARNING, "m", suggestion="Zelenskyy")
    (fix,) = fixes_for(d, text, (0, 9), None)
    assert apply_edits(text, fix.edits) == "Zelenskyy spoke." and fix.applicability is Applicability.SAFE
    two_words = Diagnostic("x", 1, 1, 1, 9, "AT401", "inconsistent-name", Severity.WARNING, "m",
                           suggestion="use one spelling")
    assert fixes_for(two_words, text, (0, 9), None) == []


def test_non_overlapping_keeps_the_first_of_touching_fixes_and_drops_duplicates():
    def fix(a: int, b: int, t: str) -> Fix:
        return Fix("t", (Edit(a, b, t),), Applicability.SAFE)

    first, touching, later, same = fix(0, 3, "x"), fix(3, 5, "y"), fix(7, 7, "z"), fix(0, 3, "x")
    assert non_overlapping([later, touching, same, first]) == [first, later]
    assert apply_edits("abcdefghij", [e for f in (first, later) for e in f.edits]) == "xdefgzhij"
