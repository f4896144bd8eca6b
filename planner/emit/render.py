"""Rendering shared by the reports: the HTML and Markdown template environments, and atomic writes.

HTML is autoescaped; Markdown escapes every value (`md_escape`) so that names from the ledger are
shown as text, never as markup.
"""

from __future__ import annotations

import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .i18n import money, pct, text

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _html_env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["pct"] = pct
    return env


def render_html(template: str, lang: str, **context: Any) -> str:
    """Render an HTML template with the translator `t`, number formats and the language."""
    t = text(lang)
    return _html_env().get_template(template).render(
        t=t, lang=lang, money=lambda v: money(v, lang), pct=pct, **context)


def atomic_write(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same directory and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md_escape(value: Any) -> Any:
    """Backslash-escape Markdown and HTML punctuation in strings (Markup passes through).

    >>> print(md_escape("<script>alert(1)</script> *x*"))
    \\<script\\>alert(1)\\</script\\> \\*x\\*
    """
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return _SPECIAL.sub(r"\\\1", value.replace("\r", " ").replace("\n", " "))


@lru_cache(maxsize=1)
def _markdown_env() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False, finalize=md_escape,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_markdown_template(name: str, lang: str, **context: Any) -> str:
    """Render a Markdown template: values are escaped, the translator's own text is not."""
    t = text(lang)
    return _markdown_env().get_template(name).render(
        t=lambda key, **kw: Markup(t(key, **kw)), lang=lang, money=lambda v: Markup(money(v, lang)),
        pct=lambda v, d=0: Markup(pct(v, d)), **context)
