"""Each not-a-figure test of ``figures.NOT_A_FIGURE`` on its own: the number it describes is
set aside for its reason, and a figure in similar words is kept."""

from __future__ import annotations

import pytest

from attrlint.analysis import figures
from attrlint.analysis.figures import NOT_A_FIGURE, why_not_a_figure
from attrlint.analysis.numbers import scan
from attrlint.analysis.sites import NumberSite
from attrlint.lexicon import Lexicon


def site(text: str, number: str, lex: Lexicon) -> NumberSite:
    """The number written as ``number`` in ``text``, as the tests see it."""
    found = [ns for ns in scan(text) if ns.text == number]
    assert found, f"{number!r} is not a written number in {text!r}: {[ns.text for ns in scan(text)]}"
    return NumberSite(text, found[0], lex)


# (test, text, number, applies)
CASES = [
    (figures.ordinal, "It was the third vote this year.", "third", True),
    (figures.ordinal, "It took three votes.", "three", False),
    (figures.phone_or_long_number, "Readers can call 555-123-4567 with tips.", "555-123-4567", True),
    (figures.phone_or_long_number, "The port handled 4,567 ships.", "4,567", False),
    (figures.inside_markup, 'The chart <img width="640"> shows 12 ships.', "640", True),
    (figures.inside_markup, 'The chart <img width="640"> shows 12 ships.', "12", False),
    (figures.style_declaration, ".quay-photo { width:100%; padding: 4px; }", "100%", True),
    (figures.style_declaration, "The trust owns 100%; the city owns none.", "100%", False),
    (figures.number_word_in_name, "Dockers gathered at Ground Zero on Monday.", "Zero", True),
    (figures.number_word_in_name, "Seven ships left on Monday.", "Seven", False),
    (figures.named_standard, "The port missed the alliance's recommended 2 percent.", "2 percent", True),
    (figures.named_standard, "The port spent 2 percent of its budget.", "2 percent", False),
    (figures.title_of_work, "The band played “Harbour Lights (12 Nights)” at the quay.", "12", True),
    (figures.title_of_work, "“We lost 12 nights of work,” a docker said.", "12", False),
    (figures.relative_time, "The union won the past nine elections.", "nine", True),
    (figures.relative_time, "The union won nine elections.", "nine", False),
    (figures.date_shape, "The strike began on March 5 at the port.", "5", True),
    (figures.date_shape, "The strike closed 5 berths at the port.", "5", False),
    (figures.day_before_month, "The strike began on 5 March at the port.", "5", True),
    (figures.day_before_month, "The strike closed 5 berths in March.", "5", False),
    (figures.time_of_day, "The vote starts at 10 a.m. in the hall.", "10", True),
    (figures.time_of_day, "The vote drew 10 members to the hall.", "10", False),
    (figures.time_of_day, "Posted February 6, 2016 10:57PMHarbour vote delayed", "10", True),
    (figures.time_of_day, "The vote drew 10:57 odds, 10 PMs said.", "10", False),
    (figures.decade, "The port grew fastest in the 1990s.", "1990s", True),
    (figures.decade, "The port handled 1,990 ships.", "1,990", False),
    (figures.introduces_list, "Two questions: who pays, and when?", "Two", True),
    (figures.introduces_list, "Two questions remain unanswered.", "Two", False),
    (figures.introduces_list, "The harbour master has five children: Ada, Ben, Cal, Dee and Eve.", "five", False),
    (figures.counts_the_list_after, "There are three ways to end the dispute: by talks, by arbitration or by law.",
     "three", True),
    (figures.counts_the_list_after, "There are three ways to end the dispute.", "three", False),
    (figures.year, "The port opened in 2016.", "2016", True),
    (figures.year, "The army sent 2000 troops to the port.", "2000", False),
    (figures.year, "Between 1998 and 2003, the port doubled in size.", "1998 and 2003", True),
    (figures.year, "Between 1,998 and 2,003 ships called at the port.", "1,998 and 2,003", False),
    # a season or fiscal year written short; a range of counts is not one
    (figures.year, "The 2014-15 season was the port's busiest.", "2014-15", True),
    # the round base a rate is counted over; a count after "per" that is not round is a figure
    (figures.glued_to_letters, "Dockers with a 401(k) plan saved more.", "401", True),
    # "in" and a stretch of time that says when something will happen; a record window is a figure
    (figures.time_ahead, "The first council debate, in 10 days, will test Moreau.", "10", True),
    (figures.time_ahead, "The harbour vote in Alder in two weeks will be close.", "two", True),
    (figures.time_ahead, "The hearings begin in three weeks.", "three", True),
    (figures.time_ahead, "Cargo fell to its lowest level in five years.", "five", False),
    (figures.time_ahead, "The port will have its second strike in three years.", "three", False),
    (figures.time_ahead, "The port sold 235,000 permits in eight months.", "eight", False),
    (figures.time_ahead, "Moreau has never faced a close race in 24 years.", "24", False),
    (figures.year, "The crash of 2008-9 emptied the port.", "2008-9", True),
    (figures.idiom, "Moreau chose the lesser of two evils.", "two", True),
    (figures.rate_base, "Injuries ran at about 60 per 100,000 dockers.", "100,000", True),
    (figures.rate_base, "Fuel cost $2.86 per thousand cubic feet.", "thousand", True),
    (figures.rate_base, "The port charges $5 per 300 tonnes.", "300", False),
    (figures.rate_base, "The port handled 100,000 ships.", "100,000", False),
    # an age after "then", and two ages after two names
    (figures.age_after_name, "The board saw Moreau, then 44, as the right choice.", "44", True),
    (figures.age_after_name, "Brothers Ali and Omar Reza, 22 and 19, were at the quay.", "19", True),
    (figures.age_after_name, "Moreau, 40 and 50 ships left the quay.", "40", False),
    (figures.year, "The port will take on 2014-2500 extra hands.", "2014-2500", False),
    (figures.list_number, "3. Senators hold the key to the vote.", "3", True),
    (figures.list_number, "7", "7", True),
    # a listicle's number above its entry's title, joined to it in one paragraph
    (figures.list_number, "7\nMoreau On Why The Harbour Still Matters", "7", True),
    (figures.list_number, "7 Pilots Quit The Harbour In May, And 3 More Left Later", "7", True),
    (figures.list_number, "7 pilots quit the harbour in May, and 3 more left later.", "7", False),
    (figures.list_number, "3 senators hold the key to the vote.", "3", False),
    (figures.list_number, "30,000.", "30,000", False),
    (figures.list_number, "10 Ada Moreau.", "10", True),  # a ranked list's entry
    (figures.list_number, "10 ships.", "10", False),
    (figures.list_number, "10 Ada Moreau ships left the port.", "10", False),
    (figures.glued_to_letters, "Officials blamed COVID-19 for the losses.", "19", True),
    (figures.glued_to_letters, "The motion passed on a 2-to-1 vote.", "2", False),
    (figures.age_compound, "A 47-year-old docker was hurt.", "47", True),
    (figures.age_compound, "The port signed a 47-year lease.", "47", False),
    (figures.age_compound, "Dockers under the age of 30 left first.", "30", True),
    (figures.age_compound, "The 39-year old pilot was hurt.", "39", True),
    (figures.age_compound, "Moreau lost his 25 year-old son.", "25", True),
    (figures.age_compound, "The law bars 17-year-olds from the vote.", "17", True),
    (figures.age_compound, "The 39-year lease ends old disputes.", "39", False),
    (figures.rule_threshold, "Moreau is 40 short of the 1,237 delegates needed to win.", "1,237", True),
    (figures.rule_threshold, "Moreau won 332 votes, 62 more than the 270 needed to win.", "270", True),
    (figures.rule_threshold, "The bill fell short of the Senate's 60-vote threshold.", "60", True),
    (figures.rule_threshold, "Moreau won 40 delegates needed to stay in the race.", "40", False),
    (figures.rule_threshold, "The port has $2 billion needed to win approval.", "$2 billion", False),
    (figures.rule_threshold, "Moreau won by a 60-vote margin.", "60", False),
    (figures.named_group, "Leaders met at a Group of 20 meeting.", "20", True),
    (figures.named_group, "He wrote the Gang of Eight bill.", "Eight", True),
    (figures.named_group, "A group of 20 dockers marched.", "20", False),
    (figures.named_group, "Out of 542 dockers, 300 voted.", "542", False),
    (figures.age_compound, "The age of the fleet rose by 30 percent.", "30 percent", False),
    (figures.age_phrase, "The strike was led by Moreau, who is 47.", "47", True),
    (figures.age_phrase, "The strike was led by Moreau, who has 47 ships.", "47", False),
    (figures.age_after_name, "Scott, 43, said the port was quiet.", "43", True),
    (figures.age_after_name, "Scott said 43 ships were waiting.", "43", False),
    (figures.age_bracket, "Moreau won 84 percent of voters under 29.", "29", True),
    (figures.age_bracket, "Those over 45 backed Berg.", "45", True),
    (figures.age_bracket, "Those 30 and older split.", "30", True),
    (figures.age_bracket, "The rule covers adoptees younger than 18.", "18", True),
    (figures.age_bracket, "The ferry runs under 30 minutes.", "30", False),
    (figures.age_bracket, "Voters under 30 percent turnout stayed home.", "30 percent", False),
    (figures.age_bracket, "The port hired 45 and more dockers.", "45", False),
    (figures.descriptor_suffix, "A 12-member board runs the port.", "12", True),
    (figures.descriptor_suffix, "The mayor unveiled a 10-point plan for the port.", "10", True),
    (figures.descriptor_suffix, "The mayor holds a 15-point lead over her rival.", "15", False),
    (figures.descriptor_suffix, "The board has 12 members.", "12", False),
    (figures.duration_names_a_kind, "Hospitals missed the 18-week waiting standard.", "18", True),
    (figures.duration_names_a_kind, "Dockers face a 45-minute commute.", "45", False),
    (figures.number_word_compound, "Dockers fought a two-front war.", "two", True),
    (figures.number_word_compound, "Dockers took a two-mile walk.", "two", False),
    (figures.named_number, "Flight 370 never landed.", "370", True),
    (figures.named_number, "The motto comes from verse 71 of the harbour hymn.", "71", True),
    (figures.named_number, "The closure cost the region 300 jobs.", "300", False),
    # a docket number and a bill number are identifiers; a tally after a name is not
    (figures.named_number, "The appeal, No. 14-915, reached the harbour court in May.", "14-915", True),
    (figures.named_number, "The House passed H.R. 3762 on Friday.", "3762", True),
    (figures.named_number, "The harbour board backed the plan 14-9 on Friday.", "14-9", False),
    (figures.idiom, "The port's lawyers were too clever by half.", "half", True),
    (figures.idiom, "The union met one docker.", "one", False),
    (figures.duration_as_time, "The port closed two years ago.", "two", True),
    (figures.duration_as_time, "The port closed for two years.", "two", False),
    (figures.duration_as_time, "The port closed more than two years ago.", "two", True),
    (figures.duration_as_time, "Less than 24 hours later, the cranes stopped.", "24", True),
    (figures.duration_as_time, "The strike lasted more than two years.", "two", False),
    (figures.duration_as_time, "The quay was built a quarter-century ago.", "a quarter", True),
    (figures.duration_as_time, "The port lost a quarter of its trade.", "a quarter", False),
    (figures.duration_as_time, "The vote is more than two months away.", "two", True),
    (figures.duration_as_time, "The quay is more than two miles away.", "two", False),
    (figures.one_in_count_list, "The panel had four Protestants and one Greek Orthodox.", "one", True),
    (figures.one_in_count_list, "One of the dockers left.", "One", False),
    (figures.one_as_pronoun, "The port hired one who had complained.", "one", True),
    (figures.one_as_pronoun, "Only one docker left.", "one", False),
    (figures.rank, "The two largest unions walked out.", "two", True),
    (figures.rank, "Two unions walked out.", "Two", False),
    # "top" before a number names a band of a ranking, not a count
    (figures.rank, "Moreau failed to break into the top three in Alder.", "three", True),
    (figures.rank, "Most of the gains went to the top 1 percent of earners.", "1 percent", True),
    (figures.rank, "The top rate rose to 10 percent.", "10 percent", False),
    (figures.rank, "Moreau topped 300 votes in Alder.", "300", False),
    (figures.rank, "Pilots repaired the backstop 3 times in May.", "3 times", False),
    (figures.points_back, "The three presidential debates drew crowds.", "three", True),
    (figures.points_back, "He survived his six bankruptcies.", "six", False),
    (figures.points_back, "Moreau won the first four states.", "four", True),
    (figures.points_back, "The latter two groups backed Berg.", "two", True),
    (figures.points_back, "The first 40 ships left.", "40", False),
    (figures.introduces_names, "The port fired two crane drivers, Anna Berg and Tomas Lind.", "two", True),
    (figures.introduces_names, "The port fired two crane drivers on Monday.", "two", False),
    # a count that renames the list just before it points back; a share of it or a colon's count does not
    (figures.introduces_names, "Moreau won in Alder and Brill, two ports that had backed Okafor.", "two", True),
    (figures.introduces_names, "Dockers and pilots - two groups that rarely agree - backed the strike.", "two",
     True),
    (figures.introduces_names, "The union hired pilots and dockers, two of whom left.", "two", False),
    (figures.introduces_names, "The union won in three ports: Alder, Brill and Cove.", "three", False),
    (figures.introduces_names, "The company runs three rival ports, Alder, Brill and Cove, on the coast.",
     "three", True),
    # names with a title or role before them, after a longer description of the count
    (figures.introduces_names, "Two harbour pilots from the northern ports, Capt. Anna Berg (Alder) and former "
     "union leader Tomas Lind, resigned.", "Two", True),
    # names that begin the main clause after a phrase are not the count's
    (figures.introduces_names, "In the last two council debates, Berg and Lind clashed over dues.", "two", False),
    (figures.introduces_names, "The port hired two pilots, while harbour master Anna Berg and Tomas Lind "
     "hired none.", "two", False),
    (figures.numbers_a_rubric, "UPDATE 2 - The port fired 40 crane drivers.", "2", True),
    (figures.numbers_a_rubric, "UPDATE 2 - The port fired 40 crane drivers.", "40", False),
]


