"""What the generator reads from the site engine's config (mkdocs.yml): the docs folder."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import input_error


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for docs_dir only; tags meant for MkDocs are ignored here."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_docs_dir(config: Path, display: str) -> str:
    """The docs_dir setting of mkdocs.yml ('docs' when unset)."""
    try:
        data = yaml.load(config.read_text("utf-8"), Loader=_ConfigLoader)  # noqa: S506 - safe loader subclass
    except FileNotFoundError:
        raise input_error(display, 0, 0, "site config", "not found", "run briefing from the project folder, where mkdocs.yml is") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise input_error(display, line, col, "site config", f"cannot be parsed: {exc}", "fix the YAML syntax") from None
    return str((data or {}).get("docs_dir", "docs"))
