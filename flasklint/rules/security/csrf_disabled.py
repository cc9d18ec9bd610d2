"""FL512 csrf-disabled: CSRF protection is switched off outside tests."""

from __future__ import annotations

import re

import libcst as cst

from flasklint.api import (
    ConfigSetting,
    FileRule,
    Finding,
    Invalid,
    ProjectModel,
    dotted_name,
    is_false,
    string_value,
)
from flasklint.rules.security._shared import LOADED_ON_EVERY_START, DevSettings, loaded_dev_setting_stands

WEBHOOK = re.compile(r"(web_?hook|[-_/]hook\b|hook$|callback|/notify|ipn\b)", re.IGNORECASE)


class CsrfDisabled(FileRule):
    """CSRF protection is switched off outside tests.

    ## What it checks
    `WTF_CSRF_ENABLED = False` (or `WTF_CSRF_CHECK_DEFAULT = False`) in
    configuration that is not a development or testing config (or is one
    that the app loads on every start), in any form a
    setting takes (module or class attribute, `app.config[...]`,
    `update`/`from_mapping`/`setdefault` keywords, a config dict), and
    `@csrf.exempt` on views (not on webhooks, which another service posts
    with a signature or token: `/stripe/webhook`, `spamcheck_hook`).

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
    needs = (DevSettings,)
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

    @classmethod
    def keeps(cls, project: ProjectModel, finding: Finding) -> bool:
        """A development setting stands only when the app loads it on every start."""
        return loaded_dev_setting_stands(project, finding)

    def visit_ConfigSetting(self, setting: ConfigSetting) -> None:
        if setting.key in self.KEYS and is_false(setting.value):
            loaded = f" {LOADED_ON_EVERY_START}" if setting.dev_only else ""
            self.report(setting.node, f"CSRF protection switched off{loaded}")

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        exempt = next((d for d in node.decorators if (dotted_name(d.decorator) or "").endswith("csrf.exempt")), None)
        if exempt is None:
            return
        # a webhook is posted by another service, signed or token-authenticated: no browser, no cookie to forge
        routes = " ".join(
            string_value(d.decorator.args[0].value) or ""
            for d in node.decorators
            if isinstance(d.decorator, cst.Call) and d.decorator.args
        )
        if WEBHOOK.search(f"{node.name.value} {routes}"):
            return
        self.report(exempt, "view exempted from CSRF protection", "medium")
