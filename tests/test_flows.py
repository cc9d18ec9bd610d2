"""Request data followed into the project's own functions, across modules and calls."""

from __future__ import annotations

import pytest

from flasklint.analysis.registry import load_rules
from tests.helpers import outcome_of, write_tree

RULES = {rule.code: rule for rule in load_rules()}

VIEW = (
    "from flask import Flask, request\n\nfrom app.repo import {helper}\n\napp = Flask(__name__)\n\n\n"
    "@app.post('/x')\ndef x():\n    value = request.form['value']\n    {helper}({argument})\n    return ''\n"
)


def findings(code, example, tmp_path):
    outcome = outcome_of(RULES[code], write_tree(tmp_path, example))
    return [(f.path, f.line, f.severity) for f in outcome.findings]


@pytest.mark.parametrize(
    ("code", "helper", "repo"),
    [
        (
            "FL503",
            "find_user",
            "def find_user(name):\n    return lookup(name)\n\n\n"
            "def lookup(who):\n    sql = \"SELECT * FROM users WHERE name = '%s'\" % who\n    return DB.execute(sql)\n",
        ),
        ("FL508", "run_cmd", "import os\n\n\ndef run_cmd(cmd):\n    return os.popen(cmd).read()\n"),
        (
            "FL509",
            "save_file",
            "def save_file(name):\n    with open('uploads/' + name, 'w') as f:\n        f.write('x')\n",
        ),
    ],
    ids=["sql-two-calls-deep", "shell-in-a-helper", "path-in-a-helper"],
)
def test_request_data_reaching_a_sink_in_another_module(code, helper, repo, tmp_path):
    example = {
        "app/__init__.py": "",
        "app/views.py": VIEW.replace("{helper}", helper).replace("{argument}", "value"),
        "app/repo.py": repo,
    }
    found = findings(code, example, tmp_path)
    assert ("app/views.py", 11, "critical" if code != "FL509" else "high") in found, found


def test_sql_built_in_the_view_and_executed_by_a_helper(tmp_path):
    example = {
        "app/__init__.py": "",
        "app/views.py": VIEW.replace("{helper}", "query_db").replace(
            "{argument}", "\"SELECT * FROM users WHERE name = '%s'\" % value"
        ),
        "app/repo.py": "import sqlite3\n\n\ndef query_db(query, args=()):\n"
        "    return sqlite3.connect('x.db').execute(query, args).fetchall()\n",
    }
    assert ("app/views.py", 11, "critical") in findings("FL503", example, tmp_path)


@pytest.mark.parametrize(
    ("argument", "repo"),
    [
        ("value", "def find_user(name):\n    return DB.execute('SELECT * FROM users WHERE name = ?', (name,))\n"),
        ("int(value)", "def find_user(uid):\n    return DB.execute('SELECT * FROM users WHERE id = %s' % uid)\n"),
        ("value", "def find_user(name):\n    return DB.execute('SELECT count(*) FROM users')\n"),
    ],
    ids=["parameterised-in-the-helper", "converted-before-the-call", "the-parameter-never-reaches-sql"],
)
def test_safe_flows_through_helpers_are_not_findings(argument, repo, tmp_path):
    example = {
        "app/__init__.py": "",
        "app/views.py": VIEW.replace("{helper}", "find_user").replace("{argument}", argument),
        "app/repo.py": repo,
    }
    assert [f for f in findings("FL503", example, tmp_path) if f[0] == "app/views.py"] == []


def test_common_method_names_are_not_followed(tmp_path):
    example = {
        "app/__init__.py": "",
        "app/views.py": "import requests\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        "@app.get('/x')\ndef x():\n    return requests.get(request.args['url']).text\n",
        "app/repo.py": "class Repo:\n    def get(self, name):\n        return DB.execute(f\"SELECT * FROM t WHERE n = '{name}'\")\n",
    }
    assert [f for f in findings("FL503", example, tmp_path) if f[0] == "app/views.py"] == []


def test_a_pathlib_path_built_from_request_data_and_opened(tmp_path):
    source = (
        "from pathlib import Path\n\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/notes')\ndef notes():\n    path = Path('data/' + request.form['name'] + '.txt')\n"
        "    with path.open('w') as handle:\n        handle.write(request.form['text'])\n    return ''\n"
    )
    assert findings("FL509", source, tmp_path) == [("app.py", 11, "high")]


def test_an_orm_query_built_from_a_parameter_is_not_sql_text(tmp_path):
    example = {
        "app/__init__.py": "",
        "app/views.py": VIEW.replace("{helper}", "login").replace("{argument}", "value"),
        "app/repo.py": "def login(username):\n"
        "    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()\n",
    }
    assert [f for f in findings("FL503", example, tmp_path) if f[0] == "app/views.py"] == []


def test_a_value_checked_against_an_allow_list_is_no_longer_the_clients(tmp_path):
    source = (
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/by=<by>')\ndef index(by):\n"
        "    if by not in ('title', 'views'):\n        return 'no', 400\n"
        "    return DB.execute(f'select * from posts order by {by}')\n"
    )
    assert [s for _, _, s in findings("FL503", source, tmp_path)] == ["low"]


def test_another_method_of_an_object_built_from_request_data_transforms_it(tmp_path):
    from flasklint.analysis.registry import load_rules
    from tests.helpers import outcome_of, write_tree

    rule = next(r for r in load_rules() if r.code == "FL505")
    source = (
        "from flask import Flask, request\nfrom markupsafe import Markup\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/users')\ndef create():\n    user = User(request.form['username'])\n"
        "    qrcode = Markup(user.totp.qrcode_svg(user.username).decode())\n"
        "    name = Markup(request.form.get('name', '').strip())\n    return qrcode + name\n"
    )
    outcome = outcome_of(rule, write_tree(tmp_path, source))
    assert [(f.line, f.severity) for f in outcome.findings] == [(10, "medium"), (11, "high")]
