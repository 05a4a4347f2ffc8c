"""Findings about attrlint's own comments in a draft rather than about the story (AT9xx)."""

from __future__ import annotations

from collections.abc import Iterable

from attrlint.rules.registry import Context, Finding, rule


@rule("AT900", "unused-suppression", "warning", "suppression comment that suppressed nothing",
      needs_nlp=False)
def unused_suppression(ctx: Context) -> Iterable[Finding]:
    """
    ## What it does
    Reports an `attrlint:` suppression comment that no longer hides any finding, names a rule that
    does not exist, or is not written in a form attrlint understands. It is the counterpart of
    ruff's RUF100 for `noqa` comments.

    A comment counts as used when it hides at least one finding of a rule it names. When it names
    several rules, the ones that hid nothing are listed. An `enable` comment is reported when no
    earlier `disable` is still in force for the rules it names. A comment that is misspelt
    (`disabel`), that names an unknown rule (`AT999`), or that gives no command is always reported.

    The forms attrlint reads are, in Markdown, HTML comments:
    `<!-- attrlint: disable AT101 -->` … `<!-- attrlint: enable AT101 -->`,
    `<!-- attrlint: disable-next-line AT101 -- reason -->` and `<!-- attrlint: disable-file -->`;
    in plain text, the same words on a line of their own starting with `attrlint:`.

    The check runs after all other rules, so this function itself finds nothing: the engine
    produces these findings once it has applied the suppression comments.

    ## Why is this bad?
    A suppression comment is a note from one editor to the next: "this figure was checked, leave it
    alone." Once the sentence it guarded is rewritten or cut, the note stays behind and silently
    hides whatever is written there next, including a new figure nobody has checked. A misspelt
    comment is worse: the writer believes a finding is dealt with when it is still there, or that a
    rule is switched off when it is not.

    ## Example
    ```markdown
    <!-- attrlint: disable-next-line AT101 -- council minutes checked by the desk -->
    The council voted to close the library on Fridays.
    ```
    The sentence the comment was written for, with its figure, has been cut; the comment now
    guards a sentence with nothing to hide.

    ## Use instead
    Delete the comment, or move it above the sentence it is meant for:
    ```markdown
    The council voted to close the library on Fridays.
    ```

    ## Decisions
    A suppression comment cannot hide AT900 findings, since they are about the suppression
    comments themselves. To stop these reports, add `AT900` (or `unused-suppression`) to `ignore`
    in the configuration, or to `per-file-ignores` for some files only.
    """
    return ()
