"""FL805 wildcard-import: A module uses `from x import *`."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, dotted_name


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
    unit = "module"
    good = ("from os.path import join\n",)
    bad = (Invalid("from os.path import *\n", expect=("app.py:1",)),)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            module = dotted_name(node.module) if node.module is not None else ""
            self.report(node, f"from {'.' * len(node.relative)}{module} import *")
