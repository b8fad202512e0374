"""Which kind of batch a file holds: from its name, else its sheet names, else its columns."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from accord.errors import InputFileError
from accord.intake.columns import COLUMNS, key, lookup
from accord.records import Kind


def named(text: str) -> Kind | None:
    """Return the kind a sheet name points to (``Offers``, ``Separation list``); else ``None``."""
    lowered = key(text)
    for kind in Kind:
        if lowered.startswith((kind.value, kind.value[:-1])):
            return kind
    return None


def from_file_name(path: Path) -> Kind | None:
    """Return the kind the file name starts with (``offers_june.xlsx``); ``None`` when none."""
    stem = path.stem.casefold()
    for kind in Kind:
        for prefix in (kind.value, kind.value[:-1]):
            rest = stem.removeprefix(prefix)
            if rest != stem and not rest[:1].isalpha():
                return kind
    return None


def _ambiguous(file_name: str, kinds: Sequence[Kind], where: str) -> InputFileError:
    names = " or ".join(k.value for k in kinds)
    first = kinds[0].value
    return InputFileError(
        f"{file_name} could hold {names} (judging by its {where}). Start the file name with "
        f"the kind, such as {first}_june.xlsx, or pass --kind {first}."
    )


def from_sheet_names(file_name: str, sheet_names: Sequence[str]) -> Kind | None:
    """Return the kind the sheet names point to; ``None`` when none; raise when they disagree."""
    found = list(dict.fromkeys(k for k in map(named, sheet_names) if k is not None))
    if len(found) > 1:
        raise _ambiguous(file_name, found, "sheet names")
    return found[0] if found else None


def from_columns(file_name: str, columns: Sequence[str]) -> Kind:
    """Return the only kind whose required columns are all present; raise when not exactly one."""
    keys = {key(c) for c in columns if c}
    complete = []
    partial = []
    for kind, known in COLUMNS.items():
        table = lookup(known)
        present = {table[k].name for k in keys if k in table}
        if all(c.name in present for c in known if c.required):
            complete.append(kind)
        elif known[0].name in present:  # the id column names the kind
            partial.append(kind)
    found = complete or partial
    if len(found) > 1:
        raise _ambiguous(file_name, found, "columns")
    if not found:
        raise InputFileError(
            f"{file_name} does not look like offers, separations or agreements. Start the file "
            "name with the kind, such as offers_june.xlsx, or pass --kind offers."
        )
    return found[0]


def detect_kind(path: Path, sheet_names: Sequence[str], columns: Sequence[str]) -> Kind:
    """Return the kind of batch in a file: its name wins, then its sheet names, then its columns.

    ``columns`` are the header cells of the sheet that would be read. Raises ``InputFileError``
    when the sheet names or the columns fit more than one kind, or none.
    """
    return (
        from_file_name(path)
        or from_sheet_names(path.name, sheet_names)
        or from_columns(path.name, columns)
    )
