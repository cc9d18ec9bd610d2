"""FL804 mutable-default-argument: A function has a mutable default argument."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, dotted_name


class MutableDefaultArgument(FileRule):
    """A function has a mutable default argument.

    ## What it checks
    Parameters defaulting to `[]`, `{}`, `set()`, `list()`, `dict()` or a
    comprehension, or to an instance of a class (`uow=UnitOfWork()`), built
    once when the module loads and shared by every call (immutable value
    classes such as `Path`, `Decimal`, `UUID` are fine).

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
    unit = "module"
    good = ("def f(x=None, y=(), z=0):\n    return x, y, z\n",)
    bad = (
        Invalid("def f(items=[]):\n    return items\n", expect=("app.py:1",)),
        Invalid("def g(options=dict()):\n    return options\n", expect=("app.py:1",)),
        Invalid("def h(uow=UnitOfWork(), root=Path('.')):\n    return uow\n", expect=("app.py:1",)),
    )

    MUTABLE_CALLS = frozenset({"list", "dict", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray"})
    # classes whose instances cannot change: a default instance of one is safe to share
    IMMUTABLE_CLASSES = frozenset(
        {"Path", "PurePath", "PosixPath", "Decimal", "Fraction", "UUID", "Enum", "Markup", "HTTPStatus"}
    )

    def visit_Param(self, node: cst.Param) -> None:
        value = node.default
        name = (dotted_name(value.func) or "").rpartition(".")[2] if isinstance(value, cst.Call) else ""
        if isinstance(value, (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)) or (
            name in self.MUTABLE_CALLS
        ):
            self.report(node, f"parameter `{node.name.value}` has a mutable default shared by every call")
        elif name[:1].isupper() and name not in self.IMMUTABLE_CLASSES and not name.isupper():
            # `uow=SqlAlchemyUnitOfWork()`: built once, when the module loads, and shared by every call
            self.report(node, f"parameter `{node.name.value}` defaults to one {name}() instance shared by every call")
