"""`--profile`: where the time of a run went, by phase and by rule."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from time import perf_counter


@dataclass
class Profile:
    enabled: bool = True
    phases: dict[str, float] = field(default_factory=dict)
    rules: dict[str, float] = field(default_factory=dict)  # code (or "Collector") -> seconds
    hits: int = 0
    misses: int = 0
    run_cache: str | None = None  # "hit" or "miss" when the run cache was consulted

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + perf_counter() - started

    @contextmanager
    def rule(self, code: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        started = perf_counter()
        try:
            yield
        finally:
            self.rules[code] = self.rules.get(code, 0.0) + perf_counter() - started

    def add_rule_times(self, times: dict[str, float]) -> None:
        for code, seconds in times.items():
            self.rules[code] = self.rules.get(code, 0.0) + seconds

    def cache(self, hits: int, misses: int) -> None:
        self.hits, self.misses = hits, misses

    def render(self, slowest: int = 10) -> str:
        lines = ["flasklint profile (seconds):"]
        lines += [f"  {name:<16} {seconds:8.3f}" for name, seconds in self.phases.items()]
        if self.run_cache == "hit":
            lines.append("  run cache        hit: the report of an unchanged submission, no file analysed")
        elif self.run_cache == "miss":
            lines.append("  run cache        miss")
        if self.hits or self.misses:
            lines.append(f"  cache            {self.hits} hit(s), {self.misses} miss(es)")
        lines.append(
            f"slowest rules (file rules: summed over files, in the workers; total {sum(self.rules.values()):.3f}):"
        )
        for code, seconds in sorted(self.rules.items(), key=lambda kv: -kv[1])[:slowest]:
            lines.append(f"  {code:<16} {seconds:8.3f}")
        return "\n".join(lines) + "\n"
