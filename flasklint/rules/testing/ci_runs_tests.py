"""FL604 ci-runs-tests: Continuous integration runs the tests."""

from __future__ import annotations

import json
import re

from flasklint.api import MET, NOT_MET, Invalid, PracticeRule, ProjectModel, Verdict, evidence
from flasklint.rules.testing._shared import APP, CI_FILES, configuration_files

# `docker compose run web pytest` and `poetry run pytest` contain `pytest`; `make test-app` contains `make test`
TEST_COMMAND = re.compile(
    r"\b(pytest|py\.test|tox|nox|unittest|nose2|make test[\w:-]*|make check|manage\.py test|flask test|coverage run)\b"
)
# what a CI step hands the work to: `make all`, `./run ci:test`, `bash scripts/ci.sh`, `docker compose -f F up`
MAKE_TARGETS = re.compile(r"\bmake\b((?:[ \t]+[^\s;&|#]+)*)")
SCRIPT = re.compile(r"(?:^|[\s;&|])(?:(?:ba)?sh[ \t]+)?(\./[\w./-]+|[\w./-]+\.sh)\b")
COMPOSE_FILE = re.compile(r"\bdocker[ -]compose\b[^\n]*?[ \t](?:-f|--file)[ \t]+([\w./-]+)")
NPM_SCRIPT = re.compile(r"\b(?:npm|pnpm|yarn)[ \t]+run[ \t]+([\w:.-]+)")
MAKE_RULE = re.compile(r"^([\w./-]+(?:[ \t]+[\w./-]+)*)[ \t]*::?(?!=)(.*)$")


class CiRunsTests(PracticeRule):
    """Continuous integration runs the tests.

    ## What it checks
    A CI configuration (GitHub Actions workflows, `.gitlab-ci.yml`,
    CircleCI, Jenkinsfile, Azure Pipelines, Bitbucket, Travis) that runs the
    tests (`pytest`, `tox`, `nox`, `unittest`, `make test`, `flask test`,
    also inside `docker compose run ...` or `poetry run ...`), itself or
    through what it hands the work to, up to three steps: a Makefile target
    and the targets it depends on (`make all`), a script of the repository
    (`./run ci:test`), a compose file (`docker compose -f
    docker-compose.test.yml up`) or a package.json script (`npm run
    test:py`). Not met with
    only local automation (`tox.ini`, `noxfile.py`) or a CI file that lints
    or deploys but runs no tests (the report says which). When a subfolder is graded, the CI of the project whose
    configuration names that folder counts too (`../.github/workflows/ci.yml`).

    ## Why it matters
    Tests that only run when someone remembers stop passing quietly. CI makes
    every change prove itself.

    ## Example
    A repository with `tests/` and no CI configuration.

    ## Use instead
    ```yaml
    # .github/workflows/tests.yml
    on: [push, pull_request]
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - uses: actions/setup-python@v5
          - run: pip install -e ".[test]" && pytest
    ```
    """

    __test__ = False

    code = "FL604"
    name = "ci-runs-tests"
    skill = "testing"
    severity = "low"
    weight = 1.0
    good = ({"app.py": APP, ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: pytest -q\n"},)
    bad = (
        Invalid({"app.py": APP}, status="not met"),
        Invalid(
            {
                "app.py": APP,
                ".github/workflows/lint.yml": "on: push\njobs:\n  l:\n    steps:\n      - run: ruff check\n",
            },
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        ci = [(rel, inside) for rel, inside in configuration_files(project) if CI_FILES.match(inside)]
        running = [rel for rel, inside in ci if _runs_tests(project, rel, inside)]
        if running:
            return Verdict(
                MET, f"{running[0]} runs the tests", [evidence(rel, 1, "CI runs the tests") for rel in running[:3]]
            )
        local = [
            rel
            for rel, inside in [*configuration_files(project), *((m.path, m.path) for m in project.modules)]
            if inside in ("tox.ini", "noxfile.py")
        ]
        if ci or local:  # shown, but no credit: the practice is that the tests run on every change
            where = ci[0][0] if ci else local[0]
            what = "a CI configuration that runs no tests" if ci else "local test automation but no CI"
            return Verdict(NOT_MET, what, [evidence(where, 1, what)])
        return Verdict(NOT_MET, "no CI configuration")


def _runs_tests(project: ProjectModel, rel: str, inside: str) -> bool:
    """The CI file runs a test command, itself or through files of the repository it hands the work to
    (three steps at most): Makefile targets (and the targets they depend on), scripts, compose files and
    package.json scripts (`npm run test:py`)."""
    base = rel[: len(rel) - len(inside)]  # "" for the repository's own CI, "../" for its enclosing project's
    known = {*project.other_files, *project.enclosing_files, *(m.path for m in project.modules)}
    return _hands_to_tests(project, project.read_text(rel) or "", base, known, 3)


def _hands_to_tests(project: ProjectModel, text: str, base: str, known: set[str], depth: int) -> bool:
    if TEST_COMMAND.search(text):
        return True
    if depth == 0:
        return False
    handed: list[str] = []
    for path in sorted({base + p.removeprefix("./") for p in [*SCRIPT.findall(text), *COMPOSE_FILE.findall(text)]}):
        if path in known:
            handed.append(project.read_text(path) or "")
    targets = {
        t for group in MAKE_TARGETS.findall(text) for t in group.split() if not t.startswith("-") and "=" not in t
    }
    if targets and base + "Makefile" in known:
        handed += _make_recipes(project.read_text(base + "Makefile") or "", targets)
    scripts = set(NPM_SCRIPT.findall(text))
    if scripts and base + "package.json" in known:
        handed += _npm_scripts(project.read_text(base + "package.json") or "", scripts)
    return any(_hands_to_tests(project, part, base, known, depth - 1) for part in handed)


def _npm_scripts(package_json: str, names: set[str]) -> list[str]:
    try:
        scripts = json.loads(package_json).get("scripts", {})
    except (ValueError, AttributeError):
        return []
    return [str(scripts[n]) for n in sorted(names) if isinstance(scripts, dict) and n in scripts]


def _make_recipes(makefile: str, targets: set[str]) -> list[str]:
    """The recipes of `targets` and of the targets they depend on, one level down (`all: build test`)."""
    rules: dict[str, tuple[list[str], list[str]]] = {}  # target -> (prerequisites, recipe lines)
    current: list[str] = []
    for line in makefile.splitlines():
        if line.startswith("\t"):
            for target in current:
                rules[target][1].append(line)
            continue
        match = MAKE_RULE.match(line)
        current = match.group(1).split() if match else []
        for target in current:
            rules.setdefault(target, ([], []))[0].extend(match.group(2).split("#")[0].split() if match else [])
    wanted = set(targets)
    for target in targets:
        wanted.update(rules.get(target, ([], []))[0])
    return ["\n".join(rules[t][1]) for t in sorted(wanted) if t in rules]
