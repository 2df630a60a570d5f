"""An Atom 1.0 document (RFC 4287) built with ElementTree.

User text only ever becomes element text or attribute values, which
ElementTree escapes; nothing is assembled by string concatenation.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEDIA_TYPE = "application/atom+xml"


@dataclass
class Entry:
    id: str
    title: str
    link: str
    updated: datetime
    author: str
    summary: str = ""
    published: datetime | None = None
    categories: list[tuple[str, str]] = field(default_factory=list)  # (term, label)


@dataclass
class Feed:
    id: str
    title: str
    subtitle: str
    self_url: str
    page_url: str  # the HTML page the feed follows
    language: str
    author: str
    author_url: str
    updated: datetime
    entries: list[Entry] = field(default_factory=list)


def timestamp(value: datetime) -> str:
    """RFC 3339 in UTC, as Atom requires; stored naive times are UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# Characters XML 1.0 cannot carry at all (NUL, most C0 controls, lone surrogates):
# escaping does not help, so they are dropped from user text.
NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return NOT_XML.sub("", str(text))


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(
        parent, f"{{{ATOM_NS}}}{tag}", {k: xml_safe(v) for k, v in attrs.items()}
    )
    element.text = xml_safe(text)
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str = "text/html") -> None:
    ET.SubElement(
        parent, f"{{{ATOM_NS}}}link", {"rel": rel, "type": media_type, "href": xml_safe(href)}
    )


def render(feed: Feed) -> bytes:
    root = ET.Element(f"{{{ATOM_NS}}}feed", {XML_LANG: feed.language})
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    _text(root, "subtitle", feed.subtitle)
    _text(root, "updated", timestamp(feed.updated))
    _link(root, feed.self_url, "self", MEDIA_TYPE)
    _link(root, feed.page_url, "alternate")
    author = ET.SubElement(root, f"{{{ATOM_NS}}}author")
    _text(author, "name", feed.author)
    _text(author, "uri", feed.author_url)
    _text(root, "generator", "Innovatieregister")
    for item in feed.entries:
        entry = ET.SubElement(root, f"{{{ATOM_NS}}}entry")
        _text(entry, "id", item.id)
        _text(entry, "title", item.title)
        _link(entry, item.link, "alternate")
        _text(entry, "updated", timestamp(item.updated))
        if item.published is not None:
            _text(entry, "published", timestamp(item.published))
        entry_author = ET.SubElement(entry, f"{{{ATOM_NS}}}author")
        _text(entry_author, "name", item.author)
        for term, label in item.categories:
            ET.SubElement(
                entry, f"{{{ATOM_NS}}}category", {"term": xml_safe(term), "label": xml_safe(label)}
            )
        if item.summary:
            _text(entry, "summary", item.summary, type="text")
    ET.register_namespace("", ATOM_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
