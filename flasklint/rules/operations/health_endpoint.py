"""FL703 health-endpoint: The app exposes a health endpoint."""

from __future__ import annotations

import re

from flasklint.api import MET, NOT_APPLICABLE, NOT_MET, Invalid, PracticeRule, ProjectModel, Verdict, evidence

HEALTH_PATH = re.compile(
    r"^/?(api/)?(v\d+/)?(_?health(z|check)?|healthz|readyz|livez|ready|readiness|liveness|ping|status|up)/?$", re.I
)


class HealthEndpoint(PracticeRule):
    """The app exposes a health endpoint.

    ## What it checks
    A route such as `/health`, `/healthz`, `/ready`, `/live`, `/ping` or
    `/status`, also when a blueprint's `url_prefix` makes it one
    (`Blueprint("up", ..., url_prefix="/health")` with `@up.get("/")`), or a
    health blueprint registered under such a prefix (flask-healthz). Not
    applicable to apps without routes.

    ## Why it matters
    Load balancers, orchestrators and uptime monitors need a cheap URL that
    says whether this instance can serve; without one they probe real pages
    or nothing at all.

    ## Example
    A service whose only routes are its API.

    ## Use instead
    ```python
    @bp.get("/health")
    def health():
        db.session.execute(text("SELECT 1"))
        return {"status": "ok"}
    ```
    """

    code = "FL703"
    name = "health-endpoint"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = (
        'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/healthz")\ndef health():\n    return {"ok": True}\n',
    )
    bad = (
        Invalid(
            'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n    return "hi"\n',
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        routes = [(m, r) for m in project.app_modules for r in m.routes]
        if not routes:
            return Verdict(NOT_APPLICABLE, "no routes")
        for module, route in routes:
            prefixes = {
                obj.name: obj.options.get("url_prefix", "") for obj in module.objects_of("blueprint")
            }  # `Blueprint("up", __name__, url_prefix="/up")` with `@up.get("/")` serves /up
            path = prefixes.get(route.owner, "").rstrip("/") + "/" + (route.path or "").lstrip("/")
            if HEALTH_PATH.match(route.path or "") or HEALTH_PATH.match(path):
                return Verdict(MET, f"health endpoint {path}", [evidence(module.path, route.loc, "health endpoint")])
        for module in project.app_modules:  # a health blueprint from a library: flask-healthz
            for call in module.calls_named("register_blueprint"):
                if HEALTH_PATH.match(call.kwargs.get("url_prefix", "")):
                    prefix = call.kwargs["url_prefix"]
                    return Verdict(
                        MET, f"health endpoint {prefix}", [evidence(module.path, call.loc, "health blueprint")]
                    )
        return Verdict(NOT_MET, "no health or readiness endpoint")
