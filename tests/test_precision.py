"""False positives found so far: each is a case that must not cost points.

Real repositories try every rule; when one misfires, the case goes here.
"""

from __future__ import annotations

import pytest

from flasklint.analysis.engine import analyze
from flasklint.analysis.registry import load_rules
from flasklint.workflow.grading import grade
from tests.helpers import credit, describe, outcome_of, write_tree

RULES = {rule.code: rule for rule in load_rules()}

APP = "from flask import Flask\n\napp = Flask(__name__)\n"

CLEAN_CASES = {
    "session-and-g-are-not-globals": (
        "FL201",
        APP + "from flask import g, session\n\n\n@app.post('/login')\ndef login():\n"
        "    session['user'] = 1\n    g.user = 1\n    session.update(a=1)\n    return ''\n",
    ),
    "test-code-may-mutate-globals": (
        "FL201",
        {
            "app.py": APP + "ITEMS = []\n\n\n@app.get('/')\ndef index():\n    return str(ITEMS)\n",
            "tests/test_app.py": "from app import ITEMS\n\n\ndef test_x():\n    ITEMS.append(1)\n",
        },
    ),
    "a-helper-outside-requests-may-fill-a-registry": (
        "FL201",
        APP
        + "HANDLERS = {}\n\n\ndef register(name, fn):\n    HANDLERS[name] = fn\n\n\n"
        + "@app.get('/')\ndef index():\n    return ''\n",
    ),
    "connection-inside-a-function-or-main-guard": (
        "FL203",
        "import sqlite3\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\ndef get_db():\n"
        "    return sqlite3.connect('x.db')\n\n\nif __name__ == '__main__':\n    conn = sqlite3.connect('x.db')\n",
    ),
    "proxies-inside-functions-and-lookalike-names": (
        "FL204",
        "from flask import Flask, request\n\napp = Flask(__name__)\ng = {'x': 1}\nvalue = g['x']\n\n\n"
        "@app.route('/')\ndef index():\n    return request.args.get('q', '')\n",
    ),
    "debug-only-in-dev-and-test-config-classes": (
        "FL501",
        "class Config:\n    DEBUG = False\n\n\nclass DevelopmentConfig(Config):\n    DEBUG = True\n\n\n"
        "class TestingConfig(Config):\n    DEBUG = True\n    TESTING = True\n\n\nclass LocalSettings:\n    DEBUG = True\n",
    ),
    "debug-in-strings-and-comments": (
        "FL501",
        APP + '"""Run with app.run(debug=True) during development."""\n# app.run(debug=True)\n'
        "HELP = 'app.debug = True'\n",
    ),
    "create-all-in-main-guard-cli-and-tests": (
        "FL402",
        {
            "app.py": "import click\nfrom flask import Flask\nfrom flask.cli import with_appcontext\n"
            "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\napp = Flask(__name__)\n\n\n"
            "@click.command('init-db')\n@with_appcontext\ndef init_db_command():\n    db.create_all()\n\n\n"
            "if __name__ == '__main__':\n    with app.app_context():\n        db.create_all()\n    app.run()\n",
            "tests/test_db.py": "from app import app, db\n\n\ndef test_x():\n    with app.app_context():\n"
            "        db.create_all()\n",
        },
    ),
    "secrets-only-in-development-and-testing-config": (
        "FL502",
        {
            "app/config.py": "import os\n\n\nclass Config:\n    SECRET_KEY = os.environ['SECRET_KEY']\n\n\n"
            "class DevelopmentConfig(Config):\n    SECRET_KEY = 'dev'\n    MAIL_PASSWORD = 'dev-mail'\n\n\n"
            "class TestingConfig(Config):\n    SECRET_KEY = 'test'\n",
            "app/settings/development.py": "SECRET_KEY = 'local-dev-key'\n",
            "app/__init__.py": APP,
        },
    ),
    "test-only-secret-keys": (
        "FL502",
        {
            "app.py": APP,
            "tests/conftest.py": "import pytest\nfrom app import app\n\n\n@pytest.fixture\ndef client():\n"
            "    app.config['SECRET_KEY'] = 'test-secret'\n    return app.test_client()\n",
        },
    ),
    "secrets-in-comments-and-docstrings": (
        "FL502",
        APP + '"""Set SECRET_KEY = "abc" in production."""\n# SECRET_KEY = "hunter2"\nHELP = "SECRET_KEY=abc"\n',
    ),
    "parameterized-queries": (
        "FL503",
        "import sqlite3\n\nfrom flask import Flask, request\nfrom sqlalchemy import text\n\napp = Flask(__name__)\n\n\n"
        "@app.get('/u')\ndef u():\n    db = sqlite3.connect('x.db')\n"
        "    db.execute('SELECT * FROM u WHERE name = ?', (request.args['n'],))\n"
        "    db.cursor().execute('SELECT * FROM u WHERE id = %s AND org = %s', (1, request.args['o']))\n"
        "    db.execute(text('SELECT * FROM u WHERE id = :id'), {'id': request.args['id']})\n    return ''\n",
    ),
    "render-template-string-of-a-constant": (
        "FL504",
        "from flask import Flask, render_template_string, request\n\napp = Flask(__name__)\n\n\n@app.get('/')\n"
        "def i():\n    return render_template_string('<p>{{ q }}</p>', q=request.args.get('q'))\n",
    ),
    "os-system-in-a-cli-command-without-request-data": (
        "FL508",
        "import os\n\nimport click\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.cli.command('dump')\n"
        "@click.argument('name')\ndef dump(name):\n    os.system(f'pg_dump {name} > {name}.sql')\n",
    ),
}


