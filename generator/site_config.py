"""What the generator reads from the site engine's config (mkdocs.yml): the docs folder."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import input_error
from generator.textfile import decode_text

MAX_CONFIG_BYTES = 1_000_000
_HINT = "mkdocs.yml is a mapping of settings, e.g. site_name: Briefing and docs_dir: briefings"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for docs_dir only; tags meant for MkDocs are ignored here."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _docs_dir_node(root: yaml.Node) -> yaml.Node | None:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "docs_dir":
            return value
    return None


def read_docs_dir(config: Path, display: str) -> tuple[str, int, int]:
    """The docs_dir setting of mkdocs.yml ('docs' when unset), with its line and column.

    Every way the file can be unusable (missing, a folder, not text, not YAML, not a
    mapping, a docs_dir that is not a path) is one located problem, raised before the
    generator writes anything.
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
    node = _docs_dir_node(root)
    if node is None:
        return "docs", 1, 1
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str" or not node.value.strip():
        raise input_error(display, line, col, "site config", "docs_dir must be the path of a folder",
                          "e.g. docs_dir: briefings")
    return node.value, line, col
