"""ModuleSummary: the small, picklable facts of one file that project rules use.

Syntax trees stay in the worker that parsed them; summaries cross the process
boundary (and can be cached by content hash). Everything here is plain data.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flasklint.core.kinds import FileRole, FunctionRole
from flasklint.core.location import Loc

if TYPE_CHECKING:
    from flasklint.analysis.facts import FactProvider

# The main process holds every file's summary at once: slots keep each record to its fields (a
# FunctionFact's attribute dict alone outweighs its fields). Slotted dataclasses need Python 3.10.
SLOTS: dict[str, Any] = {"slots": True} if sys.version_info >= (3, 10) else {}

# The empty set of every function that reads nothing from the request (most do not): a summary
# pickles it once, where each empty frozenset would be an object of its own (216 bytes).
NO_NAMES: frozenset[str] = frozenset()


@dataclass(**SLOTS)
class ImportFact:
    module: str  # absolute module the names come from
    name: str | None  # imported name for `from m import name`, None for `import m`
    local: str
    loc: Loc
    in_function: bool = False  # deferred import: cannot take part in an import cycle at load time
    in_app_context: bool = False  # inside `with app.app_context():`: the imported module loads inside it


@dataclass(**SLOTS)
class ObjectFact:
    """A name bound to the result of a known constructor (`app = Flask(...)`)."""

    name: str
    kind: str  # "app", "blueprint", "extension", "migrate"
    cls: str
    loc: Loc
    function: str | None  # enclosing function, None at module level
    bound_to_app: bool = False  # constructed with an app argument: `SQLAlchemy(app)`
    options: dict[str, str] = field(default_factory=dict)  # literal keyword args


@dataclass(**SLOTS)
class FunctionFact:
    name: str
    qualname: str
    loc: Loc
    role: FunctionRole | None
    decorators: tuple[str, ...]
    calls: tuple[str, ...]  # dotted callees, sorted, e.g. "app.test_client", "create_app"
    creates_app: bool = False
    returns_app: bool = False
    returned_calls: tuple[str, ...] = ()  # callees whose result is returned
    is_test: bool = False
    class_name: str | None = None
    returns_json: bool = False  # returns a dict, jsonify(...) or (dict, status)
    annotated: bool = False  # any parameter or return annotation
    docstring: bool = False
    request_reads: frozenset[str] = frozenset()  # request attributes read: "form", "json", "args", ...
    takes_fixtures: bool = False  # a pytest test with parameters: `def test_home(client)`
    asserts: bool = False  # checks something that is not a constant: `assert r.status_code == 200`, `assertEqual`


@dataclass(**SLOTS)
class RouteFact:
    owner: str
    path: str | None
    methods: tuple[str, ...]
    function: str
    loc: Loc


@dataclass(**SLOTS)
class CallFact:
    """A call worth judging later, with where it happens."""

    name: str  # dotted callee, e.g. "db.create_all"
    loc: Loc
    function: str | None  # enclosing function's qualname, None at import time
    in_main_guard: bool = False
    args: tuple[str, ...] = ()  # dotted names of the positional arguments
    kwargs: dict[str, str] = field(default_factory=dict)  # keyword arguments given as string literals


@dataclass(**SLOTS)
class MutationFact:
    name: str
    loc: Loc
    function: str
    how: str  # "append()", "item assignment", ...
    in_handler: bool = True  # inside a view, request hook or error handler as the walk saw it


@dataclass(**SLOTS)
class ModelFact:
    name: str
    base: str
    loc: Loc


@dataclass(**SLOTS)
class ModuleSummary:
    path: str  # relative, POSIX separators
    module: str  # dotted module name derived from the path
    role: FileRole
    lines: int
    imports_flask: bool = False
    imports: list[ImportFact] = field(default_factory=list)
    objects: list[ObjectFact] = field(default_factory=list)
    functions: list[FunctionFact] = field(default_factory=list)
    routes: list[RouteFact] = field(default_factory=list)
    calls: list[CallFact] = field(default_factory=list)
    app_classes: list[str] = field(default_factory=list)  # classes defined here that subclass Flask
    # Sorted tuples, not sets: read only by iterating, and a tuple takes a quarter of a set's memory
    import_time_calls: tuple[str, ...] = ()  # callees run when the module is imported
    callees: tuple[str, ...] = ()  # every dotted callee, as written, anywhere in the module
    mutable_globals: dict[str, Loc] = field(default_factory=dict)
    models: list[ModelFact] = field(default_factory=list)
    is_revision: bool = False  # an Alembic revision file
    reads_env: bool = False  # os.environ / os.getenv

    # provider name -> the fact its FactProvider computed for this file (facts.py)
    facts: dict[str, Any] = field(default_factory=dict)

    def fact(self, provider: type[FactProvider]) -> Any:
        """What `provider` found in this file (its `empty()` when it did not read the file)."""
        return self.facts[provider.name] if provider.name in self.facts else provider.empty()

    def objects_of(self, kind: str) -> list[ObjectFact]:
        return [o for o in self.objects if o.kind == kind]

    def calls_named(self, *tails: str) -> list[CallFact]:
        return [c for c in self.calls if c.name.rpartition(".")[2] in tails]

    @property
    def tests(self) -> list[FunctionFact]:
        """Test functions with substance: they call something and assert on a result (`assert True` is not a test)."""
        return [f for f in self.functions if f.is_test and f.asserts and _calls_beyond_asserts(f)]


def _calls_beyond_asserts(function: FunctionFact) -> bool:
    """Calls something besides assertion helpers (`self.assertEqual`), or takes a fixture to exercise."""
    return any(not c.rpartition(".")[2].startswith("assert") for c in function.calls) or function.takes_fixtures
