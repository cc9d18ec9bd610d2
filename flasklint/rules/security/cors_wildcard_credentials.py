"""FL517 cors-wildcard-credentials: CORS allows any origin together with credentials."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, dotted_name, is_true, kwarg_value, string_value


class CorsWildcardWithCredentials(FileRule):
    """CORS allows any origin together with credentials.

    ## What it checks
    `CORS(app, supports_credentials=True)` (or `cross_origin(...)`, or
    `cors.init_app(app, ...)` on an extension object) where the allowed
    origins are `"*"`, or not given (Flask-CORS then allows every origin),
    also when `resources` only names paths (`resources=r"/api/*"`) or a
    path's options give no origins. Medium when an `if` on a setting
    guards the call (`if app.config["CORS"]:`): exposed where it is on.

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
CORS(app, resources={r"/api/*": {"origins": ["https://app.example.com"]}}, supports_credentials=True)
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
        Invalid(
            """\
from flask import Flask
from flask_cors import CORS

cors = CORS()


def create_app():
    app = Flask(__name__)
    cors.init_app(app, resources=r"/api/*", supports_credentials=True)
    return app
""",
            expect=("app.py:9",),
        ),
        Invalid(
            """\
from flask import Flask
from flask_cors import CORS


def create_app():
    app = Flask(__name__)
    app.config.from_envvar("SETTINGS")
    if app.config["CORS"]:
        CORS(app, supports_credentials=True)
    return app
""",
            expect=("app.py:9",),
        ),
    )

    gates = 0  # `if app.config["CORS"]:` around the call: on only where a setting turns it on

    def visit_If(self, node: cst.If) -> None:
        if _reads_setting(node.test):
            self.gates += 1

    def leave_If(self, original_node: cst.If) -> None:
        if _reads_setting(original_node.test):
            self.gates -= 1

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        # `cors = CORS()` in extensions.py, `cors.init_app(app, ...)` in the factory: the same options
        extension = qual.rpartition(".")[2] == "init_app" and qual.rpartition(".")[0].rpartition(".")[2] == "cors"
        if qual not in ("flask_cors.CORS", "flask_cors.cross_origin") and not extension:
            return
        if not is_true(kwarg_value(node, "supports_credentials")):
            return
        origins = kwarg_value(node, "origins")
        if string_value(origins) == "*" or (
            origins is None and not _resources_restrict(kwarg_value(node, "resources"))
        ):
            if self.gates:
                self.report(
                    node, "when the setting that guards it is on, every origin may send credentialed requests", "medium"
                )
            else:
                self.report(node, "every origin may send credentialed requests and read the answers")


def _reads_setting(test: cst.BaseExpression) -> bool:
    """Whether an `if` test reads configuration: `app.config["CORS"]`, `settings.CORS`, `os.environ.get(...)`."""
    if isinstance(test, (cst.Name, cst.Attribute)):
        return any(word in (dotted_name(test) or "").lower() for word in ("config", "settings", "environ", "getenv"))
    if isinstance(test, cst.Subscript):
        return _reads_setting(test.value)
    if isinstance(test, cst.Call):
        return _reads_setting(test.func)
    if isinstance(test, cst.UnaryOperation):
        return _reads_setting(test.expression)
    if isinstance(test, cst.BooleanOperation):
        return _reads_setting(test.left) or _reads_setting(test.right)
    if isinstance(test, cst.Comparison):
        return _reads_setting(test.left)
    return False


def _resources_restrict(resources: cst.BaseExpression | None) -> bool:
    """`resources={r"/api/*": {"origins": [...]}}` names origins per path; a bare pattern (`resources=r"/api/*"`)
    only says which paths get CORS headers, and their origins stay Flask-CORS's default, every origin."""
    if not isinstance(resources, cst.Dict):
        return False
    for element in resources.elements:
        options = element.value if isinstance(element, cst.DictElement) else None
        if not isinstance(options, cst.Dict):
            return False
        given = {
            string_value(e.key): e.value
            for e in options.elements
            if isinstance(e, cst.DictElement) and string_value(e.key) is not None
        }
        if "origins" not in given or string_value(given["origins"]) == "*":
            return False
    return True