@pytest.mark.parametrize(("code", "example"), list(CLEAN_CASES.values()), ids=list(CLEAN_CASES))
def test_no_finding(code, example, tmp_path):
    outcome = outcome_of(RULES[code], write_tree(tmp_path, example))
    assert outcome.not_applicable is None, outcome.not_applicable
    assert credit(outcome) == 1.0, describe(outcome)


def test_method_view_mutating_a_global_is_found(tmp_path):
    example = (
        "from flask import Flask, request\nfrom flask.views import MethodView\n\napp = Flask(__name__)\n"
        "QUEUE = []\n\n\nclass Jobs(MethodView):\n    def post(self):\n        QUEUE.append(request.json)\n"
        "        return '', 202\n\n\napp.add_url_rule('/jobs', view_func=Jobs.as_view('jobs'))\n"
    )
    outcome = outcome_of(RULES["FL201"], write_tree(tmp_path, example))
    assert [f.line for f in outcome.findings] == [10]


def test_migrations_in_a_folder_named_by_migrate_directory(tmp_path):
    models = (
        "from flask import Flask\nfrom flask_migrate import Migrate\nfrom flask_sqlalchemy import SQLAlchemy\n\n"
        "db = SQLAlchemy()\nmigrate = Migrate(directory='db/history')\n\n\nclass User(db.Model):\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"
    )
    revision = (
        "from alembic import op\n\nrevision = 'a1'\ndown_revision = None\n\n\ndef upgrade():\n"
        "    op.create_table('user')\n"
    )
    example = {
        "app.py": models,
        "db/history/env.py": "from alembic import context\n",
        "db/history/versions/a1.py": revision,
    }
    outcome = outcome_of(RULES["FL401"], write_tree(tmp_path, example))
    assert outcome.verdict.status == "met"
    assert any("Migrate(directory='db/history')" in e.note for e in outcome.verdict.evidence)


def test_blueprint_registered_through_a_helper_parameter(tmp_path):
    example = {
        "app/__init__.py": "from flask import Flask\n\nfrom app.views import bp\n\n\ndef _register(app, blueprint):\n"
        "    app.register_blueprint(blueprint)\n\n\ndef create_app():\n    app = Flask(__name__)\n"
        "    _register(app, bp)\n    return app\n",
        "app/views.py": "from flask import Blueprint\n\nbp = Blueprint('v', __name__)\n\n\n@bp.get('/')\ndef index():\n"
        "    return ''\n",
    }
    outcome = outcome_of(RULES["FL102"], write_tree(tmp_path, example))
    assert outcome.verdict.status == "met", outcome.verdict


