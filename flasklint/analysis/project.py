"""ProjectModel: the facts of the whole repository, for project rules.

Built in the main process from the per-file summaries plus the names of the
non-Python files (read on demand, with a size cap). Cross-module questions
(which module's `app` does this view import? which functions are factories?)
are answered here, once, instead of in every rule.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flasklint.analysis.openapi import SPEC_FILE, Operation, operations_in
from flasklint.analysis.summary import FunctionFact, ImportFact, ModuleSummary, ObjectFact, RouteFact

if TYPE_CHECKING:
    from flasklint.analysis.facts import FactProvider
    from flasklint.core.kinds import Unit

MAX_TEXT_BYTES = 1_000_000
HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete"})
ENV_FILE = re.compile(r"(^|/)\.env(\.[\w-]+)?$")
ENV_TEMPLATE = re.compile(r"(example|sample|template|dist|defaults?)$", re.I)


@dataclass(frozen=True)
class Unreadable:
    path: str
    reason: str
    line: int = 0


@dataclass(frozen=True)
class Located:
    """A fact together with the module it is in."""

    module: ModuleSummary
    fact: ObjectFact

    @property
    def path(self) -> str:
        return self.module.path


def _bound_name(imp: ImportFact) -> str:
    """What an import binds its local name to: `from a import b` -> a.b; `import a.b` -> a; `import a.b as x` -> a.b."""
    if imp.name is not None:
        return f"{imp.module}.{imp.name}" if imp.module else imp.name
    return imp.local if imp.local == imp.module.split(".")[0] else imp.module


class ProjectModel:
    def __init__(
        self,
        root: Path,
        modules: list[ModuleSummary],
        other_files: list[str],
        unreadable: list[Unreadable],
        enclosing_files: list[str] | None = None,
    ) -> None:
        self.root = root
        self.modules = sorted(modules, key=lambda m: m.path)
        self.other_files = sorted(other_files)
        # CI and test configuration of the project a graded subfolder belongs to (`../`-relative)
        self.enclosing_files = sorted(enclosing_files or [])
        self.unreadable = sorted(unreadable, key=lambda u: u.path)
        self._by_name = {m.module: m for m in self.modules}
        self.operations = self._bind_operations()
        self._resource_methods()

    def _resource_methods(self) -> None:
        """A route added with `add_resource` serves the HTTP methods its resource class defines."""
        for module in self.modules:
            for index, route in enumerate(module.routes):
                if route.methods:
                    continue
                home, name = module, route.function.rpartition(".")[2]
                for candidate, alias in self.definitions(module, name):
                    if any(f.class_name == alias for f in candidate.functions):
                        home, name = candidate, alias
                        break
                verbs = sorted(f.name.upper() for f in home.functions if f.class_name == name and f.name in HTTP_VERBS)
                methods = tuple(verbs) or ("GET",)
                module.routes[index] = RouteFact(route.owner, route.path, methods, route.function, route.loc)

    # -- Connexion: views bound by an OpenAPI spec ---------------------------
    def _bind_operations(self) -> list[Operation]:
        """Make each function a Connexion spec names by operationId a view with its route."""
        if not any(i.module.split(".")[0] == "connexion" for m in self.modules for i in m.imports):
            return []
        bound = []
        for rel in self.other_files:
            if not SPEC_FILE.search(rel):
                continue
            for operation in operations_in(rel, self.read_text(rel) or ""):
                dotted, _, name = operation.target.rpartition(".")
                module = self.module(dotted) if dotted else None
                function = (
                    next((f for f in module.functions if f.name == name and f.class_name is None), None)
                    if module is not None
                    else None
                )
                if module is None or function is None:
                    continue
                function.role = "view"
                rule = re.sub(r"\{(\w+)\}", r"<\1>", operation.path)
                module.routes.append(RouteFact("connexion", rule, (operation.method,), function.qualname, function.loc))
                bound.append(operation)
        return bound

    # -- facts of rule packs -----------------------------------------------
    def facts(
        self, provider: type[FactProvider], modules: list[ModuleSummary] | None = None
    ) -> list[tuple[ModuleSummary, Any]]:
        """(module, fact) for each module (all of them by default) that `provider` read."""
        return [
            (m, m.facts[provider.name])
            for m in (self.modules if modules is None else modules)
            if provider.name in m.facts
        ]

    # -- which modules ---------------------------------------------------
    @cached_property
    def app_modules(self) -> list[ModuleSummary]:
        return [m for m in self.modules if m.role == "app"]

    @cached_property
    def test_modules(self) -> list[ModuleSummary]:
        return [m for m in self.modules if m.role == "test"]

    def unit_count(self, unit: Unit) -> int:
        """How many units of the application an anti-pattern could affect."""
        if unit == "module":
            return len(self.app_modules)
        if unit == "view":
            return self.view_count
        return 1

    def uses(self, surface: tuple[str, ...]) -> bool:
        """Does application code call anything in `surface`?

        An entry is a qualified name or a prefix of one (`subprocess`,
        `flask.redirect`), matched after resolving each callee through its
        module's imports, or a dotted tail written with a leading dot
        (`.execute` matches `cursor.execute(...)` and `db.execute(...)`).
        """
        qualified, written = self._callees
        for entry in surface:
            if entry.startswith("."):
                if any(("." + callee).endswith(entry) for callee in written):
                    return True
            elif any(name == entry or name.startswith(entry + ".") for name in qualified):
                return True
        return False

    @cached_property
    def _callees(self) -> tuple[set[str], set[str]]:
        """(qualified callees, callees as written) of the application modules."""
        qualified: set[str] = set()
        written: set[str] = set()
        for module in self.app_modules:
            imported = {i.local: _bound_name(i) for i in module.imports if i.name != "*"}
            for callee in module.callees:
                written.add(callee)
                head, _, rest = callee.partition(".")
                target = imported.get(head)
                if target is not None:
                    qualified.add(f"{target}.{rest}" if rest else target)
        return qualified, written

    @cached_property
    def view_count(self) -> int:
        return sum(1 for m in self.app_modules for f in m.functions if f.role == "view")

    @property
    def is_flask(self) -> bool:
        return any(m.imports_flask for m in self.modules)

    def module(self, dotted: str) -> ModuleSummary | None:
        """A module by dotted name; `app.models` also finds `src/app/models.py`."""
        found = self._by_name.get(dotted)
        if found is not None:
            return found
        candidates = self._by_suffix.get(dotted, [])
        return candidates[0] if len(candidates) == 1 else None

    @cached_property
    def _by_suffix(self) -> dict[str, list[ModuleSummary]]:
        """Proper dotted suffixes of module names (`models`, `app.models` of `src.app.models`) -> modules.

        Looked up for every import, most of them third-party names found nowhere:
        a scan of every module per lookup was quadratic.
        """
        index: dict[str, list[ModuleSummary]] = {}
        for name, module in self._by_name.items():
            parts = name.split(".")
            for start in range(1, len(parts)):
                index.setdefault(".".join(parts[start:]), []).append(module)
        return index

    # -- names across modules --------------------------------------------
    @cached_property
    def _importers(self) -> dict[tuple[str, str], list[tuple[ModuleSummary, ImportFact]]]:
        """(module path, name) -> the application modules importing that name from it."""
        index: dict[tuple[str, str], list[tuple[ModuleSummary, ImportFact]]] = {}
        for module in self.app_modules:
            for imp in module.imports:
                if imp.name is None:
                    continue
                source = self.module(imp.module)
                if source is not None and source is not module:
                    index.setdefault((source.path, imp.name), []).append((module, imp))
        return index

    @cached_property
    def _imported_paths(self) -> set[str]:
        """Paths of the modules some other module imports (by module or by a name from it)."""
        found: set[str] = set()
        for module in self.modules:
            for imp in module.imports:
                for dotted in (imp.module, f"{imp.module}.{imp.name}" if imp.name else None):
                    target = self.module(dotted) if dotted else None
                    if target is not None and target is not module:
                        found.add(target.path)
        return found

    def is_imported(self, module: ModuleSummary) -> bool:
        return module.path in self._imported_paths

    def imports_of(self, module: ModuleSummary, name: str) -> list[tuple[ModuleSummary, ImportFact]]:
        """Where other application modules import `name` from `module`."""
        return self._importers.get((module.path, name), [])

    def definitions(self, module: ModuleSummary, name: str) -> Iterator[tuple[ModuleSummary, str]]:
        """`(module, name)` where `name` is bound, then each module it is re-exported from,
        following `from m import name [as alias]` chains of any length (a cycle ends the walk)."""
        seen: set[tuple[str, str]] = set()
        current: ModuleSummary | None = module
        while current is not None and (current.path, name) not in seen:
            seen.add((current.path, name))
            yield current, name
            sources = (
                (self.module(imp.module), imp.name)
                for imp in current.imports
                if imp.local == name and imp.name is not None
            )
            current, name = next(((m, n) for m, n in sources if m is not None), (None, name))

    def resolve_object(self, module: ModuleSummary, name: str) -> Located | None:
        """The module-level ObjectFact `name` refers to in `module`, following from-imports."""
        for home, local in self.definitions(module, name):
            for obj in home.objects:
                if obj.name == local and obj.function is None:
                    return Located(home, obj)
        return None

    def resolve_global(self, module: ModuleSummary, name: str) -> tuple[ModuleSummary, str] | None:
        """The module-level mutable global `name` refers to, following from-imports."""
        for home, local in self.definitions(module, name):
            if local in home.mutable_globals:
                return home, local
        return None

    def object_kind(self, module: ModuleSummary, dotted: str) -> str | None:
        """Kind ("app", "blueprint", ...) of the object a route owner names.

        `bp` is looked up through from-imports; `views.bp` through the module
        that `views` was imported as.
        """
        head, _, rest = dotted.partition(".")
        if not rest:
            located = self.resolve_object(module, head)
            return located.fact.kind if located is not None else None
        for imp in module.imports:
            if imp.local == head:
                target = self.module(f"{imp.module}.{imp.name}" if imp.name else imp.module)
                if target is not None:
                    return self.object_kind(target, rest)
        return None

    # -- Flask facts across the repo -------------------------------------
    @cached_property
    def factories(self) -> list[tuple[ModuleSummary, FunctionFact]]:
        """Application functions that build and return a Flask app.

        A function that creates `Flask(...)` (or a subclass of Flask the project
        defines) and returns it, or returns what a known factory returns
        (`def make(): return _build_app()`).
        """
        found: list[tuple[ModuleSummary, FunctionFact]] = []
        # `class MyApp(Flask)`: a function returning a new MyApp builds the app
        subclasses = {name for m in self.app_modules for name in m.app_classes}
        names: set[str] = set(subclasses)
        candidates = [(m, f) for m in self.app_modules for f in m.functions if f.role is None]
        for module, func in candidates:
            if func.creates_app and func.returns_app:
                found.append((module, func))
                names.add(func.name)
        changed = True
        while changed:
            changed = False
            for module, func in candidates:
                if func.name in names:
                    continue
                if any(call.rpartition(".")[2] in names for call in func.returned_calls):
                    found.append((module, func))
                    names.add(func.name)
                    changed = True
        return sorted(found, key=lambda mf: (mf[0].path, mf[1].loc.line))

    @cached_property
    def factory_names(self) -> set[str]:
        return {f.name for _, f in self.factories}

    def module_level_apps(self) -> list[tuple[ModuleSummary, ObjectFact]]:
        return [(m, o) for m in self.app_modules for o in m.objects_of("app") if o.function is None]

    # -- non-Python files ------------------------------------------------
    @cached_property
    def committed_env_files(self) -> list[str]:
        """`.env`, `.env.production`, ...: environment files committed with secrets in them
        (`.env.example` and other templates are not)."""
        return [rel for rel in self.other_files if ENV_FILE.search(rel) and not ENV_TEMPLATE.search(rel)]

    def read_text(self, rel: str) -> str | None:
        """Contents of a non-Python file of the repo, or None if unreadable/too big."""
        path = self.root / rel
        try:
            if os.path.islink(path) or path.stat().st_size > MAX_TEXT_BYTES:
                return None
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
