"""FL102 blueprints: Routes are grouped on registered blueprints."""

from __future__ import annotations

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    Invalid,
    ModuleSummary,
    ObjectFact,
    PracticeRule,
    ProjectModel,
    Verdict,
    every,
    evidence,
    plural,
)
from flasklint.rules.architecture._shared import FACTORY_PACKAGE, GLOBAL_APP_PACKAGE


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
    bad = (Invalid(GLOBAL_APP_PACKAGE, status="not met"),)

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
        return Verdict(MET, f"{every(len(on_blueprint), 'route')} on registered blueprints", found)

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
