"""Rules are found through entry points and checked before they are trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from flasklint.analysis.registry import _rules_in, load_rules, validate
from flasklint.analysis.rule import DOC_SECTIONS, SKILLS, PracticeRule
from flasklint.core.errors import UsageError


def test_builtin_pack_comes_from_entry_points():
    rules = load_rules()
    assert len(rules) >= 11
    assert all(rule.__module__.startswith("flasklint.rules.") for rule in rules)
    assert [r.code for r in rules] == sorted(r.code for r in rules)


def test_every_rule_is_complete():
    for rule in load_rules():
        assert rule.code.startswith("FL") and rule.name and rule.skill in SKILLS
        docs = rule.docs()
        for section in DOC_SECTIONS:
            assert docs.get(section, "").strip(), f"{rule.code} lacks '{section}'"
        assert rule.title() and not rule.title().startswith("##")


def _rule(code: str, skill: str = "architecture", **extra) -> type[PracticeRule]:
    return type(f"R{code}", (PracticeRule,), {"code": code, "name": code, "skill": skill, **extra})


def test_validate_rejects_bad_packs():
    with pytest.raises(UsageError, match="defined twice"):
        validate([_rule("FL1"), _rule("FL1")])
    with pytest.raises(UsageError, match="unknown skill"):
        validate([_rule("FL1", skill="vibes")])
    with pytest.raises(UsageError, match="unknown severity"):
        validate([_rule("FL1", severity="spicy")])
    with pytest.raises(UsageError, match="weight"):
        validate([_rule("FL1", weight=0)])


def test_entry_point_may_name_a_module_a_class_or_a_list():
    import flasklint.rules.testing as module

    from_module = _rules_in(module)
    assert {r.code for r in from_module} == {"FL601", "FL602", "FL603", "FL604", "FL605"}
    assert _rules_in(from_module[0]) == [from_module[0]]
    assert _rules_in(from_module) == from_module


def test_no_module_of_the_package_is_over_600_lines():
    """Small modules with one job each: a newcomer reads any of them in one sitting."""
    package = Path(__file__).parent.parent / "flasklint"
    long = {
        str(p.relative_to(package)): n for p in package.rglob("*.py") if (n := len(p.read_text().splitlines())) > 600
    }
    assert long == {}


def test_the_built_in_pack_is_one_rule_per_module():
    import flasklint.rules

    rules_dir = Path(flasklint.rules.__file__).parent
    for module in rules_dir.glob("*/[!_]*.py"):
        text = module.read_text()
        assert text.count("\n    code = ") == 1, module
