"""Which cue credits which figure, on whole paragraphs with the real spaCy parse: each case is a
figure credited (or left uncredited) for one construction of ``credit`` and the cue finders,
written both ways."""

from __future__ import annotations

import pytest

from attrlint.analysis.pipeline import analyse
from attrlint.engine import build_document
from attrlint.model import Credit, FigureMention


def figure_of(text: str, figure: str, nlp, lex) -> FigureMention:
    """The figure written as ``figure`` in the one-paragraph draft ``text``, analysed."""
    doc = build_document("draft.txt", "Port news\n\n" + text + "\n")
    analyse([doc], nlp, lex)
    found = [f for f in doc.figures if f.text == figure]
    assert found, f"{figure!r} is not a figure in {text!r}: {[f.text for f in doc.figures]}"
    return found[0]


def credit_of(text: str, figure: str, nlp, lex) -> Credit:
    """The credit the figure written as ``figure`` in the one-paragraph draft ``text`` gets."""
    return figure_of(text, figure, nlp, lex).credit


# (construction, paragraph, figure, credit)
CASES = [
    # A figure in a cue's own source words is what that source is, not what another cue reports.
    ("poll share as a subject", "Six in 10 dockers said the port should stay open, and three-quarters "
     "said the tolls were too high.", "Six in 10", Credit.NONE),
    ("poll share as a subject", "Six in 10 dockers said the port should stay open, and three-quarters "
     "said the tolls were too high.", "three-quarters", Credit.NONE),
    ("poll share as a subject", "The union said six in 10 dockers wanted the port to stay open.",
     "six in 10", Credit.ATTRIBUTED),
    ("poll share as a subject", "Six in 10 dockers said the port should stay open, according to the "
     "union's poll.", "Six in 10", Credit.ATTRIBUTED),
    ("poll share as a subject", "The union's poll found a clear split: six in 10 dockers said the port "
     "should stay open.", "six in 10", Credit.ATTRIBUTED),
    # A report in a free relative or a comparison covers only its own words.
    ("free relative", "The catch was about double what Moreau said she expected.", "double", Credit.NONE),
    ("free relative", "Moreau said the catch was about double what she expected.", "double", Credit.ATTRIBUTED),
    # A phrase set off before the speaker is the reporter's scene-setting.
    ("fronted narration", "Like many of the 12 million dockers in the region, Moreau says she fears "
     "for her job.", "12 million", Credit.NONE),
    ("fronted narration", "After watching the quay for two hours, Moreau said the cranes were idle.",
     "two", Credit.NONE),
    ("fronted narration", "Moreau says many of the 12 million dockers in the region fear for their jobs.",
     "12 million", Credit.ATTRIBUTED),
    ("fronted narration", "“In losing 40 ships in little more than a year, the port showed how fragile "
     "it is,” Moreau wrote.", "40", Credit.ATTRIBUTED),
    ("fronted narration", "In a poll of its members, the union found that 800 backed the strike.", "800",
     Credit.ATTRIBUTED),
    ("fronted narration", "Of the 40 ships in port, Moreau said 30 were idle.", "40", Credit.ATTRIBUTED),
    # The audience a source spoke to is the reporter's narration; what the source told it is not.
    ("audience", "Moreau said in front of an audience of 1,000 dockers that the port would reopen.",
     "1,000", Credit.NONE),
    ("audience", "“The port will reopen,” Moreau said to a crowd of about 500.", "500", Credit.NONE),
    ("audience", "Moreau told a crowd of 2,000 dockers that the port would reopen.", "2,000", Credit.NONE),
    ("audience", "Moreau told a crowd of dockers that 2,000 jobs would return.", "2,000", Credit.ATTRIBUTED),
    ("audience", "Moreau said to reporters that 500 dockers had lost their jobs.", "500", Credit.ATTRIBUTED),
    ("audience", "Moreau said the port had drawn a crowd of 2,000 for the regatta.", "2,000",
     Credit.ATTRIBUTED),
    # A tag at the end of the sentence may say when or how the source spoke.
    ("trailing tag", "British retail sales fell 0.8 percent in October, the biggest drop since January, as "
     "shoppers cut back on clothing and fuel, official figures showed on Friday.", "0.8 percent", Credit.ATTRIBUTED),
    ("trailing tag", "British retail sales fell 0.8 percent in October, the biggest drop since January, as "
     "shoppers cut back on clothing and fuel, official figures showed.", "0.8 percent", Credit.ATTRIBUTED),
    ("trailing tag", "British retail sales fell 0.8 percent in October, the biggest drop since January, as "
     "shoppers cut back on clothing and fuel on Friday.", "0.8 percent", Credit.NONE),
    # "As X noted," vouches for the clause it is set against, at either end of the sentence.
    ("as reported", "As the Harbour Gazette noted, Moreau raised more than $1.1 million from shipping firms.",
     "$1.1 million", Credit.ATTRIBUTED),
    ("as reported", "Moreau raised more than $1.1 million from shipping firms, as the Gazette reported on Friday.",
     "$1.1 million", Credit.ATTRIBUTED),
    ("as reported", "As Moreau said she would, the port hired 40 pilots.", "40", Credit.NONE),
    # A named poll states every result of the clause it stands in; not through an apposition.
    ("poll in the clause", "Just 18 percent of dockers have a favourable view of the mayor in a new Harbour "
     "Gazette poll.", "18 percent", Credit.ATTRIBUTED),
    ("poll in the clause", "Moreau, the leader in the latest Harbour Gazette poll, raised $40 million.",
     "$40 million", Credit.NONE),
    # "By X's tally," set before the clause credits it; an agent after a verb does not.
    ("by a tally", "By the Gazette's tally, Moreau now has 739 delegates to Okafor's 465.", "465",
     Credit.ATTRIBUTED),
    ("by a tally", "The port owed the pilots $556,000 for the months covered by the union's filings.",
     "$556,000", Credit.NONE),
    # A kind of poll or record in common nouns belongs to nobody; a name in front of it owns it.
    ("kind of poll", "In the harbour ward, exit polls showed turnout fell 40 percent.", "40 percent",
     Credit.VAGUE),
    ("kind of poll", "Moreau won 58 percent of dockers, exit polls show.", "58 percent", Credit.VAGUE),
    ("kind of poll", "In the harbour ward, Ipsos polls showed turnout fell 40 percent.", "40 percent",
     Credit.ATTRIBUTED),
    ("kind of poll", "In the harbour ward, council records show 40 ships left.", "40", Credit.ATTRIBUTED),
    # A capitalised first word may be a name: it is not taken for a kind.
    ("kind of poll", "Gallup polls show 40 percent of dockers back the strike.", "40 percent",
     Credit.ATTRIBUTED),
    # A target or goal is its owner's, like its plan; a target nobody owns is the reporter's.
    ("owned target", "Inflation remains above the central bank's 2 percent target.", "2 percent",
     Credit.ATTRIBUTED),
    ("owned target", "The union is missing its goal of recruiting 40,000 members by May.", "40,000",
     Credit.ATTRIBUTED),
    ("owned target", "Inflation remains above a 2 percent target.", "2 percent", Credit.NONE),
    # a common noun in front of a target says which kind it is, not whose; setting it voices it
    ("owned target", "Inflation remains above the 2 percent inflation target.", "2 percent", Credit.NONE),
    ("owned target", "The port has set a cargo target of around 5 percent growth.", "5 percent",
     Credit.ATTRIBUTED),
    # the first owner named owns the document, not a place its data came from
    ("first owner", "A review by the Harbour Gazette of data from 70 ports found that 58 of them lost cargo.",
     "58", Credit.ATTRIBUTED),
    # what a body recorded or logged is its count
    ("recorded", "Harbour police recorded 112 thefts last year.", "112", Credit.ATTRIBUTED),
    # A vague source inside what a named speaker reports is where the figure comes from.
    ("relayed vague source", "Moreau said some estimates put the cost of the repairs at $3 billion.",
     "$3 billion", Credit.VAGUE),
    ("relayed vague source", "Moreau said that, by some accounts, 300 dockers had quit.", "300", Credit.VAGUE),
    ("relayed vague source", "Moreau said experts believe the repairs could take 18 months.", "18",
     Credit.VAGUE),
    ("relayed vague source", "Moreau said the harbour master believes the repairs could take 18 months.",
     "18", Credit.ATTRIBUTED),
    ("relayed vague source", "Moreau said she paid someone who writes reports $400 a week.", "$400",
     Credit.ATTRIBUTED),
    # "They" in a vague speaker's report are the same unnamed people.
    ("they of a vague source", "Port officials say they have found nearly 200 stowaways since May.", "200",
     Credit.VAGUE),
    ("they of a vague source", "The port authority says they have found nearly 200 stowaways since May.", "200",
     Credit.ATTRIBUTED),
    # A kind of group, agency or workers in common nouns names none of them.
    ("kind of group", "More than 2,000 people have been detained since May, rights groups say.", "2,000",
     Credit.VAGUE),
    ("kind of group", "About 200,000 people have fled, aid agencies estimate.", "200,000", Credit.VAGUE),
    ("kind of group", "About 200,000 people have fled, UN aid agencies estimate.", "200,000",
     Credit.ATTRIBUTED),
    ("kind of group", "Some 18 bodies had been recovered, rescue workers said.", "18", Credit.VAGUE),
    # A relative clause reports its antecedent when the antecedent fills its gap.
    ("reported antecedent", "The port handled 40 ships, short of the 50 that the authority had predicted.",
     "50", Credit.ATTRIBUTED),
    ("reported antecedent", "The 300 jobs the union says were lost will not come back.", "300",
     Credit.ATTRIBUTED),
    ("reported antecedent", "The toll fell to 10 percent, which Moreau had proposed.", "10 percent",
     Credit.ATTRIBUTED),
    ("reported antecedent", "That was fewer than the 220,000 that economists had forecast.", "220,000",
     Credit.VAGUE),
    ("reported antecedent", "The harbour saw 30 applicants, which Moreau said were evenly split.", "30",
     Credit.NONE),
    ("reported antecedent", "She printed two signs she had found online.", "two", Credit.NONE),
    ("reported antecedent", "The 40 dockers Moreau told about the plan walked out.", "40", Credit.NONE),
    # One poll, survey, study or report with "a" and nothing that names who made it is vague.
    ("unnamed document", "A poll published on Monday found that 60 percent of dockers back the strike.",
     "60 percent", Credit.VAGUE),
    ("unnamed document", "A new survey shows 60 percent of dockers back the strike.", "60 percent", Credit.VAGUE),
    ("unnamed document", "A survey of 1,200 dockers found 60 percent back the strike.", "60 percent",
     Credit.VAGUE),
    ("unnamed document", "A survey by Norland Research shows 60 percent of dockers back the strike.",
     "60 percent", Credit.ATTRIBUTED),
    ("unnamed document", "A poll of Marisca dockers found 60 percent back the strike.", "60 percent",
     Credit.ATTRIBUTED),
    ("unnamed document", "The Gazette reported that, according to an analysis of its own records, 40 ships "
     "were delayed.", "40", Credit.ATTRIBUTED),
    ("unnamed document", "Figures published on Monday showed cargo fell 9 percent in May.", "9 percent",
     Credit.VAGUE),
    ("unnamed document", "Figures published by the port on Monday showed cargo fell 9 percent in May.",
     "9 percent", Credit.ATTRIBUTED),
    # An empty "there" with a passive reporting verb names nobody, as an empty "it" does.
    ("impersonal there", "There are thought to be about 400 stowaways on the ships.", "400", Credit.VAGUE),
    ("impersonal there", "There are about 400 stowaways on the ships.", "400", Credit.NONE),
    # What a vague source says a plan will do is the vague source's account.
    ("document in a vague report", "Critics say the plan will cost 300 jobs.", "300", Credit.VAGUE),
    ("document in a vague report", "Moreau says the plan will cost 300 jobs.", "300", Credit.ATTRIBUTED),
    ("document in a vague report", "The plan will cost 300 jobs.", "300", Credit.ATTRIBUTED),
    # A speech tag before a clause saying when or why; a verb the parser read as a noun.
    ("tag before narration", "Cargo will fall to 44 million tonnes, the port authority forecast on Friday, "
     "as the strike cut traffic.", "44 million", Credit.ATTRIBUTED),
    ("tag before narration", "Cargo will fall to 44 million tonnes, the port authority said on Friday, "
     "as 300 dockers walked out.", "300", Credit.NONE),
    ("tag before narration", "Cargo will fall to 44 million tonnes, the port authority forecast.",
     "44 million", Credit.ATTRIBUTED),
    ("tag before narration", "Cargo will fall to 44 million tonnes, below the port authority's forecast.",
     "44 million", Credit.NONE),
    ("tag before narration", "Cargo will fall to 44 million tonnes, matching the port authority forecast.",
     "44 million", Credit.NONE),
    # The meeting a source tells something to is its audience, narrated by the reporter.
    ("audience", "\"We will not go back,\" Moreau told a rally of 3,000 dockers.", "3,000", Credit.NONE),
    ("audience", "Moreau told a rally that 3,000 dockers had walked out.", "3,000", Credit.ATTRIBUTED),
    # A level a passive puts something at credits its agent, as an active verb credits its subject.
    ("passive level", "The damage was put at $3 million by the insurer.", "$3 million", Credit.ATTRIBUTED),
    ("passive level", "The catch was estimated at 40 tonnes by the coastguard.", "40", Credit.ATTRIBUTED),
    ("passive level", "The catch was estimated at 40 tonnes.", "40", Credit.VAGUE),
    # "based on" credits a report, data or a count; not any other basis.
    ("based on", "The deal values the port at $4 billion, based on Gazette calculations.", "$4 billion",
     Credit.ATTRIBUTED),
    ("based on", "Traffic will grow 3 percent, based on polls.", "3 percent", Credit.VAGUE),
    ("based on", "The fee is set at $40, based on a share of the profits.", "$40", Credit.NONE),
    # Estimates behind a field of work in common nouns name nobody.
    ("kind of estimate", "About 40 percent of the catch was lost, according to trade estimates.",
     "40 percent", Credit.VAGUE),
    ("kind of estimate", "About 40 percent of the catch was lost, according to the port authority's estimates.",
     "40 percent", Credit.ATTRIBUTED),
]


