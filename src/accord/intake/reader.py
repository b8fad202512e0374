"""Reading one input file into typed records, or into the list of what HR must fix."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from accord.errors import InputFileError, RowProblem
from accord.intake import kinds
from accord.intake.columns import COLUMNS, DECISIONAL_UNIT_COLUMNS, DECISIONAL_UNIT_SHEET, key
from accord.intake.limits import Clock, Limits, damaged
from accord.intake.plausible import implausible
from accord.intake.rows import (
    Parsed,
    RecordIds,
    Table,
    add_problem,
    columns_of,
    parse_rows,
    row_problem,
    table,
)
from accord.intake.workbook import Row, Workbook, open_workbook
from accord.jurisdictions.place import PlaceProblem, resolve
from accord.records import RECORD_TYPES, DecisionalUnitMember, Kind, Record
from accord.settings import ignore_columns

# Takes each accepted record in row order: a list's append, or a writer into staging.
RecordSink = Callable[[Record], None]


@dataclass
class IntakeResult:
    """What one file gave: how many records were accepted, every problem of the rejected rows, and
    notes. The records themselves went to a sink (:func:`read_batch_to`); :func:`read_batch` keeps
    them in :class:`ReadBatch`.
    """

    path: Path
    kind: Kind
    sheet: str
    problems: list[RowProblem]
    notes: list[str] = field(default_factory=list)
    # Headers close to a column the file lacks: a problem of the file (see columns_of).
    near_misses: list[str] = field(default_factory=list)
    # Implausible values of accepted rows (accord.intake.plausible): to check, not rejected.
    warnings: list[RowProblem] = field(default_factory=list)
    decisional_unit: tuple[DecisionalUnitMember, ...] = ()
    total_rows: int = 0
    accepted: int = 0

    @property
    def rejected_rows(self) -> int:
        """Return how many rows (on any sheet) have at least one problem."""
        return len({(p.sheet, p.row) for p in self.problems})


@dataclass
class ReadBatch(IntakeResult):
    """What :func:`read_batch` gave: an :class:`IntakeResult` with the accepted records in row order."""

    records: list[Record] = field(default_factory=list)


def read_batch(
    path: Path,
    kind: Kind | None = None,
    limits: Limits = Limits(),  # noqa: B008
    as_of: date | None = None,
) -> ReadBatch:
    """Return the typed records of one input file and the problems of the rows left out.

    ``kind`` overrides detection (``--kind``); ``as_of`` is the date the letters carry, for the
    warnings that compare with it (:mod:`accord.intake.plausible`). Raises ``InputFileError``, with one message naming
    the file and the fix, when the whole file must be rejected: unknown kind, missing columns,
    repeated ids, empty, encrypted, damaged or over ``limits``.
    """
    records: list[Record] = []
    result = read_batch_to(path, records.append, kind, limits, as_of)
    return ReadBatch(**vars(result), records=records)


def read_batch_to(
    path: Path,
    sink: RecordSink,
    kind: Kind | None = None,
    limits: Limits = Limits(),  # noqa: B008
    as_of: date | None = None,
) -> IntakeResult:
    """Return what one input file gave, its accepted records handed to ``sink`` as they are read.

    Records reach ``sink`` in row order, each once its row is known to be accepted, so no list of
    the batch is held. Raises ``InputFileError`` as
    :func:`read_batch` does, possibly after some records went to ``sink``: those belong to a
    rejected file and must be discarded. An exception raised by ``sink`` propagates unchanged.
    """
    path = Path(path)
    ignore = ignore_columns()  # a bad settings file is its own error, not the input's
    try:
        return _read(path, kind, limits, sink, ignore, as_of)
    except InputFileError:
        raise
    except _SinkFailed as failed:
        raise failed.error from None
    except Exception as exc:
        # Hostile files reach corners of the readers no test has seen; whatever breaks there, the
        # user gets the one-line answer (and --debug still shows the chained traceback).
        raise InputFileError(damaged(path.name)) from exc


class _SinkFailed(Exception):
    """The sink's own error (a full disk, say), kept apart from failures to read the file."""

    def __init__(self, error: Exception) -> None:
        super().__init__(type(error).__name__)
        self.error = error


