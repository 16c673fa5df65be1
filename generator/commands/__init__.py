"""The command line: briefing build | check | serve | triage | terms | add | fetch | status | position | new-point |
dismiss | reviewed | schema.

Each command is a function of (project, arguments) returning the exit status; main()
is the one boundary that turns the tool's own errors into messages and exit codes.
"""

from __future__ import annotations

import argparse
import dataclasses
import errno
import signal
import sys
from datetime import date
from pathlib import Path
from typing import Callable, NoReturn


from generator.commands.output import (address_error_text, os_error_problem, print_problems, print_usage_error,
                                       print_warnings, quiet_when_closed)
from generator.lock import build_lock
from generator.isodate import DateError, parse_iso_date
from generator.errors import EngineError, InputError, UsageError
from generator.engine import ENGINES
from generator.pipeline import build, check, check_project
from generator.search_index import SearchIndexError
from generator.problem_formats import FORMATS, format_problems
from generator.project import Project
from generator.register import edit as register_edit
from generator.register.edit import Edit

OUTCOMES = {"add": "nothing was copied", "fetch": "nothing was fetched", "check": "fix them before building", "triage": "fix them first",
            "terms": "fix them first",
            **dict.fromkeys(["status", "position", "new-point", "dismiss", "reviewed"], "the register was not changed")}


def cmd_check(project: Project, args: argparse.Namespace) -> int:
    from generator.desk import waiting_problems

    briefing = check_project(project)
    late = [] if args.max_waiting_days is None else waiting_problems(briefing, date.today(), args.max_waiting_days)
    print_warnings(briefing.warnings + tuple(late), args.problem_format)
    print(f"ok: {len(briefing.points)} points, {len(briefing.articles)} articles, "
          f"{sum(len(p.citations) for p in briefing.points)} verified quotes, {len(briefing.queue)} mentions to review",
          file=sys.stderr if args.problem_format == "json" else sys.stdout)
    return 1 if late and args.strict else 0


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    if args.desk:
        return cmd_build_desk(project, args)
    with build_lock(project.lock_file, str(project.root), waiter="build"):
        briefing, report = build(project, args.engine)
    print_warnings(briefing.warnings)
    if report.engine_run == "nothing":
        print(f"{project.display(project.site)}/ is up to date: no page, asset, theme or config changed since the "
              f"last build, so the site engine did not run")
        return 0
    print(f"built {project.display(project.site)}/: {len(briefing.points)} points, {len(briefing.articles)} articles "
          f"({len(report.written)} pages written, {len(report.removed)} removed, {report.unchanged} unchanged); "
          f"{len(briefing.queue)} mentions to review"
          + ("; the site engine rendered only what changed since the last build" if report.engine_run == "incremental" else ""))
    return 0


