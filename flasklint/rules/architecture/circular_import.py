"""FL106 circular-import: The app module and a view module import each other."""

from __future__ import annotations

from collections.abc import Iterator

from flasklint.api import Finding, Invalid, ProjectModel, ProjectRule
from flasklint.rules.architecture._shared import FACTORY_PACKAGE, GLOBAL_APP_PACKAGE


class CircularImport(ProjectRule):
    """The app module and a view module import each other.

    ## What it checks
    A module that creates the app at module level imports (at module level)
    a module that imports the app back: the `from app import views` at the
    bottom of `app/__init__.py` pattern.

    ## Why it matters
    The cycle only works because of the import's position at the end of the
    file; moving a line, importing from a test or a script in another order,
    or type-checking breaks it. It is the classic symptom of a missing
    application factory.

    ## Example
    ```python
    # app/__init__.py
    app = Flask(__name__)
    from app import views     # views.py: from app import app
    ```

    ## Use instead
    A factory that imports the blueprints inside `create_app()` and
    registers them.
    """

    code = "FL106"
    name = "circular-import"
    skill = "architecture"
    severity = "medium"
    weight = 2.0
    unit = "module"
    good = (FACTORY_PACKAGE,)
    bad = (Invalid(GLOBAL_APP_PACKAGE, expect=("app/__init__.py:8",)),)

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        for home, app in project.module_level_apps():
            for imp in home.imports:
                if imp.in_function:
                    continue
                target = project.module(f"{imp.module}.{imp.name}" if imp.name else imp.module)
                if target is None or target is home:
                    continue
                back = [
                    i
                    for i in target.imports
                    if not i.in_function and i.name == app.name and project.module(i.module) is home
                ]
                if back:
                    yield self.finding(
                        home.path,
                        imp.loc,
                        f"imports {target.path}, which imports `{app.name}` back from here (circular import)",
                    )
