"""Helpers shared by the testing rules (no rules here)."""

from __future__ import annotations

import re

from flasklint.api import ProjectModel

APP = """\
from flask import Flask


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY="dev")
    if test_config:
        app.config.update(test_config)

    @app.get("/")
    def index():
        return "ok"

    return app
"""


CONFTEST = """\
import pytest

from app import create_app


@pytest.fixture
def flask_app():
    return create_app({"TESTING": True})


@pytest.fixture
def web(flask_app):
    return flask_app.test_client()
"""


TESTS = """\
def test_index(web):
    assert web.get("/").status_code == 200


def test_missing(web):
    assert web.get("/nope").status_code == 404


def test_method(web):
    assert web.post("/").status_code == 405
"""


CI_FILES = re.compile(
    r"^(\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci/config\.ya?ml|Jenkinsfile|"
    r"azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|\.travis\.ya?ml|\.drone\.ya?ml|\.woodpecker\.ya?ml)$"
)


def configuration_files(project: ProjectModel) -> list[tuple[str, str]]:
    """(path to cite, path within its project) of the repository's files, then of the project it is
    a subfolder of (`../.github/workflows/ci.yml` is that project's `.github/workflows/ci.yml`)."""
    own = [(rel, rel) for rel in project.other_files]
    return own + [(rel, re.sub(r"^(\.\./)+", "", rel)) for rel in project.enclosing_files]
