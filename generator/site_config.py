"""What the generator reads from the site engine's config (mkdocs.yml): the docs folder and the site address."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import input_error
from generator.safe_urls import check_url
from generator.textfile import decode_text

MAX_CONFIG_BYTES = 1_000_000
_HINT = "mkdocs.yml is a mapping of settings, e.g. site_name: Briefing and docs_dir: briefings"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the generator's settings only; tags meant for MkDocs are ignored here."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _settings(config: Path, display: str) -> yaml.MappingNode:
    """The top mapping of mkdocs.yml, nodes with positions.

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
    return root


def _setting(root: yaml.MappingNode, name: str) -> yaml.Node | None:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return value
    return None


def _is_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and bool(node.value.strip())


def read_docs_dir(config: Path, display: str) -> tuple[str, int, int]:
    """The docs_dir setting of mkdocs.yml ('docs' when unset), with its line and column."""
    node = _setting(_settings(config, display), "docs_dir")
    if node is None:
        return "docs", 1, 1
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if not _is_text(node):
        raise input_error(display, line, col, "site config", "docs_dir must be the path of a folder",
                          "e.g. docs_dir: briefings")
    return node.value, line, col


def read_site_url(config: Path, display: str) -> str | None:
    """The site_url setting of mkdocs.yml, or None; feeds and the print page use it for full addresses."""
    node = _setting(_settings(config, display), "site_url")
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
        return None
    text = node.value if isinstance(node, yaml.ScalarNode) else ""
    if not text:
        return None
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if not _is_text(node) or check_url(text) or any(c in text for c in "\"'<> \t\n"):
        raise input_error(display, line, col, "site config", f"site_url '{text}' is not a plain http(s) address",
                          "set site_url to e.g. https://example.org/briefing/")
    return text
