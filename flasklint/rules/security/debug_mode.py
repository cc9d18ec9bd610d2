"""FL501 debug-mode: Debug mode is switched on in code."""

from __future__ import annotations

import libcst as cst

from flasklint.api import ConfigSetting, FileRule, Invalid, dotted_name, is_true, keyword_arg


class DebugMode(FileRule):
    """Debug mode is switched on in code.

    ## What it checks
    `app.run(debug=True)`, `app.debug = True`, `app.config["DEBUG"] = True`,
    `app.config.update(DEBUG=True)` (or `from_mapping`, `setdefault`), a
    config dict's `"DEBUG": True`, and `DEBUG = True` at module level or in
    a config class whose name does not mark it as development or testing
    (`DevelopmentConfig`, `TestingConfig`, `LocalConfig`, and settings files
    such as `config/development.py` are fine).

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
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = dotted_name(node.func) or ""
        tail = func.rpartition(".")[2]
        if tail == "run":
            debug = keyword_arg(node, "debug")
            if debug is not None and is_true(debug.value):
                self.report(node, f"{func}(debug=True) enables the interactive debugger")

    def visit_ConfigSetting(self, setting: ConfigSetting) -> None:
        if not is_true(setting.value) or setting.dev_only:
            return
        node, form = setting.node, setting.form
        if form == "attribute":
            if setting.key == "debug":
                self.report(node, f"{setting.target or 'app.debug'} = True enables debug mode")
            return
        if setting.key != "DEBUG":
            return
        cls = self.ctx.class_scope
        if form == "name" and setting.scope == "module":
            self.report(node, "DEBUG = True at module level of the configuration")
        elif form == "name" and setting.scope == "class" and cls is not None:
            self.report(node, f"DEBUG = True in config class {cls.name}, not a development/test config")
        elif form == "item":
            self.report(node, 'config["DEBUG"] = True enables debug mode')
        elif form == "keyword":
            call = ".".join(setting.target.split(".")[-2:])
            self.report(node, f"{call}(DEBUG=True) enables debug mode")
        elif form == "dict":
            self.report(node, '"DEBUG": True in a configuration mapping enables debug mode')
