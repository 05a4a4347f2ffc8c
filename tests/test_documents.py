"""Named documents and polls as sources (policy §2), through the whole analysis: a specific
document's terms credit it, an unnamed poll is a vague source, and what the policy leaves to the
rules is still flagged."""

from __future__ import annotations

from tests.helpers import run_cli

DRAFT = """Harbour plan

Moreau had 58 percent in the Harbour Gazette survey, a lead of 11 points.

A survey by Norland Research put her ahead 51% to 44% among dockers.

Recent polling shows Moreau ahead by 12 points.

The bankruptcy petition lists $3 million in debts and 400 creditors.

The licence for the quay allows up to 40,000 visitors a year.

Under the plan, 300 jobs go by the end of next year.

Lawmakers debated a bill that would triple the cap to $90,000.

Under the new regulation, dockers earning up to $35,000 must be paid overtime.

A law allows up to 40,000 visitors a year.

More than 300 dockers have insurance under the union's programme.

According to the Harbour Gazette poll, Moreau has 27 percent. Okafor trails at 13 percent.
"""


def _verdicts(tmp_path) -> dict[str, str]:
    path = tmp_path / "plan.txt"
    path.write_text(DRAFT, encoding="utf-8")
    r = run_cli(["check", "--explain", "--no-cache", str(path)], cwd=tmp_path)
    out: dict[str, str] = {}
    for line in r.stdout.splitlines():
        if '" ' in line and " — " in line:
            where, rest = line.split(": ", 1)
            out[f"{where.split(':')[-2]}:{rest.split(chr(34))[1]}"] = rest
    return out


def test_specific_documents_credit_their_terms_and_unnamed_ones_do_not(tmp_path):
    v = _verdicts(tmp_path)
    credited = {k for k, x in v.items() if " credited — " in x}
    assert credited >= {
        "3:58 percent", "5:51%", "5:44%", "9:$3 million", "9:400", "11:up to 40,000",
        "13:300", "15:triple", "15:$90,000", "17:up to $35,000", "23:27 percent",
    }
    assert 'to "The bankruptcy petition" by document verb "list" (document_terms)' in v["9:$3 million"]
    assert "flagged (AT102)" in v["7:12"]  # "recent polling" names no poll
    # "a law" points at no document; a result "under the programme" is not its terms; the next
    # sentence after a poll's is about another candidate and does not inherit its credit
    for key in ("19:up to 40,000", "21:More than 300", "23:13 percent"):
        assert "flagged (AT101)" in v[key], (key, v[key])
