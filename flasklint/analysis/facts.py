"""Fact providers: the facts of one file that a rule declares it needs.

The collector (collect.py) records the facts many rules share: imports,
objects, functions, routes, calls, models. A fact that serves one rule, or
a rule pack of its own, lives beside that rule in a `FactProvider`: a walk
participant, like a file rule, that runs in the same single pass over each
file and keeps what it learns as plain, picklable data. A rule names the
providers it reads (`needs = (PasswordStorage,)`, the way Fixit rules name
their METADATA_DEPENDENCIES); the engine runs each provider the selected
rules need once per file, stores its `result()` in the file's summary under
the provider's `name`, and project rules read it with
`project.facts(PasswordStorage)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

if TYPE_CHECKING:
    from flasklint.analysis.context import FileContext
    from flasklint.analysis.rule import Rule
    from flasklint.analysis.summary import ModuleSummary

S = TypeVar("S")


class FactProvider:
    """Computes one named fact of a file during the batched walk.

    Subclasses set `name` (unique across installed packs), optionally `roles`
    (the kinds of file it reads), and define `empty()`, the fact of a file with
    nothing to report (also what a file of another role reads as). The walk
    starts each file with `self.found = empty()`; `visit_<Node>` /
    `leave_<Node>` handlers add to it, and `result()` hands it over.
    """

    name: ClassVar[str] = ""
    roles: ClassVar[frozenset[str]] = frozenset({"app", "test", "migration"})

    def __init__(self, ctx: FileContext, summary: ModuleSummary) -> None:
        self.ctx = ctx
        self.summary = summary
        self.found: Any = self.empty()

    def result(self) -> Any:
        return self.found

    @classmethod
    def empty(cls) -> Any:
        return None


def providers_for(rules: Iterable[type[Rule]]) -> tuple[type[FactProvider], ...]:
    """Every provider the rules need, once each, in a stable order (by name)."""
    found: dict[str, type[FactProvider]] = {}
    for rule in rules:
        for provider in rule.needs:
            if found.setdefault(provider.name, provider) is not provider:
                raise ValueError(f"two fact providers are named {provider.name!r}")
    return tuple(found[name] for name in sorted(found))


class FunctionStack(Generic[S]):
    """Per-function state of a walk participant: one `S` per function being walked.

    Push in `visit_FunctionDef`, pop in `leave_FunctionDef`; `top` is the
    innermost function's state, None at module or class level. With
    `module_frame=True` the module has a frame of its own at the bottom, and
    `current` is always the innermost frame.
    """

    def __init__(self, factory: Callable[[], S], *, module_frame: bool = False) -> None:
        self._factory = factory
        self._frames: list[S] = []
        self._module: S | None = factory() if module_frame else None

    def push(self) -> S:
        frame = self._factory()
        self._frames.append(frame)
        return frame

    def pop(self) -> S:
        return self._frames.pop()

    @property
    def top(self) -> S | None:
        return self._frames[-1] if self._frames else None

    @property
    def current(self) -> S:
        """The innermost function's state, else the module's (needs `module_frame=True`)."""
        if self._frames:
            return self._frames[-1]
        if self._module is None:
            raise LookupError("not inside a function, and the stack has no module frame")
        return self._module

    def __bool__(self) -> bool:
        return bool(self._frames)

    def __len__(self) -> int:
        return len(self._frames)
