"""Pilot texts are Markdown; search documents and snippets carry only their words.

A snippet that shows `**`, `#`, `[tekst](https://…)` or list markers reads
as noise, and the markup's characters would be marked as matches. The text
is parsed with the same Markdown parser the pages use, and only what a
reader sees is kept: the words of paragraphs, headings, list items, link
texts, image descriptions and code.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from registry.text_memo import kept_per_text

_parser = MarkdownIt("commonmark", {"html": False}).enable("table")
_BREAKS = {"softbreak", "hardbreak"}


def _inline(children: list[Token] | None) -> str:
    parts = []
    for child in children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in _BREAKS:
            parts.append(" ")
        elif child.type == "image":
            parts.append(_inline(child.children))
    return "".join(parts)


def plain_text(markdown: str | None) -> str:
    """The readable words of a Markdown text, one block per paragraph."""
    if not markdown:
        return ""
    return _plain(markdown)


# Parsing is most of a search page's snippet cost, and the same pilots come up
# in search after search; the text itself is the key, so an edit is never stale.
@kept_per_text(256)
def _plain(markdown: str) -> str:
    blocks = []
    for token in _parser.parse(markdown):
        if token.type == "inline":
            blocks.append(" ".join(_inline(token.children).split()))
        elif token.type in ("code_block", "fence"):
            blocks.append(" ".join(token.content.split()))
    return "\n\n".join(block for block in blocks if block)
