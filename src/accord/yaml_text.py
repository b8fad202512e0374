"""YAML text to Python values: the one parser every rule, clause and settings file goes through.

PyYAML's C loader (libyaml, in every PyYAML wheel) builds the same values as its pure-Python
``safe_load`` about ten times faster; the rule data alone is some hundred files that each worker
process parses on start. The pure-Python loader serves where PyYAML was built without libyaml.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What a malformed file raises, for callers to turn into a message naming the file and the fix.
YAMLError = yaml.YAMLError


def parse(text: str | bytes) -> Any:
    """Return the value of YAML ``text``, as ``yaml.safe_load`` would (safe tags only).

    Example: ``parse("days: 21")`` is ``{"days": 21}``.
    """
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader: C or Python SafeLoader)