@pytest.mark.parametrize(("construction", "text", "figure", "credit"), CASES,
                         ids=[f"{c}-{f}-{k}" for k, (c, _t, f, _c) in enumerate(CASES)])
def test_credit(construction, text, figure, credit, nlp, lex):
    assert credit_of(text, figure, nlp, lex) is credit


LISTED = """# Port strike enters its second week

The harbour authority gave these figures on Monday:

- 40 ships are waiting to unload
- 12 of 30 berths are closed

Key facts from the ministry's report:

* Cargo fell 9% in May.
* Ferry traffic rose 4%.

Other ports are busier. Alder handled 1.2 million containers last year.

The damage shows when one reads how the Gazette covered the strike:

"We have lost 700 shifts," one sign said.
"""


def test_an_introduction_ending_in_a_colon_credits_the_list_after_it(nlp, lex):
    doc = build_document("draft.md", LISTED)
    analyse([doc], nlp, lex)
    credit = {f.text: f.credit for f in doc.figures}
    # a body handing over figures, and a named document, introduce every item of their list
    assert credit["40"] is credit["12 of 30"] is Credit.ATTRIBUTED
    assert credit["9%"] is credit["4%"] is Credit.ATTRIBUTED
    source = {f.text: f.attribution.source for f in doc.figures if f.attribution}
    assert source["40"] == "The harbour authority"
    # the paragraph after a list is the reporter's again
    assert credit["1.2 million"] is Credit.NONE
    # a subject that hands over nothing ("The damage shows …:") introduces no speaker
    assert source.get("700") != "The damage"


