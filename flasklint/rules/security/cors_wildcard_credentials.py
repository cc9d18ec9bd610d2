"""FL517 cors-wildcard-credentials: CORS allows any origin together with credentials."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, is_true, kwarg_value, string_value


class CorsWildcardWithCredentials(FileRule):
    """CORS allows any origin together with credentials.

    ## What it checks
    `CORS(app, supports_credentials=True)` (or `cross_origin(...)`) where the
    allowed origins are `"*"`, or not given (Flask-CORS then allows every
    origin).

    ## Why it matters
    Any website the user visits can then make authenticated requests to your
    API with the user's cookies and read the responses.

    ## Example
    ```python
    CORS(app, supports_credentials=True)
    ```

    ## Use instead
    ```python
    CORS(app, origins=["https://app.example.com"], supports_credentials=True)
    ```
    """

    code = "FL517"
    name = "cors-wildcard-credentials"
    skill = "security"
    severity = "high"
    weight = 1.0
    unit = "repository"
    surface = ("flask_cors",)
    good = (
        """\
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"], supports_credentials=True)
CORS(app, resources={r"/public/*": {"origins": "*"}})
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, supports_credentials=True)
""",
            expect=("app.py:5",),
        ),
        Invalid(
            """\
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins="*", supports_credentials=True)
""",
            expect=("app.py:5",),
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        if qual not in ("flask_cors.CORS", "flask_cors.cross_origin"):
            return
        if not is_true(kwarg_value(node, "supports_credentials")):
            return
        origins = kwarg_value(node, "origins")
        if (origins is None and kwarg_value(node, "resources") is None) or string_value(origins) == "*":
            self.report(node, "every origin may send credentialed requests and read the answers")
