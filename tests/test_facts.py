"""What the collector records, and how the project model connects it."""

from __future__ import annotations

from flasklint.analysis.engine import analyze
from flasklint.analysis.registry import load_rules
from flasklint.rules.global_state.mutable_global_state import RequestMutations
from flasklint.rules.testing.tests_use_factory import ConfiguredForTesting
from tests.helpers import write_tree


def model(tmp_path, files):
    return analyze(write_tree(tmp_path, files), load_rules(), jobs=1).project


def test_factory_under_any_name_and_through_a_helper(tmp_path):
    project = model(
        tmp_path,
        {
            "svc/__init__.py": (
                "import flask\n\n\ndef _base():\n    application = flask.Flask(__name__)\n    return application\n\n\n"
                "def bootstrap(settings):\n    app = _base()\n    app.config.from_mapping(settings)\n    return app\n"
            ),
            "svc/helpers.py": "def not_a_factory():\n    return 42\n",
        },
    )
    assert sorted(f.name for _, f in project.factories) == ["_base", "bootstrap"]


def test_aliased_imports_resolve(tmp_path):
    project = model(
        tmp_path,
        {"a.py": "from flask import Flask as F, Blueprint as B\n\nweb = F(__name__)\nbp = B('x', __name__)\n"},
    )
    (module,) = project.modules
    assert {(o.name, o.kind) for o in module.objects} == {("web", "app"), ("bp", "blueprint")}


def test_a_local_class_named_flask_is_not_an_app(tmp_path):
    project = model(tmp_path, {"a.py": "import flask\n\n\nclass Flask:\n    pass\n\n\napp = Flask()\n"})
    assert project.modules[0].objects == []


def test_routes_methods_and_dict_get_is_not_a_route(tmp_path):
    project = model(
        tmp_path,
        {
            "a.py": """\
from flask import Blueprint

bp = Blueprint("a", __name__)
cache = {}


@bp.route("/items", methods=["POST", "get"])
def items():
    return ""


@bp.delete("/items/<int:i>")
def remove(i):
    return ""


@cache.get("key")
def not_a_view():
    return ""


def other():
    return ""


bp.add_url_rule("/other", view_func=other, methods=["PUT"])
"""
        },
    )
    routes = {(r.path, r.methods, r.function) for r in project.modules[0].routes}
    assert routes == {
        ("/items", ("GET", "POST"), "items"),
        ("/items/<int:i>", ("DELETE",), "remove"),
        ("/other", ("PUT",), "other"),
    }


def test_relative_imports_resolve_across_modules(tmp_path):
    project = model(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/store.py": "ITEMS = []\n",
            "pkg/api/__init__.py": "",
            "pkg/api/views.py": """\
from flask import Blueprint

from ..store import ITEMS

bp = Blueprint("v", __name__)


@bp.post("/x")
def add():
    ITEMS.append(1)
    return ""
""",
        },
    )
    views = project.module("pkg.api.views")
    assert views is not None
    (mutation,) = views.fact(RequestMutations)
    assert project.resolve_global(views, mutation.name) == (project.module("pkg.store"), "ITEMS")


def test_tests_fixtures_and_testing_config(tmp_path):
    project = model(
        tmp_path,
        {
            "app.py": "from flask import Flask\n\n\ndef create_app(cfg=None):\n    app = Flask(__name__)\n    return app\n",
            "tests/conftest.py": """\
import pytest

from app import create_app


@pytest.fixture(name="application")
def _app():
    app = create_app()
    app.config.update(TESTING=True)
    return app
""",
            "tests/test_x.py": """\
import unittest


def test_one(application):
    assert application.test_client().get("/").status_code == 404


class Things(unittest.TestCase):
    def setUp(self):
        pass

    def test_two(self):
        self.assertEqual(sorted([2, 1]), [1, 2])

    def test_nothing(self):
        self.assertTrue(True)

    def helper(self):
        pass


def test_constant():
    assert True
""",
        },
    )
    # tests that call nothing and assert a constant are not tests
    tests = sorted(f.qualname for m in project.test_modules for f in m.tests)
    assert tests == ["Things.test_two", "test_one"]
    module, fixture = next((m, f) for m in project.test_modules for f in m.functions if f.name == "_app")
    assert fixture.role == "fixture" and fixture.qualname in module.fact(ConfiguredForTesting)
    assert "create_app" in fixture.calls


def test_models_flask_sqlalchemy_and_declarative(tmp_path):
    project = model(
        tmp_path,
        {
            "models.py": """\
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Column, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

db = SQLAlchemy()


class Base(DeclarativeBase):
    pass


class User(db.Model):
    pass


class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)


class Line(Base):
    id: Mapped[int] = mapped_column(primary_key=True)


class Schema:
    fields = ("id",)
"""
        },
    )
    assert sorted(m.name for m in project.modules[0].models) == ["Line", "Order", "User"]


def test_a_long_re_export_chain_resolves_and_a_cycle_ends(tmp_path):
    """Seven modules re-export one blueprint (a depth limit of 5 used to stop at the fifth)."""
    files = {"pkg/__init__.py": "", "pkg/m0.py": "from flask import Blueprint\n\nbp = Blueprint('b', __name__)\n"}
    for i in range(1, 8):
        files[f"pkg/m{i}.py"] = f"from pkg.m{i - 1} import bp\n"
    files["pkg/loop_a.py"] = "from pkg.loop_b import thing\n"
    files["pkg/loop_b.py"] = "from pkg.loop_a import thing\n"
    project = model(tmp_path, files)
    last = project.module("pkg.m7")
    assert last is not None
    located = project.resolve_object(last, "bp")
    assert located is not None and located.path == "pkg/m0.py" and located.fact.kind == "blueprint"
    loop = project.module("pkg.loop_a")
    assert loop is not None and project.resolve_object(loop, "thing") is None
