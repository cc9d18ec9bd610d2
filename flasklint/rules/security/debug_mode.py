"""FL501 debug-mode: Debug mode is switched on in code."""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from flasklint.api import (
    ConfigSetting,
    FileContext,
    FileRule,
    Finding,
    Invalid,
    ProjectModel,
    dotted_name,
    flaskapi,
    in_non_production_config,
    is_true,
    keyword_arg,
    name_words,
    non_production_name,
    positional_args,
    string_value,
)
from flasklint.rules.security._shared import LOADED_ON_EVERY_START, DevSettings, dev_setting_load, example_settings

# FLASK_DEBUG=1 / FLASK_DEBUG: "true" / FLASK_ENV=development, as an env file or compose line
ENV_DEBUG = re.compile(
    r"""\b(FLASK_DEBUG\s*[=:]\s*["']?(1|true|yes|on)\b|FLASK_ENV\s*[=:]\s*["']?development\b)""", re.I
)
# a production process started with the development configuration or the debugger
PROCFILE_DEVELOPMENT = re.compile(
    r"""(--(flask-)?(config|env)[= ]["']?development\b|\b(FLASK_CONFIG|APP_SETTINGS|APP_ENV)=["']?development\b"""
    r"""|\b(FLASK_DEBUG=["']?(1|true)|FLASK_ENV=["']?development)\b|\bflask\b.*\brun\b.*--debug\b)""",
    re.I,
)
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
DEBUG_KEYS = frozenset({"DEBUG", "DEBUG_MODE", "FLASK_DEBUG", "WEB_DEBUG", "APP_DEBUG"})
DEVELOPMENT_WORDS = frozenset({"dev", "develop", "development", "debug"})
TRUTHY = frozenset({"true", "1", "yes", "on"})
ENVIRONMENT_READS = frozenset({"os.getenv", "os.environ.get"})
APP_CLASSES = flaskapi.APP_CLASSES


class DebugMode(FileRule):
    """Debug mode is switched on in code.

    ## What it checks
    `app.run(debug=True)`, `app.debug = True`, `app.config["DEBUG"] = True`,
    `app.config.update(DEBUG=True)` (or `from_mapping`, `setdefault`), a
    config dict's `"DEBUG": True`, and `DEBUG = True` at module level or in
    a config class whose name does not mark it as development or testing
    (`DevelopmentConfig`, `TestingConfig`, `LocalConfig`, and settings files
    such as `config/development.py` are fine). `DEBUG_MODE`, `FLASK_DEBUG`,
    `WEB_DEBUG` and `APP_DEBUG` count as `DEBUG`. `TESTING = True` outside
    test configuration (and outside any `if`) is medium: errors propagate to
    the client and extensions relax their checks for tests.

    Debug that is on by default counts too: `run(debug=...)` of a value that
    is true unless the environment says production
    (`os.getenv("FLASK_ENV") != "production"`), and, as low, a setting read
    from the environment with a true default (`os.getenv("DEBUG", True)`).
    A development config class is not exempt when the app loads it on every
    start (`app.config.from_object("config.DevelopmentConfig")` outside any
    `if`): then production runs it. The same holds for a `LocalConfig` or
    `TestingConfig` class (or a local/test settings file) that the app loads
    on every start, and for a factory's default config
    (`def create_app(config=DevelopmentConfig)`) that no application code
    replaces: its `DEBUG = True` is reported where it is set. `DEBUG = True` in example settings
    (`local_settings_example.py`) is low: it is what people copy.

    `run(debug=True)` bound to loopback (`host="127.0.0.1"`), or under
    `if __name__ == "__main__"` in a development server script that imports
    the app from elsewhere (`run.py`), is low: Werkzeug serves on loopback
    by default, so the debugger is reachable from that machine only. In the
    module that builds the app, or on `0.0.0.0`, it stays high.
    `FLASK_DEBUG=1` (or `FLASK_ENV=development`) in `.flaskenv` (the flask
    command's public, committed settings) or a compose file (not one named
    for development, such as `docker-compose.dev.yml`) is low: it
    switches the debugger on for whoever runs the app from the repository.
    A `Procfile` (the processes a platform runs in production) that selects
    the development configuration (`--flask-config development`,
    `FLASK_CONFIG=development`) or the debugger is low as well.

    ## Why it matters
    Flask's debugger lets anyone who can reach an error page run Python code
    on the server. Debug mode in code ships to production the day someone
    runs the module there.

    ## Example
    ```python
    if __name__ == "__main__":
        app.run(debug=True)
    ```

    ## Use instead
    ```
    flask --app app run --debug      # development only, from the command line
    ```
    and keep `DEBUG` out of production configuration.
    """

    code = "FL501"
    name = "debug-mode"
    skill = "security"
    severity = "high"
    weight = 3.0
    unit = "repository"
    needs = (DevSettings,)
    good = (
        """\
import os

from flask import Flask


class DevelopmentConfig:
    DEBUG = True


class ProductionConfig:
    DEBUG = False


app = Flask(__name__)
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
print("app.run(debug=True)")  # a string, not a call
if os.environ.get("FLASK_ENV") == "development":
    app.config.from_object(DevelopmentConfig)

if __name__ == "__main__":
    app.run()
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(debug=True)
""",
            expect=("app.py:6",),
        ),
        Invalid(
            """\
class Config:
    SECRET_KEY = "x"
    DEBUG = True
""",
            expect=("app.py:3",),
        ),
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)
app.debug = True
app.config.update(DEBUG=True)
""",
            expect=("app.py:4", "app.py:5"),
        ),
        Invalid(
            """\
