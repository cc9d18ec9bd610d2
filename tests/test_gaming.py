"""A candidate who wants a better grade without better code.

Each recipe below changes the shape of a junior submission, not its
substance: it must not raise the band, all of them together may move the
score by at most a few points, and a module a recipe tries to hide keeps its
findings in the report.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from flasklint.core.errors import UsageError
from flasklint.workflow.grading import grade
from tests.helpers import FIXTURES

JUNIORS = ("junior_single_file", "junior_api_globals", "junior_tutorial_package")
BAND_ORDER = {"junior": 0, "mid": 1, "senior": 2}


def _app_modules(root: Path) -> list[Path]:
    return [p for p in sorted(root.rglob("*.py")) if not p.name.startswith("test_")]


def disguise_as_migrations(root: Path) -> None:
    """`from alembic import context` and revision names in every module: app rules used to skip them."""
    for path in _app_modules(root):
        path.write_text(
            "from alembic import context  # noqa\n\n"
            + path.read_text()
            + "\n\nrevision = 'abc123'\ndown_revision = None\n\n\ndef upgrade():\n    pass\n"
        )


def smoke_tests(root: Path) -> None:
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "test_smoke.py").write_text(
        "def test_one():\n    assert True\n\n\ndef test_two():\n    assert 1\n\n\ndef test_three():\n    assert 'ok'\n"
    )


def conftest_that_checks_nothing(root: Path) -> None:
    module = _app_modules(root)[0].stem
    (root / "tests").mkdir(exist_ok=True)
    (root / "tests" / "conftest.py").write_text(
        f"import pytest\n\nfrom {module} import app as flask_app\n\n\n@pytest.fixture\ndef app():\n"
        "    flask_app.config.update(TESTING=True)\n    return flask_app\n\n\n@pytest.fixture\ndef client(app):\n"
        "    return app.test_client()\n"
    )
    (root / "tests" / "test_routes.py").write_text(
        "ROUTES = ['/', '/todos', '/todos/1', '/posts', '/items', '/items/1']\n\n\n"
        "def test_routes_listed():\n    print('/todos', '/items')\n    assert True\n"
    )


def unused_factory(root: Path) -> None:
    (root / "factory.py").write_text(
        "from flask import Flask\n\n\ndef create_app(config: object = None) -> object:\n"
        '    """create_app"""\n    app = Flask(__name__)\n    return app\n'
    )


def empty_migration(root: Path) -> None:
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    (versions / "0001_init.py").write_text(
        '"""init"""\nrevision = "0001"\ndown_revision = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n'
    )
    (root / "migrations" / "env.py").write_text("from alembic import context  # noqa\n")


def ci_with_coverage(root: Path) -> None:
    workflows = root / ".github" / "workflows"
    workflows.mkdir(parents=True, exist_ok=True)
    (workflows / "ci.yml").write_text(
        "on: push\njobs:\n  t:\n    steps:\n      - run: pytest --cov --cov-fail-under=90\n"
    )


def decorative_hints_and_docstrings(root: Path) -> None:
    for path in _app_modules(root):
        lines = path.read_text().splitlines()
        out = []
        for line in lines:
            out.append(line)
            if line.startswith("def ") and line.endswith(":"):
                name = line[4 : line.index("(")]
                out.append(f'    """{name}"""')
        path.write_text("\n".join(out) + "\n")


def unused_imports_of_good_libraries(root: Path) -> None:
    (root / "extras.py").write_text(
        "import flask_wtf  # noqa\nimport marshmallow  # noqa\nimport flask_migrate  # noqa\nimport logging\n\n\n"
        "def rollback(db):\n    db.session.rollback()\n"
    )


RECIPES: dict[str, Callable[[Path], None]] = {
    "disguise-as-migrations": disguise_as_migrations,
    "smoke-tests": smoke_tests,
    "conftest-that-checks-nothing": conftest_that_checks_nothing,
    "unused-factory": unused_factory,
    "empty-migration": empty_migration,
    "ci-with-coverage": ci_with_coverage,
    "decorative-hints-and-docstrings": decorative_hints_and_docstrings,
    "unused-imports-of-good-libraries": unused_imports_of_good_libraries,
}


def _copy(tmp_path: Path, name: str, label: str = "") -> Path:
    return Path(shutil.copytree(FIXTURES / name, tmp_path / f"{name}{label}"))


@pytest.fixture(scope="module")
def baselines() -> dict[str, dict]:
    return {name: grade(str(FIXTURES / name)) for name in JUNIORS}


@pytest.mark.parametrize("recipe", list(RECIPES), ids=list(RECIPES))
@pytest.mark.parametrize("name", JUNIORS)
def test_no_recipe_raises_the_band(name, recipe, baselines, tmp_path):
    root = _copy(tmp_path, name)
    RECIPES[recipe](root)
    report = grade(str(root))
    before = baselines[name]
    assert BAND_ORDER[report["band"]] <= BAND_ORDER[before["band"]], (report["score"], before["score"])
    assert report["score"] <= before["score"] + 5, (recipe, before["score"], report["score"])


@pytest.mark.parametrize("name", JUNIORS)
def test_all_recipes_together_move_the_score_by_at_most_ten_points(name, baselines, tmp_path):
    root = _copy(tmp_path, name)
    for recipe in RECIPES.values():
        recipe(root)
    report = grade(str(root))
    before = baselines[name]
    assert report["band"] == before["band"] == "junior"
    assert report["score"] <= before["score"] + 10, (before["score"], report["score"])


def test_disguised_modules_keep_their_findings(baselines, tmp_path):
    root = _copy(tmp_path, "junior_single_file")
    disguise_as_migrations(root)
    report = grade(str(root))
    codes = {f["code"] for f in report["findings"]}
    expected = {f["code"] for f in baselines["junior_single_file"]["findings"]}
    assert {"FL501", "FL502", "FL503"} <= expected <= codes | {"FL806"}


@pytest.mark.parametrize(
    "hide",
    [
        lambda root: (root / "app.py").rename(root / "test_app.py"),
        lambda root: (root / "testing").mkdir() or (root / "app.py").rename(root / "testing" / "app.py"),
    ],
    ids=["named-like-a-test", "in-a-testing-folder"],
)
def test_an_app_module_named_or_placed_like_a_test_is_still_judged(hide, tmp_path):
    root = _copy(tmp_path, "junior_single_file")
    hide(root)
    codes = {f["code"] for f in grade(str(root))["findings"]}
    assert {"FL501", "FL502", "FL503"} <= codes


def test_a_repository_with_nothing_to_judge_is_not_rated_well(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_smoke.py").write_text("import flask  # noqa\n\n\ndef test_ok():\n    assert True\n")
    only_tests = grade(str(tmp_path))
    (tmp_path / "tests" / "test_smoke.py").unlink()
    (tmp_path / "app.py").write_text("import flask  # noqa\n")
    only_an_import = grade(str(tmp_path))
    for report in (only_tests, only_an_import):
        assert report["band"] == "junior"
        assert report["score"] <= 35
        assert "no-application" in report["band_capped_by"]


def test_a_repository_that_never_imports_flask_is_refused(tmp_path):
    (tmp_path / "test_smoke.py").write_text("def test_ok():\n    assert True\n")
    with pytest.raises(UsageError, match="not a Flask project"):
        grade(str(tmp_path))


@pytest.mark.parametrize(
    "source",
    ["import os\n", "# a comment\n", "", "def helper():\n    return 1\n"],
    ids=["an-import", "a-comment", "an-empty-file", "an-unused-function"],
)
@pytest.mark.parametrize("name", ["junior_single_file", "mid_flaskr", "senior_pytest"])
def test_adding_clean_code_never_raises_the_band(name, source, tmp_path):
    root = _copy(tmp_path, name)
    before = grade(str(root))
    (root / "extra_module.py").write_text(source)
    after = grade(str(root))
    assert BAND_ORDER[after["band"]] <= BAND_ORDER[before["band"]]


def _ignore_routes(root: Path) -> None:
    (root / ".gitignore").write_text("myblog/routes.py\n")


def _routes_in_build_output(root: Path) -> None:
    (root / "build" / "myblog").mkdir(parents=True)
    (root / "myblog" / "routes.py").rename(root / "build" / "myblog" / "routes.py")


@pytest.mark.parametrize("hide", [_ignore_routes, _routes_in_build_output], ids=["gitignore", "build-folder"])
def test_an_ignore_line_never_hides_a_module_the_app_imports(hide, baselines, tmp_path):
    root = _copy(tmp_path, "junior_tutorial_package")
    hide(root)
    report = grade(str(root))
    flagged = {f["code"] for f in report["findings"] if f["path"].endswith("routes.py")}
    assert {"FL308", "FL403", "FL701"} <= flagged
    assert report["score"] <= baselines["junior_tutorial_package"]["score"]
    assert sum(v for k, v in report["files"]["skipped"].items() if "application imports" in k) == 1


def test_an_ignored_module_nothing_imports_stays_ignored(tmp_path):
    """Build output and scratch files the app does not load are still left out."""
    root = _copy(tmp_path, "junior_tutorial_package")
    (root / ".gitignore").write_text("scratch.py\n")
    (root / "scratch.py").write_text("import os\nos.system(input())\n")
    (root / "build" / "lib").mkdir(parents=True)
    (root / "build" / "lib" / "routes.py").write_text("x = 1\n")  # a built copy: myblog/routes.py answers the import
    report = grade(str(root))
    assert not any(f["path"] in ("scratch.py", "build/lib/routes.py") for f in report["findings"])
    assert report["files"]["analyzed"] == 5


SETTINGS = """\
    DEBUG = True
    SECRET_KEY = "a3f9c1d27b6e4f08"
    SESSION_COOKIE_HTTPONLY = False
    WTF_CSRF_ENABLED = False
