"""FL304 api-versioning: The API is versioned."""

from __future__ import annotations

import re

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    Invalid,
    Loc,
    ModuleSummary,
    PracticeRule,
    ProjectModel,
    Verdict,
    evidence,
)
from flasklint.rules.api_design._shared import _api_views

# `/v1`, `/api/1`, or a prefix built from a version setting: f"/api/{API_VERSION}"
VERSIONED = re.compile(r"/v\d+(/|$)|^/api/\d+(/|$)|\{[\w.]*version[\w.]*\}", re.IGNORECASE)


def _prefixes(project: ProjectModel) -> list[tuple[ModuleSummary, str, Loc]]:
    found = []
    for module in project.app_modules:
        for obj in module.objects_of("blueprint"):
            if "url_prefix" in obj.options:
                found.append((module, obj.options["url_prefix"], obj.loc))
        for call in module.calls_named("register_blueprint"):
            if "url_prefix" in call.kwargs:
                found.append((module, call.kwargs["url_prefix"], call.loc))
    return found


class ApiVersioning(PracticeRule):
    """The API is versioned.

    ## What it checks
    When views answer JSON, that routes or blueprint URL prefixes carry a
    version (`/api/v1/...`, `/api/1/...`, or a prefix built from a version
    setting, `url_prefix=f"/api/{API_VERSION}"`). Not applicable to apps
    without a JSON API.

    ## Why it matters
    A version in the URL lets the API change without breaking the clients
    already built against it.

    ## Example
    ```python
    api = Blueprint("api", __name__, url_prefix="/api")
    ```

    ## Use instead
    ```python
    api_v1 = Blueprint("api_v1", __name__, url_prefix="/api/v1")
    ```
    """

    code = "FL304"
    name = "api-versioning"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    good = (
        """\
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/items")
def items():
    return {"items": []}
""",
    )
    bad = (
        Invalid(
            """\
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/items")
def items():
    return {"items": []}
""",
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        if not _api_views(project):
            return Verdict(NOT_APPLICABLE, "no JSON API")
        versioned = [(m, p, loc) for m, p, loc in _prefixes(project) if VERSIONED.search(p)]
        versioned += [
            (m, r.path, r.loc) for m in project.app_modules for r in m.routes if r.path and VERSIONED.search(r.path)
        ]
        if versioned:
            m, path, loc = versioned[0]
            return Verdict(MET, f"the API is versioned ({path})", [evidence(m.path, loc, f"versioned prefix {path}")])
        return Verdict(NOT_MET, "no version in the API's URLs", [])
