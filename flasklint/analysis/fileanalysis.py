"""The per-file pass, run inside a worker process.

read bytes -> decode -> parse -> one batched walk with the collector and every
file rule -> positions for what was reported -> a FileResult of plain data.
Syntax trees never leave this function.
"""

from __future__ import annotations

import configparser
import functools
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field

from flasklint.analysis import fastscan
from flasklint.analysis.collect import Collector
from flasklint.analysis.context import FileContext
from flasklint.analysis.facts import FactProvider
from flasklint.analysis.parse import Unparsable, parse
from flasklint.analysis.positions import StatementMap, resolve_locations
from flasklint.analysis.project import Unreadable
from flasklint.analysis.rule import FileRule, Finding
from flasklint.analysis.summary import SLOTS, ModuleSummary
from flasklint.analysis.suppress import Suppression, find_suppressions
from flasklint.analysis.walker import Walker
from flasklint.core.defaults import MAX_FILE_BYTES
from flasklint.core.kinds import FileRole

TEST_DIRS = frozenset({"tests", "test", "testing"})


@dataclass(**SLOTS)
class FileResult:
    path: str
    summary: ModuleSummary | None = None
    findings: list[Finding] = field(default_factory=list)
    problem: Unreadable | None = None
    rule_errors: list[str] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    rule_times: dict[str, float] = field(default_factory=dict)  # with --profile: seconds per participant


# Module-level code that serves requests: an app or blueprint built at column 0, a route decorator
# at column 0. A file with these is application code, whatever its name or folder says.
SERVES_REQUESTS = re.compile(
    r"^(?:\w+\s*=\s*(?:\w+\.)*(?:Flask|Blueprint|APIFlask)\(|@\w+\.(?:route|get|post|put|patch|delete)\(|"
    r"\w+\.add_url_rule\()",
    re.MULTILINE,
)


@functools.lru_cache(maxsize=8)
def revision_folders(root: str) -> frozenset[str]:
    """Folders a root `alembic.ini` names for revisions (`script_location`, `version_locations`)."""
    path = os.path.join(root, "alembic.ini")
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.path.getsize(path) > 1_000_000:
            return frozenset()
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(path, encoding="utf-8")
    except (OSError, configparser.Error, UnicodeDecodeError):
        return frozenset()
    section = parser["alembic"] if parser.has_section("alembic") else {}
    found = []
    for key in ("script_location", "version_locations"):
        for value in re.split(r"[\s,;:]+", section.get(key, "") or ""):
            value = value.replace("%(here)s", "").strip("/").strip()
            if value and ":" not in value:
                found.append(value)
    return frozenset(found)


def role_for_source(rel: str, source: str) -> tuple[FileRole, bool]:
    """The file's role from its path, unless its own module-level code serves requests; and whether it does."""
    serves = SERVES_REQUESTS.search(source) is not None
    role = role_for_path(rel)
    return ("app" if serves else role), serves


def role_for_path(rel: str) -> FileRole:
    parts = rel.split("/")
    name = parts[-1]
    if (
        any(p in TEST_DIRS for p in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name in ("tests.py", "conftest.py")
    ):
        return "test"
    return "app"


def module_name_for_path(rel: str) -> tuple[str, bool]:
    """Dotted module name for a relative path, and whether it is a package."""
    parts = rel[:-3].split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts) or "__init__", is_package


def analyze_file(
    root: str,
    rel: str,
    rules: Sequence[type[FileRule]],
    profile: bool = False,
    providers: Sequence[type[FactProvider]] = (),
) -> FileResult:
    result = FileResult(rel)
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                result.problem = Unreadable(rel, "not a regular file")
                return result
            if info.st_size > MAX_FILE_BYTES:
                size = info.st_size / 1_000_000
                reason = f"too large to analyse ({size:.1f} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB)"
                return _scanned(result, reason, handle.read(fastscan.MAX_SCAN_BYTES + 1))
            data = handle.read()
    except OSError as error:
        result.problem = Unreadable(rel, f"could not be read: {error.strerror or error}")
        return result
    try:
        module, source = parse(data)
    except Unparsable as error:
        return _scanned(result, error.reason, data, error.line)
    result.suppressions = find_suppressions(source)
    role, serves = role_for_source(rel, source)
    dotted, is_package = module_name_for_path(rel)
    ctx = FileContext(rel, dotted, role, is_package, revision_folders(root), serves)
    summary = ModuleSummary(path=rel, module=dotted, role=role, lines=source.count("\n") + 1)
    active = [rule(ctx) for rule in rules if role in rule.roles]
    facts = [provider(ctx, summary) for provider in providers if role in provider.roles]
    statements = StatementMap(module)
    walker = Walker([Collector(ctx, summary), *facts, *active], ctx, profile=profile, statements=statements)
    try:
        walker.walk(module)
    except RecursionError:
        return _scanned(result, "nesting too deep to analyse", data)
    for provider in facts:
        if summary.role in provider.roles:  # the collector may have found the file is a migration
            summary.facts[provider.name] = provider.result()
    resolve_locations(module, ctx.locs, source, statements)
    result.summary = summary
    result.rule_errors = [f"{rel}: {error}" for error in walker.errors]
    result.rule_times = {
        getattr(type(p), "code", "") or type(p).__name__: seconds for p, seconds in walker.times.items()
    }
    for rule in active:
        if summary.role not in rule.roles:  # the file turned out to be a migration
            continue
        for loc, message, severity in rule.reports:
            result.findings.append(Finding(rel, loc.line, loc.col, rule.code, severity, message))
    return result


def _scanned(result: FileResult, reason: str, data: bytes, line: int = 0) -> FileResult:
    """`result` as an unreadable file, with what the token scan finds in it (fastscan.py)."""
    result.problem = Unreadable(result.path, reason, line)
    result.findings = scan_unparsed(result.path, data)
    return result


def scan_unparsed(rel: str, data: bytes) -> list[Finding]:
    """The token scan's findings in a file that could not be parsed, unless it is a test or migration
    by its path and serves no requests (file rules judge application code only)."""
    role, _ = role_for_source(rel, data[: fastscan.MAX_SCAN_BYTES].decode("utf-8", "replace"))
    return fastscan.scan(rel, data) if role == "app" else []


def scan_unparsed_file(root: str, rel: str, reason: str) -> FileResult:
    """A file the parser crashed or spun on: unreadable for `reason`, with the token scan's findings."""
    result = FileResult(rel)
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            data = handle.read(fastscan.MAX_SCAN_BYTES + 1)
    except OSError:
        data = b""
    return _scanned(result, reason, data)
