"""One JSON value per line, the way the staged records and the manifest's items are stored.

Compact, with sorted keys, so that the same data gives the same bytes. orjson (which Prefect itself
depends on) writes a line seven times faster than json and reads it twice as fast; json serves
what orjson refuses (an integer beyond 64 bits, NaN in a file written by json). A line json wrote
starts with a space, so that it is read by json again: orjson would read an integer beyond 64 bits
as a float, losing digits without a word, and looking for long runs of digits in every line
instead cost as much as the reading itself.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def dumps(value: Any) -> str:
    """Return ``value`` as one line of compact JSON: sorted keys, text as it is (UTF-8).

    Example: ``dumps({"b": 1, "a": "é"})`` is ``'{"a":"é","b":1}'``.
    """
    try:
        return orjson.dumps(value, option=_OPTIONS).decode("utf-8")
    except TypeError:  # what orjson does not write (an integer beyond 64 bits): json does
        return " " + json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def loads(line: str | bytes) -> Any:
    """Return the value of one line of JSON, as :func:`dumps` wrote it (or json did)."""
    if line[:1] in (" ", b" "):  # written by json (see the module's docstring): read by json
        return json.loads(line)
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:  # what json writes and orjson refuses (NaN, huge integers)
        return json.loads(line)
