"""Test session setup: a private result cache, so tests never touch the user's."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("FLASKLINT_CACHE_DIR", tempfile.mkdtemp(prefix="flasklint-test-cache-"))
