"""Practices met, and problems present, in the shapes real repositories write them.

Each case was seen in a labelled corpus repository (the shape, not its code):
a practice flasklint failed to see, or a problem it missed. The judgement is
on use, not on imports or names.
"""

from __future__ import annotations

import pytest

from flasklint.analysis.registry import load_rules
from tests.helpers import outcome_of, write_tree

RULES = {rule.code: rule for rule in load_rules()}


def status(code: str, example, tmp_path) -> str:
    outcome = outcome_of(RULES[code], write_tree(tmp_path, example))
    return "not applicable" if outcome.verdict is None else outcome.verdict.status


def findings(code: str, example, tmp_path) -> list[tuple[str, int, str]]:
    outcome = outcome_of(RULES[code], write_tree(tmp_path, example))
    return [(f.path, f.line, f.severity) for f in outcome.findings]


# -- input validation is judged by use (FL301) --
FORM_APP = "from flask import Flask, request\n{imports}\napp = Flask(__name__)\n\n\n"
VALIDATED_INPUT = {
    "webargs-use-args": FORM_APP.replace(
        "{imports}", "from webargs import fields\nfrom webargs.flaskparser import use_args\n"
    )
    + "@app.post('/u')\n@use_args({'n': fields.Str()}, location='json')\ndef u(args):\n    return args\n",
    "flask-wtf-form": FORM_APP.replace("{imports}", "from app_forms import LoginForm\n")
    + "@app.post('/login')\ndef login():\n    form = LoginForm()\n    if form.validate_on_submit():\n"
    "        return 'ok'\n    return 'no', 400\n",
    "a-helper-that-loads-a-schema": FORM_APP.replace("{imports}", "from schemas import UserSchema\n")
    + "def parse_user(data):\n    return UserSchema().load(data)\n\n\n"
    "@app.post('/u')\ndef u():\n    return parse_user(request.get_json())\n",
    "restx-resource-with-expect": "from flask import Flask, request\nfrom flask_restx import Api, Namespace\n\n"
    "app = Flask(__name__)\nns = Namespace('users')\n\n\n@ns.route('')\nclass Users(BaseResource):\n"
    "    @ns.expect(user_model, validate=True)\n    def post(self):\n        return request.get_json(), 201\n",
}


@pytest.mark.parametrize("source", list(VALIDATED_INPUT.values()), ids=list(VALIDATED_INPUT))
def test_validation_by_decorator_form_or_helper_counts(source, tmp_path):
    assert status("FL301", source, tmp_path) == "met"


def test_importing_a_schema_library_validates_nothing(tmp_path):
    source = FORM_APP.replace("{imports}", "import wtforms  # noqa\nfrom marshmallow import Schema  # noqa\n")
    source += "@app.post('/notes')\ndef create_note():\n    return {'text': request.form['text']}, 201\n"
    assert status("FL301", source, tmp_path) == "not met"


