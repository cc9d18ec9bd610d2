"""Architecture: how the application is put together."""

from __future__ import annotations

from flasklint.project import ProjectModel
from flasklint.rule import MET, NOT_APPLICABLE, NOT_MET, PARTLY, Evidence, PracticeRule, Verdict, evidence, plural
from flasklint.summary import ModuleSummary, ObjectFact

FACTORY_PACKAGE = {
    "app/__init__.py": """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def build_app(config_object="app.config.ProductionConfig"):
    app = Flask(__name__)
    app.config.from_object(config_object)
    db.init_app(app)
    from app.views import bp
    app.register_blueprint(bp)
    return app
""",
    "app/views.py": """\
from flask import Blueprint

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return {"ok": True}
""",
}

GLOBAL_APP_PACKAGE = {
    "app/__init__.py": """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"
db = SQLAlchemy(app)

from app import views  # noqa: E402  (circular: views import app)
""",
    "app/views.py": """\
from app import app


@app.route("/")
def index():
    return "hello"


@app.route("/about")
def about():
    return "about"
""",
}


def _importers(project: ProjectModel, home: ModuleSummary, obj: ObjectFact) -> list[Evidence]:
    """Places where other application modules import `obj` from its module."""
    found = []
    for module in project.app_modules:
        if module is home:
            continue
        for imp in module.imports:
            if imp.name == obj.name and project.module(imp.module) is home:
                found.append(evidence(module.path, imp.loc, f"imports the global `{obj.name}`"))
    return found


