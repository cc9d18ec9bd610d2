"""The command line: grade, compare, check, rules, explain.

Exit codes: 0 ok, 1 a gate failed (`--fail-under`), 2 flasklint could not do
its job. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from flasklint import __version__
from flasklint.analysis.cachestore import default_cache_dir
from flasklint.analysis.registry import load_rules
from flasklint.analysis.rule import Rule
from flasklint.cli.options import CONFIG_FILE, ISOLATED, gates, given, load_config
from flasklint.cli.outputs import STDOUT, gate_failures, output_target, write_outputs
from flasklint.core.defaults import DEFAULT_FILE_TIMEOUT, SIMILARITY_THRESHOLD
from flasklint.core.errors import UsageError
from flasklint.core.profile import Profile
from flasklint.core.progress import Progress
from flasklint.core.safe import printable
from flasklint.intake.sources import candidate_name
from flasklint.report.docgen import rule_page, write_docs
from flasklint.report.github import render_github
from flasklint.report.html import EXCERPT_CONTEXT, render_html
from flasklint.report.jsonout import render_json
from flasklint.report.junit import render_junit
from flasklint.report.markdown import render_markdown
from flasklint.report.model import Report
from flasklint.report.sarif import render_sarif
from flasklint.report.table import render_table_csv, render_table_json, render_table_text
from flasklint.report.text import render_text
from flasklint.workflow.anonymize import Anonymizer, load_key
from flasklint.workflow.batch import BatchInterrupted, candidate_names, expand_each, grade_all, ranking
from flasklint.workflow.cluster import cluster_executor
from flasklint.workflow.compare import (
    compare,
    load_report,
    new_findings,
    render_compare_json,
    render_compare_markdown,
    render_compare_text,
)
from flasklint.workflow.config import Config
from flasklint.workflow.grading import Grader
from flasklint.workflow.reportdir import ReportFolder, refuse_inside_submissions

if TYPE_CHECKING:
    from flasklint.similarity.compare import Similarity


@lru_cache(maxsize=1)
def _rules() -> list[type[Rule]]:
    """The installed rule pack, loaded on first use: a warm run answered from the run
    cache, in a format that does not describe the rules, never imports them."""
    return load_rules()


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": lambda report: render_sarif(report, _rules()),
    "github": render_github,
    "junit": render_junit,
    "markdown": render_markdown,
    "html": lambda report: render_html(report, _rules()),
}
TABLE_RENDERERS: dict[str, Callable[[list[dict[str, Any]]], str]] = {
    "text": render_table_text,
    "json": render_table_json,
    "csv": render_table_csv,
}
COMPARE_RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "text": render_compare_text,
    "json": render_compare_json,
    "markdown": render_compare_markdown,
}


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(__version__, prog_name="flasklint")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Grade a Flask codebase against senior-level practices."""
    if ctx.invoked_subcommand is None:  # `flasklint` alone asks what it can do: the help, and success
        click.echo(ctx.get_help())
        ctx.exit(0)


def _grader(config: Config, **options: Any) -> Grader:
    """grade() with the command's options fixed: target -> report."""
    return Grader({"config": config if config.source else None, **options})


