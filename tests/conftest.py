"""Fixtures shared by the analysis tests: the built-in word lists and the real spaCy pipeline,
loaded once per test module."""

from __future__ import annotations

import pytest

from attrlint.lexicon import Lexicon, load_lexicon


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def nlp():
    from attrlint.nlp import get_nlp

    return get_nlp()
