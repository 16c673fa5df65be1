"""What the generator reads from the site engine's config (mkdocs.yml): the docs folder and the site address."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import input_error
from generator.safe_urls import check_url


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for docs_dir only; tags meant for MkDocs are ignored here."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_docs_dir(config: Path, display: str) -> str:
    """The docs_dir setting of mkdocs.yml ('docs' when unset)."""
    return str(_read(config, display).get("docs_dir", "docs"))


def read_site_url(config: Path, display: str) -> str | None:
    """The site_url setting of mkdocs.yml, or None; feeds and the print page use it for full addresses."""
    value = _read(config, display).get("site_url")
    if not value:
        return None
    text = str(value)
    if check_url(text) or any(c in text for c in "\"'<> \t\n"):
        raise input_error(display, 1, 1, "site config", f"site_url '{text}' is not a plain http(s) address",
                          "set site_url to e.g. https://example.org/briefing/")
    return text


def _read(config: Path, display: str) -> dict:
    try:
        data = yaml.load(config.read_text("utf-8"), Loader=_ConfigLoader)  # noqa: S506 - safe loader subclass
    except FileNotFoundError:
        raise input_error(display, 0, 0, "site config", "not found", "run briefing from the project folder, where mkdocs.yml is") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise input_error(display, line, col, "site config", f"cannot be parsed: {exc}", "fix the YAML syntax") from None
    return data if isinstance(data, dict) else {}
