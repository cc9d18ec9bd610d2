"""Code quality: types, docs, error handling, structure, tooling."""

from __future__ import annotations

import posixpath
import re

import libcst as cst

from flasklint.context import dotted_name
from flasklint.project import ProjectModel
from flasklint.rule import MET, NOT_APPLICABLE, NOT_MET, PARTLY, FileRule, PracticeRule, Verdict, evidence, plural
from flasklint.summary import FunctionFact, ModuleSummary

MIN_FUNCTIONS = 3


def _public_functions(project: ProjectModel) -> list[tuple[ModuleSummary, FunctionFact]]:
    return [
        (m, f)
        for m in project.app_modules
        for f in m.functions
        if not f.name.startswith("_") and not (f.class_name or "").startswith("_")
    ]


def _ratio_verdict(
    share: list[tuple[ModuleSummary, FunctionFact]],
    missing: list[tuple[ModuleSummary, FunctionFact]],
    good: float,
    some: float,
    what: str,
) -> Verdict:
    """Met from `good`, partly met from `some`; evidence names functions without it."""
    total = len(share) + len(missing)
    ratio = len(share) / total
    message = f"{len(share)} of {plural(total, 'public function')} have {what} ({ratio:.0%})"
    found = [evidence(m.path, f.loc, f"{f.qualname}() has no {what}") for m, f in missing[:5]]
    if ratio >= good:
        return Verdict(MET, message, found)
    return Verdict(PARTLY if ratio >= some else NOT_MET, message, found)


class TypeHints(PracticeRule):
    """Public functions carry type hints.

    ## What it checks
    The share of public functions and methods in application code with a
    parameter or return annotation. Met from 70%, partly met from 30%. Not
    applicable with fewer than three public functions.

    ## Why it matters
    Annotations document what a function takes and returns, let editors and
    type checkers catch mistakes before tests do, and are expected in
    current Python codebases.

    ## Example
    ```python
    def create_user(data):
    ```

    ## Use instead
    ```python
    def create_user(data: UserIn) -> User:
    ```
    """

    code = "FL801"
    name = "type-hints"
    skill = "code-quality"
    severity = "low"
    weight = 1.0
    good = (
        "def a(x: int) -> int:\n    return x\n\n\ndef b(y: str) -> str:\n    return y\n\n\ndef c() -> None:\n    pass\n",
    )
    bad = ("def a(x):\n    return x\n\n\ndef b(y):\n    return y\n\n\ndef c():\n    pass\n",)

    def judge(self, project: ProjectModel) -> Verdict:
        functions = _public_functions(project)
        if len(functions) < MIN_FUNCTIONS:
            return Verdict(NOT_APPLICABLE, "fewer than three public functions")
        annotated = [(m, f) for m, f in functions if f.annotated]
        missing = [(m, f) for m, f in functions if not f.annotated]
        return _ratio_verdict(annotated, missing, 0.7, 0.3, "type hints")


class Docstrings(PracticeRule):
    """Public functions have docstrings.

    ## What it checks
    The share of public functions and methods in application code with a
    docstring. Met from 50%, partly met from 20%. Not applicable with fewer
    than three public functions.

    ## Why it matters
    A one-line docstring says what a function is for, which the name and the
    types cannot; it is what `help()` and editors show.

    ## Example
    ```python
    def reconcile(batch):
        ...
    ```

    ## Use instead
    ```python
    def reconcile(batch):
        \"\"\"Match the batch's payments to open invoices; return the unmatched ones.\"\"\"
    ```
    """

    code = "FL802"
    name = "docstrings"
    skill = "code-quality"
    severity = "low"
    weight = 1.0
    good = ('def a():\n    """A."""\n\n\ndef b():\n    """B."""\n\n\ndef c():\n    pass\n',)
    bad = ("def a():\n    pass\n\n\ndef b():\n    pass\n\n\ndef c():\n    pass\n",)

    def judge(self, project: ProjectModel) -> Verdict:
        functions = _public_functions(project)
        if len(functions) < MIN_FUNCTIONS:
            return Verdict(NOT_APPLICABLE, "fewer than three public functions")
        documented = [(m, f) for m, f in functions if f.docstring]
        missing = [(m, f) for m, f in functions if not f.docstring]
        return _ratio_verdict(documented, missing, 0.5, 0.2, "docstrings")


BROAD = frozenset({"Exception", "BaseException"})


def _swallows(body: cst.BaseSuite) -> bool:
    statements = body.body if isinstance(body, cst.IndentedBlock) else [body]
    simple = []
    for statement in statements:
        if not isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            return False
        simple.extend(statement.body)
    return all(
        isinstance(s, (cst.Pass, cst.Continue))
        or (isinstance(s, cst.Expr) and isinstance(s.value, (cst.Ellipsis, cst.SimpleString)))
        for s in simple
    )


