"""Value parsers: one small function per kind of cell, each raising :class:`ValueProblem`.

Every parser takes a raw cell as the reader gives it (text from a CSV, or a typed Excel value:
number, date, bool) and returns the typed value, or ``None`` when the cell is blank; whether a blank
is allowed is decided by the caller. Problems are phrased to follow the column name
(``start_date is not a date``) and never repeat the value, so the message is safe to log.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from accord.errors import ValueProblem
from accord.intake.states import STATE_BY_KEY, STATE_NAMES, name_key
from accord.ooxml.xml_text import xml_safe


@dataclass(frozen=True)
class ErrorCell:
    """A cell holding a spreadsheet error such as ``#N/A`` or ``#DIV/0!``."""

    code: str = ""  # empty when the reader cannot tell which error it is


Cell = str | int | float | bool | date | time | timedelta | ErrorCell | None

ERROR_CODES = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
MAX_TEXT = 32_767  # Excel's own limit for one cell
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def display(raw: Cell) -> str:
    """Return the cell as HR would see it, for rejects.xlsx and the terminal."""
    if type(raw) is str:
        return raw
    if raw is None:
        return ""
    if isinstance(raw, ErrorCell):
        return raw.code or "#ERROR"
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() and abs(raw) < 1e15 else repr(raw)
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, date | time):
        return raw.isoformat()
    return str(raw)


def _raw_text(raw: Cell) -> str:
    text = display(raw)
    if isinstance(raw, ErrorCell) or ("#" in text and text.strip() in ERROR_CODES):
        what = (
            f"the spreadsheet error {text.strip()}" if text != "#ERROR" else "a spreadsheet error"
        )
        raise ValueProblem(
            f"holds {what}", "Fix the formula or type the value in, and drop the file again."
        )
    return text


def decode_escapes(text: str) -> str:
    """Return ``text`` with Excel's ``_xHHHH_`` escapes decoded (``text`` when it has none)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def clean(text: str) -> str:
    """Return ``text`` with Excel escapes decoded, control characters dropped, NFC and stripped."""
    # Each step is skipped when a cheap test shows it would change nothing: a batch has millions
    # of cells, nearly all plain.
    text = decode_escapes(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = xml_safe(text)  # the characters XML cannot hold; tabs and new lines stay
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.strip()


def text(raw: Cell, *, multiline: bool = False) -> str | None:
    """Return the cleaned text of a cell; ``None`` when it is blank."""
    value = clean(_raw_text(raw))
    if len(value) > MAX_TEXT:
        raise ValueProblem(
            f"is longer than {MAX_TEXT:,} characters", "Shorten it and drop the file again."
        )
    if not multiline and ("  " in value or not value.isprintable()):
        value = " ".join(value.split())
    return value or None


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def identifier(raw: Cell) -> str | None:
    """Return an id as text, leading zeros kept; ``None`` when blank."""
    value = text(raw)
    if value is None:
        return None
    if not _ID.fullmatch(value):
        raise ValueProblem(
            "is not a usable id",
            "Use up to 64 letters, digits, '.', '-' or '_' (for example E01023).",
        )
    if value.split(".", 1)[0].upper() in _WINDOWS_RESERVED:
        # The id names the record's folder, and batches end up on Windows shares.
        raise ValueProblem(
            "is a name Windows keeps for devices (CON, PRN, AUX, NUL, COM0-9, LPT0-9), so its "
            "documents' folder could not be opened there",
            "Give the row another id, for example with a prefix (E-CON), and drop the file again.",
        )
    return value


_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(10)}
)


def text_list(raw: Cell) -> tuple[str, ...]:
    """Return the items of a list cell, split on new lines or ';'; empty when blank."""
    value = text(raw, multiline=True) or ""
    items = (item.strip().lstrip("•·").strip() for item in re.split(r"[\n;]", value))
    return tuple(" ".join(item.split()) for item in items if item)


_MONEY = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?|\.\d{1,2}")
_MONEY_FIX = "Write the amount in dollars, such as 85000 or $85,000.00."


def _number_cell(raw: Cell) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return None
        return Decimal(int(raw)) if raw.is_integer() else Decimal(repr(raw))
    return None


def _cents(amount: Decimal) -> Decimal:
    cents = amount.quantize(Decimal("0.01"))
    # Excel arithmetic leaves float noise (85000.00000000001); a real fraction of a cent is wrong.
    if abs(cents - amount) > Decimal("0.000001"):
        raise ValueProblem("has fractions of a cent", "Round it to whole cents.")
    return cents


def money(raw: Cell) -> Decimal | None:
    """Return a non-negative dollar amount rounded to cents; ``None`` when blank."""
    number = _number_cell(raw)
    if number is None:
        if isinstance(raw, bool | date | time | timedelta):
            raise ValueProblem("is not an amount of money", _MONEY_FIX)
        value = text(raw)
        if value is None:
            return None
        compact = value.replace(" ", "").upper()
        for mark in ("US$", "USD", "$"):
            compact = compact.removeprefix(mark).removesuffix(mark)
        if compact.startswith(("-", "(")) and _MONEY.fullmatch(compact.strip("-()")):
            raise ValueProblem("is negative", "Write the amount without a minus sign.")
        if not _MONEY.fullmatch(compact):
            raise ValueProblem("is not an amount of money", _MONEY_FIX)
        number = Decimal(compact.replace(",", ""))
    if number < 0:
        raise ValueProblem("is negative", "Write the amount without a minus sign.")
    if number >= Decimal("1e12"):
        raise ValueProblem("is too large to be an amount", _MONEY_FIX)
    return _cents(number)


def _plain_number(raw: Cell, fix: str) -> Decimal | None:
    number = _number_cell(raw)
    if number is not None:
        return number
    if isinstance(raw, bool | date | time | timedelta):
        raise ValueProblem("is not a number", fix)
    value = text(raw)
    if value is None:
        return None
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise ValueProblem("is not a number", fix) from None
    if not number.is_finite():
        raise ValueProblem("is not a number", fix)
    return number


def number(raw: Cell) -> Decimal | None:
    """Return a non-negative decimal number (such as severance weeks); ``None`` when blank."""
    fix = "Write a number such as 12 or 2.5."
    value = _plain_number(raw, fix)
    if value is not None and not Decimal(0) <= value < Decimal(100_000):
        raise ValueProblem("is out of range", "Write a number between 0 and 99,999.")
    return value


def percent(raw: Cell) -> Decimal | None:
    """Return a percentage as a number of percent (10 means 10%); ``None`` when blank.

    A percent-formatted Excel cell stores a fraction (0.1 for 10%), so numbers below 1 are read
    as fractions; text such as ``10%`` or ``10`` is read as percent.
    """
    fix = "Write a percentage such as 10% or 10."
    if isinstance(raw, str) and raw.strip().endswith("%"):
        value = _plain_number(raw.strip()[:-1], fix)
    else:
        value = _plain_number(raw, fix)
        if value is not None and not isinstance(raw, str) and value < 1:
            value *= 100
    if value is not None and not Decimal(0) <= value <= Decimal(1000):
        raise ValueProblem("is out of range", "Write a percentage between 0% and 1000%.")
    return None if value is None else value.normalize()


def whole_number(raw: Cell, low: int, high: int) -> int | None:
    """Return a whole number between ``low`` and ``high``; ``None`` when blank."""
    fix = f"Write a whole number from {low} to {high}."
    value = _plain_number(raw, fix)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValueProblem("is not a whole number", fix)
    if not low <= value <= high:
        raise ValueProblem("is out of range", fix)
    return int(value)


_TRUE = frozenset({"yes", "y", "true", "t", "x", "1", "✓", "✔"})
_FALSE = frozenset({"no", "n", "false", "f", "0"})


def boolean(raw: Cell) -> bool | None:
    """Return yes/no as a bool; ``None`` when blank."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    value = text(raw)
    if value is None:
        return None
    key = value.casefold().rstrip(".")
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueProblem("is not yes or no", "Write yes or no (y/n, true/false, 1/0 or x also work).")


