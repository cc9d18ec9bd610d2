"""FL512 csrf-disabled: CSRF protection is switched off outside tests."""

from __future__ import annotations

import libcst as cst

from flasklint.api import (
    ConfigSetting,
    FileRule,
    Invalid,
    dotted_name,
    is_false,
)


class CsrfDisabled(FileRule):
    """CSRF protection is switched off outside tests.

    ## What it checks
    `WTF_CSRF_ENABLED = False` (or `WTF_CSRF_CHECK_DEFAULT = False`) in
    configuration that is not a development or testing config, in any form a
    setting takes (module or class attribute, `app.config[...]`,
    `update`/`from_mapping`/`setdefault` keywords, a config dict), and
    `@csrf.exempt` on views.

    ## Why it matters
    Without the token check, any site a logged-in user visits can submit
    forms to your app as that user: change their email, transfer funds,
    delete data.

    ## Example
    ```python
    class Config:
        WTF_CSRF_ENABLED = False
    ```

    ## Use instead
    Keep CSRF protection on (`CSRFProtect(app)`), disable it only in
    `TestingConfig`, and exempt only endpoints authenticated by a token
    header rather than a cookie.
    """

    code = "FL512"
    name = "csrf-disabled"
    skill = "security"
    severity = "high"
    weight = 2.0
    unit = "repository"
    surface = ("flask_wtf", "wtforms", ".validate_on_submit")
    good = (
        """\
from flask_wtf import CSRFProtect

csrf = CSRFProtect()


class Config:
    WTF_CSRF_ENABLED = True


class TestingConfig(Config):
    WTF_CSRF_ENABLED = False
""",
    )
    bad = (
        Invalid(
            """\
class Config:
    WTF_CSRF_ENABLED = False
""",
            expect=("app.py:2",),
        ),
        Invalid(
            """\
from flask import Flask
from flask_wtf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)


@app.post("/transfer")
@csrf.exempt
def transfer():
    return "", 204
""",
            expect=("app.py:9",),
        ),
    )

    KEYS = ("WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT")

    def visit_ConfigSetting(self, setting: ConfigSetting) -> None:
        if setting.key in self.KEYS and is_false(setting.value) and not setting.dev_only:
            self.report(setting.node, "CSRF protection switched off")

    def visit_Decorator(self, node: cst.Decorator) -> None:
        if (dotted_name(node.decorator) or "").endswith("csrf.exempt"):
            self.report(node, "view exempted from CSRF protection", "medium")
