"""FL801 type-hints: Public functions carry type hints."""

from __future__ import annotations

from flasklint.api import NOT_APPLICABLE, Invalid, PracticeRule, ProjectModel, Verdict
from flasklint.rules.code_quality._shared import MIN_FUNCTIONS, _public_functions, _ratio_verdict


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
    bad = (Invalid("def a(x):\n    return x\n\n\ndef b(y):\n    return y\n\n\ndef c():\n    pass\n", status="not met"),)

    def judge(self, project: ProjectModel) -> Verdict:
        functions = _public_functions(project)
        if len(functions) < MIN_FUNCTIONS:
            return Verdict(NOT_APPLICABLE, "fewer than three public functions")
        annotated = [(m, f) for m, f in functions if f.annotated]
        missing = [(m, f) for m, f in functions if not f.annotated]
        return _ratio_verdict(annotated, missing, 0.7, 0.3, "type hints")
