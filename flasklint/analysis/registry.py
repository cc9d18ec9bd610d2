"""Finding rules: every pack registers under the `flasklint.rules` entry point.

The engine never imports a rule module by name, the built-in pack included;
it is found the same way a third-party pack is (as flake8 finds plugins). An
entry point may name a package (its own rules and those of every module in
it whose name does not start with `_`), a module (all Rule subclasses with a code defined
in it), a single rule class, or a list of rule classes.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from types import ModuleType

from flasklint.analysis.rule import SEVERITIES, SKILLS, Rule
from flasklint.core.errors import UsageError
from flasklint.core.kinds import UNITS

ENTRY_POINT_GROUP = "flasklint.rules"


def entry_points() -> list:
    """The installed rule packs' entry points (not loaded)."""
    from importlib import metadata

    if sys.version_info >= (3, 10):
        return list(metadata.entry_points(group=ENTRY_POINT_GROUP))
    return list(metadata.entry_points().get(ENTRY_POINT_GROUP, []))


def _defined_in(module: ModuleType) -> list[type[Rule]]:
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value) and issubclass(value, Rule) and value.code and value.__module__ == module.__name__
    ]


def _rules_in(obj: object) -> list[type[Rule]]:
    if isinstance(obj, ModuleType) and hasattr(obj, "__path__"):  # a package: its own rules and its modules'
        found = _defined_in(obj)
        for info in sorted(pkgutil.iter_modules(obj.__path__), key=lambda i: i.name):
            if not info.name.startswith("_"):
                found.extend(_rules_in(importlib.import_module(f"{obj.__name__}.{info.name}")))
        return found
    if isinstance(obj, ModuleType):
        return _defined_in(obj)
    if inspect.isclass(obj) and issubclass(obj, Rule):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [rule for item in obj for rule in _rules_in(item)]
    return []


def validate(rules: list[type[Rule]]) -> list[type[Rule]]:
    """Reject a pack whose rules would make the score meaningless."""
    seen: dict[str, type[Rule]] = {}
    for rule in rules:
        where = f"{rule.__module__}.{rule.__qualname__}"
        if rule.code in seen and seen[rule.code] is not rule:
            raise UsageError(f"rule code {rule.code} is defined twice ({where})")
        if rule.skill not in SKILLS:
            raise UsageError(f"{where}: unknown skill {rule.skill!r}")
        if rule.severity not in SEVERITIES:
            raise UsageError(f"{where}: unknown severity {rule.severity!r}")
        if rule.unit not in UNITS:
            raise UsageError(f"{where}: unknown unit {rule.unit!r}")
        if not rule.weight > 0:
            raise UsageError(f"{where}: weight must be positive")
        seen[rule.code] = rule
    return sorted(seen.values(), key=lambda r: r.code)


def load_rules() -> list[type[Rule]]:
    rules: list[type[Rule]] = []
    for entry_point in sorted(entry_points(), key=lambda e: (e.name, e.value)):
        try:
            obj = entry_point.load()
        except Exception as error:
            raise UsageError(
                f"rule pack {entry_point.name!r} ({entry_point.value}) failed to load: {error}; "
                "reinstall or uninstall the package that provides it"
            ) from None
        rules.extend(_rules_in(obj))
    if not rules:
        raise UsageError("no rules found: is flasklint installed (pip install .)?")
    return validate(rules)
