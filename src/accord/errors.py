"""The one exception hierarchy of Accord.

Every message names the value that is wrong and says how to fix it, in HR's terms. Messages that may
reach Prefect (states, logs, events) never carry personal data: row numbers, record ids, column names
and file names only. :class:`RowProblem` carries the offending value separately, for rejects.xlsx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DROP_AGAIN = re.compile(
    r"(?:,|;)? (?:and |then )?drop (?:the (?:new )?file|it|them|that file)(?: again)?"
)


def not_dropped(text: str) -> str:
    """Return ``text`` without "and drop the file again": for a file given to a command.

    Messages are written for the drop folder, where HR fixes a file and drops it again; a file
    given to ``accord run`` or ``accord check`` was not dropped anywhere.
    """
    return _DROP_AGAIN.sub("", text)


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
    ``header`` is the column's header as written in the file and ``letter`` its column letter
    (both empty for a problem no single column of the file holds, such as a rule's finding).
    """

    sheet: str
    row: int
    record_id: str
    column: str
    value: str
    problem: str
    fix: str
    header: str = ""
    letter: str = ""

    def where(self) -> str:
        """Return the column as HR finds it in the file: "Work State (F)", else its own name."""
        if self.header and self.letter:
            return f"{self.header} ({self.letter})"
        return self.header or self.column

    def sentence(self) -> str:
        """Return the problem as a full sentence: "Work State 'Calfornia' is not a US state."

        The value is quoted when it is short and shown (never for a private column); a problem
        that is a sentence already (a rule's finding) is returned as it is.
        """
        if self.problem[:1].isupper():
            return self.problem if self.problem.endswith(".") else f"{self.problem}."
        label = self.header or self.column
        shown = self.value if self.value and len(self.value) <= 40 else ""
        if shown == "(not shown)":
            shown = ""
        subject = f"{label} '{shown}'" if shown else label
        text = f"{subject} {self.problem}"
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")

    def describe(self, file_name: str) -> str:
        """Return the one-line message HR reads: file > sheet > row (id): column problem. Fix."""
        rid = f" ({self.record_id})" if self.record_id else ""
        return (
            f"{file_name} > {self.sheet} > row {self.row}{rid}: {self.column} {self.problem}. "
            f"{self.fix}"
        )