@pytest.mark.parametrize(("test", "text", "number", "applies"), CASES,
                         ids=[f"{t.__name__}-{'yes' if a else 'no'}-{i}" for i, (t, _x, _n, a) in enumerate(CASES)])
def test_each_reason_on_its_own(test, text, number, applies, lex):
    assert test(site(text, number, lex)) is applies


@pytest.mark.parametrize(("test", "text", "number"), [(t, x, n) for t, x, n, a in CASES if a],
                         ids=[t.__name__ for t, _x, _n, a in CASES if a])
def test_the_table_gives_that_reason(test, text, number, lex):
    reason = dict((fn, r) for r, fn in NOT_A_FIGURE)[test]
    ns = site(text, number, lex).ns
    assert why_not_a_figure(text, ns, lex) == (reason, test.__name__)


def test_every_reason_in_the_table_is_tested():
    tested_yes = {t for t, _x, _n, a in CASES if a}
    tested_no = {t for t, _x, _n, a in CASES if not a}
    assert {fn for _r, fn in NOT_A_FIGURE} == tested_yes == tested_no


def test_a_plain_count_is_a_figure(lex):
    text = "The strike idled 4,000 dockers."
    assert why_not_a_figure(text, site(text, "4,000", lex).ns, lex) == (None, "")


def test_a_number_alone_in_a_table_cell_is_the_tables_figure(lex):
    (ns,) = scan("49")
    assert why_not_a_figure("49", ns, lex) == ("enumeration", "list_number")
    assert why_not_a_figure("49", ns, lex, in_table=True) == (None, "")


def _extended(lex: Lexicon, name: str, *words: str) -> Lexicon:
    return Lexicon.from_lists({**lex.lists, name: lex[name] | set(words)})


def test_a_desk_extends_the_nouns_that_make_a_year_shaped_number_a_count(lex):
    text = "The port handled 2000 ships in the storm."
    assert figures.year(site(text, "2000", lex))
    assert not figures.year(site(text, "2000", _extended(lex, "year-shaped-count-nouns", "ships")))


def test_a_desk_extends_the_adjectives_of_a_named_standard(lex):
    text = "The union's preferred 2 percent was ignored."
    assert not figures.named_standard(site(text, "2 percent", lex))
    assert figures.named_standard(site(text, "2 percent", _extended(lex, "standard-adjectives", "preferred")))