def cmd_build_desk(project: Project, args: argparse.Namespace) -> int:
    from generator.desk_site import DESK_SITE, build_desk

    if not project.site_given:
        project = dataclasses.replace(project, site=project.root / DESK_SITE)
    with build_lock(project.lock_file, str(project.root), waiter="build"):
        briefing = build_desk(project)
    print(f"built the editors' desk in {project.display(project.site)}/: {len(briefing.articles)} articles; "
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
    from generator.commands.add_web import WebOptions

    return add_articles(project, args.files, WebOptions(args.date, args.allow_private))


def cmd_fetch(project: Project, args: argparse.Namespace) -> int:
    from generator.commands.feeds_in import fetch_feeds

    return fetch_feeds(project, args.all, args.allow_private)


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from generator.commands.serve import serve

    return serve(project, args.host, args.port, args.desk)


def _edit_of(a: argparse.Namespace) -> tuple[Callable[[str, str], Edit], str]:
    """The edit a command asks for (a function of the register text and its name), and what it did."""
    if a.command == "status":
        return (lambda t, p: register_edit.set_status(t, p, a.point, a.status, a.date, a.note, a.source, a.quote, a.sourcing),
                f"{a.point}: status {a.status} from {a.date}")
    if a.command == "position":
        return (lambda t, p: register_edit.set_position(t, p, a.point, a.party, a.stance, a.text, a.since, a.source, a.quote),
                f"{a.point}: {a.party} {a.stance}")
    if a.command == "new-point":
        return lambda t, p: register_edit.new_point(t, p, a.id, a.title, a.status, a.keyword), f"new point {a.id}"
    if a.command == "reviewed":
        return (lambda t, p: register_edit.reviewed(t, p, a.articles, a.date or date.today(), a.note),
                f"reviewed {', '.join(a.articles)}")
    paragraphs = list(dict.fromkeys(a.paragraph or []))
    where = f" paragraph{'s' if len(paragraphs) > 1 else ''} {', '.join(map(str, paragraphs))}" if paragraphs else ""
    return (lambda t, p: register_edit.dismiss(t, p, a.points, a.article, paragraphs or None, a.reason),
            f"{', '.join(dict.fromkeys(a.points))}: dismissed {a.article}{where}")


def cmd_edit(project: Project, args: argparse.Namespace) -> int:
    from generator.commands.edit import edit_register

    return edit_register(project, *_edit_of(args))


def cmd_schema(project: Project, args: argparse.Namespace) -> int:
    from generator.register.schema import schema_text

    print(schema_text(), end="")
    return 0


def _iso_date(value: str) -> date:
    try:
        return parse_iso_date(value)
    except DateError as exc:
        raise argparse.ArgumentTypeError(f"{exc} ({exc.hint})") from None


def _edit_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """briefing status | position | new-point | dismiss | schema: edits of the register, and its JSON Schema."""
    def edit(name: str, help_: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, parents=[common], help=help_)
        cmd.set_defaults(run=cmd_edit)
        return cmd
    st = edit("status", "record a status change: a new history entry at the top, with its source")
    st.add_argument("point"), st.add_argument("status")
    st.add_argument("--date", type=_iso_date, required=True, help="YYYY-MM-DD")
    st.add_argument("--note", required=True)
    st.add_argument("--source", required=True, metavar="ARTICLE", help="the id of the article quoted")
    st.add_argument("--quote", required=True, help="words of the article, verbatim")
    st.add_argument("--sourcing", help="how the article sources it, e.g. named-official")
    po = edit("position", "set a party's position on a point")
    po.add_argument("point"), po.add_argument("party"), po.add_argument("stance")
    po.add_argument("--text", required=True)
    po.add_argument("--since", type=_iso_date, help="YYYY-MM-DD")
    po.add_argument("--source", metavar="ARTICLE"), po.add_argument("--quote")
    np_ = edit("new-point", "add a point: id, title, status and keywords to edit further")
    np_.add_argument("id"), np_.add_argument("--title", required=True)
    np_.add_argument("--status", help="default: the first status of the vocabulary")
    np_.add_argument("--keyword", action="append", help="a word that finds the point in articles (repeatable; default: the words of the id)")
    di = edit("dismiss", "dismiss mentions from the review queue: of one or more points, in one article")
    di.add_argument("points", nargs="+", metavar="POINT"), di.add_argument("article", metavar="ARTICLE")
    di.add_argument("--paragraph", type=int, action="append", metavar="N",
                    help="a paragraph (repeatable: --paragraph 3 --paragraph 5; default: the whole article)")
    di.add_argument("--reason", required=True)
    rv = edit("reviewed", "record that articles were read: their remaining mentions leave the review queue")
    rv.add_argument("articles", nargs="+", metavar="ARTICLE")
    rv.add_argument("--date", type=_iso_date, help="YYYY-MM-DD (default: today)")
    rv.add_argument("--note", help="what the reading found, if anything")
    sub.add_parser("schema", parents=[common], help="print the register's JSON Schema").set_defaults(run=cmd_schema)


class CommandLineRefused(Exception):
    """argparse refused the command line: the parser that did (its usage line) and why."""

    def __init__(self, parser: argparse.ArgumentParser, message: str):
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    """argparse, except that a refused command line is raised, so that main reports it in the format asked for."""

    def error(self, message: str) -> NoReturn:
        raise CommandLineRefused(self, message)


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--seeds", metavar="DIR", help="folder of articles (default: seeds)")
    common.add_argument("--register", metavar="FILE", help="the register (default: briefings/register.yml)")
    common.add_argument("--site-dir", metavar="DIR", help="where the built site goes (default: site)")
    top = _Parser(prog="briefing", description="Build the briefing site from articles and the register.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    bld = sub.add_parser("build", parents=[common], help="check, generate pages, build the site atomically")
    bld.add_argument("--engine", choices=ENGINES, default="mkdocs",
                     help="the site engine: mkdocs (default) or zensical (optional install: pip install -e '.[zensical]')")
    bld.add_argument("--desk", action="store_true",
                     help="build the editors' desk (the review queue by article) instead, into desk-site/ by default")
    bld.set_defaults(run=cmd_build)
    chk = sub.add_parser("check", parents=[common], help="check articles and register; print every problem")
    chk.add_argument("--format", dest="problem_format", choices=FORMATS, default="text",
                     help="how problems are printed: text, github (workflow annotations) or json (default: text)")
    chk.add_argument("--max-waiting-days", type=int, metavar="N",
                     help="warn of every article that has waited for review more than N days since its date")
    chk.add_argument("--strict", action="store_true", help="with --max-waiting-days: exit 1 when an article has waited too long")
    chk.set_defaults(run=cmd_check)
    serve = sub.add_parser("serve", parents=[common], help="build, then serve with live reload on 127.0.0.1")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--desk", action="store_true", help="preview the editors' desk instead of the readers' site")
    serve.set_defaults(run=cmd_serve)
    tri = sub.add_parser("triage", parents=[common], help="list mentions that no history entry cites yet")
    tri.add_argument("--format", choices=["text", "json"], default="text")
    tri.set_defaults(run=cmd_triage)
    terms = sub.add_parser("terms", parents=[common], help="list the paragraphs a point's terms match, with scores and reasons")
    terms.add_argument("point", metavar="POINT")
    terms.set_defaults(run=cmd_terms)
    add = sub.add_parser("add", parents=[common], help="check new articles (files, saved pages or web addresses) and "
                         "copy them into the seeds folder; a page or address becomes a Markdown article")
    add.add_argument("files", nargs="+", metavar="FILE|PAGE.html|URL",
                     help="article files (.txt, .md), saved web pages (.html) or http(s) addresses of articles")
    add.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                     help="a page's publication date (needed when the page gives none; wins over the page's)")
    add.add_argument("--allow-private", action="store_true",
                     help="fetch from private and loopback addresses too (an intranet, a test server)")
    add.set_defaults(run=cmd_add)
    fetch = sub.add_parser("fetch", parents=[common], help="add the new items of the feeds listed in mkdocs.yml "
                           "(extra: feeds:) that touch at least one point; items are remembered in fetched.txt")
    fetch.add_argument("--all", action="store_true", help="add every new item, also those that touch no point")
    fetch.add_argument("--allow-private", action="store_true",
                       help="fetch from private and loopback addresses too (an intranet, a test server)")
    fetch.set_defaults(run=cmd_fetch)
    _edit_parsers(sub, common)
    return top


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)  # from here on, Ctrl-C is handled below
    try:
        with quiet_when_closed() as output:  # `briefing triage | head -1`: the rest of the output goes nowhere
            status = _main(argv)
        return output.status(status)
    finally:
        if argv is None:  # the command line, not a caller inside Python: the process ends now
            # ignored, not handled: the interpreter's shutdown puts back the system's default for a
            # handled signal (a Ctrl-C then kills the process, status -2), but keeps one ignored
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def _requested_format(argv: list[str] | None) -> str:
    """The format `check --format` asks for, read from the words of a command line that argparse refused."""
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] != ["check"]:
        return "text"
    for word, following in zip(words, [*words[1:], ""]):
        value = word.removeprefix("--format=") if word.startswith("--format=") else following if word == "--format" else ""
        if value in FORMATS:
            return value
    return "text"


