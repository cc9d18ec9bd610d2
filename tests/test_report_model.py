"""The typed report (report/model.py) and the shipped JSON schema describe the same keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flasklint.report import model

SCHEMA = json.loads((Path(model.__file__).parent / "schema.json").read_text())


def _keys(typed: Any) -> tuple[set[str], set[str]]:
    return set(typed.__required_keys__), set(typed.__optional_keys__)


def _schema_keys(node: dict[str, Any]) -> tuple[set[str], set[str]]:
    required = set(node.get("required", []))
    return required, set(node["properties"]) - required


def test_top_level_keys_agree():
    assert _keys(model.Report) == _schema_keys(SCHEMA)


def test_entry_keys_agree():
    defs = SCHEMA["$defs"]
    props = SCHEMA["properties"]
    assert _keys(model.FindingEntry) == _schema_keys(defs["finding"])
    required, optional = _keys(model.RuleEntry)
    assert (required, optional | {"skill"}) == _schema_keys(defs["rule"])  # the schema shares `rule` with practices
    assert _keys(model.FilesEntry) == _schema_keys(props["files"])
    assert _keys(model.SkillEntry) == _schema_keys(props["skills"]["additionalProperties"])
    assert _keys(model.ConfigEntry) == _schema_keys(props["config"])
    assert set(model.PracticeEntry.__required_keys__) - set(model.RuleEntry.__required_keys__) <= {"skill"}