def test_code_in_strings_and_comments_neither_earns_nor_costs(tmp_path):
    app = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'ok'\n"
    # the same shape of module, once with plain text and once with text that looks like code
    base = {"app.py": app, "notes.py": '"""Notes."""\n# a comment\nA = 1\nB = 2\nSNIPPET = "x"\nTESTS = "y"\n'}
    lookalikes = {"app.py": app}
    lookalikes["notes.py"] = (
        '"""def create_app():\n    app = Flask(__name__)\n    return app\n"""\n'
        "# def create_app(): return Flask(__name__)\n"
        "SNIPPET = 'app.run(debug=True)'\n"
        "TESTS = 'def test_index(client): client.get(\"/\")'\n"
    )
    plain = grade(str(write_tree(tmp_path / "a", base)))
    noisy = grade(str(write_tree(tmp_path / "b", lookalikes)))
    assert plain["score"] == noisy["score"]
    assert plain["findings"] == noisy["findings"]
    assert [p["status"] for p in plain["practices"]] == [p["status"] for p in noisy["practices"]]


# -- hard-coded secrets judged by the value, not the name alone (seen in real repositories) --
NOT_SECRETS = {
    "an-error-code-enum": 'class AccountErrorCode:\n    INVALID_CREDENTIALS: str = "ACCOUNT_ERR_03"\n',
    "a-subject-line": 'DEFAULT_PASSWORD_RESET_SUBJECT = "Password Reset Request from {name}"\n',
    "a-form-label": 'password_title = "HTTP Basic Auth Password"\n',
    "a-mask": 'SECRET_PLACEHOLDER = "--------"\napp_config = {}\napp_config["FREEIPA_ADMIN_PASSWORD"] = "***"\n',
    "an-endpoint-name": 'RESET_PASSWORD = "reset_password"\n',
    "a-lock-directory": 'PASSWORD_RESET_LOCK_DIR = "/tmp/noggin-pw-reset"\nSECRETS_DIR: str = "/opt/app/secrets"\n',
    "a-hash-algorithm": 'SECURITY_PASSWORD_HASH = "pbkdf2_sha512"\n',
    "a-short-token-kind": 'class TokenKind:\n    password_reset = "pr"\n',
    "a-response-header": 'headers = {}\nheaders["Access-Control-Allow-Credentials"] = "true"\n',
    "a-template-field": 'CONFIG_TEMPLATE_KEY = "{flask_secret_key}"\nSECRET_KEY = "{{ secret_key }}"\n',
    "test-fixture-credentials": 'test_password = "correct horse"\ntest_otp_secret = "JHCOGO7VCER3EJ4L"\n',
}


@pytest.mark.parametrize("source", list(NOT_SECRETS.values()), ids=list(NOT_SECRETS))
def test_values_that_are_not_secrets_are_not_flagged(source, tmp_path):
    outcome = outcome_of(RULES["FL502"], write_tree(tmp_path, source))
    assert outcome.findings == []


@pytest.mark.parametrize(
    "source",
    [
        'SECRET_KEY = "changeme please"\n',
        "class BaseConfig:\n    SECRET_KEY = 'this-really-needs-to-be-changed'\n",
        'SECRET_KEY = "dev"\n' + 'SESSION_SECRET = "insecure-development-key"\n',
    ],
)
def test_a_placeholder_that_asks_to_be_replaced_is_low(source, tmp_path):
    outcome = outcome_of(RULES["FL502"], write_tree(tmp_path, source))
    assert outcome.findings and {f.severity for f in outcome.findings} == {"low"}