def _read(
    path: Path,
    kind: Kind | None,
    limits: Limits,
    sink: RecordSink,
    ignore: frozenset[str],
    as_of: date | None,
) -> IntakeResult:
    clock = Clock(path.name, limits.time_budget_s)
    book = open_workbook(path, limits, clock)
    notes = [f"hidden sheet '{s.name}' ignored" for s in book.sheets if not s.visible]
    visible = [s.name for s in book.sheets if s.visible]
    unit_sheet = next((s for s in visible if key(s).startswith(key(DECISIONAL_UNIT_SHEET))), None)
    candidates = [s for s in visible if s != unit_sheet]
    if not candidates:
        raise InputFileError(
            f"{path.name} has no visible sheet to read. Unhide the sheet with the rows and drop "
            "the file again."
        )
    chosen = kind or kinds.from_file_name(path) or kinds.from_sheet_names(path.name, candidates)
    ordered = sorted(candidates, key=lambda s: not (chosen and kinds.named(s) == chosen))
    sheet, rows = _first_filled(book, ordered, clock)
    notes += [f"sheet '{s}' ignored: only '{sheet}' is read" for s in candidates if s != sheet]
    every = tuple(c for cols in COLUMNS.values() for c in cols)
    main = table(path.name, sheet, rows, COLUMNS[chosen] if chosen else every)
    if chosen is None:
        chosen = kinds.from_columns(path.name, main.headers)
    known = COLUMNS[chosen]
    found = columns_of(main, known, notes, ignore)
    if chosen is Kind.SEPARATIONS and not {"date_of_birth", "age"} & set(found.positions):
        raise InputFileError(
            f"{path.name} > {sheet}: required column date_of_birth (or age) is missing. Add one "
            "of them and drop the file again."
        )
    unit: tuple[DecisionalUnitMember, ...] = ()
    unit_problems: list[RowProblem] = []
    unit_failure: Exception | None = None
    unit_near: list[str] = []
    if unit_sheet is not None and chosen is Kind.SEPARATIONS:
        unit, unit_problems, unit_failure, unit_near = _unit_before_rows(
            book, path, unit_sheet, limits, clock, notes, ignore
        )
    elif unit_sheet is not None:
        notes.append(f"sheet '{unit_sheet}' ignored: a decisional unit belongs to separations")
    bad_programs: dict[str, list[int]] = {}
    for p in unit_problems:
        if p.record_id and p.row not in bad_programs.setdefault(p.record_id.casefold(), []):
            bad_programs[p.record_id.casefold()].append(p.row)
    record_type = RECORD_TYPES[chosen]
    ids = RecordIds()
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = []
    total = accepted = 0
    dropped: list[str] = []
    for item in parse_rows(main, known, found, book.date1904, limits, clock):
        total += 1
        if item.dropped:
            dropped.append(_dropped_note(sheet, item))
        ids.add(item)
        _cross_check(chosen, main, item)
        _check_place(main, item)
        _reject_if_unit_is_bad(main, item, bad_programs, unit_sheet or "")
        if item.problems:
            problems.extend(item.problems)
            continue
        for column, problem, fix in implausible(chosen, item.values, as_of):
            warnings.append(row_problem(main, item, column, problem, fix))
        if unit_failure is not None or ids.repeated:
            continue  # the file will be rejected: nothing more for the sink
        values = {k: v for k, v in item.values.items() if v is not None}
        record_id = values.pop(known[0].name)
        record = record_type(row=item.row, sheet=sheet, record_id=record_id, **values)
        try:
            sink(record)
        except Exception as exc:
            raise _SinkFailed(exc) from exc
        accepted += 1
    if not total:
        raise InputFileError(
            f"{path.name} > {sheet} has a header row but no data rows. Fill in the rows and drop "
            "the file again."
        )
    ids.check(main, known[0].name)
    if unit_failure is not None:
        raise unit_failure
    notes.extend(dropped[:_DROPPED_SHOWN])
    if len(dropped) > _DROPPED_SHOWN:
        notes.append(f"{len(dropped) - _DROPPED_SHOWN} more rows held such characters.")
    return IntakeResult(
        path=path,
        kind=chosen,
        sheet=sheet,
        problems=problems + unit_problems,
        notes=notes,
        near_misses=main.near_misses + unit_near,
        warnings=warnings,
        decisional_unit=unit,
        total_rows=total,
        accepted=accepted,
    )


_DROPPED_SHOWN = 10


