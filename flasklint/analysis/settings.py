"""Configuration settings: every way Python code sets a key to a value, as one event.

Flask configuration is set in many shapes: a module or class attribute
(`SECRET_KEY = ...` in a settings module or a config class that
`from_object` loads), `app.config["KEY"] = ...`, an attribute
(`app.debug = ...`), keywords of `config.update(...)`, `from_mapping(...)`,
`setdefault(...)` or `dict(...)`, and upper-case keys of a dict literal. The
walker turns each of them into one `ConfigSetting` and hands it to every
participant with a `visit_ConfigSetting` handler, so the rules that judge a
setting (debug mode, secrets, CSRF, cookies) see the same settings and agree
on what is development or test configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import libcst as cst

from flasklint.analysis.context import FileContext, ScopeKind, dotted_name, string_value
from flasklint.analysis.helpers import in_non_production_config

SettingForm = Literal["name", "attribute", "item", "keyword", "dict"]
SETTING_CALLS = frozenset({"update", "from_mapping", "setdefault", "dict"})


@dataclass(frozen=True)
class ConfigSetting:
    """One key set to a value."""

    key: str  # `SECRET_KEY`; the attribute name for `app.debug = ...`
    value: cst.BaseExpression
    node: cst.CSTNode  # what a finding points at: the assignment, the keyword or the dict entry
    form: SettingForm
    scope: ScopeKind  # where the statement runs: a statement inside any function is "function"
    dev_only: bool  # development or test settings (a DevelopmentConfig class, a config/dev.py file)
    target: str = ""  # `app.debug` (attribute), `app.config` (item), `app.config.update` (keyword)


def _target_key(target: cst.BaseExpression) -> tuple[str, SettingForm, str] | None:
    """(key, form, dotted target) of an assignment target."""
    if isinstance(target, cst.Name):
        return target.value, "name", target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value, "attribute", dotted_name(target) or ""
    if isinstance(target, cst.Subscript) and len(target.slice) == 1:
        index = target.slice[0].slice
        if isinstance(index, cst.Index):
            key = string_value(index.value)
            if key is not None:
                return key, "item", dotted_name(target.value) or ""
    return None


def settings_of(node: cst.CSTNode, ctx: FileContext) -> list[ConfigSetting]:
    """The settings an Assign, AnnAssign, Call or DictElement node makes."""
    pairs: list[tuple[str, SettingForm, cst.BaseExpression, cst.CSTNode, str]] = []
    # exact types: isinstance() against libcst's ABCs is slow, and the walker asks this of every
    # Assign, AnnAssign, Call and DictElement
    if type(node) is cst.Assign:
        for target in node.targets:
            found = _target_key(target.target)
            if found is not None:
                pairs.append((found[0], found[1], node.value, node, found[2]))
    elif type(node) is cst.AnnAssign:
        found = _target_key(node.target)
        if found is not None and node.value is not None:
            pairs.append((found[0], found[1], node.value, node, found[2]))
    elif type(node) is cst.Call:
        func = node.func
        tail = func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else ""
        if tail in SETTING_CALLS:
            called = dotted_name(func) or tail
            for arg in node.args:
                if arg.keyword is not None:
                    pairs.append((arg.keyword.value, "keyword", arg.value, arg, called))
    elif type(node) is cst.DictElement:
        key = string_value(node.key)
        if key and key.isupper():  # config-style keys only, not arbitrary data
            pairs.append((key, "dict", node.value, node, ""))
    if not pairs:
        return []
    scope: ScopeKind = ctx.scope.kind if ctx.at_import_time else "function"
    dev_only = in_non_production_config(ctx)
    return [ConfigSetting(key, value, at, form, scope, dev_only, target) for key, form, value, at, target in pairs]