class BareOrSwallowedExcept(FileRule):
    """Exceptions are caught too broadly or silently dropped.

    ## What it checks
    Bare `except:` clauses, and `except Exception:` / `except
    BaseException:` handlers (or bare ones) whose body only passes or
    continues.

    ## Why it matters
    A bare `except:` also catches `KeyboardInterrupt` and `SystemExit`; a
    swallowed exception turns a failure into wrong data with no trace in the
    logs.

    ## Example
    ```python
    try:
        send_receipt(order)
    except:
        pass
    ```

    ## Use instead
    ```python
    try:
        send_receipt(order)
    except SMTPException:
        logger.exception("receipt for order %s not sent", order.id)
    ```
    """

    code = "FL803"
    name = "bare-or-swallowed-except"
    skill = "code-quality"
    severity = "medium"
    weight = 2.0
    good = (
        "import logging\n\n\ndef f():\n    try:\n        return 1 / 0\n    except ZeroDivisionError:\n        logging.exception('x')\n    except KeyError:\n        pass\n",
    )
    bad = (
        "def f():\n    try:\n        return 1 / 0\n    except:\n        return None\n",
        "def f():\n    try:\n        return 1 / 0\n    except Exception:\n        pass\n",
    )

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.type is None:
            self.report(node, "bare except: also catches KeyboardInterrupt and SystemExit")
        elif (dotted_name(node.type) or "").rpartition(".")[2] in BROAD and _swallows(node.body):
            self.report(node, "broad exception silently swallowed")


