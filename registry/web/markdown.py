"""Markdown for pilot texts: rendered with markdown-it-py, sanitised with nh3.

Raw HTML in the source is escaped by the renderer; nh3 then allows only the
tags and link schemes below, so no script, style or `javascript:` survives.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from registry.text_memo import kept_per_text

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_markdown(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(_rendered(text))


# A pilot's page renders its four texts on every view; the text is the key, so
# an edited text is rendered afresh.
@kept_per_text(128)
def _rendered(text: str) -> str:
    html = _renderer.render(text)
    # Headings h1/h2 are the page's own; authors' headings start one level lower.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return clean
