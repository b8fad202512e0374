"""Jurisdiction rules: law as data, resolved per place and applied as of a date."""

from accord.jurisdictions.determination import BatchFacts, Determination, Finding, Severity

__all__ = ["BatchFacts", "Determination", "Finding", "Severity"]