def test_a_real_literal_secret_stays_high(tmp_path):
    source = 'SECRET_KEY = "\\xeb\\x15\\xbfk\\xa2\\xe0|\\xd1P"\nSMTP_PASSWORD = "hunter2-prod"\n'
    outcome = outcome_of(RULES["FL502"], write_tree(tmp_path, source))
    assert [(f.line, f.severity) for f in outcome.findings] == [(1, "high"), (2, "high")]


def test_commented_and_placeholder_lines_of_a_committed_env_file_are_not_secrets(tmp_path):
    env = "# SECRET_KEY=abc123realvalue\nDB_PASSWORD=changeme\nAPI_TOKEN=\nSTRIPE_SECRET_KEY=sk_live_51Habc123\n"
    outcome = outcome_of(RULES["FL519"], write_tree(tmp_path, {"app.py": "import flask\n", ".env": env}))
    assert [f.line for f in outcome.findings] == [4]


# -- open redirects: targets that cannot leave the site, and checks written in the project's own words --
SAFE_REDIRECTS = {
    "back-to-this-page-after-a-post": "return redirect(request.url)",
    "url-for-with-request-data": "return redirect(url_for('ep', user=request.args['u'], next=request.full_path))",
    "url-for-then-a-query": "return redirect(f\"{url_for('.confirm')}?username={request.form['u']}\")",
    "a-path-literal-plus-data": "return redirect('/items/' + request.args['slug'])",
    "request-path": "return redirect(request.path + '?page=2')",
    "startswith-guard": "target = request.args.get('next', '')\n    if not target.startswith('/'):\n"
    "        target = '/'\n    return redirect(target)",
    "project-helper": "target = request.args.get('next')\n    if not is_safe_next_url(target):\n"
    "        abort(400)\n    return redirect(target)",
    "helper-from-another-module": "return redirect(get_safe_redirect_target(request.args.get('next')))",
}
REDIRECT_APP = (
    "from flask import Flask, abort, redirect, request, url_for\n\nfrom app.security import get_safe_redirect_target, is_safe_next_url\n\n"
    "app = Flask(__name__)\n\n\n@app.get('/go')\ndef go():\n    {body}\n"
)


@pytest.mark.parametrize("body", list(SAFE_REDIRECTS.values()), ids=list(SAFE_REDIRECTS))
def test_redirects_that_stay_on_the_site_or_are_checked(body, tmp_path):
    outcome = outcome_of(RULES["FL510"], write_tree(tmp_path, REDIRECT_APP.replace("{body}", body)))
    assert outcome.findings == []


def test_an_unchecked_next_parameter_is_still_an_open_redirect(tmp_path):
    body = "return redirect(request.args.get('next') or url_for('index'))"
    outcome = outcome_of(RULES["FL510"], write_tree(tmp_path, REDIRECT_APP.replace("{body}", body)))
    assert [f.line for f in outcome.findings] == [10]


# -- authentication written the project's own way (FL515) --
AUTH_APP = (
    "from functools import wraps\n\nfrom flask import Flask, abort, session\nfrom flask_login import current_user, login_required\n\n"
    "app = Flask(__name__)\n\n\n"
    "def admins_only(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        if not session.get('admin'):\n"
    "            abort(403)\n        return view(*args, **kwargs)\n    return wrapper\n\n\n"
)
AUTH_SHAPES = {
    "a-project-decorator-with-any-name": "@app.post('/items')\n@admins_only\ndef create_item():\n    return ''\n",
    "an-inline-permission-check": "@app.delete('/items/<int:i>')\ndef delete_item(i):\n    if not current_user.can('delete'):\n"
    "        abort(403)\n    return ''\n",
    "sign-up-as-post-users": "@app.post('/users')\ndef create_user():\n    return '', 201\n",
    "an-invitation-link": "@app.post('/invite/<token>')\ndef accept(token):\n    return ''\n",
    "an-oauth-callback": "@app.post('/oauth/callback')\ndef oauth_callback():\n    return ''\n",
}