def state(raw: Cell) -> str | None:
    """Return the two-letter code of a US state or DC, from a code or a full name."""
    value = text(raw)
    if value is None:
        return None
    key = name_key(value)
    if key in STATE_BY_KEY:
        return STATE_BY_KEY[key]
    names = {name_key(n): code for code, n in STATE_NAMES.items()}
    close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
    hint = f" Did you mean {names[close[0]]} ({STATE_NAMES[names[close[0]]]})?" if close else ""
    raise ValueProblem(
        "is not a US state",
        f"Write the two-letter code (CA) or the full name (California).{hint}",
    )


def choice(raw: Cell, options: Mapping[str, str]) -> str | None:
    """Return the canonical option a cell names; ``options`` maps spellings to canonical values."""
    value = text(raw)
    if value is None:
        return None
    key = re.sub(r"[\W_]+", "", value.casefold())
    for spelling, canonical in options.items():
        if key == re.sub(r"[\W_]+", "", spelling.casefold()):
            return canonical
    allowed = ", ".join(dict.fromkeys(options.values()))
    raise ValueProblem("is not one of the allowed values", f"Write one of: {allowed}.")


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


def email(raw: Cell) -> str | None:
    """Return an e-mail address; ``None`` when blank."""
    value = text(raw)
    if value is not None and not _EMAIL.fullmatch(value):
        raise ValueProblem("is not an e-mail address", "Write it as name@example.com.")
    return value


def day_counts(raw: Cell) -> tuple[int, ...] | None:
    """Return a list of day counts such as ``30, 60, 90``; ``None`` when blank."""
    value = text(raw, multiline=True)
    if value is None:
        return None
    parts = [p for p in re.split(r"[\s,;]+", value) if p]
    fix = "Write whole numbers of days separated by commas, such as 30, 60, 90."
    if not all(p.isdecimal() and 0 < int(p) <= 3650 for p in parts):
        raise ValueProblem("is not a list of day counts", fix)
    return tuple(sorted({int(p) for p in parts}))
