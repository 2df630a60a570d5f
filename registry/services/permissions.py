"""Who may do what: every permission rule of the site, stated once.

Views, templates and the API ask these functions; none re-derives a rule.
Each `can_*` returns a `Decision` that is truthy when allowed and carries the
reason shown to the user when it is not.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeGuard

from sqlalchemy import ColumnElement, ColumnExpressionArgument, exists, or_

from registry.models import Project, User, project_partner
from registry.models.vocab import Visibility
from registry.services.errors import NotAllowed
from registry.translation import lazy_gettext as _l


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: object = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)


def deny(reason: object) -> Decision:
    return Decision(False, reason)


def require(decision: Decision) -> None:
    """Raise NotAllowed with the decision's reason unless it allows."""
    if not decision:
        raise NotAllowed(decision.reason)


def _signed_in(user: User | None) -> TypeGuard[User]:
    return user is not None and bool(getattr(user, "is_authenticated", False)) and user.is_active


def is_member_of_project(user: User | None, project: Project) -> bool:
    return (
        _signed_in(user)
        and user.organisation_id is not None
        and user.organisation_id in project.member_organisation_ids
    )


def can_view_project(user: User | None, project: Project) -> Decision:
    """Published, unhidden pilots are public; drafts and hidden ones only for their own people.

    Curators see hidden pilots too, so they can review and restore them.
    """
    if project.is_public:
        return ALLOWED
    if is_member_of_project(user, project):
        return ALLOWED
    if project.is_published and _signed_in(user) and user.is_curator:
        return ALLOWED
    return deny(_l("Deze pilot bestaat niet of is niet zichtbaar voor u."))


def viewable_projects(user: User | None) -> ColumnElement[bool]:
    """`can_view_project` as an SQL condition on Project, for lists that page in SQL.

    The same three cases, in the same order; tests hold the two to agreement.
    """
    allowed: list[ColumnExpressionArgument[bool]] = [Project.is_public]
    if _signed_in(user) and user.organisation_id is not None:
        org_id = user.organisation_id
        allowed.append(Project.owner_id == org_id)
        # Correlated to the pilot only: a list that joins project_partner itself
        # (an organisation's partnerships) keeps its own join.
        allowed.append(
            exists()
            .where(
                project_partner.c.project_id == Project.id,
                project_partner.c.organisation_id == org_id,
            )
            .correlate(Project)
        )
    if _signed_in(user) and user.is_curator:
        allowed.append(Project.visibility == Visibility.PUBLISHED)
    return or_(*allowed)


def can_create_project(user: User | None) -> Decision:
    if user is None or not _signed_in(user):
        return deny(_l("Log in om een pilot te registreren."))
    if user.organisation_id is None:
        return deny(
            _l("Uw account is nog niet aan een organisatie gekoppeld. Een beheerder doet dat.")
        )
    return ALLOWED


def can_edit_project(user: User | None, project: Project) -> Decision:
    if is_member_of_project(user, project):
        return ALLOWED
    return deny(_l("Alleen medewerkers van de eigenaar en de partners kunnen deze pilot bewerken."))


def can_publish_project(user: User | None, project: Project) -> Decision:
    return can_edit_project(user, project)


def can_hide_project(user: User | None, project: Project) -> Decision:
    if _signed_in(user) and user.is_curator:
        return ALLOWED
    return deny(_l("Alleen curatoren kunnen een pilot verbergen."))


def can_see_contact(user: User | None) -> bool:
    return _signed_in(user)


def can_administer(user: User | None) -> Decision:
    if _signed_in(user) and user.is_admin:
        return ALLOWED
    return deny(_l("Alleen beheerders hebben toegang tot deze pagina."))


# --- Accounts and administration ------------------------------------------------------


def can_change_role(user: User | None, target: User) -> Decision:
    """Admins change roles, but not their own: the site must keep at least one admin."""
    if user is None or not can_administer(user):
        return can_administer(user)
    if user.id == target.id:
        return deny(_l("U kunt uw eigen rol niet wijzigen."))
    return ALLOWED