@pytest.mark.parametrize("view", list(AUTH_SHAPES.values()), ids=list(AUTH_SHAPES))
def test_auth_the_project_writes_itself_counts(view, tmp_path):
    # one protected route besides, so the rule applies
    source = AUTH_APP + view + "\n\n@app.put('/me')\n@login_required\ndef update_me():\n    return ''\n"
    outcome = outcome_of(RULES["FL515"], write_tree(tmp_path, source))
    assert outcome.verdict is not None and outcome.verdict.status == "met", outcome.verdict


def test_an_app_wide_before_request_guard_protects_every_blueprint(tmp_path):
    example = {
        "app/__init__.py": "from flask import Flask, abort, session\nfrom flask_login import LoginManager\n\n"
        "from app.items import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n\n\n@app.before_request\n"
        "def require_login():\n    if 'user' not in session:\n        abort(401)\n",
        "app/items.py": "from flask import Blueprint\n\nbp = Blueprint('items', __name__)\n\n\n@bp.post('/items')\n"
        "def create():\n    return ''\n",
    }
    outcome = outcome_of(RULES["FL515"], write_tree(tmp_path, example))
    assert outcome.verdict is not None and outcome.verdict.status == "met", outcome.verdict


def test_an_unprotected_delete_is_still_found(tmp_path):
    source = AUTH_APP + "@app.delete('/items/<int:i>')\ndef delete_item(i):\n    return ''\n"
    outcome = outcome_of(RULES["FL515"], write_tree(tmp_path, source))
    assert outcome.verdict is not None and outcome.verdict.status == "not met"


ACCOUNT_VIEWS = {
    "app/errors.py": "class UnauthorizedAccessError(Exception):\n    pass\n",
    "app/auth.py": "from functools import wraps\n\nfrom flask import request\n\nfrom app.errors import UnauthorizedAccessError\n\n\n"
    "def verify_access_token():\n    if not request.headers.get('Authorization'):\n"
    "        raise UnauthorizedAccessError('no token')\n\n\n"
    "def enforce_ownership(account_id):\n    if verify_access_token() != account_id:\n"
    "        raise UnauthorizedAccessError('not yours')\n\n\n"
    "def access_auth_middleware(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n"
    "        verify_access_token()\n        return view(*args, **kwargs)\n    return wrapper\n",
    "app/views.py": "from flask.views import MethodView\n\nfrom app.auth import access_auth_middleware, enforce_ownership\n\n\n"
    "class AccountView(MethodView):\n    def patch(self, account_id):\n        enforce_ownership(account_id)\n"
    "        return ''\n\n    @access_auth_middleware\n    def delete(self, account_id):\n        return ''\n",
    "app/router.py": "from flask import Blueprint\n\nfrom app.views import AccountView\n\nbp = Blueprint('accounts', __name__)\n"
    "bp.add_url_rule('/accounts/<account_id>', methods=['PATCH', 'DELETE'], view_func=AccountView.as_view('account'))\n",
}


def test_views_routed_from_another_module_and_guarded_by_the_projects_own_errors(tmp_path):
    outcome = outcome_of(RULES["FL515"], write_tree(tmp_path / "guarded", ACCOUNT_VIEWS))
    assert outcome.verdict is not None and outcome.verdict.status == "met", outcome.verdict
    # the same shape with the ownership check left out of PATCH: still found
    unguarded = dict(
        ACCOUNT_VIEWS,
        **{"app/views.py": ACCOUNT_VIEWS["app/views.py"].replace("        enforce_ownership(account_id)\n", "")},
    )
    outcome = outcome_of(RULES["FL515"], write_tree(tmp_path / "open", unguarded))
    assert outcome.verdict is not None and outcome.verdict.status == "not met", outcome.verdict


