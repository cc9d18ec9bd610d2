"""JSON output: sorted keys, stable order, byte-identical between runs."""

from __future__ import annotations

import json

from flasklint.report.model import Report


def render_json(report: Report) -> str:
    return json.dumps(report, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
