"""Options and helpers the commands share: configuration files, the gates, whether an option was typed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from flasklint.workflow import config as configuration
from flasklint.workflow.config import Config


def given(name: str) -> bool:
    """Whether the user typed the option, rather than taking its default."""
    return click.get_current_context().get_parameter_source(name) is not click.core.ParameterSource.DEFAULT


def load_config(config_file: str | None, isolated: bool, start: Path | None) -> Config:
    """--config FILE, else (when `start` is given) the nearest pyproject.toml; --isolated: none."""
    if isolated:
        return Config()
    if config_file:
        return configuration.read_file(Path(config_file))
    return configuration.discover(start) if start is not None else Config()


def gates(scored: str, judged: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--fail-under, --min-band and --fail-on, worded for what the command judges."""

    def apply(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(
            [
                click.option(
                    "--fail-under", type=click.FloatRange(0, 100), help=f"Exit 1 when {scored} is below this."
                ),
                click.option(
                    "--min-band",
                    type=click.Choice(["junior", "mid", "senior"]),
                    help=f"Exit 1 when {scored} is below this band.",
                ),
                click.option(
                    "--fail-on",
                    multiple=True,
                    help=f"Exit 1 on {judged} of this code or prefix (FL503, FL5) or severity or worse (high); "
                    "repeatable.",
                ),
            ]
        ):
            command = option(command)
        return command

    return apply


CONFIG_FILE = click.option(
    "--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="Read [tool.flasklint] from FILE."
)
ISOLATED = click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
