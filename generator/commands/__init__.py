"""The command line: briefing build | check | serve | triage | terms | add.

Each command is a function of (project, arguments) returning the exit status; main()
is the one boundary that turns the tool's own errors into messages and exit codes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.engine import build_lock
from generator.errors import EngineError, InputError, UsageError
from generator.pipeline import build, check
from generator.project import Project

OUTCOMES = {"add": "nothing was copied", "check": "fix them before building", "triage": "fix them first",
            "terms": "fix them first"}


def _print_problems(exc: InputError, outcome: str) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    count = len(exc.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found; {outcome}.", file=sys.stderr)


def _print_warnings(warnings: tuple) -> None:
    """Warnings do not change the exit status: the site can be built, but readers would miss something."""
    for warning in warnings:
        print(warning.as_warning(), file=sys.stderr)


def cmd_check(project: Project, args: argparse.Namespace) -> int:
    briefing = check(project)
    _print_warnings(briefing.warnings)
    print(f"ok: {len(briefing.points)} points, {len(briefing.articles)} articles, "
          f"{sum(len(p.citations) for p in briefing.points)} verified quotes, {len(briefing.queue)} mentions to review")
    return 0


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    with build_lock(project.lock_file, str(project.root)):
        briefing, report = build(project)
    _print_warnings(briefing.warnings)
    print(f"built {project.display(project.site)}/: {len(briefing.points)} points, {len(briefing.articles)} articles "
          f"({len(report.written)} pages written, {len(report.removed)} removed, {report.unchanged} unchanged); "
          f"{len(briefing.queue)} mentions to review")
    return 0


def cmd_triage(project: Project, args: argparse.Namespace) -> int:
    from generator.commands.triage import triage

    return triage(check(project), args.format)


def cmd_terms(project: Project, args: argparse.Namespace) -> int:
    from generator.commands.terms import terms

    return terms(check(project), args.point)


def cmd_add(project: Project, args: argparse.Namespace) -> int:
    from generator.commands.add import add_articles

    return add_articles(project, [Path(f) for f in args.files])


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from generator.commands.serve import serve

    return serve(project, args.host, args.port)


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--seeds", metavar="DIR", help="folder of articles (default: seeds)")
    common.add_argument("--register", metavar="FILE", help="the register (default: briefings/register.yml)")
    common.add_argument("--site-dir", metavar="DIR", help="where the built site goes (default: site)")
    top = argparse.ArgumentParser(prog="briefing", description="Build the briefing site from articles and the register.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("build", parents=[common], help="check, generate pages, build the site atomically").set_defaults(run=cmd_build)
    sub.add_parser("check", parents=[common], help="check articles and register; print every problem").set_defaults(run=cmd_check)
    serve = sub.add_parser("serve", parents=[common], help="build, then serve with live reload on 127.0.0.1")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=cmd_serve)
    tri = sub.add_parser("triage", parents=[common], help="list mentions that no history entry cites yet")
    tri.add_argument("--format", choices=["text", "json"], default="text")
    tri.set_defaults(run=cmd_triage)
    terms = sub.add_parser("terms", parents=[common], help="list the paragraphs a point's terms match, with scores and reasons")
    terms.add_argument("point", metavar="POINT")
    terms.set_defaults(run=cmd_terms)
    add = sub.add_parser("add", parents=[common], help="check new article files and copy them into the seeds folder")
    add.add_argument("files", nargs="+", metavar="FILE")
    add.set_defaults(run=cmd_add)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    project = Project.at(Path.cwd(), args.seeds, args.register, args.site_dir)
    try:
        return args.run(project, args)
    except InputError as exc:
        _print_problems(exc, OUTCOMES.get(args.command, "nothing was published"))
        return 1
    except UsageError as exc:
        print(f"briefing {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except EngineError as exc:
        print(f"{project.display(project.config)}:0:0: site engine: MkDocs failed; the previous site is unchanged\n{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