def can_turn_off_two_factor(user: User | None) -> Decision:
    """Curators and admins can change what others see and do, so they keep a second factor."""
    if _signed_in(user) and not user.is_curator:
        return ALLOWED
    return deny(_l("Curatoren en beheerders moeten inloggen met een tweede stap."))


def can_disable_account(user: User | None, target: User) -> Decision:
    """Admins disable accounts, but never their own: someone must be able to undo it."""
    decision = can_administer(user)
    if not decision or user is None:
        return decision
    if user.id == target.id:
        return deny(_l("U kunt uw eigen account niet blokkeren."))
    return ALLOWED


# --- Nominations, curation and the catalogue -------------------------------------------

if TYPE_CHECKING:
    from registry.models import Nomination


def can_nominate(user: User | None, project: Project) -> Decision:
    """Any signed-in member of an organisation may propose a public pilot for the catalogue.

    Whether the pilot can be nominated right now (an open nomination, already
    in the catalogue) is a matter of state, checked by the nominations service.
    """
    if user is None or not _signed_in(user):
        return deny(_l("Log in om een pilot voor te dragen."))
    if user.organisation_id is None:
        return deny(
            _l("Uw account is nog niet aan een organisatie gekoppeld. Een beheerder doet dat.")
        )
    if not project.is_public:
        return deny(_l("Alleen gepubliceerde pilots kunnen worden voorgedragen."))
    return ALLOWED


def can_withdraw_nomination(user: User | None, nomination: Nomination) -> Decision:
    """The nominator, and the people of the pilot's owner and partners, may withdraw it."""
    if _signed_in(user) and (
        user.id == nomination.nominator_id or is_member_of_project(user, nomination.project)
    ):
        return ALLOWED
    return deny(
        _l(
            "Alleen wie de pilot voordroeg en medewerkers van de eigenaar en de partners "
            "kunnen de voordracht intrekken."
        )
    )


def can_curate(user: User | None) -> Decision:
    """Reviewing and deciding nominations is the curators' job (admins included)."""
    if _signed_in(user) and user.is_curator:
        return ALLOWED
    return deny(_l("Alleen curatoren kunnen voordrachten beoordelen."))


def can_manage_catalogue(user: User | None) -> Decision:
    if _signed_in(user) and user.is_curator:
        return ALLOWED
    return deny(_l("Alleen curatoren kunnen de catalogus beheren."))


def can_follow(user: User | None) -> Decision:
    """Members follow on the site; anyone can follow by Atom feed without an account."""
    if _signed_in(user):
        return ALLOWED
    return deny(_l("Log in om iets te volgen, of volg het met de Atom-feed."))


security_log = logging.getLogger("registry.security")


def require_logged(decision: Decision, user: User | None, action: str, target: object) -> None:
    """Like `require`, and a refusal is written to the security log.

    Curator actions are the ones worth watching: a member posting a decision
    by hand is probing, not clicking.
    """
    if not decision:
        security_log.warning(
            "Refused %s on %s for user %s",
            action,
            _describe(target),
            getattr(user, "id", None) if user is not None else None,
        )
        raise NotAllowed(decision.reason)


def _describe(target: object) -> str:
    if isinstance(target, str):
        return target
    identity = getattr(target, "slug", None) or getattr(target, "id", None)
    return f"{getattr(target, '__tablename__', type(target).__name__)}:{identity}"


# --- Ratings, adoptions and the rubric ----------------------------------------------------

_REUSE_REASONS = {
    ("rate", "anonymous"): _l("Log in om deze pilot te beoordelen."),
    ("adopt", "anonymous"): _l("Log in om hergebruik van deze pilot te melden."),
    ("rate", "owner"): _l("Uw organisatie is eigenaar van deze pilot en beoordeelt hem niet zelf."),
    ("adopt", "owner"): _l(
        "Uw organisatie is eigenaar van deze pilot en kan hem niet zelf hergebruiken."
    ),
    ("rate", "partner"): _l("Uw organisatie is partner in deze pilot en beoordeelt hem niet zelf."),
    ("adopt", "partner"): _l(
        "Uw organisatie is partner in deze pilot; hergebruik melden is voor andere organisaties."
    ),
}


