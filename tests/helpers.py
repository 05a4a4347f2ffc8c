"""Shared helpers for tests: run the real CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from attrlint.analysis.claims import ClaimCase
from attrlint.analysis.cues import find_cues
from attrlint.analysis.numbers import scan
from attrlint.lexicon import Lexicon
from attrlint.model import Block, BlockKind, Segment, Sentence

ROOT = Path(__file__).resolve().parent.parent

# A fact file that credits the "35 hulls" of the Skarvik dry-dock drafts (fixes and hook tests).
HULLS_FACTS = """\
[[source]]
id = "port"
name = "the Skarvik port authority"

[[fact]]
id = "hulls-march"
value = 35
unit = "hulls"
source = "port"
"""


def run_cli(args: list[str], *, cwd: Path | str | None = None, stdin: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m attrlint ARGS`` with the project on the path; output as text."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.pop("ATTRLINT_OUTPUT_FORMAT", None)
    full_env.setdefault("ATTRLINT_CACHE_DIR", str(Path(cwd or ROOT) / ".attrlint_cache"))
    if env:
        full_env.update(env)
    return subprocess.run([sys.executable, "-m", "attrlint", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, env=full_env, timeout=300)


def claim_case(text: str, number: str, nlp, lex: Lexicon) -> ClaimCase:
    """The number written as ``number`` in the one-paragraph ``text``, in its parsed sentence."""
    sdoc = nlp(text)
    block = Block(BlockKind.PARAGRAPH, text, [Segment(0, 0, len(text))], 0)
    sents = [Sentence(block, k, s.start_char, s.end_char, s) for k, s in enumerate(sdoc.sents)]
    for s in sents:
        s.cues = find_cues(s.doc_span, lex)
    ns = next(n for n in scan(text) if n.text == number)
    sent = next(s for s in sents if s.start <= ns.start < s.end)
    tokens = {t.i for t in sdoc if t.idx < ns.end and t.idx + len(t.text) > ns.start}
    return ClaimCase(sent, sents, tokens, ns, lex)