"""


@pytest.mark.parametrize("name", ["DevelopmentConfig", "LocalConfig", "TestingConfig"])
def test_a_development_name_does_not_hide_settings_production_loads(name, tmp_path):
    """Dev-settings exemptions follow use: a class the app loads on every start is production's config."""
    (tmp_path / "app.py").write_text(
        "from flask import Flask, session\nfrom flask_wtf import CSRFProtect\n\n\n"
        f"class {name}:\n{SETTINGS}\n\n"
        f"app = Flask(__name__)\napp.config.from_object({name})\nCSRFProtect(app)\n\n\n"
        '@app.get("/")\ndef index():\n    return session.get("user", "")\n'
    )
    codes = {f["code"] for f in grade(str(tmp_path))["findings"]}
    assert {"FL501", "FL502", "FL512", "FL516"} <= codes


def test_development_settings_chosen_by_the_environment_stay_exempt(tmp_path):
    (tmp_path / "config.py").write_text(
        "import os\n\n\nclass Config:\n    SECRET_KEY = os.environ['SECRET_KEY']\n\n\n"
        f"class DevelopmentConfig(Config):\n{SETTINGS}\n\n"
        "class ProductionConfig(Config):\n    pass\n\n\n"
        'CONFIGS = {"development": DevelopmentConfig, "production": ProductionConfig}\n'
    )
    (tmp_path / "app.py").write_text(
        "import os\n\nfrom flask import Flask, session\nfrom flask_wtf import CSRFProtect\n\n"
        "from config import CONFIGS\n\n\ndef create_app():\n    app = Flask(__name__)\n"
        '    app.config.from_object(CONFIGS[os.environ.get("APP_ENV", "production")])\n'
        "    CSRFProtect(app)\n\n"
        '    @app.get("/")\n    def index():\n        return session.get("user", "")\n\n    return app\n'
    )
    codes = {f["code"] for f in grade(str(tmp_path))["findings"]}
    assert not codes & {"FL501", "FL502", "FL512", "FL516"}


