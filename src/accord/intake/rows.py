"""Turning rows of raw cells into typed values, collecting every problem of every row at once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from accord.errors import InputFileError, RowProblem, ValueProblem
from accord.intake import values as v
from accord.intake.columns import (
    Column,
    HeaderMatch,
    key,
    lookup,
    match,
    suggest,
    unrecognised,
)
from accord.intake.limits import Clock, Limits
from accord.intake.workbook import Row
from accord.ooxml.xml_text import forbidden_in

_HEADER_SEARCH = 20  # a title block above the header is common; a longer one is not a header
_EMPTY_FIX = "Fill it in and drop the file again."
_HIDDEN = "(not shown)"
_UNSEEN = object()
_MEMO_SIZE = 4096
# Bytes of a UTF-8 CSV file that are not UTF-8, as csvfile decodes them (lone surrogates).
_STRAY_BYTES = re.compile("[\udc80-\udcff]")
_NOT_UTF8 = ValueProblem(
    "holds bytes that are not UTF-8 text (the rest of the file is UTF-8)",
    "Retype the text of this cell, save the file as 'CSV UTF-8' and drop it again.",
)


@dataclass
class Table:
    """One sheet's header and an iterator over its data rows."""

    file_name: str
    sheet: str
    headers: list[str]
    header_row: int
    rows: Iterator[Row]
    skipped: int = 0  # non-blank rows above the header (a title block)
    positions: dict[str, int] = field(default_factory=dict)  # set by columns_of
    near_misses: list[str] = field(default_factory=list)  # set by columns_of


@dataclass
class Parsed:
    """One data row: its typed values, or the problems that keep it out."""

    row: int
    record_id: str
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    # (column as written in the file, code points): characters XML cannot hold, dropped.
    dropped: list[tuple[str, list[str]]] = field(default_factory=list)


def header_text(cell: v.Cell) -> str:
    """Return a header cell as text ('' for a blank one)."""
    try:
        return v.clean(v.display(cell))
    except ValueProblem:
        return ""


def table(file_name: str, sheet: str, rows: Iterator[Row], known: Sequence[Column]) -> Table:
    """Return the sheet's table, its header being the first row that names two known columns."""
    spellings = set(lookup(known))
    buffered: list[Row] = []
    for row in rows:
        buffered.append(row)
        if len(buffered) >= _HEADER_SEARCH:
            break
    if not buffered:
        raise InputFileError(f"{file_name} > {sheet} is empty. Fill it in and drop it again.")
    chosen = 0
    for index, (_, cells) in enumerate(buffered):
        if sum(key(header_text(c)) in spellings for c in cells) >= 2:
            chosen = index
            break
    header_row, cells = buffered[chosen]

    def data() -> Iterator[Row]:
        yield from buffered[chosen + 1 :]
        yield from rows

    headers = [header_text(c) for c in cells]
    return Table(file_name, sheet, headers, header_row, data(), skipped=chosen)


def columns_of(
    table_: Table,
    known: Sequence[Column],
    notes: list[str],
    ignore: frozenset[str] = frozenset(),
) -> HeaderMatch:
    """Return where each column is; note unknown headers; raise when required ones are missing.

    An unknown header close to a column the sheet lacks (``respnd by`` for ``respond_by``) is a
    near miss, kept in ``table_.near_misses`` as a problem of the file rather than a note, unless
    its :func:`~accord.intake.columns.key` is in ``ignore`` (the ``ignore_columns`` setting).
    """
    where = f"{table_.file_name} > {table_.sheet}"
    if table_.skipped:
        rows = "1 row" if table_.skipped == 1 else f"{table_.skipped} rows"
        notes.append(f"{rows} above the header (row {table_.header_row}) ignored")
    try:
        found = match(table_.headers, known)
    except ValueProblem as exc:
        raise InputFileError(f"{where}: {exc.problem}. {exc.fix}") from None
    table_.positions = found.positions
    spelled = lookup(known)
    plain: list[str] = []
    for header in found.unknown:
        close = suggest(header, known)
        near = spelled[key(close)].name if close else None
        if key(header) in ignore:
            notes.append(f"column '{header}' ignored (listed in ignore_columns)")
        elif close and near and near not in found.positions and near not in found.missing:
            table_.near_misses.append(_near_miss(table_.sheet, header, close, near))
        else:
            plain.append(header)
    hints = [unrecognised(h, known) for h in plain]
    notes.extend(hints[:10])
    if len(hints) > 10:
        notes.append(f"{len(hints) - 10} more columns in {table_.sheet} are not recognised.")
    if found.missing:
        names = ", ".join(found.missing)
        if len(found.missing) == 1:
            what = f"required column {names} is missing."
        else:
            what = f"required columns {names} are missing."
        those = "the column" if len(found.missing) == 1 else "the columns"
        related = [
            hint
            for header, hint in zip(plain, hints, strict=True)
            if (close := suggest(header, known)) and spelled[key(close)].name in found.missing
        ]
        extra = "".join(f" {hint}" for hint in related[:5])
        raise InputFileError(
            f"{where}: {what}{extra} Add or rename {those} (inputs/README.md lists "
            "every name Accord knows) and drop the file again."
        )
    return found


def _near_miss(sheet: str, header: str, close: str, name: str) -> str:
    return (
        f"{sheet}: column '{header}' is not recognised. Did you mean '{close}'? Without it no "
        f"row has a {name}, and the documents use what Accord does without one. Rename the "
        f"column to '{close}', or list '{header}' under ignore_columns in accord.yaml."
    )