def test_restx_namespaces_and_restful_resources_are_routes(tmp_path):
    example = {
        "app/__init__.py": "from flask import Flask\nfrom flask_restful import Api\n\nfrom app.resources import Item\n"
        "from app.users import api as users\n\n\ndef create_app():\n    app = Flask(__name__)\n    api = Api(app)\n"
        "    api.add_resource(Item, '/items/<int:item_id>')\n    return app\n",
        "app/resources.py": "from flask_restful import Resource\n\n\nclass Item(Resource):\n    def get(self, item_id):\n"
        "        return {}\n\n    def delete(self, item_id):\n        return '', 204\n",
        "app/users.py": "from flask_restx import Namespace, Resource\n\napi = Namespace('users')\n\n\n@api.route('/')\n"
        "class UserList(Resource):\n    def get(self):\n        return []\n\n    def post(self):\n        return {}, 201\n",
    }
    project = analyze(write_tree(tmp_path, example), list(RULES.values()), jobs=1).project
    routes = sorted((r.path, r.methods) for m in project.app_modules for r in m.routes)
    assert routes == [("/", ("GET", "POST")), ("/items/<int:item_id>", ("DELETE", "GET"))]


# -- severity follows the data flow (FL503, FL507, FL509) --
SQL_APP = "from flask import Flask, request\nfrom sqlalchemy import text\n\napp = Flask(__name__)\n\n\n"


def test_sql_formatted_from_settings_is_low_and_from_the_request_critical(tmp_path):
    source = SQL_APP + (
        "def create_database(conn, dbname):\n    conn.execute(text(f'CREATE DATABASE IF NOT EXISTS `{dbname}`'))\n\n\n"
        "@app.get('/users')\ndef users():\n    conn = app.extensions['db']\n"
        "    return str(conn.execute(text(f\"SELECT * FROM users WHERE name = '{request.args['q']}'\")))\n"
    )
    outcome = outcome_of(RULES["FL503"], write_tree(tmp_path, source))
    assert [(f.line, f.severity) for f in outcome.findings] == [(8, "low"), (14, "critical")]


def test_a_converted_request_value_no_longer_carries_the_request(tmp_path):
    source = SQL_APP + (
        "@app.get('/users/<user_id>')\ndef user(user_id):\n    uid = int(request.args['id'])\n    conn = app.extensions['db']\n"
        "    return str(conn.execute(text(f'SELECT * FROM users WHERE id = {uid}')))\n"
    )
    outcome = outcome_of(RULES["FL503"], write_tree(tmp_path, source))
    assert [f.severity for f in outcome.findings] == ["low"]


def test_exec_of_a_config_file_is_low(tmp_path):
    source = "from flask import Flask\n\napp = Flask(__name__)\n\n\ndef load(path):\n    with open(path) as f:\n        exec(compile(f.read(), path, 'exec'), {})\n"
    outcome = outcome_of(RULES["FL507"], write_tree(tmp_path, source))
    assert [(f.line, f.severity) for f in outcome.findings] == [(8, "low")]


def test_send_file_of_a_row_found_by_a_url_value_is_not_path_traversal(tmp_path):
    source = (
        "from flask import Flask, send_file\n\nfrom app.models import Export\n\napp = Flask(__name__)\n\n\n"
        "@app.get('/exports/<code>')\ndef download(code):\n    export = Export.query.filter_by(code=code).first_or_404()\n"
        "    return send_file(export.buffer, as_attachment=True)\n"
    )
    outcome = outcome_of(RULES["FL509"], write_tree(tmp_path, source))
    assert outcome.findings == []


def test_safe_after_tojson_or_a_rendered_form_field_is_not_unescaped(tmp_path):
    template = (
        "<script>var data = {{ items|tojson|safe }};</script>\n"
        "{{ field(class_='input', **kwargs)|safe }}\n"
        "{{ comment.body|safe }}\n"
    )
    example = {"app.py": "from flask import Flask, render_template\n", "templates/page.html": template}
    outcome = outcome_of(RULES["FL506"], write_tree(tmp_path, example))
    assert [f.line for f in outcome.findings] == [3]