def _factory_app(default: str, entry: str) -> dict[str, str]:
    return {
        "config.py": f"class Config:\n    SECRET_KEY = 'x'\n\n\nclass DevelopmentConfig(Config):\n{SETTINGS}\n",
        "app/__init__.py": "from flask import Flask\n\nfrom config import DevelopmentConfig, ProductionConfig  # noqa\n\n\n"
        f"def create_app(config_class={default}):\n    app = Flask(__name__)\n    app.config.from_object(config_class)\n"
        "    return app\n",
        "wsgi.py": f"from app import create_app\n\napp = {entry}\n",
    }


def test_a_factory_whose_default_is_development_config_runs_it_in_production(tmp_path):
    """`def create_app(config_class=DevelopmentConfig)` and `wsgi.py: create_app()`: production runs the default."""
    for rel, text in _factory_app("DevelopmentConfig", "create_app()").items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    codes = {f["code"] for f in grade(str(tmp_path))["findings"] if f["path"] == "config.py"}
    assert {"FL501", "FL502", "FL512", "FL516"} <= codes


def test_a_factory_default_that_the_entry_point_replaces_stays_exempt(tmp_path):
    for rel, text in _factory_app("DevelopmentConfig", "create_app(ProductionConfig)").items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    codes = {f["code"] for f in grade(str(tmp_path))["findings"] if f["path"] == "config.py"}
    assert not codes & {"FL501", "FL502", "FL512", "FL516"}