@cli.command("grade")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--each",
    is_flag=True,
    help="Each PATH is a folder of submissions: grade every folder, archive and git bundle inside it.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted([*RENDERERS, "csv"])),
    default="text",
    show_default=True,
    help="One submission: the report. Several: the ranking table (text, json or csv).",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    help="Write the report (several submissions: the table) to a file instead of stdout; repeatable. "
    "FORMAT:PATH, or --format when given, or the format from the extension (.json .sarif .xml .md .html .csv "
    ".txt). `-` is stdout (`-o report.sarif -o github:-`).",
)
@click.option(
    "--report-dir",
    type=click.Path(file_okay=False),
    help="Write an HTML, a Markdown and a JSON report per submission as each is graded, and an index.html "
    "ranking them, to DIR.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="With --report-dir: keep the reports an earlier, interrupted run wrote there; grade only the rest.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Grade each submission as a task on a Dask cluster: tcp://HOST:PORT, or `local` for a cluster of one "
    'worker per core. The workers read the submissions by path. Needs pip install "flasklint[dask]".',
)
@click.option(
    "--similarity",
    is_flag=True,
    help="Also compare the submissions for shared code (renamed and reordered copies included): the pairs "
    "above the threshold, after the ranking; never part of a score.",
)
@click.option(
    "--starter",
    type=click.Path(exists=True),
    help="With --similarity: the starter code handed out (a folder or archive); what it contains is not copying.",
)
@click.option(
    "--similarity-threshold",
    type=click.FloatRange(0.05, 1.0),
    default=SIMILARITY_THRESHOLD,
    show_default=True,
    help="With --similarity: the share of one submission's code found in another's that reports the pair.",
)
@click.option(
    "--anonymize",
    is_flag=True,
    help="Replace candidate names (folder, archive and git author names) with stable pseudonyms everywhere.",
)
@gates("the score", "any finding")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="A JSON report of the code as it was (`--format json`): --fail-on fires only for findings it does not "
    "have (matched by rule, file and message, as compare does).",
)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Worker processes (default: one per core).")
@click.option(
    "--file-timeout",
    type=click.FloatRange(0.1, 3600),
    default=DEFAULT_FILE_TIMEOUT,
    show_default=True,
    help="Seconds one file may take before it is skipped as pathological.",
)
@CONFIG_FILE
@ISOLATED
@click.option(
    "--trust-config",
    is_flag=True,
    help="Honour the graded repository's own [tool.flasklint] and suppression comments.",
)
@click.option("--no-cache", is_flag=True, help="Analyse every file again; neither read nor write the cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="Where per-file results are cached (default: $FLASKLINT_CACHE_DIR or the user cache directory).",
)
@click.option("--profile", "show_profile", is_flag=True, help="Print time per phase and the slowest rules to stderr.")
@click.option(
    "--color",
    "colour",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report: auto (a terminal, unless NO_COLOR; FORCE_COLOR forces it), always or never.",
)
def grade_command(
    paths: tuple[str, ...],
    each: bool,
    fmt: str,
    outputs: tuple[str, ...],
    report_dir: str | None,
    resume: bool,
    scheduler: str | None,
    similarity: bool,
    starter: str | None,
    similarity_threshold: float,
    anonymize: bool,
    fail_under: float | None,
    min_band: str | None,
    fail_on: tuple[str, ...],
    baseline: str | None,
    jobs: int | None,
    file_timeout: float,
    config_file: str | None,
    isolated: bool,
    trust_config: bool,
    no_cache: bool,
    cache_dir: str | None,
    show_profile: bool,
    colour: str,
) -> None:
    """Grade the Flask repositories at PATHS: score, band, evidence.

    A PATH is a folder (a git checkout included), a .zip or .tar(.gz/.bz2/.xz)
    archive, a bare git repository or a git bundle. With several PATHS, or
    --each, every submission is graded and ranked; one that cannot be graded
    is listed with the reason and the others carry on.

    The graded repository is untrusted: its own configuration and suppression
    comments are ignored (and counted in the report) unless --trust-config.
    --config applies the reviewer's own configuration.
    """
    config = load_config(config_file, isolated, None)
    cache_root = Path(cache_dir) if cache_dir else default_cache_dir()
    profile = Profile() if show_profile else None
    targets = expand_each(paths) if each else list(paths)
    batch = each or len(targets) > 1
    table_formats = ("text", "json", "csv")
    outputs_parsed = [output_target(spec, fmt, given("fmt"), RENDERERS) for spec in outputs] or [(fmt, STDOUT)]
    if batch:
        for wanted_format in [f for f, _ in outputs_parsed]:
            if wanted_format not in table_formats:
                raise UsageError(
                    f"--format {wanted_format}: several submissions give a ranking table (text, json or csv); "
                    "--report-dir writes each candidate's full report"
                )
    if baseline and batch:
        raise UsageError("--baseline: one baseline belongs to one repository; grade a single submission")
    baseline_report = load_report(Path(baseline)) if baseline else None
    if resume and not report_dir:
        raise UsageError("--resume: give the --report-dir of the run to resume")
    if similarity and not batch:
        raise UsageError("--similarity compares the submissions of a batch: give several, or --each")
    for option, typed in (("--starter", starter), ("--similarity-threshold", given("similarity_threshold"))):
        if typed and not similarity:
            raise UsageError(f"{option} goes with --similarity")
    anonymizer = Anonymizer(load_key(cache_root)) if anonymize else None

    def name_of(target: str) -> str:
        name = candidate_name(target)
        return anonymizer.pseudonym(name) if anonymizer is not None else name

    folder: ReportFolder | None = None
    if report_dir:
        refuse_inside_submissions(Path(report_dir), targets)
        folder = ReportFolder(Path(report_dir), candidate_names(targets, name_of), _rules())
        folder.refuse_foreign_files()
    wants_html = bool(report_dir) or any(f == "html" for f, _ in outputs_parsed)
    progress = Progress()

    grade_one = _grader(
        config,
        jobs=jobs,
        file_timeout=file_timeout,
        trust_config=trust_config and not isolated,
        cache_dir=None if no_cache else cache_root,
        profile=profile,
        excerpt_context=EXCERPT_CONTEXT if wants_html else 0,
        anonymizer=anonymizer,
        progress=progress,
        enclosing=not each,  # above a folder of submissions lies the reviewer's folder, not a candidate's project
    )

    stopped: BatchInterrupted | None = None
    with contextlib.ExitStack() as stack:
        executor = stack.enter_context(cluster_executor(scheduler)) if scheduler else None
        try:
            results = grade_all(
                targets,
                grade_one.elsewhere() if executor is not None else grade_one,
                name_of,
                progress if batch or executor is not None else None,
                each=bool(each),
                executor=executor,
                arrived=folder.add if folder is not None else None,
                known=folder.resumed() if folder is not None and resume else None,
            )
        except BatchInterrupted as interrupted:  # keep and show what was graded, then stop as asked
            if not batch:
                raise interrupted.cause from None
            stopped, results = interrupted, interrupted.results
            click.echo(f"flasklint: {interrupted}; reporting those", err=True)
    progress.clear()
    if not batch and results[0].error is not None:
        raise UsageError(results[0].error)
    for result in results:
        if result.error is not None and anonymizer is not None:  # errors name the path
            result.error = anonymizer.scrub_text(result.error, candidate_name(result.target))
    similar: Similarity | None = None
    similar_data: dict[str, Any] | None = None
    if similarity:  # loaded here: a run without --similarity does not pay for these modules
        from flasklint.report.similarity import similarity_data
        from flasklint.workflow.similar import find_similar

        similar, codes = find_similar(
            results,
            starter=starter,
            threshold=similarity_threshold,
            exclude=config.exclude,
            cache_dir=None if no_cache else cache_root,
            anonymizer=anonymizer,
        )
        pages = folder.add_similarity(similar, codes) if folder is not None else {}
        similar_data = similarity_data(similar, pages)
    report_dir_error: UsageError | None = None
    if folder is not None:
        try:
            folder.finish(results, similar_data)
        except UsageError as error:  # the ranking below is still printed: the batch is not lost
            report_dir_error = error

    def render(output_format: str, colour: bool = False) -> str:
        if batch and output_format == "text" and similar is not None:
            from flasklint.report.similarity import render_similarity_text

            return render_table_text(ranking(results)) + render_similarity_text(similar)
        if batch and output_format == "json":
            return render_table_json(ranking(results), similar_data)
        if batch or output_format == "csv":
            return TABLE_RENDERERS[output_format](ranking(results))
        report = results[0].report
        assert report is not None  # a single submission that cannot be graded raised before
        if output_format == "text":
            return render_text(report, colour=colour)
        return RENDERERS[output_format](report)

    write_outputs(outputs_parsed, render, colour)
    if profile is not None:
        click.echo(profile.render(), err=True, nl=False)
    if stopped is not None:
        raise stopped.cause
    if report_dir_error is not None:
        raise report_dir_error
    threshold = fail_under if fail_under is not None else config.fail_under
    failures = []
    for result in results:
        if result.report is not None:
            prefix = f"{result.candidate}: " if batch else ""
            # with a baseline, --fail-on judges only what the baseline does not have
            new = new_findings(result.report, baseline_report) if baseline_report is not None else None
            failures += [prefix + f for f in gate_failures(result.report, threshold, min_band, fail_on, new)]
    for failure in failures:
        click.echo(f"flasklint: gate failed: {printable(failure)}", err=True)
    not_graded = [r for r in results if r.report is None]
    for result in not_graded:
        click.echo(f"flasklint: error: {printable(result.error or '')}", err=True)
    if not_graded:
        sys.exit(2)
    if failures:
        sys.exit(1)