def _main(argv: list[str] | None) -> int:
    try:
        args = parser().parse_args(argv)
        project = Project.at(Path.cwd(), args.seeds, args.register, args.site_dir)
    except KeyboardInterrupt:
        return _interrupted()
    except CommandLineRefused as exc:
        fmt = _requested_format(argv)
        if fmt == "text":
            exc.parser.print_usage(sys.stderr)
        print_usage_error(exc.parser.prog.removeprefix("briefing").strip(), str(exc), fmt)
        return 2
    except OSError as exc:  # a path that cannot even be resolved (a name too long, a loop of links)
        print_usage_error("", f"{exc.strerror}: {exc.filename!r}", _requested_format(argv))
        return 2
    return _run(args, project)


def _run(args: argparse.Namespace, project: Project) -> int:
    """The command, and the one boundary that turns the tool's own errors into messages and exit codes."""
    fmt = getattr(args, "problem_format", "text")
    try:
        project.refuse_links_away()  # before any command opens a file of the project
        return args.run(project, args)
    except InputError as exc:
        print_problems(exc.problems, fmt, OUTCOMES.get(args.command, "nothing was published"))
        return 1
    except UsageError as exc:
        print_usage_error(args.command, str(exc), fmt)
        return 2
    except SearchIndexError as exc:  # its message is located and complete
        print(exc, file=sys.stderr)
        return 1
    except EngineError as exc:
        print(f"{project.display(project.config_file)}:0:0: site engine: {getattr(args, 'engine', 'mkdocs')} failed; the previous site is unchanged\n{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return _interrupted()
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
            print(address_error_text(exc), file=sys.stderr)
        elif fmt == "text":
            print(os_error_problem(exc, project), file=sys.stderr)
        else:
            print(format_problems([os_error_problem(exc, project)], fmt))
        return 1


def _interrupted() -> int:
    print("interrupted; a build that was running left the previous site as it was", file=sys.stderr)
    return 130
