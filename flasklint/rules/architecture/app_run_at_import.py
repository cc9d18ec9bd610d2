"""FL103 app-run-at-import: `app.run()` runs when the module is imported."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid


class AppRunAtImport(FileRule):
    """`app.run()` runs when the module is imported.

    ## What it checks
    A call to `.run()` on a Flask app at module level, outside
    `if __name__ == "__main__":`.

    ## Why it matters
    Importing the module (from a WSGI server, a test, a migration script)
    starts the development server and blocks. Production servers import the
    app; they must not find a server already running inside it.

    ## Example
    ```python
    app = Flask(__name__)
    app.run()
    ```

    ## Use instead
    ```python
    if __name__ == "__main__":
        app.run()
    ```
    or `flask --app app run` and no `app.run()` at all.
    """

    code = "FL103"
    name = "app-run-at-import"
    skill = "architecture"
    severity = "high"
    weight = 2.0
    unit = "repository"
    surface = (".run",)
    good = ('from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run()\n',)
    bad = (Invalid("from flask import Flask\n\napp = Flask(__name__)\napp.run()\n", expect=("app.py:4",)),)

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if not ctx.at_import_time or ctx.in_main_guard or not isinstance(node.func, cst.Attribute):
            return
        owner = node.func.value
        if node.func.attr.value == "run" and isinstance(owner, cst.Name) and ctx.kind_of(owner.value) == "app":
            self.report(node, f"{owner.value}.run() starts the development server whenever the module is imported")
