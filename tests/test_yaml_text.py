"""The one YAML parser: safe values only, the same as PyYAML's safe_load."""

from datetime import date

import pytest

from accord import yaml_text
from accord.paths import JURISDICTIONS_DIR


def test_dates_and_numbers_come_back_typed_as_safe_load_gives_them() -> None:
    assert yaml_text.parse("since: 2026-01-01\ndays: 21\n") == {
        "since": date(2026, 1, 1),
        "days": 21,
    }


def test_a_python_object_tag_is_refused_not_built() -> None:
    with pytest.raises(yaml_text.YAMLError):
        yaml_text.parse("!!python/object/apply:os.system ['echo hi']")


def test_every_rule_file_parses_to_what_pure_python_safe_load_gives() -> None:
    import yaml

    for path in sorted(JURISDICTIONS_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml_text.parse(text) == yaml.safe_load(text), path.name
