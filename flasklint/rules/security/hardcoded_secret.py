"""FL502 hardcoded-secret: Secrets are hard-coded in the source."""

from __future__ import annotations

import libcst as cst

from flasklint.api import (
    ConfigSetting,
    FileContext,
    FileRule,
    Finding,
    Invalid,
    ProjectModel,
    flaskapi,
    kwarg_value,
    string_value,
)
from flasklint.rules.security._shared import (
    LOADED_ON_EVERY_START,
    DevSettings,
    example_settings,
    loaded_dev_setting_stands,
    secret_name,
    secret_text,
)


def _env_read(node: cst.BaseExpression, ctx: FileContext) -> cst.Call | None:
    if isinstance(node, cst.Call) and ctx.qualname(node.func) in flaskapi.ENV_READS:
        return node
    return None


def secret_value(node: cst.BaseExpression, ctx: FileContext, name: str = "") -> str | None:
    """ "literal" for a hard-coded secret, "placeholder" for a literal that says it must be
    replaced, "fallback" for an env read's literal default; None when no secret is written."""
    text = string_value(node)
    if text is not None:
        kind = secret_text(text, name)
        return None if kind is None else "literal" if kind == "secret" else "placeholder"
    read = _env_read(node, ctx)
    default: cst.BaseExpression | None = None
    if read is not None:
        args = [a for a in read.args if a.keyword is None]
        default = args[1].value if len(args) > 1 else kwarg_value(read, "default")
    elif isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or):
        if _env_read(node.left, ctx) is not None:
            default = node.right
    fallback = string_value(default)
    return "fallback" if fallback is not None and secret_text(fallback) is not None else None


class HardcodedSecret(FileRule):
    """Secrets are hard-coded in the source.

    ## What it checks
    String literals assigned to `SECRET_KEY`, `app.secret_key`, and names
    that say secret, password, token, API key, private key or salt: at module
    level, in config classes, in `app.config[...]`, in `config.update(...)` /
    `from_mapping(...)` keywords and in config dicts. A literal default of an
    environment read (`os.environ.get("SECRET_KEY", "dev")`) is a low-severity
    finding. Development and testing config classes (`DevelopmentConfig`,
    `TestingConfig`) and dev/test/local settings files are not judged, unless
    the app loads them on every start (`app.config.from_object(DevelopmentConfig)`
    outside any `if`, or a factory's default that no caller replaces): then
    production runs them, whatever their name says. A literal in example
    settings (`local_settings_example.py`) is low: it is what people copy.

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
    needs = (DevSettings,)
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
        Invalid(
            """\
from flask import Flask


class DevelopmentConfig:
    SECRET_KEY = "a3f9c1d27b6e4f08"


app = Flask(__name__)
app.config.from_object(DevelopmentConfig)
""",
            expect=("app.py:5",),
        ),
    )

    @classmethod
    def keeps(cls, project: ProjectModel, finding: Finding) -> bool:
        """A development setting stands only when the app loads it on every start."""
        return loaded_dev_setting_stands(project, finding)

    def visit_ConfigSetting(self, setting: ConfigSetting) -> None:
        name = setting.key
        if not name or not secret_name(name):
            return
        kind = secret_value(setting.value, self.ctx, name)
        if kind == "literal" and setting.dev_only and example_settings(self.ctx.path):
            # what people copy into their real settings: low, since it is not loaded as written
            self.report(setting.node, f"{name} is a hard-coded string in example settings others will copy", "low")
            return
        # development settings: reported only if the app loads them on every start (keeps checks the claim)
        loaded = f" {LOADED_ON_EVERY_START}" if setting.dev_only else ""
        if kind == "literal":
            self.report(setting.node, f"{name} is a hard-coded string{loaded}")
        elif kind == "placeholder":
            message = f"{name} defaults to a placeholder that must be replaced in production{loaded}"
            self.report(setting.node, message, "low")
        elif kind == "fallback":
            message = f"{name} falls back to a hard-coded string when the variable is unset{loaded}"
            self.report(setting.node, message, "low")
