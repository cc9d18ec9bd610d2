"""The run cache: the whole report of a submission when nothing that decides it has changed.

The key covers every file discovery lists (path, size and bytes, Python files
and the other files project rules read alike), what discovery and archive
extraction skipped, the reviewer's settings, and the fingerprint of flasklint
and its rule packs. A hit answers without parsing, without unpickling
per-file results, and without even importing libcst or the rules: a warm
run costs discovery plus hashing. Stored as JSON (the report is plain data),
with the same checksummed, atomic entries as the per-file cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, cast

from flasklint.analysis.cachestore import entry_path, file_digest, fingerprint, read_entry, write_entry
from flasklint.intake.discover import Discovery
from flasklint.report.model import Report

FORMAT = b"flasklint-run-1\n"


class RunCache:
    def __init__(self, directory: Path, settings: dict[str, Any]) -> None:
        """`settings`: everything the caller lets change a report (configuration, options)."""
        self._root = str(directory / "runs")
        self.base = fingerprint() + json.dumps(settings, sort_keys=True, default=str)
        self.content_digests: dict[str, bytes] = {}  # rel -> SHA-256 of the bytes, from the last key()

    def key(self, root: Path, discovery: Discovery, skipped: Counter[str]) -> str:
        digest = hashlib.sha256(self.base.encode())
        digest.update(json.dumps(sorted((discovery.skipped + skipped).items())).encode())
        base = str(root)
        for group in (
            discovery.python_files,
            discovery.other_files,
            discovery.hidden_python,
            discovery.enclosing_files,
        ):
            digest.update(b"\1")
            for rel in group:
                keyed, content = file_digest(os.path.join(base, rel))
                digest.update(rel.encode() + b"\0" + keyed + b"\0")
                if content is not None:
                    self.content_digests[rel] = content
        return digest.hexdigest()

    def get(self, key: str) -> Report | None:
        body = read_entry(entry_path(self._root, key), FORMAT)
        try:
            report = json.loads(body) if body is not None else None
        except ValueError:
            return None
        return cast(Report, report) if isinstance(report, dict) else None

    def put(self, key: str, report: Report) -> None:
        # insertion order kept: the text report shows skills in rubric order, not sorted
        write_entry(entry_path(self._root, key), FORMAT, json.dumps(report).encode())