def _dropped_note(sheet: str, item: Parsed) -> str:
    cells = "; ".join(f"column '{column}': {', '.join(found)}" for column, found in item.dropped)
    return (
        f"sheet '{sheet}' row {item.row} ({cells}): removed characters that spreadsheets and Word "
        "cannot store; check the text reads as meant"
    )


def _first_filled(book: Workbook, sheets: list[str], clock: Clock) -> tuple[str, Iterator[Row]]:
    # Workbooks often open on an empty sheet; the first sheet with anything in it is the data.
    for sheet in sheets:
        rows = book.rows(sheet, clock)
        first = next(rows, None)
        if first is not None:
            return sheet, itertools.chain([first], rows)
    raise InputFileError(
        f"{book.file_name} is empty: no visible sheet has any rows. Export the data again and "
        "drop the new file."
    )


def _cross_check(kind: Kind, table_: Table, item: Parsed) -> None:
    got = item.values
    # A pay range upside down or an answer due before the offer are warnings (plausible.py).
    if kind is Kind.SEPARATIONS:
        hired, leaving = got.get("hire_date"), got.get("separation_date")
        if hired and leaving and hired > leaving:
            fix = "Check both dates; a person is hired before they leave."
            add_problem(table_, item, "hire_date", "is after separation_date", fix)
        if got.get("date_of_birth") is None and got.get("age") is None and not _has_problem(item):
            fix = "Fill in date_of_birth or age and drop the file again."
            add_problem(table_, item, "date_of_birth", "is empty", fix)


def _check_place(table_: Table, item: Parsed) -> None:
    # A place the rules do not know cannot get the right law: reject the row here, so that
    # `accord check` reports it too, rather than fail later while rendering.
    state = item.values.get("work_state")
    if not state:
        return
    try:
        resolve(state, item.values.get("work_city"), item.values.get("work_county"))
    except PlaceProblem as exc:
        add_problem(table_, item, exc.column, exc.problem, exc.fix)


def _has_problem(item: Parsed) -> bool:
    return any(p.column in ("date_of_birth", "age") for p in item.problems)


def _unit_before_rows(
    book: Workbook,
    path: Path,
    sheet: str,
    limits: Limits,
    clock: Clock,
    notes: list[str],
    ignore: frozenset[str],
) -> tuple[tuple[DecisionalUnitMember, ...], list[RowProblem], Exception | None, list[str]]:
    # Read before the rows, which a bad unit row can reject, so that each row is settled as it is
    # read. What rejects the whole unit sheet is returned, to be raised only after the main
    # sheet's own file-level problems, which are told first.
    near: list[str] = []
    try:
        unit, problems = _decisional_unit(book, path, sheet, limits, clock, notes, ignore, near)
    except Exception as exc:
        return (), [], exc, near
    return unit, problems, None, near


def _decisional_unit(
    book: Workbook,
    path: Path,
    sheet: str,
    limits: Limits,
    clock: Clock,
    notes: list[str],
    ignore: frozenset[str],
    near: list[str],
) -> tuple[tuple[DecisionalUnitMember, ...], list[RowProblem]]:
    unit = table(path.name, sheet, book.rows(sheet, clock), DECISIONAL_UNIT_COLUMNS)
    found = columns_of(unit, DECISIONAL_UNIT_COLUMNS, notes, ignore)
    near.extend(unit.near_misses)
    members: list[DecisionalUnitMember] = []
    problems: list[RowProblem] = []
    for item in parse_rows(unit, DECISIONAL_UNIT_COLUMNS, found, book.date1904, limits, clock):
        if item.problems:
            problems.extend(item.problems)
        else:
            members.append(DecisionalUnitMember(row=item.row, **item.values))
    return tuple(members), problems


def _reject_if_unit_is_bad(
    table_: Table, item: Parsed, bad: dict[str, list[int]], sheet: str
) -> None:
    # An OWBPA disclosure listing only part of the decisional unit is defective, so every
    # separation in a program whose list has a bad row waits until the list is fixed.
    program = item.values.get("program_id") if bad else None
    rows = bad.get(program.casefold(), []) if program else []
    if rows:
        listed = ", ".join(map(str, rows[:10])) + (" and more" if len(rows) > 10 else "")
        which = f"row {listed}" if len(rows) == 1 else f"rows {listed}"
        fix = (
            f"Fix {which} of sheet '{sheet}' (their own lines in this list say what is wrong) "
            "and drop the file again."
        )
        add_problem(table_, item, "program_id", "has problems in its decisional unit list", fix)