import os

from flask import Flask


def create_app():
    app = Flask(__name__)
    app.config.from_object("app.config.DevelopmentConfig")
    return app


if __name__ == "__main__":
    debug_mode = os.getenv("FLASK_ENV") != "production"
    create_app().run(host="0.0.0.0", debug=debug_mode)
""",
            expect=("app.py:8", "app.py:14"),
        ),
        Invalid(
            """\
import os


class Settings:
    DEBUG_MODE = True
    WEB_DEBUG = os.environ.get("WEB_DEBUG", True)
""",
            expect=("app.py:5", "app.py:6"),
        ),
    )

    @classmethod
    def keeps(cls, project: ProjectModel, finding: Finding) -> bool:
        """A development setting stands only when the app loads it on every start; and a class or file
        named for development that is loaded by that name is already reported at the load
        (`_judge_loaded_config`): one problem, one finding."""
        if LOADED_ON_EVERY_START not in finding.message:
            return True
        load = dev_setting_load(project, finding)
        if load is None:
            return True
        how, owner = load
        named_for_development = any(word in DEVELOPMENT_WORDS for word in name_words(owner or finding.path))
        return how == "by default" or (how == "by name" and not named_for_development)

    @classmethod
    def across_files(cls, project: ProjectModel) -> Iterator[Finding]:
        """`FLASK_DEBUG=1` in `.flaskenv` or a compose file: the development server's debugger, set for
        whoever runs it (low: those files serve `flask run`, which production should not use)."""
        for rel in project.other_files:
            name = rel.rpartition("/")[2]
            if name == "Procfile":  # the processes a platform runs in production
                for number, line in enumerate((project.read_text(rel) or "").splitlines(), 1):
                    if PROCFILE_DEVELOPMENT.search(line) and not line.lstrip().startswith("#"):
                        yield cls.finding(rel, number, "the Procfile runs the app with its development settings", "low")
                continue
            # .flaskenv is the flask command's public, committed settings (Flask's docs); .env is private
            if name != ".flaskenv" and not name.startswith(("docker-compose", "compose")):
                continue
            if non_production_name(name.partition(".")[2] or name):  # docker-compose.dev.yml: for development
                continue
            for number, line in enumerate((project.read_text(rel) or "").splitlines(), 1):
                if ENV_DEBUG.search(line) and not line.lstrip().startswith("#"):
                    yield cls.finding(rel, number, f"{rel} turns the debugger on for `flask run`", "low")

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._assigned: dict[str, cst.BaseExpression] = {}  # last value of each plain name in this file
        self._conditions = 0  # depth of `if` statements around the current statement
        self._builds_app = False  # this module constructs a Flask app (so `python it.py` serves it)

    def visit_If(self, node: cst.If) -> None:
        self._conditions += 1

    def leave_If(self, original_node: cst.If) -> None:
        self._conditions -= 1

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._assigned[target.target.value] = node.value

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.qualname(node.func) in APP_CLASSES:
            self._builds_app = True
        func = dotted_name(node.func) or ""
        tail = node.func.attr.value if isinstance(node.func, cst.Attribute) else func
        if tail == "run":
            func = func or "run"
            debug = keyword_arg(node, "debug")
            if debug is not None:
                self._judge_run(node, func, debug.value)
        elif tail == "from_object" and not self._conditions and not in_non_production_config(self.ctx):
            self._judge_loaded_config(node)

    def _judge_run(self, node: cst.Call, func: str, value: cst.BaseExpression) -> None:
        if isinstance(value, cst.Name) and not is_true(value):
            value = self._assigned.get(value.value, value)
        if is_true(value):
            if self._local_dev_server(node):
                self.report(node, f"{func}(debug=True) in a development server script, on loopback", "low")
            else:
                self.report(node, f"{func}(debug=True) enables the interactive debugger")
        elif on_unless_production(value):
            self.report(node, f"{func}() runs the debugger unless the environment says production")
        elif self._environment_default_on(value):
            self.report(node, f"{func}() runs the debugger when the environment does not set it", "low")

    def _local_dev_server(self, node: cst.Call) -> bool:
        """Bound to loopback explicitly, or run by a script under `__main__` that imports the app from elsewhere.

        Werkzeug serves on 127.0.0.1 unless told otherwise: then the debugger
        is reachable from this machine only. A module that builds the app and
        runs it with debug is what gets deployed as `python app.py`.
        """
        host = keyword_arg(node, "host")
        address = string_value(host.value) if host is not None else None
        if address in LOOPBACK:
            return True
        if host is not None or not self.ctx.in_main_guard:
            return False
        return not self._builds_app

    def _judge_loaded_config(self, node: cst.Call) -> None:
        """`from_object("config.DevelopmentConfig")` on every start: production runs development settings."""
        args = positional_args(node)
        if not args:
            return
        target = string_value(args[0].value) or dotted_name(args[0].value) or ""
        name = target.rpartition(".")[2]
        if name and any(word in DEVELOPMENT_WORDS for word in name_words(name)):
            self.report(node, f"the app always loads {name}, so its development settings (DEBUG) reach production")

    def _environment_default_on(self, value: cst.BaseExpression) -> bool:
        """`os.environ.get("DEBUG", True)`, or such a read compared with its own default."""
        if isinstance(value, cst.Comparison) and len(value.comparisons) == 1:
            compared = value.comparisons[0]
            if isinstance(compared.operator, cst.Equal):
                default = self._environment_default(value.left)
                return default is not None and _literal(default) == _literal(compared.comparator)
        if isinstance(value, cst.Call) and (dotted_name(value.func) or "") in ("bool", "int") and value.args:
            value = value.args[0].value
        default = self._environment_default(value)
        return default is not None and _literal(default) in TRUTHY

    def _environment_default(self, value: cst.BaseExpression) -> cst.BaseExpression | None:
        if not isinstance(value, cst.Call) or self.ctx.qualname(value.func) not in ENVIRONMENT_READS:
            return None
        default = keyword_arg(value, "default")
        if default is not None:
            return default.value
        args = positional_args(value)
        return args[1].value if len(args) > 1 else None

    def visit_ConfigSetting(self, setting: ConfigSetting) -> None:
        if setting.key == "TESTING" and is_true(setting.value) and not self._conditions:
            # test mode outside tests: exceptions propagate to the client, and extensions relax their checks
            loaded = f" {LOADED_ON_EVERY_START}" if setting.dev_only else ""
            self.report(setting.node, f"TESTING = True outside the tests' configuration{loaded}", "medium")
            return
        if setting.key not in DEBUG_KEYS and not (setting.form == "attribute" and setting.key == "debug"):
            return
        if not is_true(setting.value):
            if not setting.dev_only and self._environment_default_on(setting.value):
                self.report(setting.node, f"{setting.key} is on when the environment does not set it", "low")
            return
        if setting.dev_only:
            if example_settings(self.ctx.path):
                # what people copy to production: low, since it is not loaded as written
                self.report(setting.node, f"{setting.key} = True in example settings others will copy", "low")
                return
            # stands only if the app loads these settings on every start (keeps)
            self.report(setting.node, f"{setting.key} = True {LOADED_ON_EVERY_START}")
            return
        node, form, key = setting.node, setting.form, setting.key
        cls = self.ctx.class_scope
        if form == "attribute":
            self.report(node, f"{setting.target or 'app.debug'} = True enables debug mode")
        elif form == "name" and setting.scope == "module":
            self.report(node, f"{key} = True at module level of the configuration")
        elif form == "name" and setting.scope == "class" and cls is not None:
            self.report(node, f"{key} = True in config class {cls.name}, not a development/test config")
        elif form == "item":
            self.report(node, f'config["{key}"] = True enables debug mode')
        elif form == "keyword":
            call = ".".join(setting.target.split(".")[-2:])
            self.report(node, f"{call}({key}=True) enables debug mode")
        elif form == "dict":
            self.report(node, f'"{key}": True in a configuration mapping enables debug mode')


def on_unless_production(value: cst.BaseExpression) -> bool:
    """`os.getenv("FLASK_ENV") != "production"`: on wherever nobody remembered to say production.

    Only an environment read whose default is not the production value: with
    `os.getenv("ENV", "production") != "production"` debug is off by default.
    """
    if not isinstance(value, cst.Comparison) or len(value.comparisons) != 1:
        return False
    compared = value.comparisons[0]
    if not isinstance(compared.operator, (cst.NotEqual, cst.NotIn)):
        return False
    production = _literal(compared.comparator)
    read = value.left
    if "prod" not in production or not isinstance(read, (cst.Call, cst.Subscript)):
        return False
    if isinstance(read, cst.Subscript):  # `os.environ["ENV"]`: no default, fails loudly when unset
        return False
    if (dotted_name(read.func) or "") not in ("os.getenv", "os.environ.get", "getenv", "environ.get"):
        return False
    default = keyword_arg(read, "default")
    args = positional_args(read)
    fallback = default.value if default is not None else args[1].value if len(args) > 1 else None
    return fallback is None or _literal(fallback) not in production.split()


def _literal(node: cst.BaseExpression) -> str:
    """A literal's value as lower-case text (`True` and `"true"` alike), or "" for anything else."""
    text = string_value(node)
    if text is not None:
        return text.lower()
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value.lower()
    if isinstance(node, cst.Integer):
        return node.value
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        return " ".join(string_value(e.value) or "" for e in node.elements).lower()
    return ""