def test_create_all_in_a_standalone_setup_script_is_not_import_time(tmp_path):
    example = {
        "app/__init__.py": "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\n"
        "def create_app():\n    app = Flask(__name__)\n    db.init_app(app)\n    return app\n",
        "create_db.py": "from app import create_app, db\n\nwith create_app().app_context():\n    db.create_all()\n",
        "app/models.py": "from app import db\n\ndb.create_all()\n",
        "app/views.py": "from app import models\n",
    }
    outcome = outcome_of(RULES["FL402"], write_tree(tmp_path, example))
    assert [f.path for f in outcome.findings] == ["app/models.py"]


def test_print_in_a_cli_package_is_its_output(tmp_path):
    example = {
        "app/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "app/cli/users.py": "def list_users():\n    print('alice')\n",
        "app/views.py": "def index():\n    print('hit')\n",
    }
    outcome = outcome_of(RULES["FL701"], write_tree(tmp_path, example))
    assert [f.path for f in outcome.findings] == ["app/views.py"]


def test_a_long_and_nested_view_is_one_finding(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(45))
    nest = "    for a in range(3):\n        if a:\n            for b in range(3):\n                if b:\n                    while False:\n                        pass\n"
    source = (
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n"
        + body
        + nest
        + "    return ''\n"
    )
    outcome = outcome_of(RULES["FL806"], write_tree(tmp_path, source))
    assert len(outcome.findings) == 1 and "and nests" in outcome.findings[0].message


def test_cors_with_credentials_behind_a_setting_is_medium(tmp_path):
    guarded = (
        "from flask import Flask\nfrom flask_cors import CORS\n\n\ndef create_app():\n    app = Flask(__name__)\n"
        "    app.config.from_envvar('SETTINGS')\n    if app.config['CORS']:\n"
        "        CORS(app, supports_credentials=True)\n    return app\n"
    )
    always = guarded.replace("    if app.config['CORS']:\n        CORS", "    CORS")
    for source, expected in ((guarded, [(9, "medium")]), (always, [(8, "high")])):
        outcome = outcome_of(RULES["FL517"], write_tree(tmp_path / str(len(source)), source))
        assert [(f.line, f.severity) for f in outcome.findings] == expected


def test_a_webhook_exempted_from_csrf_is_not_a_finding(tmp_path):
    source = (
        "from flask import Flask, request\nfrom flask_wtf import CSRFProtect\n\napp = Flask(__name__)\n"
        "csrf = CSRFProtect(app)\n\n\n@app.post('/register/spamcheck-hook')\n@csrf.exempt\ndef spamcheck_hook():\n"
        "    return request.get_json()\n\n\n@app.post('/transfer')\n@csrf.exempt\ndef transfer():\n    return ''\n"
    )
    outcome = outcome_of(RULES["FL512"], write_tree(tmp_path, source))
    assert [(f.line, f.severity) for f in outcome.findings] == [(15, "medium")]


def test_a_decorator_wrapper_reading_a_token_from_the_form_is_not_a_form_post(tmp_path):
    source = (
        "import functools\n\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        "def token_from_form(func):\n    @functools.wraps(func)\n    def wrapper(*args, **kwargs):\n"
        "        if 'access_token' in request.form:\n            request.authorization = request.form['access_token']\n"
        "        return func(*args, **kwargs)\n    return wrapper\n\n\n@app.get('/me')\n@token_from_form\ndef me():\n"
        "    return ''\n"
    )
    outcome = outcome_of(RULES["FL513"], write_tree(tmp_path, source))
    assert outcome.not_applicable == "no view reads form posts"


def test_markup_around_a_string_no_request_data_reaches_is_low(tmp_path):
    source = (
        "from flask import Flask, flash, request\nfrom markupsafe import Markup\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/done')\ndef done():\n    flash(Markup('<b>{}</b> {}'.format(_('Success!'), _('Saved.'))))\n"
        "    return Markup('<p>' + request.form['note'] + '</p>')\n"
    )
    outcome = outcome_of(RULES["FL505"], write_tree(tmp_path, source))
    assert [(f.line, f.severity) for f in outcome.findings] == [(9, "low"), (10, "high")]
