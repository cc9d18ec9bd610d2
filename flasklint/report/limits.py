"""What a static grade cannot tell a reviewer: listed in every HTML report.

A score reads as a verdict; this list keeps it honest. The catalogue items
here are the ones docs/practices-coverage.md marks as not judged statically.
"""

from __future__ import annotations

NOT_JUDGED: tuple[tuple[str, str], ...] = (
    (
        "Whether it works",
        "The code is never run, imported or installed: flasklint cannot tell whether the app starts, "
        "whether its tests pass or whether it does what the brief asked.",
    ),
    (
        "Whether the design fits the problem",
        "Rules see structure (factories, blueprints, layers), not whether that structure suits the task, "
        "or whether a simpler one would have been better.",
    ),
    (
        "Test quality beyond structure",
        "Test files, fixtures, client calls and assertions are counted; whether the tests check the "
        "behaviour that matters, and the coverage they reach, are not measured.",
    ),
    (
        "Runtime behaviour and performance",
        "Which reads are hot and deserve a cache, query counts under load, memory and latency are "
        "properties of production traffic.",
    ),
    (
        "Security outside the repository",
        "Security headers, TLS and rate limits are often set by the reverse proxy or platform; "
        "their absence from the code is not a finding.",
    ),
    (
        "Request-scoped resources",
        "Whether a resource needs request scope (`g`, `teardown_appcontext`) depends on what it is; "
        "only its failure modes are judged.",
    ),
    (
        "Process and communication",
        "Commit history, the reasoning in a README or a pull request, and how the candidate explains "
        "trade-offs are for the interview.",
    ),
)
