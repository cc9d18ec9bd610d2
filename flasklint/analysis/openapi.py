"""Operations an OpenAPI (Swagger) spec binds to Python functions, as Connexion routes them.

A Connexion app has no `@app.route`: each operation of its spec names the
function that serves it (`operationId: app.get_pet`). The project phase reads
the repository's spec files (YAML or JSON) and turns each operation into a
route of the function it names, so route-based rules judge those functions as
the views they are. YAML is read line by line (paths, methods, operationId),
which is all this needs; no YAML library, nothing executed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

SPEC_FILE = re.compile(r"(^|/)[\w.-]*\.(ya?ml|json)$", re.IGNORECASE)
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options"})
_KEY = re.compile(r"^(\s*)([\"']?)([^\"'#:]+)\2\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class Operation:
    path: str  # the URL rule, `/pets/{pet_id}`
    method: str  # upper case
    target: str  # dotted function, `app.get_pet`
    spec: str  # the spec file it came from


def operations_in(rel: str, text: str) -> list[Operation]:
    """Every operation with an operationId in one spec file's text."""
    if "operationId" not in text:
        return []
    if rel.lower().endswith(".json"):
        return _from_json(rel, text)
    return _from_yaml(rel, text)


def _from_json(rel: str, text: str) -> list[Operation]:
    try:
        spec = json.loads(text)
    except ValueError:
        return []
    paths = spec.get("paths") if isinstance(spec, dict) else None
    found = []
    for path, methods in (paths or {}).items() if isinstance(paths, dict) else ():
        if not isinstance(methods, dict):
            continue
        for method, operation in methods.items():
            if method.lower() in HTTP_METHODS and isinstance(operation, dict):
                target = operation.get("operationId")
                if isinstance(target, str) and target:
                    found.append(Operation(str(path), method.upper(), target, rel))
    return found


def _from_yaml(rel: str, text: str) -> list[Operation]:
    """`paths:` -> `/rule:` -> `get:` -> `operationId: module.function`, by indentation."""
    found = []
    inside: int | None = None  # indentation of the `paths:` key while inside its block
    path: tuple[int, str] | None = None
    method: tuple[int, str] | None = None
    for line in text.splitlines():
        match = _KEY.match(line)
        if not match or line.lstrip().startswith(("#", "-")):
            continue
        indent, key, value = len(match.group(1)), match.group(3).strip(), match.group(4)
        if key == "paths" and not value:
            inside, path, method = indent, None, None
        elif inside is None:
            continue
        elif indent <= inside:
            inside = None  # the block ended
        elif key.startswith("/") and (path is None or indent <= path[0]):
            path, method = (indent, key), None
        elif path is not None and indent > path[0] and key.lower() in HTTP_METHODS:
            method = (indent, key.upper())
        elif key == "operationId" and path is not None and method is not None and indent > method[0]:
            target = value.strip("'\"")
            if target:
                found.append(Operation(path[1], method[1], target, rel))
    return found
