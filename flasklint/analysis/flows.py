"""Data flow across functions: which parameters reach a dangerous sink, and who passes request data.

The per-file pass stays cheap: for each function it records a summary (which
of its parameters reach a sink of each kind, directly or by being passed on to
another function) and every call that hands request data to a function of the
project. The project phase joins the summaries (`reaching`), so a view that
passes `request.form["name"]` to `find_user(name)` in another module, whose
helper builds SQL from it, is found at the view's call, however many calls
deep the sink is.

Kinds of sink: "sql" (a cursor's or session's `execute`, SQLAlchemy `text`),
"shell" (`os.system`, `os.popen`, `subprocess` with `shell=True`), "eval"
(`eval`, `exec`), "path" (`open`, `send_file`, `os.remove`). A parameter
reaches a sink when the sink's first argument is the parameter, or is built
from it as written (names, string formatting, f-strings, `os.path.join`; not
the result of another call such as `select(User).filter_by(name=name)`),
and no sanitiser (`int()`, `escape()`, `secure_filename()`) stands between.
Names are matched by their last part (`repo.find_user` -> `find_user`): a
static grader cannot resolve every call, and a helper's name is what a reader
would follow too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from flasklint.analysis import flaskapi
from flasklint.analysis.context import FileContext, dotted_name, is_true
from flasklint.analysis.facts import FactProvider
from flasklint.analysis.helpers import fixed_host, is_dynamic_string, kwarg_value, literal_text
from flasklint.analysis.nodes import children
from flasklint.analysis.summary import ModuleSummary
from flasklint.core.location import Loc

if TYPE_CHECKING:
    from collections.abc import Iterator

    from flasklint.analysis.project import ProjectModel
    from flasklint.analysis.rule import FileRule, Finding
    from flasklint.core.kinds import Severity

SinkKind = str  # "sql", "shell", "eval", "path", "url"


@dataclass
class FunctionFlow:
    """What one function does with its parameters."""

    name: str
    sinks: dict[SinkKind, set[int]] = field(default_factory=dict)  # kind -> parameters reaching such a sink
    passes: list[tuple[int, str, int]] = field(default_factory=list)  # (parameter, callee, argument position)


@dataclass
class RequestCall:
    """A call that hands request data to a function of the project."""

    callee: str  # last part of the callee's name
    arg: int  # the argument's position
    loc: Loc
    sql_text: bool  # the argument is SQL text built from request data (`"... %s" % name`)


@dataclass
class Flows:
    functions: list[FunctionFlow] = field(default_factory=list)
    request_calls: list[RequestCall] = field(default_factory=list)


def sink_kind(call: cst.Call, ctx: FileContext) -> SinkKind | None:
    """The kind of sink a call is, judged on its first argument."""
    qualified = ctx.qualname(call.func) or ""
    tail = call.func.attr.value if isinstance(call.func, cst.Attribute) else qualified
    if tail in flaskapi.SQL_SINKS:
        return "sql"
    if qualified in flaskapi.SHELL_CALLS or (
        qualified in flaskapi.SUBPROCESS_CALLS and is_true(kwarg_value(call, "shell"))
    ):
        return "shell"
    if qualified in ("eval", "exec"):
        return "eval"
    if qualified in flaskapi.PATH_SINKS or tail == "send_file":
        return "path"
    if qualified.startswith(flaskapi.HTTP_CLIENTS) and tail.rpartition(".")[2] in flaskapi.HTTP_FETCHES:
        url = call.args[0].value if call.args and call.args[0].keyword is None else None
        return "url" if url is not None and not fixed_host(url) else None
    return None


def sql_text(value: cst.BaseExpression) -> bool:
    """SQL built at run time: a formatted string with SQL words in its literal parts."""
    return is_dynamic_string(value) and bool(flaskapi.SQL_WORDS.search(literal_text(value) or ""))


@dataclass
class _Frame:
    flow: FunctionFlow
    derived: dict[str, set[int]]  # name -> parameters its value was built from


class CallFlows(FactProvider):
    """Per function: parameters that reach sinks or other calls; per call: request data handed on."""

    name = "call-flows"
    roles = frozenset({"app"})

    def __init__(self, ctx: FileContext, summary: ModuleSummary) -> None:
        super().__init__(ctx, summary)
        self._frames: list[_Frame] = []

    @classmethod
    def empty(cls) -> Flows:
        return Flows()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        params = [p.name.value for p in (*node.params.posonly_params, *node.params.params)]
        if params and params[0] in ("self", "cls"):
            params = params[1:]  # `obj.method(x)` passes x as the first argument
        keyword_only = [p.name.value for p in node.params.kwonly_params]
        derived = {name: {index} for index, name in enumerate(params)}
        derived.update({name: {len(params) + index} for index, name in enumerate(keyword_only)})
        self._frames.append(_Frame(FunctionFlow(node.name.value), derived))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        frame = self._frames.pop()
        if frame.flow.sinks or frame.flow.passes:
            self.found.functions.append(frame.flow)

    def _params_in(self, node: cst.CSTNode) -> set[int]:
        """The parameters an expression carries as written (sanitisers and other calls end a flow)."""
        frame = self._frames[-1]
        found: set[int] = set()
        stack: list[cst.CSTNode] = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, cst.Name):
                found |= frame.derived.get(current.value, set())
            elif isinstance(current, cst.Call):
                # as written only: string building and the value's own accessors carry a parameter;
                # any other call makes something else of it (`select(User).filter_by(name=name)`)
                if self.ctx.sanitizes(current) or not self.ctx.passes_on(current):
                    continue
                if isinstance(current.func, cst.Attribute):
                    stack.append(current.func.value)
                stack.extend(arg.value for arg in current.args)
            elif isinstance(current, cst.Attribute):
                stack.append(current.value)  # `user.name` carries `user`; the attribute name is no variable
                continue
            else:
                stack.extend(children(current))
        return found

    def visit_Assign(self, node: cst.Assign) -> None:
        if not self._frames:
            return
        params = self._params_in(node.value)
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                if params:
                    self._frames[-1].derived[target.target.value] = params
                else:
                    self._frames[-1].derived.pop(target.target.value, None)

    def visit_Call(self, node: cst.Call) -> None:
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        if self._frames:
            frame = self._frames[-1]
            kind = sink_kind(node, self.ctx)
            if kind is not None:
                if positional:
                    for param in self._params_in(positional[0]):
                        frame.flow.sinks.setdefault(kind, set()).add(param)
                return
            callee = _callee(node)
            if callee:
                for position, value in enumerate(positional):
                    for param in self._params_in(value):
                        frame.flow.passes.append((param, callee, position))
        callee = _callee(node)
        if not callee or sink_kind(node, self.ctx) is not None:
            return
        for position, value in enumerate(positional):
            if self.ctx.request_flow(value) == "direct":
                self.found.request_calls.append(RequestCall(callee, position, self.ctx.loc(node), sql_text(value)))


# method names too common to follow by name alone: `requests.get(url)` is not the project's `get`
COMMON_NAMES = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "run",
        "call",
        "send",
        "open",
        "read",
        "write",
        "update",
        "save",
        "query",
        "execute",
        "filter",
        "first",
        "all",
        "add",
        "commit",
        "format",
        "join",
        "append",
        "extend",
        "pop",
        "items",
        "keys",
        "values",
        "load",
        "loads",
        "dump",
        "dumps",
        "encode",
        "decode",
        "strip",
        "split",
        "replace",
        "lower",
        "upper",
        "render",
        "jsonify",
        "redirect",
        "abort",
        "print",
        "len",
        "str",
        "int",
        "dict",
        "list",
    }
)


def _callee(call: cst.Call) -> str:
    """The last part of the callee's name, if it is a function of the project worth following."""
    name = (dotted_name(call.func) or "").rpartition(".")[2]
    return "" if name in COMMON_NAMES else name