class ApplicationFactory(PracticeRule):
    """The app is built by an application factory.

    ## What it checks
    That a function builds and returns the `Flask` instance (any name:
    `create_app`, `make_app`, `build_app(config)`), with extensions created
    unbound at module level and bound inside it with `ext.init_app(app)`.
    Partly met when a factory exists beside a module-level app, or extensions
    are bound to an app at import time. Not met when the app is a
    module-level `app = Flask(__name__)` that view modules import.

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
    good = (FACTORY_PACKAGE,)
    bad = (GLOBAL_APP_PACKAGE,)

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
            importers = _importers(project, module, obj)
            message = f"the app is a module-level global `{obj.name}`"
            if importers:
                message += f", imported by {plural(len(importers), 'other module')}"
            return Verdict(
                NOT_MET,
                message + "; no function builds and returns it",
                [evidence(module.path, obj.loc, "module-level Flask app"), *importers[:5]],
            )
        module, factory = factories[0]
        found = [evidence(module.path, factory.loc, f"factory {factory.name}() builds and returns the app")]
        problems: list[str] = []
        for app_module, obj in module_apps:
            problems.append(f"a module-level app also exists ({app_module.path}:{obj.loc.line})")
            found.append(evidence(app_module.path, obj.loc, "module-level Flask app beside the factory"))
        for ext_module in project.app_modules:
            for ext in ext_module.objects:
                if ext.kind not in ("extension", "migrate") or not ext.bound_to_app:
                    continue
                where = "at import time" if ext.function is None else f"inside {ext.function}()"
                problems.append(f"`{ext.name}` is bound to an app {where} instead of via init_app")
                found.append(evidence(ext_module.path, ext.loc, f"`{ext.name}` bound {where}"))
        for call_module in project.app_modules:
            for call in call_module.calls_named("init_app"):
                found.append(evidence(call_module.path, call.loc, f"{call.name}() binds an extension"))
        if problems:
            return Verdict(PARTLY, f"factory {factory.name}() exists, but " + "; ".join(problems), found)
        return Verdict(MET, f"factory {factory.name}() builds the app", found)


def _route_owner_kind(project: ProjectModel, module: ModuleSummary, owner: str) -> str | None:
    kind = project.object_kind(module, owner)
    if kind is None:  # routes declared inside the factory on its local `app`
        local = [o for o in module.objects if o.name == owner.split(".")[0] and o.function is not None]
        if local:
            kind = local[0].kind
    return kind


class Blueprints(PracticeRule):
    """Routes are grouped on registered blueprints.

    ## What it checks
    That routes are declared on `Blueprint` objects (Flask's, or
    flask-smorest's, APIFlask's, a flask-restx `Namespace`) and that every
    blueprint is registered on the app, directly, in a loop or through a
    helper. Partly met when some routes stay on the app object or a blueprint
    is never registered. A single-module app (app object and at most five
    routes in one file) is judged as small: the rule does not apply.

    ## Why it matters
    Blueprints give each feature its own module, URL prefix, templates and
    error handlers, and can be registered on any app a factory builds. Routes
    on a global app object tie every view module to that one object.

    ## Example
    ```python
    # app/views/users.py
    from app import app

    @app.route("/users")
    def users(): ...
    ```

    ## Use instead
    ```python
    bp = Blueprint("users", __name__, url_prefix="/users")

    @bp.get("/")
    def users(): ...

    # in the factory
    app.register_blueprint(users.bp)
    ```
    """

    code = "FL102"
    name = "blueprints"
    skill = "architecture"
    severity = "medium"
    weight = 2.0
    good = (FACTORY_PACKAGE,)
    bad = (GLOBAL_APP_PACKAGE,)

    SMALL_APP_ROUTES = 5

    def judge(self, project: ProjectModel) -> Verdict:
        routes = [(m, r) for m in project.app_modules for r in m.routes]
        if not routes:
            return Verdict(NOT_APPLICABLE, "the application declares no routes")
        on_app = []
        on_blueprint = []
        for module, route in routes:
            kind = _route_owner_kind(project, module, route.owner)
            if kind == "app":
                on_app.append((module, route))
            elif kind == "blueprint":
                on_blueprint.append((module, route))
        modules_with_routes = {m.path for m, _ in routes}
        app_homes = {m.path for m, _ in project.module_level_apps()} | {m.path for m, _ in project.factories}
        small = len(routes) <= self.SMALL_APP_ROUTES and len(modules_with_routes) == 1
        if not on_blueprint and small and modules_with_routes <= app_homes:
            return Verdict(
                NOT_APPLICABLE,
                f"a single-module app with {plural(len(routes), 'route')}: blueprints are not needed at this size",
            )
        found = [evidence(m.path, r.loc, f"route {r.path or '?'} on the app object") for m, r in on_app[:5]]
        if not on_blueprint:
            return Verdict(
                NOT_MET,
                f"{plural(len(on_app) or len(routes), 'route')} on the app object "
                f"in {plural(len(modules_with_routes), 'module')}; no blueprints",
                found,
            )
        unregistered = self._unregistered(project)
        for module, obj in unregistered:
            found.append(evidence(module.path, obj.loc, f"blueprint `{obj.name}` is never registered"))
        for module in project.app_modules:
            for obj in module.objects_of("blueprint"):
                if (module, obj) not in unregistered:
                    found.append(evidence(module.path, obj.loc, f"blueprint `{obj.name}`"))
            for call in module.calls_named("register_blueprint"):
                found.append(evidence(module.path, call.loc, "blueprint registered"))
        if on_app:
            return Verdict(
                PARTLY,
                f"{plural(len(on_blueprint), 'route')} on blueprints, {len(on_app)} still on the app object",
                found,
            )
        if unregistered:
            names = ", ".join(f"`{o.name}`" for _, o in unregistered)
            return Verdict(PARTLY, f"routes are on blueprints, but {names} is never registered", found)
        return Verdict(MET, f"all {plural(len(on_blueprint), 'route')} on registered blueprints", found)

    def _unregistered(self, project: ProjectModel) -> list[tuple[ModuleSummary, ObjectFact]]:
        blueprints = [(m, o) for m in project.app_modules for o in m.objects_of("blueprint")]
        # Every name a blueprint is known by: its own, and its import aliases.
        aliases: dict[str, set[str]] = {}
        for module, obj in blueprints:
            names = aliases.setdefault(f"{module.path}:{obj.name}", {obj.name})
            for other in project.app_modules:
                for imp in other.imports:
                    if imp.name == obj.name and project.module(imp.module) is module:
                        names.add(imp.local)
        known = set().union(*aliases.values()) if aliases else set()
        registered: set[str] = set()
        for module in project.modules:
            for call in module.calls_named("register_blueprint"):
                for arg in call.args:
                    tail = arg.rpartition(".")[2]
                    if tail not in known:
                        # a loop variable, a call, a helper's parameter: we cannot
                        # tell which blueprint it is, so give the benefit of the doubt
                        return []
                    registered.add(tail)
        return [
            (module, obj)
            for module, obj in blueprints
            if obj.function is None and not (aliases[f"{module.path}:{obj.name}"] & registered)
        ]
