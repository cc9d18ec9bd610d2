"""FL506 template-safe-filter: Templates switch escaping off with `|safe` or `autoescape false`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flasklint.api import Finding, Invalid, ProjectModel, ProjectRule

TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".xml")


SAFE_FILTER = re.compile(r"\{\{[^}]*\|\s*safe\b")
# already escaped before |safe: `x|tojson|safe` (JSON for a script block), a WTForms field
# rendered by calling it (`field(**kwargs)|safe`, `form.name(class_="x")|safe`)
# the request itself printed unescaped: `{{ request.args.get("q")|safe }}` is reflected XSS whatever else
REQUEST_SAFE = re.compile(
    r"\{\{[^}]*\brequest\.(args|form|values|cookies|headers|json|data|view_args)\b[^}]*\|\s*safe\b"
)
ESCAPED_FIRST = re.compile(r"\|\s*tojson\s*\|\s*safe\b|\)\s*\|\s*safe\b")


AUTOESCAPE_OFF = re.compile(r"\{%-?\s*autoescape\s+false\b", re.IGNORECASE)


class TemplateSafeFilter(ProjectRule):
    """Templates switch escaping off with `|safe` or `autoescape false`.

    ## What it checks
    Jinja templates in the repository (`.html`, `.jinja`, `.j2`, ...) that
    output a value with the `|safe` filter (low severity each: flasklint
    cannot tell whether the value came from a user) or open an
    `{% autoescape false %}` block (medium). Request data printed with
    `|safe` (`{{ request.args.q|safe }}`) is high. `|tojson|safe` and a WTForms
    field rendered by calling it (`field(**kwargs)|safe`) are escaped first.

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
    unit = "repository"
    good = ({"app.py": "from flask import Flask\n", "templates/page.html": "<p>{{ user.bio }}</p>\n{# |safe #}\n"},)
    bad = (
        Invalid(
            {"app.py": "from flask import Flask\n", "templates/page.html": "<p>{{ user.bio|safe }}</p>\n"},
            expect=("templates/page.html:1",),
        ),
        Invalid(
            {
                "app.py": "from flask import Flask\n",
                "templates/raw.html": "{% autoescape false %}{{ x }}{% endautoescape %}\n",
            },
            expect=("templates/raw.html:1",),
        ),
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
                if REQUEST_SAFE.search(line):
                    yield self.finding(rel, number, "request data printed with |safe: cross-site scripting", "high")
                elif SAFE_FILTER.search(line) and not ESCAPED_FIRST.search(line):
                    yield self.finding(rel, number, "value printed with |safe: not escaped")
                if AUTOESCAPE_OFF.search(line):
                    yield self.finding(rel, number, "{% autoescape false %} block", "medium")