# -- authentication the project writes itself (FL515) --
def test_a_wrapper_that_answers_401_is_an_auth_decorator(tmp_path):
    source = (
        "from functools import wraps\n\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        "def token_guard(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n"
        "        if 'Authorization' not in request.headers:\n            return {'error': 'token missing'}, 401\n"
        "        return view(*args, **kwargs)\n    return wrapper\n\n\n"
        "@app.post('/users/<int:i>/notes')\n@token_guard\ndef add_note(i):\n    return '', 201\n"
    )
    assert status("FL515", source, tmp_path) == "met"


def test_method_decorators_on_a_base_resource_protect_its_subclasses(tmp_path):
    example = {
        "app/auth.py": "from flask_login import login_required\nfrom flask_restful import Resource\n\n\n"
        "class AuthenticatedResource(Resource):\n    method_decorators = [login_required]\n",
        "app/items.py": "from flask import Flask\nfrom flask_restful import Api\n\nfrom app.auth import AuthenticatedResource\n\n"
        "app = Flask(__name__)\napi = Api(app)\n\n\nclass Items(AuthenticatedResource):\n"
        "    def post(self):\n        return '', 201\n\n\napi.add_resource(Items, '/items')\n",
    }
    assert status("FL515", example, tmp_path) == "met"


def test_an_app_with_accounts_and_no_authentication_is_judged(tmp_path):
    source = (
        "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n\n\n"
        "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n\n\n"
        "@app.delete('/items/<int:i>')\ndef delete_item(i):\n    return '', 204\n"
    )
    assert status("FL515", source, tmp_path) == "not met"


def test_an_app_without_accounts_or_authentication_is_not_judged(tmp_path):
    source = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.post('/echo')\ndef echo():\n    return ''\n"
    assert status("FL515", source, tmp_path) == "not applicable"


# -- password storage (FL514) --
def test_passlib_hashes_passwords(tmp_path):
    source = (
        "from flask import Flask, request\nfrom passlib.hash import sha256_crypt\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/signup')\ndef signup():\n    return sha256_crypt.hash(request.form['password'])\n"
    )
    assert status("FL514", source, tmp_path) == "met"


def test_a_password_type_column_compares_hashes(tmp_path):
    source = (
        "from flask_sqlalchemy import SQLAlchemy\nfrom sqlalchemy_utils import PasswordType\n\ndb = SQLAlchemy()\n\n\n"
        "class User(db.Model):\n    password = db.Column(PasswordType(schemes=('bcrypt',)))\n\n"
        "    def check(self, given):\n        return self.password == given\n"
    )
    assert status("FL514", source, tmp_path) == "met"


def test_raw_sql_that_stores_a_password_as_sent_is_plaintext(tmp_path):
    source = (
        "import sqlite3\n\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.post('/users')\n"
        "def create_user():\n    db = sqlite3.connect('x.db')\n"
        "    db.execute('INSERT INTO user (username, password) VALUES (?, ?)', (request.form['u'], request.form['p']))\n"
        "    return '', 201\n"
    )
    assert status("FL514", source, tmp_path) == "not met"


# -- a schema created by SQL needs migrations too (FL401) --
def test_tables_created_by_sql_in_code_need_a_migration_history(tmp_path):
    source = (
        "import sqlite3\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\ndef init_db():\n"
        "    sqlite3.connect('x.db').execute('''CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY)''')\n"
    )
    assert status("FL401", source, tmp_path) == "not met"


# -- health endpoints behind a prefix (FL703) --
@pytest.mark.parametrize(
    "source",
    [
        "from flask import Blueprint\n\nup = Blueprint('up', __name__, url_prefix='/up')\n\n\n"
        "@up.get('/')\ndef index():\n    return ''\n",
        "from flask import Flask\nfrom flask_healthz import healthz\n\napp = Flask(__name__)\n"
        "app.register_blueprint(healthz, url_prefix='/healthz')\n\n\n@app.get('/')\ndef home():\n    return ''\n",
    ],
    ids=["blueprint-url-prefix", "flask-healthz"],
)
def test_a_health_endpoint_behind_a_prefix_counts(source, tmp_path):
    assert status("FL703", source, tmp_path) == "met"


# -- state changed by GET (FL308) --
def test_a_get_view_that_resets_the_database_through_a_helper(tmp_path):
    source = (
        "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n\n\n"
        "def initialize():\n    db.drop_all()\n    db.create_all()\n\n\n"
        "@app.route('/init', methods=['GET'])\ndef init():\n    initialize()\n    return 'ok'\n"
    )
    assert findings("FL308", source, tmp_path) == [("app.py", 13, "medium")]


def test_an_email_confirmation_link_may_write_on_get(tmp_path):
    source = (
        "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n\n\n"
        "@app.get('/confirm/<token>')\ndef confirm_email(token):\n    db.session.commit()\n    return 'confirmed'\n"
    )
    assert findings("FL308", source, tmp_path) == []


# -- debug that is on by default (FL501) --
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n"
            "    debug_mode = os.getenv('FLASK_ENV') != 'production'\n    app.run(host='0.0.0.0', debug=debug_mode)\n",
            [("app.py", 9, "high")],
        ),
        ("class Settings:\n    APP_HOST = 'localhost'\n    DEBUG_MODE = True\n", [("app.py", 3, "high")]),
        ("import os\n\nWEB_DEBUG = os.environ.get('WEB_DEBUG', True)\n", [("app.py", 3, "low")]),
    ],
    ids=["on-unless-production", "debug-mode-setting", "environment-default-on"],
)
def test_debug_on_by_default_is_found(source, expected, tmp_path):
    assert findings("FL501", source, tmp_path) == expected


def test_a_development_config_loaded_on_every_start_is_not_exempt(tmp_path):
    example = {
        "app/config.py": "class Config:\n    DEBUG = False\n\n\nclass DevelopmentConfig(Config):\n    DEBUG = True\n",
        "app/__init__.py": "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n"
        "    app.config.from_object('app.config.DevelopmentConfig')\n    return app\n",
    }
    assert findings("FL501", example, tmp_path) == [("app/__init__.py", 6, "high")]


def test_a_development_config_chosen_by_the_environment_is_exempt(tmp_path):
    example = {
        "app/config.py": "class Config:\n    DEBUG = False\n\n\nclass DevelopmentConfig(Config):\n    DEBUG = True\n",
        "app/__init__.py": "import os\n\nfrom flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n"
        "    if os.environ.get('FLASK_ENV') == 'development':\n"
        "        app.config.from_object('app.config.DevelopmentConfig')\n    return app\n",
    }
    assert findings("FL501", example, tmp_path) == []


@pytest.mark.parametrize(
    "value",
    ["getattr(config, 'env', 'prod') != 'prod'", "os.getenv('APP_ENV', 'production') != 'production'"],
    ids=["config-attribute-defaulting-to-prod", "environment-defaulting-to-production"],
)
def test_debug_off_unless_the_environment_says_development_is_not_found(value, tmp_path):
    source = (
        "import os\n\nimport config\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n"
        f"    debug = {value}\n    app.run(debug=debug)\n"
    )
    assert findings("FL501", source, tmp_path) == []
