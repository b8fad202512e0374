"""The one exception hierarchy of Accord.

Every message names the value that is wrong and says how to fix it, in HR's terms. Messages that may
reach Prefect (states, logs, events) never carry personal data: row numbers, record ids, column names
and file names only. :class:`RowProblem` carries the offending value separately, for rejects.xlsx.
"""

from __future__ import annotations

from dataclasses import dataclass


class AccordError(Exception):
    """Base of every error Accord raises on purpose; its text is safe to show to a user."""

    exit_code = 1


class ConfigError(AccordError):
    """Rule data, clause data, templates or options are wrong: exit status 2."""

    exit_code = 2


class UsageError(ConfigError):
    """The command line asks for something impossible: exit status 2."""


class InputFileError(AccordError):
    """A whole input file is rejected (unknown kind, missing columns, encrypted, corrupt, too big)."""


class ValueProblem(AccordError):
    """One cell value cannot be used; raised by the value parsers and caught per row by intake.

    ``problem`` says what is wrong and ``fix`` what to do; the value itself is not part of the
    message, so the exception text is safe to log.
    """

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem}. {fix}")
        self.problem = problem
        self.fix = fix


class TemplateError(ConfigError):
    """A Word template does not compile, uses an undeclared field, or misses a supplied one.

    Raised while rendering a record, its text may quote the record's values (a name used as a
    key): ``template`` (the file name) and ``code`` (``missing_field``, ``tag_failed``) say what
    failed without them.
    """

    template: str = ""
    code: str = ""


class RenderError(AccordError):
    """A document could not be rendered for one record (names the record id, never its values)."""


@dataclass(frozen=True)
class RowProblem:
    """One problem with one cell of one row, as HR sees it in rejects.xlsx.

    ``value`` is the raw cell text; it goes to rejects.xlsx and the terminal, never to Prefect.
    """

    sheet: str
    row: int
    record_id: str
    column: str
    value: str
    problem: str
    fix: str

    def describe(self, file_name: str) -> str:
        """Return the one-line message HR reads: file > sheet > row (id): column problem. Fix."""
        rid = f" ({self.record_id})" if self.record_id else ""
        return (
            f"{file_name} > {self.sheet} > row {self.row}{rid}: {self.column} {self.problem}. "
            f"{self.fix}"
        )