def test_a_paragraph_with_nothing_to_parse_ends_an_introduction(nlp, lex):
    text = ("Port news\n\nA look at the count, based on a Harbour Gazette tally:\n\nTHE NORTH QUAYS\n\n"
            "These are the quays the port owns outright.\n\nAlder: 1,769.\n")
    doc = build_document("draft.txt", text)
    analyse([doc], nlp, lex)
    assert [f.credit for f in doc.figures if f.text == "1,769"] == [Credit.NONE]


TABLES = """# Ships by port

Alder and Brill have grown.

| Port  | Ships |
|-------|-------|
| Alder | 40    |

Source: Harbour Authority

| Port  | Berths |
|-------|--------|
| Brill | 12     |

*Source: official figures*

Cargo rose 9% in May.

Source: Harbour Authority
"""


def test_a_source_line_under_a_table_credits_that_table_only(nlp, lex):
    doc = build_document("draft.md", TABLES)
    analyse([doc], nlp, lex)
    fig = {f.text: f for f in doc.figures}
    assert fig["40"].credit is Credit.ATTRIBUTED and fig["40"].attribution.source == "Harbour Authority"
    assert fig["12"].credit is Credit.VAGUE  # "official figures" names nobody
    # a paragraph's figure is not credited backwards by a line after it
    assert fig["9%"].credit is Credit.NONE


def test_of_two_vague_sources_the_people_who_speak_are_named_in_the_finding(nlp, lex):
    fig = figure_of("The council is expected to grant licences for 150,000 tonnes of fish, traders said.",
                    "150,000", nlp, lex)
    assert fig.credit is Credit.VAGUE
    assert fig.attribution.source == "traders"
