"""FL101 application-factory: The app is built by an application factory."""

from __future__ import annotations

import libcst as cst

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    Evidence,
    FactProvider,
    Invalid,
    Loc,
    ModuleSummary,
    PracticeRule,
    ProjectModel,
    Verdict,
    agreeing,
    dotted_name,
    evidence,
    plural,
)
from flasklint.rules.architecture._shared import FACTORY_PACKAGE, GLOBAL_APP_PACKAGE

# modules a server or a developer runs, which may hold the app the factory built (`wsgi.py: app = create_app()`)
ENTRY_MODULES = frozenset({"run", "wsgi", "asgi", "manage", "autoapp", "server", "serve", "application", "main"})


class ModuleLevelCalls(FactProvider):
    """`name = callee(...)` at module level, outside `if __name__ == "__main__"`: (name, callee's last part, where)."""

    name = "module-level-calls"
    roles = frozenset({"app"})

    @classmethod
    def empty(cls) -> tuple[tuple[str, str, Loc], ...]:
        return ()

    def visit_Assign(self, node: cst.Assign) -> None:
        if not self.ctx.at_import_time or self.ctx.in_main_guard or not isinstance(node.value, cst.Call):
            return
        callee = (dotted_name(node.value.func) or "").rpartition(".")[2]
        for target in node.targets:
            if isinstance(target.target, cst.Name) and callee:
                self.found = (*self.found, (target.target.value, callee, self.ctx.loc(node)))


def _importers(project: ProjectModel, home: ModuleSummary, name: str, entries: bool = True) -> list[Evidence]:
    """Places where other application modules (with `entries=False`, not entry scripts) import `name` from
    its module."""
    return [
        evidence(m.path, imp.loc, f"imports the global `{name}`")
        for m, imp in project.imports_of(home, name)
        if entries or m.module.rpartition(".")[2] not in ENTRY_MODULES
    ]


def _global_factory_apps(project: ProjectModel) -> list[tuple[ModuleSummary, str, Loc]]:
    """`app = create_app()` at import in a module that application modules import `app` from: the factory
    builds one global app after all (entry scripts such as `wsgi.py` that only serve it are fine)."""
    factories = project.factory_names
    return [
        (m, name, loc)
        for m in project.app_modules
        for name, callee, loc in m.fact(ModuleLevelCalls)
        if callee in factories and _importers(project, m, name, entries=False)
    ]


class ApplicationFactory(PracticeRule):
    """The app is built by an application factory.

    ## What it checks
    That a function builds and returns the `Flask` instance (any name:
    `create_app`, `make_app`, `build_app(config)`; an instance of a
    `class MyApp(Flask)` the project defines counts), with extensions created
    unbound at module level and bound inside it with `ext.init_app(app)`.
    Partly met when a factory exists beside a module-level app, when the app
    the factory builds at import (`app = create_app()` in `app/main.py`) is a
    global that application modules import (`from app.main import app`;
    entry scripts such as `wsgi.py` that serve it are fine), or when extensions
    are bound to an app at import time (binding inside the factory, as in
    flask-smorest's `api = Api(app)`, is fine). Not met when the app is a
    module-level `app = Flask(__name__)` that view modules import, or when a
    factory exists but nothing calls it and a module-level app is what runs.

    ## Why it matters
    A factory lets tests build a fresh app per test with its own
    configuration, lets one process host several configured apps, and breaks
    the circular import between the app module and the views. A global app is
    configured once, at import time, for every caller.

    ## Example
    ```python
    # app/__init__.py
    app = Flask(__name__)
    db = SQLAlchemy(app)
    from app import views   # views.py does `from app import app`
    ```

    ## Use instead
    ```python
    db = SQLAlchemy()

    def create_app(config_object="app.config.ProductionConfig"):
        app = Flask(__name__)
        app.config.from_object(config_object)
        db.init_app(app)
        app.register_blueprint(views.bp)
        return app
    ```
    """

    code = "FL101"
    name = "application-factory"
    skill = "architecture"
    severity = "high"
    weight = 3.0
    needs = (ModuleLevelCalls,)
    good = (FACTORY_PACKAGE,)
    bad = (Invalid(GLOBAL_APP_PACKAGE, status="not met"),)

    def judge(self, project: ProjectModel) -> Verdict:
        module_apps = project.module_level_apps()
        factories = project.factories
        if not factories and not module_apps:
            created = [(m, o) for m in project.app_modules for o in m.objects_of("app")]
            if not created:
                return Verdict(NOT_APPLICABLE, "no Flask application is created in the code")
            module, obj = created[0]
            return Verdict(
                NOT_MET,
                f"the app is created inside {obj.function}() but no function returns it",
                [evidence(module.path, obj.loc, "Flask app created here")],
            )
        if not factories:
            module, obj = module_apps[0]
            importers = _importers(project, module, obj.name)
            message = f"the app is a module-level global `{obj.name}`"
            if importers:
                message += f", imported by {plural(len(importers), 'other module')}"
            return Verdict(
                NOT_MET,
                message + "; no function builds and returns it",
                [evidence(module.path, obj.loc, "module-level Flask app"), *importers[:5]],
            )
        module, factory = factories[0]
        if module_apps and not any(_called(project, f.name) for _, f in factories):
            # the app that serves requests is the module-level one: the factory is decoration
            app_module, obj = module_apps[0]
            return Verdict(
                NOT_MET,
                f"{factory.name}() is never called; the app that runs is the module-level `{obj.name}`",
                [
                    evidence(module.path, factory.loc, f"factory {factory.name}() that nothing calls"),
                    evidence(app_module.path, obj.loc, "module-level Flask app"),
                ],
            )
        found = [evidence(module.path, factory.loc, f"factory {factory.name}() builds and returns the app")]
        problems: list[str] = []
        for app_module, obj in module_apps:
            problems.append(f"a module-level app also exists ({app_module.path}:{obj.loc.line})")
            found.append(evidence(app_module.path, obj.loc, "module-level Flask app beside the factory"))
        for ext_module in project.app_modules:
            for ext in ext_module.objects:
                # Bound inside the factory (`api = Api(app)`) is fine; bound at
                # import time ties the extension to one global app.
                if ext.kind not in ("extension", "migrate") or not ext.bound_to_app or ext.function is not None:
                    continue
                problems.append(f"`{ext.name}` is bound to an app at import time instead of via init_app")
                found.append(evidence(ext_module.path, ext.loc, f"`{ext.name}` bound at import time"))
        for home, name, loc in _global_factory_apps(project):
            importers = _importers(project, home, name, entries=False)
            problems.append(
                f"the app {home.path} builds with the factory is a global that {agreeing(len(importers), 'module', 'import')}"
            )
            found += [evidence(home.path, loc, "global app built by the factory at import"), *importers[:3]]
        for call_module in project.app_modules:
            for call in call_module.calls_named("init_app"):
                found.append(evidence(call_module.path, call.loc, f"{call.name}() binds an extension"))
        if problems:
            return Verdict(PARTLY, f"factory {factory.name}() exists, but " + "; ".join(problems), found)
        return Verdict(MET, f"factory {factory.name}() builds the app", found)


def _called(project: ProjectModel, name: str) -> bool:
    """Some code calls the factory, or a server command or FLASK_APP names it (`app:create_app()`)."""
    if any(c.rpartition(".")[2] == name for m in project.modules for c in m.callees):
        return True
    return any(
        f"{name}(" in (project.read_text(rel) or "")
        for rel in project.other_files
        if rel.rpartition("/")[2] in ("Procfile", ".flaskenv", ".env") or "docker" in rel.lower() or rel.endswith(".sh")
    )