class MutableDefaultArgument(FileRule):
    """A function has a mutable default argument.

    ## What it checks
    Parameters defaulting to `[]`, `{}`, `set()`, `list()`, `dict()` or a
    comprehension.

    ## Why it matters
    The default is created once, when the function is defined, and shared by
    every call: items appended in one request show up in the next.

    ## Example
    ```python
    def add_tag(tag, tags=[]):
        tags.append(tag)
    ```

    ## Use instead
    ```python
    def add_tag(tag, tags=None):
        tags = [] if tags is None else tags
    ```
    """

    code = "FL804"
    name = "mutable-default-argument"
    skill = "code-quality"
    severity = "medium"
    weight = 1.0
    good = ("def f(x=None, y=(), z=0):\n    return x, y, z\n",)
    bad = ("def f(items=[]):\n    return items\n", "def g(options=dict()):\n    return options\n")

    MUTABLE_CALLS = frozenset({"list", "dict", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray"})

    def visit_Param(self, node: cst.Param) -> None:
        value = node.default
        mutable = isinstance(value, (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)) or (
            isinstance(value, cst.Call) and (dotted_name(value.func) or "").rpartition(".")[2] in self.MUTABLE_CALLS
        )
        if mutable:
            self.report(node, f"parameter `{node.name.value}` has a mutable default shared by every call")


class WildcardImport(FileRule):
    """A module uses `from x import *`.

    ## What it checks
    Wildcard imports in application code.

    ## Why it matters
    Nobody (reader, linter or flasklint) can tell where a name comes from,
    and a new name in the imported module can silently shadow a local one.

    ## Example
    ```python
    from app.models import *
    ```

    ## Use instead
    ```python
    from app.models import Order, User
    ```
    """

    code = "FL805"
    name = "wildcard-import"
    skill = "code-quality"
    severity = "low"
    weight = 1.0
    good = ("from os.path import join\n",)
    bad = ("from os.path import *\n",)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            module = dotted_name(node.module) if node.module is not None else ""
            self.report(node, f"from {'.' * len(node.relative)}{module} import *")


MAX_VIEW_STATEMENTS = 40
MAX_NESTING = 4


class LongOrNestedView(FileRule):
    """A view function is very long or deeply nested.

    ## What it checks
    Views with more than 40 statements, or with control flow nested more
    than four levels deep.

    ## Why it matters
    A view should parse the request, call the code that does the work, and
    shape the response. A long, nested view mixes HTTP, business rules and
    persistence, and cannot be tested or reused without a request.

    ## Example
    A 150-line view with SQL, HTTP calls and formatting.

    ## Use instead
    Move the work into a service function or model method; keep the view to
    the request/response edges.
    """

    code = "FL806"
    name = "long-or-nested-view"
    skill = "code-quality"
    severity = "medium"
    weight = 1.0
    good = ('from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n    return "ok"\n',)
    bad = (
        'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n'
        + "".join(f"    x{i} = {i}\n" for i in range(45))
        + "    return 'ok'\n",
        'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n'
        "    for a in range(3):\n        if a:\n            for b in range(3):\n                if b:\n"
        "                    while False:\n                        pass\n    return 'ok'\n",
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.stack: list[dict] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append({"statements": 0, "depth": 0, "max": 0})

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        frame = self.stack.pop()
        info = self.ctx.function_info(node)
        if info.role != "view":
            return
        if frame["statements"] > MAX_VIEW_STATEMENTS:
            self.report(node.name, f"view {info.name}() has {frame['statements']} statements; move the work out")
        if frame["max"] > MAX_NESTING:
            self.report(node.name, f"view {info.name}() nests control flow {frame['max']} levels deep")

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if self.stack:
            self.stack[-1]["statements"] += len(node.body)

    def _enter(self, node: cst.CSTNode) -> None:
        if self.stack:
            frame = self.stack[-1]
            frame["statements"] += 1
            frame["depth"] += 1
            frame["max"] = max(frame["max"], frame["depth"])

    def _leave(self, node: cst.CSTNode) -> None:
        if self.stack:
            self.stack[-1]["depth"] -= 1

    visit_If = visit_For = visit_While = visit_Try = visit_With = _enter
    leave_If = leave_For = leave_While = leave_Try = leave_With = _leave


LINT_SECTIONS = re.compile(r"^\[(tool\.)?(ruff|black|isort|mypy|pylint|flake8|pyright|pylama|pycodestyle)\b", re.M)
LINT_FILES = frozenset(
    {
        ".flake8",
        "ruff.toml",
        ".ruff.toml",
        "mypy.ini",
        ".mypy.ini",
        ".pylintrc",
        "pylintrc",
        ".pre-commit-config.yaml",
        ".isort.cfg",
        "pyrightconfig.json",
        ".pycodestyle",
    }
)


class LintersConfigured(PracticeRule):
    """Linters, formatters or a type checker are configured.

    ## What it checks
    Configuration for ruff, flake8, pylint, black, isort, mypy, pyright or
    pre-commit: their own files, or their sections in `pyproject.toml`,
    `setup.cfg` and `tox.ini`. Met with two tools or more, partly met with
    one.

    ## Why it matters
    Automated style and static checks keep a codebase consistent without
    review comments, and catch whole classes of bugs before they run.

    ## Example
    A repository with no linter configuration.

    ## Use instead
    ```toml
    [tool.ruff.lint]
    select = ["E", "F", "B", "I"]

    [tool.mypy]
    strict = true
    ```
    """

    code = "FL807"
    name = "linters-configured"
    skill = "code-quality"
    severity = "low"
    weight = 1.0
    good = ({"app.py": "x = 1\n", "pyproject.toml": "[tool.ruff]\nline-length = 100\n\n[tool.mypy]\nstrict = true\n"},)
    bad = ({"app.py": "x = 1\n"},)

    def judge(self, project: ProjectModel) -> Verdict:
        tools: dict[str, str] = {}
        for rel in project.other_files:
            base = posixpath.basename(rel)
            if base in LINT_FILES:
                tools.setdefault(base.strip(".").split(".")[0].replace("-config", ""), rel)
            elif base in ("pyproject.toml", "setup.cfg", "tox.ini"):
                for match in LINT_SECTIONS.finditer(project.read_text(rel) or ""):
                    tools.setdefault(match.group(2), rel)
        found = [evidence(rel, 1, f"{tool} configured") for tool, rel in sorted(tools.items())[:5]]
        if len(tools) >= 2:
            return Verdict(MET, f"{', '.join(sorted(tools))} configured", found)
        if tools:
            return Verdict(PARTLY, f"only {next(iter(tools))} configured", found)
        return Verdict(NOT_MET, "no linter, formatter or type checker configured")


README = re.compile(r"^readme(\.(md|rst|txt|markdown))?$", re.I)
RUN_WORDS = re.compile(
    r"(flask\s+(--app\s+\S+\s+)?run|gunicorn|docker|python\s+\S+\.py|pip install|make run|uv run|poetry run|\brun\b)",
    re.I,
)
TEST_WORDS = re.compile(r"(pytest|tox|nox|unittest|make test|\btests?\b)", re.I)


class ReadmeHowTo(PracticeRule):
    """The README says how to run and test the project.

    ## What it checks
    A README at the top of the repository that explains how to run the app
    (install, `flask run`, gunicorn, Docker, ...) and how to run the tests.
    Partly met when it covers only one of the two.

    ## Why it matters
    The README is the first thing a reviewer or a new teammate opens; if it
    does not say how to start and test the app, they guess.

    ## Example
    A README with the project's title and nothing else.

    ## Use instead
    ```
    pip install -r requirements.txt
    flask --app app run
    pytest
    ```
    """

    code = "FL808"
    name = "readme"
    skill = "code-quality"
    severity = "low"
    weight = 1.0
    good = (
        {
            "app.py": "x = 1\n",
            "README.md": "# App\n\n    pip install -r requirements.txt\n    flask run\n\nTests: `pytest`\n",
        },
    )
    bad = ({"app.py": "x = 1\n", "README.md": "# My app\n"}, {"app.py": "x = 1\n"})

    def judge(self, project: ProjectModel) -> Verdict:
        readmes = [rel for rel in project.other_files if "/" not in rel and README.match(rel)]
        if not readmes:
            return Verdict(NOT_MET, "no README")
        text = project.read_text(readmes[0]) or ""
        runs, tests = bool(RUN_WORDS.search(text)), bool(TEST_WORDS.search(text))
        found = [evidence(readmes[0], 1, "README")]
        if runs and tests:
            return Verdict(MET, "the README says how to run and test the project", found)
        if runs or tests:
            return Verdict(PARTLY, f"the README does not say how to {'test' if runs else 'run'} the project", found)
        return Verdict(NOT_MET, "the README says neither how to run nor how to test the project", found)
