from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base, utcnow
from registry.models.vocab import OrgKind

# The government's register of organisation identifiers (TOOI). A
# municipality's identifier is its CBS code in lower case.
TOOI_MUNICIPALITY = "https://identifier.overheid.nl/tooi/id/gemeente/"


class Organisation(Base):
    """A gemeente, VNG or another public body.

    `code` is the CBS code for a municipality (`GM0344`) and a short slug for
    others (`vng`). Municipalities merged away stay, marked inactive, so their
    pilots and history keep an owner.
    """

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20), default=OrgKind.MUNICIPALITY)
    province: Mapped[str | None] = mapped_column(String(100), index=True)
    province_code: Mapped[str | None] = mapped_column(String(4))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    domains: Mapped[list[OrganisationDomain]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationDomain.domain",
    )

    @property
    def tooi_uri(self) -> str | None:
        """The TOOI identifier of a municipality; None for bodies without a CBS code."""
        if self.kind == OrgKind.MUNICIPALITY and self.code.upper().startswith("GM"):
            return TOOI_MUNICIPALITY + self.code.lower()
        return None

    def __repr__(self) -> str:
        return f"<Organisation {self.code}>"


class OrganisationDomain(Base):
    """An e-mail domain whose new accounts are placed in the organisation."""

    __tablename__ = "organisation_domain"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    domain: Mapped[str] = mapped_column(String(253), unique=True)

    organisation: Mapped[Organisation] = relationship(back_populates="domains")


# What names an organisation and links to it (its page, its TOOI identifier): all a
# list of people, ratings or adoptions reads of the organisations in it.
NAMING_COLUMNS = (Organisation.code, Organisation.name, Organisation.kind)