def parse_rows(
    table_: Table,
    known: Sequence[Column],
    found: HeaderMatch,
    date1904: bool,
    limits: Limits,
    clock: Clock,
) -> Iterable[Parsed]:
    """Yield every data row parsed; raise ``InputFileError`` past the row limit."""
    id_column = known[0]
    present = [(c, found.positions[c.name]) for c in known if c.name in found.positions]
    # States, yes/no flags, titles and dates repeat down a column: parse each distinct cell once.
    memo: dict[str, dict[tuple[type, v.Cell], Any]] = {c.name: {} for c, _ in present}
    count = 0
    for row, cells in table_.rows:
        count += 1
        if count > limits.max_rows:
            raise InputFileError(
                f"{table_.file_name} has more than {limits.max_rows:,} rows. "
                "Split it into smaller files and drop them again."
            )
        if count % 1000 == 0:
            clock.check()
        width = len(cells)
        id_index = found.positions[id_column.name]
        parsed = Parsed(row, _id_text(cells[id_index] if id_index < width else None))
        for column, index in present:
            cell = cells[index] if index < width else None
            if type(cell) is str and (not cell.isprintable() or "_x" in cell):
                # Cheap tests first: nearly every cell is printable text without escapes.
                if _STRAY_BYTES.search(cell):
                    shown = _HIDDEN if column.private else _STRAY_BYTES.sub("\ufffd", cell)
                    parsed.problems.append(_problem(table_, parsed, column.name, shown, _NOT_UTF8))
                    continue
                dropped = forbidden_in(v.decode_escapes(cell))
                if dropped:
                    parsed.dropped.append((table_.headers[index], dropped))
            seen = memo[column.name]
            value = seen.get((type(cell), cell), _UNSEEN)
            if value is _UNSEEN:
                try:
                    value = column.parse(cell, date1904)
                except ValueProblem as exc:
                    value = exc
                if len(seen) < _MEMO_SIZE:
                    seen[(type(cell), cell)] = value
            if isinstance(value, ValueProblem):
                shown = _HIDDEN if column.private else v.display(cell)
                parsed.problems.append(_problem(table_, parsed, column.name, shown, value))
                continue
            if column.required and value in (None, ()):
                empty = ValueProblem("is empty", _EMPTY_FIX)
                parsed.problems.append(_problem(table_, parsed, column.name, "", empty))
            parsed.values[column.name] = value
        yield parsed


def _id_text(cell: v.Cell) -> str:
    try:
        return (v.text(cell) or "")[:64]
    except ValueProblem:
        return ""


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of the 0-based column ``index``: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _problem(
    table_: Table, parsed: Parsed, column: str, shown: str, exc: ValueProblem
) -> RowProblem:
    index = table_.positions.get(column)
    header = table_.headers[index] if index is not None else ""
    letter = column_letter(index) if index is not None else ""
    return RowProblem(
        table_.sheet,
        parsed.row,
        parsed.record_id,
        column,
        shown,
        exc.problem,
        exc.fix,
        header.strip(),
        letter,
    )


def add_problem(table_: Table, parsed: Parsed, column: str, problem: str, fix: str) -> None:
    """Record a problem that involves more than one cell (such as a pay range upside down)."""
    parsed.problems.append(row_problem(table_, parsed, column, problem, fix))


def row_problem(table_: Table, parsed: Parsed, column: str, problem: str, fix: str) -> RowProblem:
    """Return the problem of one row that :func:`add_problem` records (or a warning).

    Other columns named in ``problem`` and ``fix`` are shown by their headers as written.
    """
    value = parsed.values.get(column)
    # A typed amount or percentage as HR wrote it (150, not 1.5E+2).
    shown = format(value, "f") if isinstance(value, Decimal) else v.display(value)
    for name, index in table_.positions.items():
        if name != column and name in problem + fix:
            written = table_.headers[index].strip()
            problem = re.sub(rf"\b{name}\b", written, problem)
            fix = re.sub(rf"\b{name}\b", written, fix)
    return _problem(table_, parsed, column, shown, ValueProblem(problem, fix))


class RecordIds:
    """The record ids of the rows read so far, to name those that appear on more than one row.

    Rows are added one at a time as they are read, so no list of every row is needed: the file is
    judged by :meth:`check` once its last row has been added.
    """

    def __init__(self) -> None:
        # casefolded id -> (the id as first written, the row it was first on)
        self._first: dict[str, tuple[str, int]] = {}
        self._repeats: dict[str, list[int]] = {}

    @property
    def repeated(self) -> bool:
        """Return whether some id is already on more than one row (the file will be rejected)."""
        return bool(self._repeats)

    def add(self, item: Parsed) -> None:
        """Remember the row's id; a row without an id is reported by its own problem instead."""
        if not item.record_id:
            return
        folded = item.record_id.casefold()
        first = self._first.setdefault(folded, (item.record_id, item.row))
        if first[1] != item.row:
            self._repeats.setdefault(folded, [first[1]]).append(item.row)

    def check(self, table_: Table, id_column: str) -> None:
        """Return nothing; raise ``InputFileError`` naming the ids on more than one row."""
        if not self._repeats:
            return
        # In the order each id first appears, as a reader of the sheet meets them.
        repeated = sorted(self._repeats.items(), key=lambda pair: pair[1][0])
        listed = "; ".join(
            f"{self._first[rid][0]} in rows {', '.join(map(str, where))}"
            for rid, where in repeated[:5]
        )
        more = f" (and {len(repeated) - 5} more)" if len(repeated) > 5 else ""
        raise InputFileError(
            f"{table_.file_name} > {table_.sheet}: {id_column} is repeated: {listed}{more}. "
            f"Give every row its own {id_column} and drop the file again."
        )
