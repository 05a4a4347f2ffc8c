"""attrlint: a source-attribution linter for news drafts."""

__version__ = "0.1.0"
