"""One JSON value per line: what orjson cannot hold exactly is written and read back by json."""

from __future__ import annotations

from accord.json_line import dumps, loads


def test_an_integer_beyond_64_bits_comes_back_exactly() -> None:
    value = {"count": 2**70, "name": "Ana"}
    assert loads(dumps(value)) == value
    assert loads(dumps(value).encode("utf-8")) == value


def test_a_line_orjson_wrote_is_compact_with_sorted_keys() -> None:
    assert dumps({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


def test_a_long_run_of_digits_in_text_is_read_as_text() -> None:
    value = {"id": "12345678901234567890123", "n": 12345678901234567}
    assert loads(dumps(value)) == value
