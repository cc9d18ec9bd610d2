"""FL309 json-dumps-response: A view returns `json.dumps(...)`."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid


class JsonDumpsResponse(FileRule):
    """A view returns `json.dumps(...)`.

    ## What it checks
    `return json.dumps(...)` in a view.

    ## Why it matters
    The response goes out as `text/html`, so clients and browsers treat JSON
    as HTML; `jsonify` or returning a dict sets `application/json` and uses
    the app's JSON provider.

    ## Example
    ```python
    return json.dumps({"ok": True})
    ```

    ## Use instead
    ```python
    return {"ok": True}
    ```
    """

    code = "FL309"
    name = "json-dumps-response"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    unit = "view"
    surface = ("json", "flask.jsonify", "flask.json")
    good = (
        'import json\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef i():\n    json.dumps({})\n    return {"ok": True}\n',
    )
    bad = (
        Invalid(
            'import json\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef i():\n    return json.dumps({"ok": True})\n',
            expect=("app.py:10",),
        ),
    )

    def visit_Return(self, node: cst.Return) -> None:
        fn = self.ctx.function
        if fn is None or fn.role != "view" or not isinstance(node.value, cst.Call):
            return
        if self.ctx.qualname(node.value.func) == "json.dumps":
            self.report(node, "json.dumps() response is sent as text/html; return a dict or jsonify()")