@cli.command("compare")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(sorted(COMPARE_RENDERERS)), default="text", show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Worker processes (default: one per core).")
@CONFIG_FILE
@ISOLATED
@click.option("--no-cache", is_flag=True, help="Analyse every file again; neither read nor write the cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Where per-file results are cached.")
@click.option("--anonymize", is_flag=True, help="Replace candidate names with stable pseudonyms.")
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    help="Write the comparison to a file instead of stdout; repeatable. FORMAT:PATH, or --format when given, "
    "or the format from the extension (.json .md .txt). `-` is stdout.",
)
@gates("NEW's score", "any finding NEW introduces")
def compare_command(
    old: str,
    new: str,
    fmt: str,
    jobs: int | None,
    config_file: str | None,
    isolated: bool,
    no_cache: bool,
    cache_dir: str | None,
    anonymize: bool,
    outputs: tuple[str, ...],
    fail_under: float | None,
    min_band: str | None,
    fail_on: tuple[str, ...],
) -> None:
    """Show what changed between two versions of a submission.

    OLD and NEW are submissions (folders, archives, git repositories or
    bundles) or reports saved with `flasklint grade --format json`. Prints the
    score, band and per-skill changes, practices whose verdict changed, and
    findings fixed and introduced (matched by rule, file and message, so code
    that only moved counts as neither). The gates judge NEW, and --fail-on
    only the findings NEW introduces: a CI gate on a pull request.
    """
    config = load_config(config_file, isolated, None)
    targets = [output_target(spec, fmt, given("fmt"), COMPARE_RENDERERS) for spec in outputs] or [(fmt, STDOUT)]
    for wanted_format, _ in targets:
        if wanted_format not in COMPARE_RENDERERS:
            raise UsageError(f"--output: compare writes {', '.join(sorted(COMPARE_RENDERERS))}, not {wanted_format}")
    cache_root = Path(cache_dir) if cache_dir else default_cache_dir()
    anonymizer = Anonymizer(load_key(cache_root)) if anonymize else None
    progress = Progress()
    grade_one = _grader(
        config,
        jobs=jobs,
        cache_dir=None if no_cache else cache_root,
        anonymizer=anonymizer,
        progress=progress,
    )

    def report_of(target: str) -> Report:
        path = Path(target)
        if path.is_file() and path.suffix.lower() == ".json":
            return load_report(path)
        return grade_one(target)

    new_report = report_of(new)
    diff = compare(report_of(old), new_report)
    progress.clear()
    write_outputs(targets, lambda output_format, colour: COMPARE_RENDERERS[output_format](diff))
    failures = gate_failures(new_report, fail_under, min_band, fail_on, diff["introduced"])
    for failure in failures:
        click.echo(f"flasklint: gate failed: {printable(failure)}", err=True)
    if failures:
        sys.exit(1)


