"""FL307 rate-limiting: Requests are rate limited."""

from __future__ import annotations

from flasklint.api import MET, NOT_APPLICABLE, NOT_MET, Invalid, PracticeRule, ProjectModel, Verdict, evidence
from flasklint.rules.api_design._shared import _imports, _views


class RateLimiting(PracticeRule):
    """Requests are rate limited.

    ## What it checks
    That the app uses Flask-Limiter (or another limiter extension). Not
    applicable to apps without routes.

    ## Why it matters
    Without limits, one client can exhaust workers, brute-force logins or run
    up the bill of every downstream call.

    ## Example
    A login endpoint that accepts unlimited attempts.

    ## Use instead
    ```python
    limiter = Limiter(get_remote_address, default_limits=["200 per hour"])
    limiter.init_app(app)

    @bp.post("/login")
    @limiter.limit("5 per minute")
    def login(): ...
    ```
    """

    code = "FL307"
    name = "rate-limiting"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    good = (
        'from flask import Flask\nfrom flask_limiter import Limiter\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef i():\n    return ""\n',
    )
    bad = (
        Invalid(
            'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef i():\n    return ""\n',
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        if not _views(project):
            return Verdict(NOT_APPLICABLE, "no views")
        limiters = _imports(project, frozenset({"flask_limiter", "flask_rate_limiter", "limits"}))
        if limiters:
            m, imp = limiters[0]
            return Verdict(MET, f"rate limited with {imp.module}", [evidence(m.path, imp.loc, f"imports {imp.module}")])
        return Verdict(NOT_MET, "no rate limiting")
