"""Generated wire-style drafts for the benchmark: random paragraphs from our own templates.

The sentences are written for this file (never taken from /work/shared); a fixed seed makes
every run build the same corpus, so timings compare like with like.
"""

from __future__ import annotations

import random
from pathlib import Path

PEOPLE = ["Maria Keller", "Tomas Okafor", "Lena Ishikawa", "Rafael Duarte", "Priya Raman", "Jonas Berg",
          "Amal Haddad", "Wei Chen", "Sofia Marchetti", "David Mensah"]
TITLES = ["a spokeswoman for the ministry", "the agency's chief economist", "a senior defence official",
          "the regional governor", "an analyst at a consultancy in Geneva", "the union's general secretary"]
BODIES = ["the finance ministry", "the central bank", "the statistics office", "the port authority",
          "the health department", "the electoral commission", "a parliamentary committee"]
PLACES = ["the northern province", "the capital", "the coastal region", "three border districts",
          "the industrial belt", "the eastern valley"]
THINGS = ["workers", "households", "containers", "vaccine doses", "new homes", "troops", "voters",
          "tonnes of grain"]
VERBS_SAID = ["said", "told reporters", "said in a statement", "wrote on social media", "said on Tuesday"]
DENIALS = ["denied", "rejected", "dismissed"]
ACCUSE = ["accused", "blamed", "charged"]

TEMPLATES = [
    "{body} said about {n} {thing} were affected in {place}.",
    "Output in {place} rose {pct} percent in the third quarter, according to {body}.",
    "{person}, {title}, said the figure could reach {n} {thing} by the end of the year.",
    "\"We have never seen numbers like this,\" {person} {said}.",
    "The plan would cost ${m} million over five years.",
    "Officials in {place} reported {n} {thing} last month, up from {n2} a year earlier.",
    "{person} {deny} claims that {body} had hidden {n} {thing} from inspectors.",
    "Opposition leaders {accuse} {body} of inflating the count by {pct} percent.",
    "Nearly {pct} percent of {thing} in {place} were still waiting for help.",
    "The talks resumed on Monday after a break of two weeks.",
    "Residents in {place} described long queues outside the main office.",
    "Some {n} {thing} crossed the river before dawn, the report said.",
    "{body} declined to comment on the report.",
    "The decision was expected before the summer recess, {person} {said}.",
    "Prices have doubled since {year}, the survey found.",
    "It was not clear how the money would be spent.",
    "\"The numbers speak for themselves,\" said {person}, {title}. \"Nobody can ignore {n} {thing}.\"",
    "Analysts expected growth of {pct}.{d} percent this year, below the {pct2} percent forecast in {year}.",
    "The committee meets again next week in {place}.",
    "A spokesman for {body} {deny} the allegation in a short statement.",
]


def sentence(rng: random.Random) -> str:
    t = rng.choice(TEMPLATES)
    s = t.format(body=rng.choice(BODIES), person=rng.choice(PEOPLE), title=rng.choice(TITLES),
                 place=rng.choice(PLACES), thing=rng.choice(THINGS), said=rng.choice(VERBS_SAID),
                 deny=rng.choice(DENIALS), accuse=rng.choice(ACCUSE), n=f"{rng.randint(2, 95) * 1000:,}",
                 n2=f"{rng.randint(2, 95) * 100:,}", m=rng.randint(3, 900), pct=rng.randint(2, 60),
                 pct2=rng.randint(2, 60), d=rng.randint(1, 9), year=rng.randint(2009, 2023))
    return s[0].upper() + s[1:]


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))


def draft(rng: random.Random, words: int = 800) -> str:
    """A plain-text draft of about ``words`` words: a headline and short wire paragraphs."""
    body, place = rng.choice(BODIES).capitalize(), rng.choice(PLACES)
    headline = f"{body} reports {rng.randint(2, 90)} percent rise in {place}"
    parts = [headline]
    count = 0
    while count < words:
        p = paragraph(rng)
        parts.append(p)
        count += len(p.split())
    return "\n\n".join(parts) + "\n"


def write_corpus(directory: Path, n: int, words: int = 800, seed: int = 7) -> list[Path]:
    """``n`` drafts ``gen-0000.txt`` … in ``directory`` (created)."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        p = directory / f"gen-{i:04d}.txt"
        p.write_text(draft(rng, words), encoding="utf-8")
        paths.append(p)
    return paths


def wire_text(rng: random.Random, size: int) -> str:
    """Ordinary wire paragraphs, blank-line separated, to about ``size`` characters."""
    parts: list[str] = []
    total = 0
    while total < size:
        p = paragraph(rng)
        parts.append(p)
        total += len(p) + 2
    return "\n\n".join(parts) + "\n"


def big_draft(path: Path, size: int = 5_000_000, seed: int = 11) -> Path:
    """One draft of about ``size`` bytes (memory test)."""
    path.write_text(wire_text(random.Random(seed), size), encoding="utf-8")
    return path
