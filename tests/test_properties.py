"""Properties that must hold for any input, checked with hypothesis.

The normal suite runs a bounded number of examples; set
FLASKLINT_FUZZ_EXAMPLES (e.g. 2000) to run many more.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import hypothesmith
from hypothesis import given, settings
from hypothesis import strategies as st

from flasklint.analysis import engine
from flasklint.analysis.fileanalysis import analyze_file
from flasklint.analysis.registry import load_rules
from flasklint.analysis.rule import FileRule
from flasklint.report.jsonout import render_json
from flasklint.workflow.grading import grade
from tests.helpers import GENERATED_CODE, GENERATED_CODE_WARNINGS, write_tree

EXAMPLES = int(os.environ.get("FLASKLINT_FUZZ_EXAMPLES", "25"))
FILE_RULES = [r for r in load_rules() if issubclass(r, FileRule)]
FUZZ = settings(GENERATED_CODE, max_examples=EXAMPLES)
REPOS = settings(FUZZ, max_examples=max(5, EXAMPLES // 3))


def _analyze_source(source: str, rel: str) -> None:
    with tempfile.TemporaryDirectory() as root:
        path = Path(root, rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        result = analyze_file(root, rel, FILE_RULES)
    assert result.problem is not None or result.summary is not None
    assert result.rule_errors == [], result.rule_errors
    for finding in result.findings:
        assert finding.line >= 1


@GENERATED_CODE_WARNINGS
@FUZZ
@given(hypothesmith.from_grammar(), st.sampled_from(["app.py", "tests/test_app.py"]))
def test_file_rules_never_raise_on_grammar_generated_code(source, rel):
    _analyze_source(source, rel)


@GENERATED_CODE_WARNINGS
@FUZZ
@given(hypothesmith.from_node(), st.sampled_from(["app/views.py", "conftest.py"]))
def test_file_rules_never_raise_on_cst_generated_code(source, rel):
    _analyze_source(source, rel)


# -- Flask-shaped repositories -------------------------------------------------
VIEW_LINES = [
    "items.append(request.args.get('q'))",
    "cache[request.path] = 1",
    "global counter\n    counter += 1",
    "g.user = session.get('user')",
    "session['seen'] = True",
    "local = []\n    local.append(1)",
    "db = sqlite3.connect('app.db')",
    "print(current_app.name)",
]
MODULE_LINES = [
    "items = []",
    "cache = {}",
    "counter = 0",
    "conn = sqlite3.connect('app.db')",
    "DEBUG = False",
    "class Config:\n    SECRET_KEY = 'x'",
]
HEADER = "import sqlite3\n\nfrom flask import Blueprint, Flask, current_app, g, request, session\n\n"


@st.composite
def flask_repos(draw) -> dict[str, str]:
    files: dict[str, str] = {}
    factory = draw(st.booleans())
    body = HEADER + "\n".join(draw(st.lists(st.sampled_from(MODULE_LINES), max_size=4))) + "\n\n"
    if factory:
        body += "\ndef create_app(config=None):\n    app = Flask(__name__)\n    app.register_blueprint(bp)\n    return app\n"
        owner = "bp"
        body = body.replace(HEADER, HEADER + "bp = Blueprint('main', __name__)\n")
    else:
        body += "app = Flask(__name__)\n"
        owner = "app"
    for i in range(draw(st.integers(1, 4))):
        lines = draw(st.lists(st.sampled_from(VIEW_LINES), max_size=3))
        method = draw(st.sampled_from(["route", "get", "post"]))
        inner = "\n    ".join([*lines, "return 'ok'"])
        body += f"\n\n@{owner}.{method}('/r{i}')\ndef view_{i}():\n    {inner}\n"
    files["app.py"] = body
    if draw(st.booleans()):
        builder = "create_app({'TESTING': True})" if factory else "app"
        files["tests/test_app.py"] = (
            f"from app import {'create_app' if factory else 'app'}\n\n\n"
            f"def test_index():\n    client = {builder}.test_client()\n    assert client.get('/r0')\n"
        )
    return files


def _grade(files: dict[str, str], **options) -> dict:
    with tempfile.TemporaryDirectory() as root:
        return grade(str(write_tree(Path(root), files)), **options)


def _skill(report: dict, skill: str) -> float:
    value = report["skills"][skill]["score"]
    return 100.0 if value is None else value


@REPOS
@given(flask_repos(), st.randoms(use_true_random=False))
def test_same_repository_same_json_whatever_workers_and_file_order(files, rnd):
    with tempfile.TemporaryDirectory() as root:
        repo = write_tree(Path(root), files)
        for i in range(3):  # more files, so the order can differ
            (repo / f"extra_{i}.py").write_text(f"VALUE_{i} = {i}\n")
        first = render_json(grade(str(repo), jobs=1))
        assert render_json(grade(str(repo), jobs=1)) == first
        assert render_json(grade(str(repo), jobs=2)) == first
        real_discover = engine.discover

        def shuffled(path, exclude=()):
            found = real_discover(path, exclude)
            rnd.shuffle(found.python_files)
            return found

        engine.discover = shuffled
        try:
            assert render_json(grade(str(repo), jobs=2)) == first
        finally:
            engine.discover = real_discover


WORSE_SECURITY = [
    "app.run(debug=True)",
    "app.debug = True",
    "app.config['DEBUG'] = True",
    "app.config['SECRET_KEY'] = 'hard-coded-secret'",
    "app.secret_key = 'hard-coded'",
]


@REPOS
@given(flask_repos(), st.sampled_from(WORSE_SECURITY))
def test_debug_or_a_hardcoded_secret_never_raises_security(files, debug_line):
    before = _grade(files, jobs=1)
    worse = dict(files)
    # a neutral name: development settings files are not judged for secrets or DEBUG
    worse["launch.py"] = f"from flask import Flask\n\napp = Flask(__name__)\n{debug_line}\n"
    after = _grade(worse, jobs=1)
    assert _skill(after, "security") <= _skill(before, "security")
    assert _skill(after, "security") < 100.0


@REPOS
@given(flask_repos(), st.integers(1, 3))
def test_adding_a_passing_test_module_never_lowers_testing(files, count):
    before = _grade(files, jobs=1)
    more = dict(files)
    for i in range(count):
        more[f"tests/test_extra_{i}.py"] = f"def test_extra_{i}():\n    assert {i} + 1 == {i + 1}\n"
    after = _grade(more, jobs=1)
    assert _skill(after, "testing") >= _skill(before, "testing")


GRADED_FIXTURES = sorted(
    p.name
    for p in (Path(__file__).parent / "fixtures").iterdir()
    if p.is_dir() and p.name not in ("empty", "not_flask")
)
BAND_ORDER = {"junior": 0, "mid": 1, "senior": 2}
_baselines: dict[str, dict] = {}
IDENTIFIERS = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(lambda s: not s.startswith("test"))
CLEAN_ADDITIONS = st.one_of(
    st.sampled_from(["os", "json", "logging", "flask", "flask_wtf", "flask_migrate"]).map(lambda m: f"import {m}\n"),
    st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=40).map(lambda t: f"# {t}\n"),
    st.just(""),
    IDENTIFIERS.map(lambda name: f"def {name}_helper():\n    return 1\n"),
)


@REPOS
@given(st.sampled_from(GRADED_FIXTURES), IDENTIFIERS, CLEAN_ADDITIONS, st.booleans())
def test_adding_clean_code_to_any_fixture_never_raises_its_band(fixture, name, source, nested):
    """An import, a comment, an empty file or an unused function is not better code."""
    import shutil

    origin = Path(__file__).parent / "fixtures" / fixture
    if fixture not in _baselines:
        _baselines[fixture] = grade(str(origin))
    before = _baselines[fixture]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(shutil.copytree(origin, Path(scratch) / fixture))
        packages = sorted(p.parent for p in root.rglob("__init__.py"))
        folder = packages[0] if nested and packages else root
        target = folder / f"{name}.py"
        if target.exists():
            target = folder / f"{name}_extra.py"
        target.write_text(source, encoding="utf-8")
        after = grade(str(root))
    assert BAND_ORDER[after["band"]] <= BAND_ORDER[before["band"]], (fixture, target.name, source)
    assert after["score"] <= before["score"] + 2.0, (fixture, target.name, source, before["score"], after["score"])
