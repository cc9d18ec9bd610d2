"""FL502 hardcoded-secret: Secrets are hard-coded in the source."""

from __future__ import annotations

import libcst as cst

from flasklint.api import (
    ConfigSetting,
    FileContext,
    FileRule,
    Invalid,
    flaskapi,
    kwarg_value,
    string_value,
)
from flasklint.rules.security._shared import secret_name


def _env_read(node: cst.BaseExpression, ctx: FileContext) -> cst.Call | None:
    if isinstance(node, cst.Call) and ctx.qualname(node.func) in flaskapi.ENV_READS:
        return node
    return None


def secret_value(node: cst.BaseExpression, ctx: FileContext) -> str | None:
    """ "literal" for a hard-coded non-empty string, "fallback" for an env read's literal default."""
    text = string_value(node)
    if text:
        return "literal"
    read = _env_read(node, ctx)
    if read is not None:
        args = [a for a in read.args if a.keyword is None]
        default = args[1].value if len(args) > 1 else kwarg_value(read, "default")
        return "fallback" if default is not None and string_value(default) else None
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
        if _env_read(node.left, ctx) is not None and string_value(node.right):
            return "fallback"
    return None


class HardcodedSecret(FileRule):
    """Secrets are hard-coded in the source.

    ## What it checks
    String literals assigned to `SECRET_KEY`, `app.secret_key`, and names
    that say secret, password, token, API key, private key or salt: at module
    level, in config classes, in `app.config[...]`, in `config.update(...)` /
    `from_mapping(...)` keywords and in config dicts. A literal default of an
    environment read (`os.environ.get("SECRET_KEY", "dev")`) is a low-severity
    finding. Development and testing config classes (`DevelopmentConfig`,
    `TestingConfig`) and dev/test/local settings files are not judged.

    ## Why it matters
    Anyone with the code (every clone, fork, CI log and container image) has
    the secret: they can forge session cookies signed with `SECRET_KEY`, or
    log in with the password. Rotating it means a code change.

    ## Example
    ```python
    app.config["SECRET_KEY"] = "super-secret"
    ```

    ## Use instead
    ```python
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]   # fails loudly when unset
    ```
    """

    code = "FL502"
    name = "hardcoded-secret"
    skill = "security"
    severity = "high"
    weight = 3.0
    unit = "repository"
    good = (
        """\
import os

from flask import Flask


class Config:
    SECRET_KEY = os.environ["SECRET_KEY"]
    PASSWORD_MIN_LENGTH = 12


class DevelopmentConfig(Config):
    SECRET_KEY = "dev"


class TestingConfig(Config):
    SECRET_KEY = "test"


app = Flask(__name__)
app.config.from_object(Config)
API_TOKEN_HEADER = "X-Api-Token"
""",
        {"config/local.py": 'SECRET_KEY = "local-only"\n', "app.py": "from flask import Flask\n"},
    )
    bad = (
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "super-secret"
""",
            expect=("app.py:4",),
        ),
        Invalid(
            """\
class Config:
    SECRET_KEY = "6f1c2e..."
    MAIL_PASSWORD = "hunter2"
""",
            expect=("app.py:2", "app.py:3"),
        ),
        Invalid(
            """\
import os

SECRET_KEY = os.environ.get("SECRET_KEY", "fallback-secret")
""",
            expect=("app.py:3",),
        ),
    )

    def visit_ConfigSetting(self, setting: ConfigSetting) -> None:
        name = setting.key
        if not name or not secret_name(name) or setting.dev_only:
            return
        kind = secret_value(setting.value, self.ctx)
        if kind == "literal":
            self.report(setting.node, f"{name} is a hard-coded string")
        elif kind == "fallback":
            self.report(setting.node, f"{name} falls back to a hard-coded string when the variable is unset", "low")
