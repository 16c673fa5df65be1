"""mkdocs.yml, read once per run: what the generator takes from the site engine's config.

A command that needs the config calls load_site_config once, at its start, and hands the
frozen SiteConfig down to every step: the docs folder (checked before anything is written
into it), the theme's own folder (custom_dir: the engine copies its files into the site
too) and the site_url setting as written, with its place in the file. Nothing else in
the generator opens mkdocs.yml; the engine reads it again in its own process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import input_error
from generator.project import Project
from generator.textfile import decode_text

MAX_CONFIG_BYTES = 1_000_000
_HINT = "mkdocs.yml is a mapping of settings, e.g. site_name: Briefing and docs_dir: briefings"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Setting:
    """One setting's value as written in mkdocs.yml, and where it starts (1-based line and column)."""

    text: str  # a scalar's text; '' for null, a list, a mapping or an !ENV tag (a value MkDocs works out itself)
    is_text: bool  # a string with something in it, as opposed to a number, a date, a list, white space...
    line: int
    column: int


@dataclass(frozen=True)
class SiteConfig:
    """What the generator uses of mkdocs.yml, read once and checked."""

    path: Path  # the file, as the engine is given it
    display: str  # its name in messages
    docs_dir: Path  # resolved: a folder path inside the project, apart from the seeds (see _docs_dir_problem)
    site_url: Setting | None  # None when mkdocs.yml has no site_url; site_address decides what it means
    theme_dir: Path | None = None  # theme.custom_dir, resolved: a visible folder inside the project; None when unset
    directory_urls: bool = True  # use_directory_urls as MkDocs reads it: a page a/b.md is published as a/b/index.html
    text: str = ""  # the file's text as read: what the record of a build compares (generator.build_record)
    exclude_docs: str = ""  # exclude_docs as written (gitignore patterns): docs files MkDocs neither renders nor publishes


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the generator's settings only; tags meant for MkDocs are ignored here."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_site_config(project: Project) -> SiteConfig:
    """Read mkdocs.yml (once) and check its docs folder; InputError, located, when either is unusable."""
    display = project.display(project.config_file)
    settings, text = _settings(project.config_file, display)
    docs_dir = _docs_dir(project, display, _setting(settings, "docs_dir"))
    site_url = _setting(settings, "site_url")
    directory_urls = _setting(settings, "use_directory_urls")
    return SiteConfig(project.config_file, display, docs_dir, None if site_url is None else _as_setting(site_url),
                      _theme_dir(project, display, _setting(settings, "theme")),
                      directory_urls is None or (isinstance(directory_urls, yaml.ScalarNode)
                                                 and directory_urls.value in ("true", "True", "TRUE", "yes", "on")),
                      text, _text_setting(_setting(settings, "exclude_docs")))


def read_settings(project: Project) -> yaml.MappingNode:
    """mkdocs.yml's top mapping, nodes with positions, checked as for a build: for settings the engine does not read."""
    return _settings(project.config_file, project.display(project.config_file))[0]


