"""AT101–AT103: figures and quotations nobody is credited for (policy §1–§2)."""

from __future__ import annotations

from collections.abc import Iterator

from attrlint.model import Credit, FigureMention
from attrlint.rules.registry import Context, Finding, rule


def _suggestion(ctx: Context, fig: FigureMention) -> tuple[str | None, str | None]:
    """Where the fact file knows who gave this figure, say whom to credit."""
    if ctx.facts is None:
        return None, None
    from attrlint.analysis.factmatch import facts_for_value

    for fact in facts_for_value(ctx.facts, fig):
        name = ctx.facts.display_name(fact.source)
        where = ctx.facts_path or "the fact file"
        return f"credit {name} ({where}, fact {fact.id})", fact.id
    return None, None


def _in_scope(fig: FigureMention) -> bool:
    return fig.sentence.block.kind.is_prose


@rule("AT101", "unattributed-figure", "error", "figure with no credited source")
def unattributed_figure(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Flags a figure — a count, amount, rate, share, range or multiplier that states a quantity
    about the world — that no source is credited for: no "X said", no "according to X", no
    quotation whose speaker is named, and no attribution carried over from the sentence before
    in the same paragraph.

    ## Why is this bad?
    An uncredited number reads as the newsroom's own claim. If it is wrong, the publication
    owns the error; if it is contested, readers cannot judge it. Editors and lawyers ask the same
    first question of every number: who says so?

    ## Example
    ```
    North Korea has sent up to 12,000 troops to Russia.
    ```

    ## Use instead
    ```
    North Korea has sent up to 12,000 troops to Russia, Ukraine's president said.
    ```

    ## Decisions
    What counts as a figure and as attribution is set out in the attribution policy (`docs/policy.md`); below
    are the cases reporters ask about most. Not figures, never flagged: dates, years, times, ages, ordinals,
    identifiers ("Flight 370", "Article 5"), counts inside fixed names ("the 27-member European Union", "the
    Group of 20"), a count the rules of a vote fix ("the 1,237 delegates needed to win"), "one" used as a
    pronoun, elapsed time that places an event ("two years ago"), numbers describing the source itself ("two
    officials said", "a 46-page report", a poll's or study's sample: "a survey of 1,200 voters", "the university
    surveyed 950 pilots", "the researchers followed 2,110 adults"), idioms, and numbers in headlines, headings,
    datelines, bylines, captions and code. A reporting clause at the end of the sentence credits it even when it
    says when or how the source spoke ("…, the ministry said in a statement."), or before a clause saying when
    or why ("…, the ministry forecast, as the war cut sowing."); so do "As the Gazette noted, …", "…, as the
    Gazette reported." (not "As Moreau said she would, …") and a relative clause that reports its antecedent
    ("the 50 the authority had predicted"; not "30 applicants, which she said were split"). Attribution carries
    to the next sentence of the same paragraph only when it continues the same report (a pronoun or the same
    source as subject, or "That estimate …"). Where the policy is silent: numbers in a question without
    quotation marks, in an instruction or advice to the reader ("Set aside $200 a month", "your $2,000") or in a
    worked example are not claims; a short "X continued:" paragraph credits the quotation after it, and "The
    authority gave these figures:" the list after it; the occasion a source spoke at or its audience ("Speaking
    to 2,000 dockers, X said", "… at a rally of 4,000", "X told a rally of 2,000 that …") and a joined clause
    with another subject ("…, but the operator would hold pay at 2%") are the reporter's narration, not the
    source's report, and are flagged; so is a phrase set off before the speaker ("After watching for two hours,
    X said …", "Like many of the 12 million dockers, X says …"). A poll's answer given as the subject of its own
    reporting verb ("Six in 10 voters said …, and three-quarters said …") is the poll's claim, not credited by
    the other clause, unless a source covers the whole sentence ("…, according to the union's poll"); a report
    inside "what X said" or "than X expected" covers only its own words ("about double what X said she expected"
    is flagged). "100 percent sure" and "100% behind him" are idioms; "owns 100% of the company" and "won 100
    percent of the vote" are figures. A named party's decision or undertaking credits the figure in it ("the
    board decided to cut 40 jobs", "ordered the port to close three berths"), but an act the reporter narrates
    does not ("the council ordered 40 buses", "a fine imposed by the agency"); a transcript turn ("OKAFOR: We
    moved 300 …") and a quotation signed with a dash ("…" ― Ada Moreau) credit the speaker named; so does a
    claim, plan or view the subject voices ("Okafor voiced fears that 300 jobs would go"), and an owner's target
    or goal ("the central bank's 2 percent target"). The reporter's sum over a request ("So send us … That's 10
    numbers") and what follows "let alone" are not claims. Attribution never runs backwards to a sentence before
    its reporting clause. A specific document's terms credit it ("the licence allows up to 40,000", "a bill that
    would triple the cap", "Under the plan, 300 jobs go"), a named poll every result of its clause ("18 percent
    have a favourable view of her in the Gazette poll"), and "By the Gazette's tally, …" the sentence it opens.
    Public record needs no source and is not flagged: a named body's vote tally ("the council voted 7-2"), a
    court's sentence or fine, the charges filed, the amount of a budget as adopted, an interest rate a central
    bank set ("raised its benchmark rate by a quarter point to 5.5 percent"), and market data as of a quote time
    ("The index closed at 4,512", "Wheat rose 2 percent to $6.12"); `--explain` says which it is (an election's
    results, a forecast and a company's reported result still need a source). A label in front of a paragraph
    ("UPDATE:", "BREAKING:", "UPDATE 2 -", an emoji) changes nothing. When a fact file records who gave the
    figure, the finding names the source to credit.

    ## Word lists
    Extend the word lists with a lexicon file (`lexicons = ["my-words.toml"]`; lists such as
    `reporting-verbs`, `source-prepositions`, `expressing-verbs`, `non-speaker-labels`,
    `specific-documents`, `document-terms-verbs`, and the public-record lists of
    `rules/record.toml` such as `record-bodies`, `vote-verbs`, `court-verbs`, `market-instruments`).
    """
    for fig in ctx.document.figures:
        if fig.credit is Credit.NONE and _in_scope(fig):
            suggestion, fact = _suggestion(ctx, fig)
            msg = f'"{fig.display}" has no source: say who gives this figure'
            if suggestion:
                msg = f'"{fig.display}" has no source — {suggestion}'
            yield Finding(fig.start, fig.end, msg, suggestion, fact)


@rule("AT102", "vague-attribution", "warning", "figure credited only to a vague source")
def vague_attribution(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Flags a figure credited only to a source nobody can identify: "experts say", "reports
    suggest", "it is believed", "sources said", "some estimate", bare "officials said" with no
    body named, a slice of a people or party picked out by a quantifier ("many
    Norwegians believe", "some Liberals say"), and passives with no agent ("is estimated at").

    ## Why is this bad?
    A vague source cannot be checked or challenged. Readers cannot weigh a figure when they
    cannot tell whether it comes from a ministry, a lobby group or a rumour.

    ## Example
    ```
    Analysts say the queue costs shipping lines $1.5 million a day.
    ```

    ## Use instead
    ```
    Analysts at Harbour Economics say the queue costs shipping lines $1.5 million a day.
    ```

    ## Decisions
    A described anonymous source ("a senior official who was not authorised to speak") and a
    body named anywhere in the source ("officials at the labour ministry", "U.S. officials")
    are identifiable. A trade or profession with only a field of work in front of it ("market
    watchers", "oil traders", bare "lawyers") names no body and stays vague, and so does a kind
    of body written in common nouns in front of its officials or sources ("campaign officials",
    "port officials", "a labour official": which kind, not which one) or of groups, agencies and
    workers ("rights groups", "aid agencies", "rescue workers"); so does an empty "it" or
    "there" with a passive verb ("it is understood that …", "there are thought to be 400 …").
    An unnamed poll is vague ("recent polling shows", "polls show", "exit polls"), and so is
    one poll, survey, study or report with "a" and nothing that says who made it ("a new
    poll found", "a survey published on Monday", "a survey of 1,200 pilots"); a poll named or
    pointed at ("the Harbour Gazette poll", "the poll", "polling by the union") is not.
    A vague source a named speaker passes on stays vague ("Moreau said some estimates put the
    cost at $3 billion", "… said experts believe …"), "they" in a vague source's report
    are the same people ("Port officials say they have found 200 …"), and what a vague
    source says a plan will do is its own account ("critics say the plan will cost 300 jobs").

    ## Word lists
    The vague words live in `rules/sources.toml` (`vague-heads`, `vague-determiners`,
    `impersonal-verbs`, `profession-heads`, `trade-fields`, `unnamed-kind-heads`) and can be
    extended with a lexicon file.
    """
    for fig in ctx.document.figures:
        if fig.credit is Credit.VAGUE and _in_scope(fig) and fig.attribution is not None:
            suggestion, fact = _suggestion(ctx, fig)
            msg = f'"{fig.display}" is credited only to a vague source ("{fig.attribution.source}")'
            if suggestion:
                msg += f" — {suggestion}"
            else:
                msg += ": name who gives it"
            yield Finding(fig.start, fig.end, msg, suggestion, fact)


@rule("AT103", "unattributed-quote", "warning", "direct quotation with no speaker")
def unattributed_quote(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Flags a direct quotation of a full clause with no identifiable speaker in its sentence, the
    adjacent sentence of the same paragraph, or — for a paragraph that is only a quotation —
    the quotation just before it.

    ## Why is this bad?
    Quotation marks promise the reader that someone said exactly these words. A quotation with
    no speaker is a claim in the newsroom's voice dressed as somebody else's.

    ## Example
    ```
    "We will not go back until the plan is withdrawn."
    ```

    ## Use instead
    ```
    "We will not go back until the plan is withdrawn," union secretary Ilse Marchetti said.
    ```

    ## Decisions
    Short quoted phrases (fewer than five words, such as "fake news") are treated as scare
    quotes or titles and never flagged. A speaker and a bare verb beside the quotation name its
    speaker whatever the verb ("…," she continued). A quotation that runs over several
    paragraphs (each paragraph opens with a quote mark, only the last one closes) belongs to the
    speaker named at its end, or else at its start, and none of its paragraphs is flagged.
    Only a quotation that stands as a sentence of its own is flagged: one woven into the
    reporter's sentence ("attacked “the reckless plan to …”") or introduced by a clause and a
    colon is already placed by that sentence. A quoted title, every word capitalised, is not a
    quotation of speech. Two apostrophes (or two backquotes to open) count as a double quote
    mark, as in text that passed through systems without curly quotes.
    """
    for q in ctx.document.quotes:
        if q.speaker is None and q.full and q.opens_sentence and q.sentence.block.kind.is_prose:
            yield Finding(q.start, q.end, "this quotation has no speaker: say who said it")
