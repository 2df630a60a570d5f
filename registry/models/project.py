from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    and_,
    func,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, deferred, mapped_column, query_expression, relationship

from registry.models import limits
from registry.models.base import Base, utcnow
from registry.models.organisation import Organisation
from registry.models.user import User
from registry.models.vocab import Phase, Visibility

if TYPE_CHECKING:
    from registry.models.catalogue import CatalogueEntry


def themes_of(subject: Project | CatalogueEntry) -> list[str]:
    """A pilot's or an entry's theme codes in order, from its list column where it was read.

    Rows already loaded win: an edit changes the rows, never the column read before it.
    """
    if subject.theme_list is not None and "theme_rows" not in subject.__dict__:
        return sorted(subject.theme_list.split(",")) if subject.theme_list else []
    return [row.theme for row in subject.theme_rows]


# Between a pilot's tags in `Project.tag_list`: no control character reaches the
# database (the forms, the API and the publiccode.yml import refuse them).
TAG_SEPARATOR = "\x1f"


def tags_of(project: Project) -> list[str]:
    """A pilot's tags in order, from its list column where it was read; loaded rows win."""
    if project.tag_list is not None and "tag_rows" not in project.__dict__:
        return sorted(project.tag_list.split(TAG_SEPARATOR)) if project.tag_list else []
    return [row.tag for row in project.tag_rows]


def joined_strings(
    column: Any, belongs: ColumnElement[bool], separator: str = ","
) -> ColumnElement[str]:
    """The values of a child table's `column` as one column of each row of a list (see
    `Project.theme_list`, `Project.tag_list`): `belongs` ties the child rows to the row."""
    return func.coalesce(
        select(func.aggregate_strings(column, separator)).where(belongs).scalar_subquery(), ""
    )


