"""FL802 docstrings: Public functions have docstrings."""

from __future__ import annotations

from flasklint.api import NOT_APPLICABLE, Invalid, PracticeRule, ProjectModel, Verdict
from flasklint.rules.code_quality._shared import MIN_FUNCTIONS, _public_functions, _ratio_verdict


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
    good = ('def a():\n    """Add the user."""\n\n\ndef b():\n    """Bill the order."""\n\n\ndef c():\n    pass\n',)
    bad = (
        Invalid("def a():\n    pass\n\n\ndef b():\n    pass\n\n\ndef c():\n    pass\n", status="not met"),
        # a docstring that only repeats the name documents nothing
        Invalid('def a():\n    """a"""\n\n\ndef b():\n    """B."""\n\n\ndef c():\n    """c"""\n', status="not met"),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        functions = _public_functions(project)
        if len(functions) < MIN_FUNCTIONS:
            return Verdict(NOT_APPLICABLE, "fewer than three public functions")
        documented = [(m, f) for m, f in functions if f.docstring]
        missing = [(m, f) for m, f in functions if not f.docstring]
        return _ratio_verdict(documented, missing, 0.5, 0.2, "docstrings")