def _outside_reuser(user: User | None, project: Project, action: str) -> Decision:
    """The rule shared by rating and adopting.

    A signed-in member of an organisation that neither owns nor partners in
    the pilot, on a pilot that is published and not hidden: the people who
    run a pilot do not vouch for it themselves.
    """
    if user is None or not _signed_in(user):
        return deny(_REUSE_REASONS[action, "anonymous"])
    if user.organisation_id is None:
        return deny(
            _l("Uw account is nog niet aan een organisatie gekoppeld. Een beheerder doet dat.")
        )
    if not project.is_published:
        return deny(_l("Deze pilot is een concept. Alleen gepubliceerde pilots doen hieraan mee."))
    if project.is_hidden:
        return deny(_l("Deze pilot is verborgen door een curator en doet nu niet mee."))
    if user.organisation_id == project.owner_id:
        return deny(_REUSE_REASONS[action, "owner"])
    if user.organisation_id in project.member_organisation_ids:
        return deny(_REUSE_REASONS[action, "partner"])
    return ALLOWED


def can_rate(user: User | None, project: Project) -> Decision:
    """Only organisations that do not run the pilot judge how reusable it is."""
    return _outside_reuser(user, project, "rate")


def can_adopt(user: User | None, project: Project) -> Decision:
    """Any member may state, for their whole organisation, that it reuses the pilot."""
    return _outside_reuser(user, project, "adopt")


def can_edit_rubric(user: User | None) -> Decision:
    if _signed_in(user) and user.is_admin:
        return ALLOWED
    return deny(_l("Alleen beheerders kunnen de beoordelingscriteria wijzigen."))


# --- Questions and answers on a pilot ------------------------------------------------------

if TYPE_CHECKING:
    from registry.models import Answer, Question


def can_ask_question(user: User | None, project: Project) -> Decision:
    """Any signed-in member of an organisation may ask, in public, about a public pilot."""
    if user is None or not _signed_in(user):
        return deny(_l("Log in om een vraag te stellen."))
    if user.organisation_id is None:
        return deny(
            _l("Uw account is nog niet aan een organisatie gekoppeld. Een beheerder doet dat.")
        )
    if not project.is_public:
        return deny(_l("Alleen over gepubliceerde pilots kunt u een vraag stellen."))
    return ALLOWED


def can_answer_question(user: User | None, question: Question) -> Decision:
    """The people of the pilot's owner and partners answer: they know how it went."""
    if not question.project.is_public:
        return deny(_l("Alleen over gepubliceerde pilots kunt u een vraag stellen."))
    if question.is_hidden:
        return deny(_l("Deze vraag is verborgen en kan niet meer worden beantwoord."))
    if is_member_of_project(user, question.project):
        return ALLOWED
    return deny(
        _l("Alleen medewerkers van de eigenaar en de partners beantwoorden vragen over deze pilot.")
    )


def can_mark_helpful(user: User | None, answer: Answer) -> Decision:
    """Only the asker says which answer helped them."""
    question = answer.question
    if not (_signed_in(user) and question.author_id is not None and user.id == question.author_id):
        return deny(_l("Alleen wie de vraag stelde, kan aangeven welk antwoord hielp."))
    if question.is_hidden or answer.is_hidden:
        return deny(_l("Een verborgen bericht kan niet worden gemarkeerd."))
    return ALLOWED


def can_hide_post(user: User | None, project: Project) -> Decision:
    """The pilot's owner keeps its questions civil, and curators keep the whole site so."""
    if _signed_in(user) and (user.is_curator or user.organisation_id == project.owner_id):
        return ALLOWED
    return deny(
        _l("Alleen de eigenaar van de pilot en curatoren kunnen een vraag of antwoord verbergen.")
    )
