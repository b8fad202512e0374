"""The formula guard: which cell text a spreadsheet program would take for a formula.

Every .xlsx Accord writes (batch and master trackers, the digest, the follow-up report,
review/index.xlsx, rejects.xlsx) stores text as text and marks formula-like text with Excel's
quote prefix, so a value from HR's input such as ``=HYPERLINK(...)`` shows as written and
opening the file runs nothing. This module is the one definition of "formula-like".
"""

from __future__ import annotations

# OWASP's CSV injection list (=, +, -, @, tab, carriage return), and the full-width forms of the
# first four, which spreadsheet programs with an East Asian input method also read as formulas.
FORMULA_START = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\uff1d",  # FULLWIDTH EQUALS SIGN
    "\uff0b",  # FULLWIDTH PLUS SIGN
    "\uff0d",  # FULLWIDTH HYPHEN-MINUS
    "\uff20",  # FULLWIDTH COMMERCIAL AT
)


def is_formula_like(text: str) -> bool:
    """Return True when a spreadsheet program would read ``text`` as a formula; such text is
    written with a quote prefix (shown as typed, never run)."""
    return text.startswith(FORMULA_START)
