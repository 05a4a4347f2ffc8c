"""The rules, by family; importing this package registers every rule in ``RULES``."""

from attrlint.rules import attribution, denials, digits, hygiene, meta, numbers, relations  # noqa: F401  (registration)
from attrlint.rules.registry import RULES, Context, Finding, Rule, rule

__all__ = ["RULES", "Context", "Finding", "Rule", "rule"]
