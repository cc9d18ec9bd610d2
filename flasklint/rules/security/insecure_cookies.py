"""FL516 insecure-cookies: Session cookies are configured insecurely."""

from __future__ import annotations

import re

import libcst as cst

from flasklint.api import (
    ConfigSetting,
    FileRule,
    Finding,
    Invalid,
    ProjectModel,
    call_tail,
    first_arg,
    is_false,
    is_none,
    kwarg_value,
    string_value,
)
from flasklint.rules.security._shared import LOADED_ON_EVERY_START, DevSettings, loaded_dev_setting_stands

# cookies that carry identity: the ones whose theft or script access costs an account
SENSITIVE_COOKIE = re.compile(r"(session|token|auth|remember|jwt|sid|login|user|account|csrf)", re.I)
COOKIE_FLAGS = {
    "SESSION_COOKIE_SECURE": "is_false",
    "SESSION_COOKIE_HTTPONLY": "is_false",
    "REMEMBER_COOKIE_SECURE": "is_false",
    "REMEMBER_COOKIE_HTTPONLY": "is_false",
    "SESSION_COOKIE_SAMESITE": "is_none",
}


class InsecureCookies(FileRule):
    """Session cookies are configured insecurely.

    ## What it checks
    `SESSION_COOKIE_SECURE`, `SESSION_COOKIE_HTTPONLY`,
    `REMEMBER_COOKIE_SECURE` / `_HTTPONLY` set to `False`, or
    `SESSION_COOKIE_SAMESITE = None`, outside development and testing
    config (which counts too when the app loads it on every start:
    `app.config.from_object(DevelopmentConfig)` outside any `if`), in any
    form a setting takes (module or class attribute, `app.config[...]`,
    `update`/`from_mapping`/`setdefault` keywords, a config dict); and `set_cookie(..., secure=False)` / `httponly=False`, or a
    cookie whose name says session, token, auth, user or remember set
    without `secure=` and `httponly=` (Werkzeug's defaults are off).

    ## Why it matters
    Without `Secure` the session cookie travels over plain HTTP; without
    `HttpOnly` any injected script can read it; without `SameSite` it rides
    along with cross-site requests.

    ## Example
    ```python
    SESSION_COOKIE_HTTPONLY = False
    ```

    ## Use instead
    ```python
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    ```
    """

    code = "FL516"
    name = "insecure-cookies"
    skill = "security"
    severity = "medium"
    weight = 1.0
    unit = "repository"
    surface = ("flask.session", ".set_cookie", "flask_login", "flask_session")
    needs = (DevSettings,)
    good = (
        """\
from flask import session


def current_user_id():
    return session.get("user_id")


class Config:
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"


class DevelopmentConfig(Config):
    SESSION_COOKIE_SECURE = False
""",
    )
    bad = (
        Invalid(
            """\
class Config:
    SESSION_COOKIE_HTTPONLY = False
""",
            expect=("app.py:2",),
        ),
        Invalid(
            """\
from flask import Flask, make_response

app = Flask(__name__)


@app.get("/")
def index():
    response = make_response("ok")
    response.set_cookie("token", "abc", secure=False, httponly=False)
    return response
""",
            expect=("app.py:9",),
        ),
    )

    @classmethod
    def keeps(cls, project: ProjectModel, finding: Finding) -> bool:
        """A development setting stands only when the app loads it on every start."""
        return loaded_dev_setting_stands(project, finding)

    def visit_ConfigSetting(self, setting: ConfigSetting) -> None:
        check = COOKIE_FLAGS.get(setting.key)
        if check is None:
            return
        if (check == "is_false" and is_false(setting.value)) or (check == "is_none" and is_none(setting.value)):
            loaded = f" {LOADED_ON_EVERY_START}" if setting.dev_only else ""
            self.report(setting.node, f"{setting.key} weakens the session cookie{loaded}")

    def visit_Call(self, node: cst.Call) -> None:
        if call_tail(node) != "set_cookie":
            return
        weak = [flag for flag in ("secure", "httponly") if is_false(kwarg_value(node, flag))]
        if weak:
            self.report(node, f"set_cookie() with {', '.join(f + '=False' for f in weak)}")
            return
        name = string_value(kwarg_value(node, "key") or first_arg(node)) or ""
        missing = [flag for flag in ("secure", "httponly") if kwarg_value(node, flag) is None]
        if missing and SENSITIVE_COOKIE.search(name):
            # Werkzeug's defaults are secure=False, httponly=False: a session or token cookie needs both set
            self.report(node, f"set_cookie({name!r}) without {' and '.join(missing)}: the defaults are off")
