"""`[tool.flasklint]` in pyproject.toml (or a file given with --config).

Keys (all optional; a missing table means defaults):

    select = ["FL5", "FL101"]        # codes or prefixes; default: every rule
    ignore = ["FL403"]               # codes or prefixes, applied after select
    per-file-ignores = {"scripts/*.py" = ["FL701"]}
    exclude = ["generated/", "*_pb2.py"]   # gitignore-style, on top of the defaults
    fail-under = 70                  # default for --fail-under

    [tool.flasklint.rubric]          # overrides of the scoring rubric
    skill-weights = {security = 30}
    rule-weights = {FL307 = 0.5}
    bands = {senior = 80, mid = 45}

Unknown keys and values of the wrong type are errors that name the key.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flasklint.analysis.rule import SKILLS
from flasklint.core.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 by tox
    import tomli as tomllib

TABLE = "tool.flasklint"
BANDS = ("senior", "mid")


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    fail_under: float | None = None
    rubric: dict[str, Any] = field(default_factory=dict)  # partial, in the rubric's own key names
    source: str | None = None  # the file it came from

    def wants(self, code: str) -> bool:
        selected = not self.select or any(code.startswith(p) for p in self.select)
        return selected and not any(code.startswith(p) for p in self.ignore)


def _fail(source: str, key: str, problem: str) -> UsageError:
    return UsageError(f"{source}: [{TABLE}] {key}: {problem}")


def _codes(source: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, key, 'must be a list of rule codes or prefixes, e.g. ["FL5", "FL101"]')
    bad = [v for v in value if not v.upper().startswith("FL")]
    if bad:
        raise _fail(source, key, f"{bad[0]!r} is not a rule code or prefix (they start with FL)")
    return [v.upper() for v in value]


def _number(source: str, key: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise _fail(source, key, f"must be a number from {low:g} to {high:g}")
    return float(value)


def _numbers(source: str, key: str, value: Any, names: tuple[str, ...] | None, high: float) -> dict[str, float]:
    if not isinstance(value, dict):
        raise _fail(source, key, "must be a table of names to numbers")
    out = {}
    for name, number in value.items():
        if names is not None and name not in names:
            raise _fail(source, f"{key}.{name}", f"unknown name; expected one of {', '.join(names)}")
        out[name if names is not None else name.upper()] = _number(source, f"{key}.{name}", number, 0, high)
    return out


def _rubric(source: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(source, "rubric", "must be a table")
    known = {"skill-weights", "rule-weights", "bands"}
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key not in known:
            raise _fail(source, f"rubric.{key}", f"unknown key; expected one of {', '.join(sorted(known))}")
        if key == "skill-weights":
            out["skill_weights"] = _numbers(source, "rubric.skill-weights", item, SKILLS, 100)
        elif key == "rule-weights":
            out["rule_weights"] = _numbers(source, "rubric.rule-weights", item, None, 10)
        else:
            out["bands"] = _numbers(source, "rubric.bands", item, BANDS, 100)
    return out


def parse_table(table: Any, source: str) -> Config:
    """A validated Config from the [tool.flasklint] table of `source`."""
    if not isinstance(table, dict):
        raise UsageError(f"{source}: [{TABLE}] must be a table")
    config = Config(source=source)
    for key, value in table.items():
        if key == "select":
            config.select = _codes(source, key, value)
        elif key == "ignore":
            config.ignore = _codes(source, key, value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise _fail(source, key, "must be a table of path patterns to lists of codes")
            config.per_file_ignores = {str(k): _codes(source, f"{key}.{k}", v) for k, v in value.items()}
        elif key == "exclude":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _fail(source, key, "must be a list of path patterns")
            config.exclude = list(value)
        elif key == "fail-under":
            config.fail_under = _number(source, key, value, 0, 100)
        elif key == "rubric":
            config.rubric = _rubric(source, value)
        else:
            known = "select, ignore, per-file-ignores, exclude, fail-under, rubric"
            raise _fail(source, key, f"unknown key; expected one of {known}")
    return config


MAX_CONFIG_BYTES = 1_000_000  # a pyproject.toml is a few kB: a bigger one (or a link to one) is not read


def _read(path: Path) -> str:
    """The file's text, read only when it is a regular file under MAX_CONFIG_BYTES (links are followed once)."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{path}: not a regular file; not read as configuration")
        if info.st_size > MAX_CONFIG_BYTES:
            raise UsageError(f"{path}: larger than {MAX_CONFIG_BYTES // 1_000_000} MB; not read as configuration")
        return handle.read(MAX_CONFIG_BYTES + 1).decode("utf-8")


def _load(path: Path) -> dict[str, Any]:
    source = str(path)
    try:
        return tomllib.loads(_read(path))
    except OSError as error:
        raise UsageError(f"{source}: cannot read the config file: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{source}: not valid TOML: {error}") from None


def read_file(path: Path) -> Config:
    """Config from a TOML file: its [tool.flasklint] table (or none: defaults)."""
    table = _load(path).get("tool", {}).get("flasklint")
    return Config(source=str(path)) if table is None else parse_table(table, str(path))


def discover(start: Path) -> Config:
    """Config from the nearest pyproject.toml at or above `start` that has [tool.flasklint]."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            table = _load(candidate).get("tool", {}).get("flasklint")
            if table is not None:
                return parse_table(table, str(candidate))
    return Config()


def has_table(path: Path) -> bool:
    """Does this pyproject.toml carry a [tool.flasklint] table (even a broken one)?"""
    try:
        return "flasklint" in _load(path).get("tool", {})
    except UsageError:
        try:
            return "[tool.flasklint" in _read(path)
        except (UsageError, OSError, UnicodeDecodeError):
            return False


def merged_rubric(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """The rubric with a config's overrides applied (tables merge key by key)."""
    rubric = {key: dict(value) if isinstance(value, dict) else value for key, value in base.items()}
    for key, value in overrides.items():
        rubric[key] = {**rubric.get(key, {}), **value}
    return rubric