@cli.command("check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="Worker processes (default: one per core).")
@CONFIG_FILE
@ISOLATED
def check_command(files: tuple[str, ...], jobs: int | None, config_file: str | None, isolated: bool) -> None:
    """Run the file-level rules on FILES (default: the tree under the current folder).

    One finding per line, `path:line:col: CODE message`; exit 1 when anything
    is found. Honours [tool.flasklint] of the pyproject.toml nearest to each
    file (as ruff does; --config or --isolated for one configuration) and
    `# flasklint: ignore[CODE]` comments, and reports comments that suppress
    nothing (FL000).
    """
    # --config or --isolated: one configuration for every file; else each file's nearest pyproject.toml
    config = load_config(config_file, isolated, None) if config_file or isolated else None
    from flasklint.workflow.checking import check, format_line  # the engine: only this command needs it here

    findings = check(list(files), load_rules(), config, jobs)
    for finding in findings:
        click.echo(format_line(finding))
    if findings:
        sys.exit(1)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--write-docs",
    "write_docs_dir",
    type=click.Path(file_okay=False),
    help="Write one Markdown page per rule, and an index, to DIR.",
)
def rules_command(fmt: str, write_docs_dir: str | None) -> None:
    """List every rule: code, name, skill, kind, severity, weight."""
    rules = load_rules()
    if write_docs_dir:
        written = write_docs(rules, Path(write_docs_dir))
        click.echo(f"wrote {len(written)} pages to {write_docs_dir}")
        return
    rows = [
        {
            "code": r.code,
            "name": r.name,
            "skill": r.skill,
            "kind": r.kind,
            "severity": r.severity,
            "weight": r.weight,
            "unit": r.unit if r.kind == "antipattern" else None,
            "surface": list(r.surface),
            "title": r.title(),
        }
        for r in rules
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, sort_keys=True))
        return
    for row in rows:
        click.echo(
            f"{row['code']}  {row['name']:<28} {row['skill']:<13} {row['kind']:<11} "
            f"{row['severity']:<8} {row['weight']:g}"
        )


@cli.command("explain")
@click.argument("code")
def explain_command(code: str) -> None:
    """Show a rule's documentation and graded examples."""
    wanted = code.upper()
    for rule in load_rules():
        if rule.code == wanted or rule.name == code:
            click.echo(rule_page(rule), nl=False)
            return
    raise UsageError(f"no rule {code!r}; `flasklint rules` lists them")


class Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so workers end and temporary folders are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def main(argv: list[str] | None = None) -> None:
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    try:
        code = cli.main(args=argv, prog_name="flasklint", standalone_mode=False)
    except UsageError as error:
        click.echo(f"flasklint: error: {printable(str(error))}", err=True)
        sys.exit(2)
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx is not None else "flasklint"
        click.echo(f"flasklint: error: {error.format_message()} (see `{where} --help`)", err=True)
        sys.exit(2)
    except click.ClickException as error:
        click.echo(f"flasklint: error: {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("flasklint: aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except Terminated as stop:
        click.echo(f"flasklint: stopped by signal {stop.signum}", err=True)
        sys.exit(128 + stop.signum)  # 143 for SIGTERM, 129 for SIGHUP, as a shell reports them
    sys.exit(code if isinstance(code, int) else 0)