def reaching(flows: list[Flows], kind: SinkKind) -> dict[str, set[int]]:
    """Function name -> the parameters that reach a sink of `kind`, through any number of calls."""
    reach: dict[str, set[int]] = {}
    passes: list[tuple[str, int, str, int]] = []
    for module_flows in flows:
        for function in module_flows.functions:
            if kind in function.sinks:
                reach.setdefault(function.name, set()).update(function.sinks[kind])
            passes.extend((function.name, p, callee, position) for p, callee, position in function.passes)
    changed = True
    while changed:  # a fixpoint: each round adds at least one parameter, and there are finitely many
        changed = False
        for name, param, callee, position in passes:
            if position in reach.get(callee, ()) and param not in reach.get(name, set()):
                reach.setdefault(name, set()).add(param)
                changed = True
    return reach


def calls_reaching(project: ProjectModel, kind: SinkKind) -> list[tuple[str, RequestCall]]:
    """(module path, call) for every call that hands request data to a function whose parameter reaches `kind`."""
    facts = project.facts(CallFlows, project.app_modules)
    reach = reaching([flows for _, flows in facts], kind)
    return [
        (module.path, call)
        for module, flows in facts
        for call in flows.request_calls
        if call.arg in reach.get(call.callee, ())
    ]


def flow_findings(rule: type[FileRule], project: ProjectModel, kind: SinkKind, message: str) -> Iterator[Finding]:
    """The rule's findings for every call that hands request data on to a `kind` sink: `message`
    names the function (`{callee}`); severity follows the kind (a path or a URL is high, the rest critical)."""
    severity: Severity = "high" if kind in ("path", "url") else "critical"
    for path, call in calls_reaching(project, kind):
        yield rule.finding(path, call.loc, message.format(callee=call.callee), severity)
