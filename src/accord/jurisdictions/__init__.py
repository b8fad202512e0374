"""Jurisdiction rules: law as data, resolved per place and applied as of a date."""

from accord.jurisdictions.deadline import business_days_after
from accord.jurisdictions.determination import BatchFacts, Determination, Finding, Severity
from accord.jurisdictions.place import PlaceProblem, resolve
from accord.jurisdictions.rulebook import RuleBook, load_rules, rules_version
from accord.jurisdictions.verdict import determine

__all__ = [
    "BatchFacts",
    "Determination",
    "Finding",
    "PlaceProblem",
    "RuleBook",
    "Severity",
    "business_days_after",
    "determine",
    "load_rules",
    "resolve",
    "rules_version",
]
