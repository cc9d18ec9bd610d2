"""The four rules that judge a configuration setting see every form of it, and agree on dev settings."""

from __future__ import annotations

import pytest

from flasklint.analysis.registry import load_rules
from tests.helpers import outcome_of, write_tree

RULES = {rule.code: rule for rule in load_rules()}
HEADER = "from flask import Flask\n\napp = Flask(__name__)\n"
SETTINGS = {
    "FL501": ("DEBUG", "True"),
    "FL502": ("SECRET_KEY", '"s3cr3t-value"'),
    "FL512": ("WTF_CSRF_ENABLED", "False"),
    "FL516": ("SESSION_COOKIE_SECURE", "False"),
}
FORMS = {
    "module attribute": "{key} = {value}\n",
    "annotated": "{key}: object = {value}\n",
    "config class": "class Config:\n    {key} = {value}\n",
    "config item": 'app.config["{key}"] = {value}\n',
    "update keyword": "app.config.update({key}={value})\n",
    "from_mapping keyword": "app.config.from_mapping({key}={value})\n",
    "dict literal": 'settings = {{"{key}": {value}}}\n',
}


@pytest.mark.parametrize("code", sorted(SETTINGS))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_form_of_a_setting_is_judged(code, form, tmp_path):
    key, value = SETTINGS[code]
    source = HEADER + FORMS[form].format(key=key, value=value)
    outcome = outcome_of(RULES[code], write_tree(tmp_path, source))
    setting_line = source.count("\n")  # the last line of the module sets the key
    assert [f.line for f in outcome.findings] == [setting_line]


@pytest.mark.parametrize("code", sorted(SETTINGS))
def test_development_settings_are_exempt_for_all_four(code, tmp_path):
    key, value = SETTINGS[code]
    in_class = write_tree(tmp_path / "cls", HEADER + f"class DevelopmentConfig:\n    {key} = {value}\n")
    in_file = write_tree(tmp_path / "file", {"config/development.py": f"{key} = {value}\n", "app.py": HEADER})
    assert outcome_of(RULES[code], in_class).findings == []
    assert outcome_of(RULES[code], in_file).findings == []
