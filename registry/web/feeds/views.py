"""/feeds/*.atom and /projects/<slug>/feed.atom.

A feed's language is chosen by `?lang=` alone (Dutch without it), never by
the reader's session, so one address always gives one document and shared
caches may keep it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime

from flask import Response, current_app, request
from flask_babel import force_locale

from registry.models import CatalogueEntry, Event, Project
from registry.services import feeds
from registry.translation import gettext as _
from registry.web import labels
from registry.web.feeds import atom, bp
from registry.web.nominations.labels import CATALOGUE_STATUSES
from registry.web.projects.labels import EVENTS, field_names
from registry.web.public_urls import language_arg, public_url, site_host

# The year this register's domain took up tag: URIs (RFC 4151); it never changes.
TAG_YEAR = "2026"
# An empty feed still needs an `updated`; a fixed instant keeps its ETag stable.
EMPTY_FEED_UPDATED = datetime(2026, 1, 1, tzinfo=UTC)
SUMMARY_LENGTH = 500


def tag(specific: str) -> str:
    return f"tag:{site_host()},{TAG_YEAR}:{specific}"


def feed_language() -> str:
    asked = request.args.get("lang")
    return asked if asked is not None and asked in current_app.config["LANGUAGES"] else "nl"


def limit() -> int:
    return current_app.config["FEED_ENTRIES"]


def shorten(text: str, length: int = SUMMARY_LENGTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def pilot_entry(project: Project) -> atom.Entry:
    lang = language_arg(feed_language())
    return atom.Entry(
        id=tag(f"pilot:{project.id}"),
        title=project.title,
        link=public_url("projects.show", slug=project.slug, lang=lang),
        updated=project.published_at or project.created_at,
        published=project.published_at,
        author=project.owner.name,
        summary=project.summary,
        categories=[(code, str(labels.label(labels.THEMES, code))) for code in project.themes],
    )


def make_feed(
    name: str, title: str, subtitle: str, page: str, entries: Iterable[atom.Entry], **page_args
) -> atom.Feed:
    lang = feed_language()
    entries = list(entries)
    return atom.Feed(
        id=tag(f"feed:{name}:{lang}"),
        title=f"{title} · {_('Innovatieregister')}",
        subtitle=subtitle,
        self_url=public_url(
            request.endpoint or "", **(request.view_args or {}), lang=language_arg(lang)
        ),
        page_url=public_url(page, **page_args, lang=language_arg(lang)),
        language=lang,
        author=_("Innovatieregister"),
        author_url=public_url("main.home"),
        updated=max((e.updated for e in entries), default=EMPTY_FEED_UPDATED),
        entries=entries,
    )


def respond(feed: atom.Feed) -> Response:
    body = atom.render(feed)
    response = Response(body, mimetype=atom.MEDIA_TYPE)
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["FEED_MAX_AGE"]
    response.set_etag(hashlib.sha256(body).hexdigest())
    response.last_modified = feed.updated
    response.make_conditional(request)
    return response


@bp.route("/feeds/pilots.atom")
def pilots():
    with force_locale(feed_language()):
        feed = make_feed(
            "pilots",
            _("Nieuwe pilots"),
            _("Pilots die gemeenten net hebben gepubliceerd."),
            "projects.index",
            map(pilot_entry, feeds.newest_pilots(None, limit())),
        )
        return respond(feed)


@bp.route("/feeds/themes/<theme>.atom")
def theme(theme: str):
    with force_locale(feed_language()):
        pilots = feeds.theme_pilots(theme, limit())
        name = str(labels.THEMES[theme])
        feed = make_feed(
            f"theme:{theme}",
            _("Pilots over %(theme)s", theme=name),
            _("Nieuw gepubliceerde pilots met het thema %(theme)s.", theme=name),
            "projects.index",
            map(pilot_entry, pilots),
            theme=theme,
        )
        return respond(feed)


@bp.route("/feeds/organisations/<code>.atom")
def organisation(code: str):
    with force_locale(feed_language()):
        org, pilots = feeds.organisation_pilots(code, limit())
        feed = make_feed(
            f"organisation:{org.code}",
            _("Pilots van %(name)s", name=org.name),
            _("Nieuw gepubliceerde pilots van %(name)s, als eigenaar of partner.", name=org.name),
            "organisations.show",
            map(pilot_entry, pilots),
            code=org.code,
        )
        return respond(feed)


def catalogue_entry(event: Event, entry: CatalogueEntry) -> atom.Entry:
    if event.verb == "catalogue_entry_created":
        title = _("Nieuw in de catalogus: %(name)s", name=entry.name)
        summary = shorten(entry.description)
    else:
        status = str(labels.label(CATALOGUE_STATUSES, (event.payload or {}).get("status")))
        title = _("%(name)s: %(status)s", name=entry.name, status=status)
        summary = shorten((event.payload or {}).get("reason") or "")
    return atom.Entry(
        id=tag(f"event:{event.id}"),
        title=title,
        link=public_url("catalogue.show", slug=entry.slug, lang=language_arg(feed_language())),
        updated=event.created_at,
        published=event.created_at,
        author=entry.maintainer.name,
        summary=summary,
    )


@bp.route("/feeds/catalogue.atom")
def catalogue():
    with force_locale(feed_language()):
        feed = make_feed(
            "catalogue",
            _("Wijzigingen in de catalogus"),
            _("Nieuwe standaarden, en standaarden die verouderd of ingetrokken zijn."),
            "catalogue.index",
            (catalogue_entry(e, entry) for e, entry in feeds.catalogue_changes(limit())),
        )
        return respond(feed)


def timeline_detail(event: Event) -> str:
    """What the pilot page's timeline adds after the verb, for the same events."""
    payload = event.payload or {}
    if event.verb == "edited" and payload.get("fields"):
        return field_names(payload["fields"])
    if event.verb in ("attachment_added", "attachment_removed"):
        return payload.get("filename") or ""
    if event.verb.startswith("nomination_"):
        return payload.get("rationale") or ""
    return ""


def timeline_entry(project: Project, event: Event) -> atom.Entry:
    who = event.organisation.name if event.organisation else _("Iemand")
    what = str(EVENTS.get(event.verb, event.verb))
    return atom.Entry(
        id=tag(f"event:{event.id}"),
        title=f"{who} {what}",
        link=public_url("projects.show", slug=project.slug, lang=language_arg(feed_language())),
        updated=event.created_at,
        published=event.created_at,
        author=who,
        summary=shorten(timeline_detail(event)),
    )


@bp.route("/projects/<slug>/feed.atom")
def project(slug: str):
    with force_locale(feed_language()):
        pilot, events = feeds.pilot_timeline(slug, limit())
        feed = make_feed(
            f"pilot:{pilot.id}",
            _("Geschiedenis van %(title)s", title=pilot.title),
            _("Wat er met deze pilot gebeurt."),
            "projects.show",
            (timeline_entry(pilot, event) for event in events),
            slug=pilot.slug,
        )
        return respond(feed)
