"""The HTML report as a file: self-contained, inert against hostile content, complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flasklint.analysis.registry import load_rules
from flasklint.report.html import EXCERPT_CONTEXT, markdown, render_html
from flasklint.report.limits import NOT_JUDGED
from flasklint.workflow.grading import grade
from tests.helpers import FIXTURES, run_cli, write_tree


@pytest.fixture(scope="module")
def vulnerable() -> str:
    rules = load_rules()
    report = grade(str(FIXTURES / "vulnerable_notes"), rules=rules, excerpt_context=EXCERPT_CONTEXT, jobs=1)
    return render_html(report, rules)


def test_page_is_self_contained(vulnerable: str) -> None:
    assert "<script" not in vulnerable.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", vulnerable)
    assert "@import" not in vulnerable and "url(" not in vulnerable
    assert "default-src 'none'" in vulnerable  # the browser itself refuses any fetch


def test_page_has_every_section(vulnerable: str) -> None:
    for anchor in ("summary", "skills", "skill-chart", "skill-security", "not-read", "rubric", "limits", "rules"):
        assert f'id="{anchor}"' in vulnerable, anchor
    assert vulnerable.count('class="bar ') == 8
    for title, _ in NOT_JUDGED:
        assert title in vulnerable
    assert 'id="rule-FL503"' in vulnerable and 'href="#rule-FL503"' in vulnerable
    assert "@media print" in vulnerable


def test_code_excerpts_mark_the_finding_line(vulnerable: str) -> None:
    excerpt = re.search(r'<span class="line hit"><span class="ln">17</span>(.*?)</span>', vulnerable)
    assert excerpt is not None and "execute" in excerpt.group(1)


def test_hostile_names_messages_and_code_stay_text(tmp_path: Path) -> None:
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    root = write_tree(
        tmp_path / "repo",
        {
            "app.py": (
                "from flask import Flask\n"
                f"# {payload}\n"
                "app = Flask(__name__)\n"
                "app.config['SECRET_KEY'] = 'hardcoded-secret-value'\n"
                f"X = '{payload}'\n"
            ),
            f"{payload.replace('/', '_')}.py": "import flask\n",
        },
    )
    rules = load_rules()
    report = grade(str(root), rules=rules, excerpt_context=3, jobs=1)
    page = render_html(report, rules)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_rule_doc_markdown_subset() -> None:
    html = markdown("Text with `code` & <b>.\n\n- one\n  continued\n- two\n\n```python\nx = '<y>'\n```")
    assert html == (
        "<p>Text with <code>code</code> &amp; &lt;b&gt;.</p>\n"
        "<ul><li>one continued</li><li>two</li></ul>\n"
        "<pre><code>x = &#39;&lt;y&gt;&#39;</code></pre>"
    )


def test_html_output_from_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run_cli("grade", str(FIXTURES / "vulnerable_notes"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert page.startswith("<!doctype html>") and '<pre class="excerpt">' in page
    assert result.stdout == ""  # with --output, stdout gets a format only when asked


def test_every_link_of_the_verdict_summary_leads_somewhere(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {"app.py": "from flask import Flask\n\napp = Flask(__name__)\n"})
    (repo / "views.py").write_text("def broken(:\n    pass\n")  # a weak point with no rule: code not read
    page = render_html(grade(str(repo), jobs=1), load_rules())
    summary = page[page.index('id="verdict-summary"') : page.index('id="skills"')]
    assert "could not read views.py" in summary
    targets = set(re.findall(r'href="#(rule-[^"]+)"', summary))
    assert targets and all(f'id="{target}"' in page for target in targets)