project_partner = Table(
    "project_partner",
    Base.metadata,
    Column("project_id", ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id"), primary_key=True, index=True),
)


class Project(Base):
    """A pilot: owned by one organisation, shared with partner organisations.

    `version` backs optimistic locking: an edit form carries the version it
    was built from, and a save against a newer version is a conflict.
    """

    __tablename__ = "project"
    # One index per sort of the public list, led by visibility and ending in
    # hidden_at: a page of any sort is read in index order, and the pilots it
    # skips are judged public from the index alone, never from their rows
    # (which carry the long texts). The last one serves an organisation's page.
    __table_args__ = (
        # The public pilots with what counts and statistics group them by, read from the
        # index alone: on SQLite a pilot's row carries its long texts.
        Index("ix_project_public", "visibility", "hidden_at", "owner_id", "phase", "published_at"),
        Index("ix_project_listed_newest", "visibility", "published_at", "id", "hidden_at"),
        Index("ix_project_listed_title", "visibility", "title", "id", "hidden_at"),
        # SQLite places NULL first in an ascending index, so these two, read
        # backwards, give the lists' "score DESC NULLS LAST"; PostgreSQL places
        # it last, and has indexes in the lists' own order (after the class).
        Index(
            "ix_project_listed_score",
            "visibility",
            "score",
            "rating_org_count",
            "id",
            "hidden_at",
        ).ddl_if(dialect="sqlite"),
        Index(
            "ix_project_listed_adopters", "visibility", "adopter_count", "score", "id", "hidden_at"
        ).ddl_if(dialect="sqlite"),
        # A pilot joined by its id (an organisation's adoptions and partner pilots):
        # whether it is public, its place in the list, its title and address, read
        # without its row (which on SQLite carries the long texts before them).
        Index(
            "ix_project_public_by_id",
            "id",
            "visibility",
            "hidden_at",
            "published_at",
            "created_at",
            "title",
            "slug",
        ),
        Index(
            "ix_project_owner_listed",
            "owner_id",
            "visibility",
            "published_at",
            "created_at",
            "id",
            "hidden_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(limits.SLUG), unique=True)
    title: Mapped[str] = mapped_column(String(limits.TITLE))
    summary: Mapped[str] = mapped_column(String(limits.SUMMARY))
    problem: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[str] = mapped_column(String(20), default=Phase.IDEA, index=True)
    visibility: Mapped[str] = mapped_column(String(20), default=Visibility.DRAFT, index=True)
    common_ground_layer: Mapped[str | None] = mapped_column(String(20))
    owner_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    budget_euros: Mapped[int | None]
    funding_source: Mapped[str] = mapped_column(String(limits.FUNDING_SOURCE), default="")
    website_url: Mapped[str] = mapped_column(String(limits.URL), default="")
    repository_url: Mapped[str] = mapped_column(String(limits.URL), default="")
    documentation_url: Mapped[str] = mapped_column(String(limits.URL), default="")
    licence: Mapped[str] = mapped_column(String(limits.LICENCE), default="")
    contact_name: Mapped[str] = mapped_column(String(limits.CONTACT_NAME), default="")
    contact_email: Mapped[str] = mapped_column(String(limits.EMAIL), default="")
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Reusability aggregates, kept current by registry.services.scores in the
    # same transaction as each rating or adoption, so lists sort without recomputing.
    score: Mapped[float | None] = mapped_column(index=True)
    rating_org_count: Mapped[int] = mapped_column(default=0, server_default="0")
    adopter_count: Mapped[int] = mapped_column(default=0, server_default="0", index=True)

    owner: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()
    partners: Mapped[list[Organisation]] = relationship(
        secondary=project_partner, order_by=Organisation.name
    )
    theme_rows: Mapped[list[ProjectTheme]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectTheme.theme"
    )
    tag_rows: Mapped[list[ProjectTag]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectTag.tag"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Indicator.position"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Attachment.created_at"
    )

    # The themes as one comma-separated column, where a list asked for it with
    # `with_expression(Project.theme_list, joined_strings(...))`: a page of cards
    # then needs no second statement for them. None where it was not asked for.
    theme_list: Mapped[str | None] = query_expression()
    # The tags the same way, separated by TAG_SEPARATOR (see `tags_of`).
    tag_list: Mapped[str | None] = query_expression()
    # Whether anyone asked a question about the pilot, where its page's statement
    # asked (`projects.find`); None where it was not asked for.
    has_questions: Mapped[bool | None] = query_expression()

    __mapper_args__ = {"version_id_col": version}

    @property
    def themes(self) -> list[str]:
        return themes_of(self)

    @property
    def tags(self) -> list[str]:
        return tags_of(self)

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.PUBLISHED

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @hybrid_property
    def is_public(self) -> bool:
        """Published and not hidden by a curator: what anyone may see, list and search.

        The one statement of this rule, in Python (`project.is_public`) and in
        SQL (`select(Project).where(Project.is_public)`).
        """
        return self.visibility == Visibility.PUBLISHED and self.hidden_at is None

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls) -> ColumnElement[bool]:
        return and_(cls.visibility == Visibility.PUBLISHED, cls.hidden_at.is_(None))

    @property
    def member_organisation_ids(self) -> set[int]:
        """The owner and the partners: the organisations that run this pilot."""
        return {self.owner_id, *(org.id for org in self.partners)}

    def __repr__(self) -> str:
        return f"<Project {self.slug}>"


Index(
    "ix_project_listed_score_desc",
    Project.visibility,
    Project.score.desc().nulls_last(),
    Project.rating_org_count.desc(),
    Project.id.desc(),
    Project.hidden_at,
).ddl_if(dialect="postgresql")
Index(
    "ix_project_listed_adopters_desc",
    Project.visibility,
    Project.adopter_count.desc(),
    Project.score.desc().nulls_last(),
    Project.id.desc(),
    Project.hidden_at,
).ddl_if(dialect="postgresql")


class ProjectTheme(Base):
    __tablename__ = "project_theme"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class ProjectTag(Base):
    __tablename__ = "project_tag"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(limits.TAG), primary_key=True, index=True)


class Indicator(Base):
    """A measured outcome: what was measured, in which unit, before, aimed and achieved."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(limits.INDICATOR_NAME))
    unit: Mapped[str] = mapped_column(String(limits.INDICATOR_UNIT), default="")
    baseline: Mapped[float | None]
    target: Mapped[float | None]
    result: Mapped[float | None]

    project: Mapped[Project] = relationship(back_populates="indicators")


class Attachment(Base):
    """A document kept with a pilot (evaluation report etc.), stored in the database.

    The bytes are deferred so listing attachments never loads them.
    """

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(limits.ATTACHMENT_FILENAME))
    title: Mapped[str] = mapped_column(String(limits.ATTACHMENT_TITLE), default="")
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="attachments")
