"""FL507 unsafe-deserialization-or-eval: Untrusted data is unpickled, loaded as YAML objects, or evaluated."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from flasklint.api import (
    CallFlows,
    FileRule,
    Finding,
    Invalid,
    ProjectModel,
    dotted_name,
    first_arg,
    flow_findings,
    kwarg_value,
    string_value,
)

DESERIALIZERS = frozenset(
    {
        "pickle.loads",
        "pickle.load",
        "cPickle.loads",
        "dill.loads",
        "marshal.loads",
        "jsonpickle.decode",
        "yaml.unsafe_load",
        "yaml.full_load",
        "shelve.open",
    }
)


SAFE_YAML_LOADERS = ("SafeLoader", "CSafeLoader", "BaseLoader")


class UnsafeDeserializationOrEval(FileRule):
    """Untrusted data is unpickled, loaded as YAML objects, or evaluated.

    ## What it checks
    `pickle.loads/load`, `marshal.loads`, `dill.loads`, `jsonpickle.decode`,
    `yaml.load` without a safe loader, `yaml.unsafe_load`, and `eval()` /
    `exec()` of anything but a constant. Critical when request data reaches
    the call; low for `eval`/`exec` of other data (a config file, a CLI shell)
    and for loading a file the code names (`pickle.load(open("model.pkl",
    "rb"))`, a model that ships with the app). Also through
    the project's own functions: a view that hands request data to a
    helper that passes it to `eval`/`exec` is flagged at the view's call.

    ## Why it matters
    Unpickling and full YAML loading construct arbitrary objects, and
    `eval`/`exec` run arbitrary code: whoever controls the input runs code on
    the server.

    ## Example
    ```python
    data = pickle.loads(request.data)
    total = eval(request.args["expr"])
    ```

    ## Use instead
    `json.loads`, `yaml.safe_load`, and a real parser (or `ast.literal_eval`
    for Python literals).
    """

    code = "FL507"
    name = "unsafe-deserialization-or-eval"
    skill = "security"
    severity = "high"
    weight = 2.0
    unit = "repository"
    needs = (CallFlows,)
    surface = (
        "pickle",
        "cPickle",
        "_pickle",
        "yaml",
        "marshal",
        "shelve",
        "jsonpickle",
        "dill",
        "json",
        ".loads",
        ".load",
        ".eval",
        ".exec",
    )
    good = (
        """\
import ast
import json

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/import")
def import_data():
    data = json.loads(request.data)
    settings = yaml.safe_load(request.data)
    other = yaml.load(request.data, Loader=yaml.SafeLoader)
    number = ast.literal_eval(request.args["n"])
    eval("1 + 1")
    return {"n": number, "d": data, "s": settings, "o": other}
""",
    )
    bad = (
        Invalid(
            """\
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/import")
def import_data():
    return pickle.loads(request.data)
""",
            expect=("app.py:10",),
        ),
        Invalid(
            """\
import yaml


def read(path):
    with open(path) as handle:
        return yaml.load(handle)
""",
            expect=("app.py:6",),
        ),
        Invalid(
            """\
from flask import Flask, request

app = Flask(__name__)


@app.get("/calc")
def calc():
    return str(eval(request.args["expr"]))
""",
            expect=("app.py:8",),
        ),
    )

    @classmethod
    def across_files(cls, project: ProjectModel) -> Iterator[Finding]:
        """Request data handed to a function of the project that passes it on to the sink."""
        return flow_findings(cls, project, "eval", "request data reaches code that {callee}() evaluates")

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        arg = first_arg(node)
        problem = None
        if qual in DESERIALIZERS:
            problem = f"{qual}() builds arbitrary objects from its input"
        elif qual in ("yaml.load", "yaml.load_all"):
            loader = kwarg_value(node, "Loader")
            args = [a for a in node.args if a.keyword is None]
            if loader is None and len(args) > 1:
                loader = args[1].value
            if loader is None or not (dotted_name(loader) or "").endswith(SAFE_YAML_LOADERS):
                problem = f"{qual}() without a safe Loader builds arbitrary objects"
        elif qual in ("eval", "exec") and arg is not None and string_value(arg) is None:
            problem = f"{qual}() runs code built at run time"
        if problem is None:
            return
        if arg is not None and self.ctx.is_request_derived(arg):
            self.report(node, problem + " from request data", "critical")
        elif qual in ("eval", "exec"):  # a config file, a CLI shell: by design, not an exploit as written
            self.report(node, problem, "low")
        elif arg is not None and _opens_a_named_file(arg):  # `pickle.load(open("model.pkl", "rb"))`: ships with the app
            self.report(node, problem + " (a file named in the code)", "low")
        else:
            self.report(node, problem)


def _opens_a_named_file(arg: cst.BaseExpression) -> bool:
    """`open("model.pkl", "rb")`: a file the code names, not one a client chose."""
    if not isinstance(arg, cst.Call) or (dotted_name(arg.func) or "") not in ("open", "io.open", "builtins.open"):
        return False
    first = first_arg(arg)
    return first is not None and string_value(first) is not None
