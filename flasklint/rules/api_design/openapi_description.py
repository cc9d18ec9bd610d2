"""FL306 openapi-description: The API is described with OpenAPI."""

from __future__ import annotations

import re

from flasklint.api import MET, NOT_APPLICABLE, NOT_MET, Invalid, PracticeRule, ProjectModel, Verdict, evidence
from flasklint.rules.api_design._shared import _api_views, _imports

OPENAPI_MODULES = frozenset(
    {
        "flask_smorest",
        "apiflask",
        "flasgger",
        "spectree",
        "flask_openapi3",
        "flask_restx",
        "connexion",
        "apispec",
        "flask_apispec",
        "flask_swagger_ui",
    }
)


OPENAPI_FILE = re.compile(r"(^|/)(openapi|swagger)[\w.-]*\.(ya?ml|json)$", re.IGNORECASE)


class OpenApiDescription(PracticeRule):
    """The API is described with OpenAPI.

    ## What it checks
    When the app has a JSON API: flask-smorest, APIFlask, flasgger,
    spectree, flask-openapi3, flask-restx, connexion or apispec in use, or an
    `openapi.yaml` / `swagger.json` in the repository.

    ## Why it matters
    A machine-readable description gives clients documentation, generated
    SDKs and contract tests, and keeps the API honest about what it accepts.

    ## Example
    A JSON API whose only documentation is the code.

    ## Use instead
    ```python
    api = Api(app)                      # flask-smorest
    @blp.arguments(ItemSchema)
    @blp.response(201, ItemSchema)
    def create(data): ...
    ```
    """

    code = "FL306"
    name = "openapi-description"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    good = (
        {
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/x')\ndef x():\n    return {}\n",
            "openapi.yaml": "openapi: 3.0.0\n",
        },
    )
    bad = (
        Invalid(
            {
                "app.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/x')\ndef x():\n    return {}\n"
            },
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        if not _api_views(project):
            return Verdict(NOT_APPLICABLE, "no JSON API")
        libraries = _imports(project, OPENAPI_MODULES)
        if libraries:
            m, imp = libraries[0]
            return Verdict(
                MET, f"described with {imp.module.split('.')[0]}", [evidence(m.path, imp.loc, f"imports {imp.module}")]
            )
        files = [rel for rel in project.other_files if OPENAPI_FILE.search(rel)]
        if files:
            return Verdict(MET, f"described in {files[0]}", [evidence(files[0], 1, "OpenAPI description")])
        return Verdict(NOT_MET, "no OpenAPI description of the JSON API")
