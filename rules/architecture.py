"""Architecture: how the application is put together."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

import libcst as cst

from flasklint.project import ProjectModel
from flasklint.rule import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    Evidence,
    FileRule,
    Finding,
    PracticeRule,
    ProjectRule,
    Verdict,
    evidence,
    plural,
)
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
    return [
        evidence(m.path, imp.loc, f"imports the global `{obj.name}`") for m, imp in project.imports_of(home, obj.name)
    ]


class ApplicationFactory(PracticeRule):
    """The app is built by an application factory.

    ## What it checks
    That a function builds and returns the `Flask` instance (any name:
    `create_app`, `make_app`, `build_app(config)`), with extensions created
    unbound at module level and bound inside it with `ext.init_app(app)`.
    Partly met when a factory exists beside a module-level app, or extensions
    are bound to an app at import time (binding inside the factory, as in
    flask-smorest's `api = Api(app)`, is fine). Not met when the app is a
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
                # Bound inside the factory (`api = Api(app)`) is fine; bound at
                # import time ties the extension to one global app.
                if ext.kind not in ("extension", "migrate") or not ext.bound_to_app or ext.function is not None:
                    continue
                problems.append(f"`{ext.name}` is bound to an app at import time instead of via init_app")
                found.append(evidence(ext_module.path, ext.loc, f"`{ext.name}` bound at import time"))
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
        unregistered_ids = {id(obj) for _, obj in unregistered}  # identity: dataclass == compares every field
        for module, obj in unregistered:
            found.append(evidence(module.path, obj.loc, f"blueprint `{obj.name}` is never registered"))
        for module in project.app_modules:
            for obj in module.objects_of("blueprint"):
                if id(obj) not in unregistered_ids:
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
            names.update(imp.local for _, imp in project.imports_of(module, obj.name))
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


class AppRunAtImport(FileRule):
    """`app.run()` runs when the module is imported.

    ## What it checks
    A call to `.run()` on a Flask app at module level, outside
    `if __name__ == "__main__":`.

    ## Why it matters
    Importing the module (from a WSGI server, a test, a migration script)
    starts the development server and blocks. Production servers import the
    app; they must not find a server already running inside it.

    ## Example
    ```python
    app = Flask(__name__)
    app.run()
    ```

    ## Use instead
    ```python
    if __name__ == "__main__":
        app.run()
    ```
    or `flask --app app run` and no `app.run()` at all.
    """

    code = "FL103"
    name = "app-run-at-import"
    skill = "architecture"
    severity = "high"
    weight = 2.0
    good = ('from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run()\n',)
    bad = ("from flask import Flask\n\napp = Flask(__name__)\napp.run()\n",)

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if not ctx.at_import_time or ctx.in_main_guard or not isinstance(node.func, cst.Attribute):
            return
        owner = node.func.value
        if node.func.attr.value == "run" and isinstance(owner, cst.Name) and ctx.kind_of(owner.value) == "app":
            self.report(node, f"{owner.value}.run() starts the development server whenever the module is imported")


CONFIG_LOADERS = ("from_object", "from_pyfile", "from_envvar", "from_prefixed_env", "from_file", "from_mapping")


class ConfigFromEnvironment(PracticeRule):
    """Configuration comes from config objects and the environment.

    ## What it checks
    That the app loads configuration with `app.config.from_object(...)`,
    `from_prefixed_env()`, `from_envvar()`, `from_pyfile()` / `from_file()`
    or `from_mapping()`, and that some settings are read from the
    environment (`os.environ`, `os.getenv`). Partly met with only one of the
    two.

    ## Why it matters
    The same code runs in development, CI and production; what differs
    (database URL, secrets, debug) must come from outside the code, in one
    place a reviewer can find.

    ## Example
    ```python
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://prod-db/app"
    ```

    ## Use instead
    ```python
    app.config.from_object(config_by_name[name])
    app.config.from_prefixed_env()     # FLASK_SQLALCHEMY_DATABASE_URI=...
    ```
    """

    code = "FL104"
    name = "config-from-environment"
    skill = "architecture"
    severity = "medium"
    weight = 2.0
    good = (
        FACTORY_PACKAGE
        | {"app/config.py": "import os\n\n\nclass ProductionConfig:\n    SECRET_KEY = os.environ['SECRET_KEY']\n"},
    )
    bad = (
        'from flask import Flask\n\napp = Flask(__name__)\napp.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://db/app"\n',
    )

    def judge(self, project: ProjectModel) -> Verdict:
        if not any(m.objects_of("app") for m in project.app_modules):
            return Verdict(NOT_APPLICABLE, "no Flask application is created in the code")
        loaders = [(m, c) for m in project.app_modules for c in m.calls_named(*CONFIG_LOADERS)]
        env = [m for m in project.app_modules if m.reads_env]
        found = [evidence(m.path, c.loc, f"{c.name}()") for m, c in loaders[:3]]
        found += [evidence(m.path, 1, "reads environment variables") for m in env[:2]]
        if loaders and env:
            return Verdict(MET, "configuration is loaded from config objects and the environment", found)
        if loaders or env:
            missing = "nothing is read from the environment" if loaders else "no app.config.from_* loading"
            return Verdict(PARTLY, missing, found)
        return Verdict(NOT_MET, "configuration is hard-coded: no config loading and no environment reads", found)


class ModularPackage(PracticeRule):
    """The application is split into modules by concern.

    ## What it checks
    That routes and models live in different modules and the application
    spans at least three modules. Partly met with two modules. Not met when
    one module holds routes and models together (or everything). A small
    single-module app (at most five routes, no models) is not judged.

    ## Why it matters
    Separate modules for views, models, services and schemas keep each
    change small and each file readable, and make the dependency direction
    (views -> services -> models) visible.

    ## Example
    One 600-line `app.py` with models, forms, routes and helpers.

    ## Use instead
    ```
    app/__init__.py   app/models.py   app/schemas.py
    app/services/     app/api/        app/auth/
    ```
    """

    code = "FL105"
    name = "modular-package"
    skill = "architecture"
    severity = "medium"
    weight = 2.0
    good = (
        FACTORY_PACKAGE
        | {
            "app/models.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\nclass U(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
        },
    )
    bad = (
        """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


class Item(db.Model):
    id = db.Column(db.Integer, primary_key=True)


@app.get("/items")
def items():
    return {"n": 0}
""",
    )

    def judge(self, project: ProjectModel) -> Verdict:
        code_modules = [m for m in project.app_modules if m.lines > 5]
        route_modules = {m.path for m in code_modules if m.routes}
        model_modules = {m.path for m in code_modules if m.models}
        routes = sum(len(m.routes) for m in code_modules)
        if len(code_modules) <= 1 and not model_modules and routes <= 5:
            return Verdict(NOT_APPLICABLE, "a small single-module app")
        mixed = sorted(route_modules & model_modules)
        found = [evidence(path, 1, "routes and models in one module") for path in mixed[:3]]
        if mixed or len(code_modules) <= 1:
            return Verdict(
                NOT_MET, "routes and models live in the same module" if mixed else "everything is in one module", found
            )
        if len(code_modules) == 2:
            return Verdict(PARTLY, "the application is split into only two modules", found)
        return Verdict(MET, f"{len(code_modules)} modules; routes and models apart", found)


class CircularImport(ProjectRule):
    """The app module and a view module import each other.

    ## What it checks
    A module that creates the app at module level imports (at module level)
    a module that imports the app back: the `from app import views` at the
    bottom of `app/__init__.py` pattern.

    ## Why it matters
    The cycle only works because of the import's position at the end of the
    file; moving a line, importing from a test or a script in another order,
    or type-checking breaks it. It is the classic symptom of a missing
    application factory.

    ## Example
    ```python
    # app/__init__.py
    app = Flask(__name__)
    from app import views     # views.py: from app import app
    ```

    ## Use instead
    A factory that imports the blueprints inside `create_app()` and
    registers them.
    """

    code = "FL106"
    name = "circular-import"
    skill = "architecture"
    severity = "medium"
    weight = 2.0
    good = (FACTORY_PACKAGE,)
    bad = (GLOBAL_APP_PACKAGE,)

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        for home, app in project.module_level_apps():
            for imp in home.imports:
                if imp.in_function:
                    continue
                target = project.module(f"{imp.module}.{imp.name}" if imp.name else imp.module)
                if target is None or target is home:
                    continue
                back = [
                    i
                    for i in target.imports
                    if not i.in_function and i.name == app.name and project.module(i.module) is home
                ]
                if back:
                    yield self.finding(
                        home.path,
                        imp.loc,
                        f"imports {target.path}, which imports `{app.name}` back from here (circular import)",
                    )


ENTRY_MODULES = frozenset({"wsgi.py", "asgi.py"})
# `wsgi:app`, `service.app:application_factory()` on a server or FLASK_APP line
ENTRY_REFERENCE = re.compile(r"(gunicorn|uwsgi|waitress|FLASK_APP|--app|web:)[^\n]*?\b([\w.]+:[A-Za-z_]\w*(\(\))?)")


class WsgiEntryPoint(PracticeRule):
    """The app has a WSGI entry point.

    ## What it checks
    A `wsgi.py` / `asgi.py` module, or a server command or config naming
    `module:app` or `module:create_app()` (Procfile, Dockerfile, compose,
    gunicorn config, `.flaskenv`). Partly met when only CLI commands or `if
    __name__ == "__main__": app.run()` start the app.

    ## Why it matters
    A WSGI server needs one importable place that builds the production app;
    without it, deployment means guessing which module to point it at.

    ## Example
    Only `python app.py` starts the application.

    ## Use instead
    ```python
    # wsgi.py
    from app import create_app

    app = create_app()
    ```
    """

    code = "FL107"
    name = "wsgi-entry-point"
    skill = "architecture"
    severity = "low"
    weight = 1.0
    good = (FACTORY_PACKAGE | {"wsgi.py": "from app import build_app\n\napp = build_app()\n"},)
    bad = ('from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run()\n',)

    def judge(self, project: ProjectModel) -> Verdict:
        if not any(m.objects_of("app") for m in project.app_modules):
            return Verdict(NOT_APPLICABLE, "no Flask application is created in the code")
        modules = [m for m in project.app_modules if posixpath.basename(m.path) in ENTRY_MODULES]
        if modules:
            return Verdict(MET, f"entry point {modules[0].path}", [evidence(modules[0].path, 1, "WSGI entry point")])
        for rel in project.other_files:
            base = posixpath.basename(rel)
            if base in ("Procfile", ".flaskenv") or base.startswith(("Dockerfile", "docker-compose", "compose")):
                text = project.read_text(rel) or ""
                match = ENTRY_REFERENCE.search(text)
                if match:
                    line = text[: match.start()].count("\n") + 1
                    return Verdict(MET, f"{rel} names {match.group(2)}", [evidence(rel, line, match.group(2))])
        runners = [(m, c) for m in project.app_modules for c in m.calls_named("run") if c.in_main_guard]
        cli = [(m, f) for m in project.app_modules for f in m.functions if f.role == "cli"]
        if runners or cli:
            return Verdict(PARTLY, "started only by app.run() or CLI commands; no WSGI entry point")
        return Verdict(NOT_MET, "no WSGI entry point")