def _settings(config: Path, display: str) -> tuple[yaml.MappingNode, str]:
    """The top mapping of mkdocs.yml, nodes with positions, and the file's text.

    Every way the file can be unusable (missing, a folder, a FIFO, not text, not YAML, not
    a mapping) is one located problem, raised before the generator writes anything.
    """
    if not config.exists() and not config.is_symlink():
        raise input_error(display, 0, 0, "site config", "not found", "run briefing from the project folder, where mkdocs.yml is")
    text = decode_text(config, display, MAX_CONFIG_BYTES, "site config", empty_hint=_HINT)
    try:
        root = yaml.compose(text, Loader=_ConfigLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise input_error(display, line, col, "site config", f"cannot be parsed: {problem}", "fix the YAML syntax") from None
    if not isinstance(root, yaml.MappingNode):
        line, col = (root.start_mark.line + 1, root.start_mark.column + 1) if root is not None else (1, 1)
        raise input_error(display, line, col, "site config", "is not a mapping of settings", _HINT)
    _refuse_environment(root, display)
    _refuse_code(root, display)
    return root, text


# Settings with which mkdocs.yml makes the engine run code or read another config file: a
# pull request could plant either, and the engine runs it with the build's secrets.
_CODE_SETTINGS = {"hooks": "runs Python files of the checkout", "INHERIT": "reads another config file unchecked"}


def _refuse_code(root: yaml.MappingNode, display: str) -> None:
    """No setting that runs code in the engine: `hooks:`, `INHERIT:`, or a Python object tag (MkDocs' loader builds it)."""
    for key, _ in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value in _CODE_SETTINGS:
            raise input_error(display, key.start_mark.line + 1, key.start_mark.column + 1, "site config",
                              f"{key.value} {_CODE_SETTINGS[key.value]} when the site is built",
                              "remove it: the generator and the theme's folder (custom_dir) do this job")
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if node.tag.startswith("tag:yaml.org,2002:python/"):
            raise input_error(display, node.start_mark.line + 1, node.start_mark.column + 1, "site config",
                              f"the tag !!{node.tag.rsplit(':', 1)[-1]} makes the site engine run Python code",
                              "write the value itself, without a Python tag")
        if isinstance(node, yaml.MappingNode):
            stack += [item for pair in node.value for item in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _refuse_environment(root: yaml.MappingNode, display: str) -> None:
    """No setting but site_url reads the environment: MkDocs writes what `!ENV` reads into the site.

    A pull request can change mkdocs.yml, and a build's environment holds its secrets;
    `site_description: !ENV GITHUB_TOKEN` would publish one. site_url may read SITE_URL,
    with null as its default, because the generator checks that value (site_address).
    """
    allowed = next((value for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == "site_url"), None)
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, where = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag == "!ENV" and not (node is allowed and _reads_site_url_only(node)):
            raise input_error(display, node.start_mark.line + 1, node.start_mark.column + 1, "site config",
                              f"{where or 'a setting'} reads the build's environment (!ENV), which would go into the site",
                              "write the value itself; only site_url may come from the environment, "
                              "as site_url: !ENV [SITE_URL, null], which the generator checks")
        if isinstance(node, yaml.MappingNode):
            stack += [(value, f"{where}.{key.value}".lstrip(".") if isinstance(key, yaml.ScalarNode) else where)
                      for key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, f"{where}[{index}]") for index, item in enumerate(node.value)]


def _reads_site_url_only(node: yaml.Node) -> bool:
    """`!ENV SITE_URL`, `!ENV [SITE_URL]` or `!ENV [SITE_URL, null]`: nothing but the checked variable, no default text."""
    if isinstance(node, yaml.ScalarNode):
        return node.value == "SITE_URL"
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    names_only = [isinstance(item, yaml.ScalarNode) and item.tag != "!ENV" for item in items]
    if not items or not all(names_only) or items[0].value != "SITE_URL":
        return False
    return len(items) == 1 or (len(items) == 2 and items[1].value in ("null", "Null", "NULL", "~", ""))


def _setting(root: yaml.MappingNode, name: str) -> yaml.Node | None:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return value
    return None


def _text_setting(node: yaml.Node | None) -> str:
    """A setting that is one string (a block of lines), as written; '' for anything else."""
    return node.value if isinstance(node, yaml.ScalarNode) and node.tag == _STR else ""


def _as_setting(node: yaml.Node) -> Setting:
    scalar = isinstance(node, yaml.ScalarNode) and node.tag != _NULL and not node.tag.startswith("!")  # !ENV: MkDocs'
    is_text = isinstance(node, yaml.ScalarNode) and node.tag == _STR and bool(node.value.strip())
    return Setting(node.value if scalar else "", is_text, node.start_mark.line + 1, node.start_mark.column + 1)


def _docs_dir(project: Project, display: str, node: yaml.Node | None) -> Path:
    """The docs folder ('docs' when unset), resolved, checked before anything is written into it."""
    if node is None:
        value, line, col = "docs", 1, 1
    else:
        setting = _as_setting(node)
        value, line, col = setting.text, setting.line, setting.column
        if not setting.is_text:
            raise input_error(display, line, col, "site config", "docs_dir must be the path of a folder",
                              "e.g. docs_dir: briefings")
    docs = (project.root / value).resolve()
    problem = _docs_dir_problem(project, docs)
    if problem:
        raise input_error(display, line, col, "site config", f"docs_dir '{value}' {problem}",
                          "the generated pages need a folder of their own, e.g. docs_dir: briefings")
    return docs


def _theme_dir(project: Project, display: str, theme: yaml.Node | None) -> Path | None:
    """theme.custom_dir, resolved, when set: the engine publishes its files, so it is checked as the docs folder is."""
    node = _setting(theme, "custom_dir") if isinstance(theme, yaml.MappingNode) else None
    setting = None if node is None else _as_setting(node)
    if setting is None or not setting.is_text:
        return None  # unset, or a value the engine itself refuses
    folder = (project.root / setting.text).resolve()
    problem = _outside_problem(project, folder)
    if problem:
        raise input_error(display, setting.line, setting.column, "site config", f"theme custom_dir '{setting.text}' {problem}",
                          "the site engine copies the theme folder's files into the site; keep it in the project, "
                          "e.g. custom_dir: overrides")
    return folder


def _outside_problem(project: Project, folder: Path) -> str:
    """Why a folder the engine publishes is not the project's own ('' when it is)."""
    if not folder.is_relative_to(project.root):
        return "lies outside the project"
    if any(part.startswith(".") for part in folder.relative_to(project.root).parts):
        return "is a hidden folder (the site would publish what it holds; .git holds a checkout's credentials)"
    return ""


def _docs_dir_problem(project: Project, docs: Path) -> str:
    if docs == project.root:
        return "is the project folder"
    if problem := _outside_problem(project, docs):
        return problem
    if docs.is_relative_to(project.seeds) or project.seeds.is_relative_to(docs):
        return "overlaps the seeds folder"
    if docs.exists() and not docs.is_dir():
        return "is a file, not a folder"
    return ""
