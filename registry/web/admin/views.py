"""Admin pages: place pending accounts, change roles, manage e-mail domains.

Every route is for admins only; the check runs before each request here and
again in the services, which decide for themselves.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from registry.extensions import db, login_manager
from registry.models import Organisation, User
from registry.services import accounts, permissions
from registry.services.errors import Conflict, Invalid, NotAllowed
from registry.translation import gettext as _
from registry.web.admin import bp
from registry.web.admin.forms import ConfirmForm, DomainForm, PlaceForm, RoleForm, SearchForm
from registry.web.boundary import viewer
from registry.web.pagination import paginate


@bp.before_request
def admins_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    permissions.require(permissions.can_administer(viewer()))
    return None


def _organisation_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Organisation.code, Organisation.name)
        .where(Organisation.active.is_(True))
        .order_by(Organisation.name)
    )
    return [("", _("Kies een organisatie")), *((code, f"{name} ({code})") for code, name in rows)]


def _organisation_or_404(code: str) -> Organisation:
    organisation = accounts.organisation_by_code(code)
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/admin")
def index():
    return _render_index()


def _render_index(failed: PlaceForm | None = None, failed_id: int | None = None):
    page = paginate(accounts.pending_query())
    choices = _organisation_choices()
    if failed is not None and failed_id not in {account.id for account in page.items}:
        for errors in failed.errors.values():
            for error in errors:
                flash(error, "error")
    forms = {}
    for account in page.items:
        form = (
            failed
            if failed is not None and account.id == failed_id
            else PlaceForm(formdata=None, row=account.id)
        )
        form.organisation.choices = choices
        forms[account.id] = form
    return render_template("admin/index.html", page=page, forms=forms)


@bp.route("/admin/accounts/<int:user_id>/place", methods=["POST"])
def place(user_id: int):
    account = db.get_or_404(User, user_id)
    form = PlaceForm(row=account.id)
    form.organisation.choices = _organisation_choices()
    if form.validate_on_submit():
        organisation = accounts.organisation_by_code(form.organisation.data)
        try:
            if organisation is None:  # removed since the page was shown
                raise Invalid(_("Kies een organisatie."), field="organisation")
            accounts.place(viewer(), account, organisation, form.role.data)
        except Invalid as err:
            getattr(form, err.field or "organisation").errors.append(err.reason)
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s is geplaatst bij %(organisation)s.",
                    name=account.name,
                    organisation=organisation.name,
                ),
                "success",
            )
            return redirect(url_for(".index"))
    return _render_index(failed=form, failed_id=account.id)


@bp.route("/admin/users")
def users():
    search = SearchForm(request.args)
    page = paginate(
        accounts.users_query(search.q.data or "").options(joinedload(User.organisation))
    )
    forms = {}
    for account in page.items:
        form = RoleForm(formdata=None, obj=account, row=account.id)
        form.role.label.text = _("Rol van %(name)s", name=account.name)
        forms[account.id] = form
    return render_template("admin/users.html", page=page, forms=forms, search=search)


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
def change_role(user_id: int):
    account = db.get_or_404(User, user_id)
    form = RoleForm(row=account.id)
    if form.validate_on_submit():
        try:
            accounts.change_role(viewer(), account, form.role.data)
        except (NotAllowed, Invalid) as err:
            flash(str(err.reason), "error")
        else:
            db.session.commit()
            flash(_("De rol van %(name)s is gewijzigd.", name=account.name), "success")
    else:
        flash(_("Kies een rol uit de lijst."), "error")
    return redirect(url_for(".users", q=request.args.get("q") or None))


@bp.route("/admin/users/<int:user_id>/disable", methods=["POST"])
def disable(user_id: int):
    account = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        accounts.disable(current_user, account)
        db.session.commit()
        flash(_("Het account van %(name)s is geblokkeerd.", name=account.name), "success")
    return redirect(url_for(".users", q=request.args.get("q") or None))


@bp.route("/admin/users/<int:user_id>/enable", methods=["POST"])
def enable(user_id: int):
    account = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        accounts.enable(current_user, account)
        db.session.commit()
        flash(_("Het account van %(name)s is weer actief.", name=account.name), "success")
    return redirect(url_for(".users", q=request.args.get("q") or None))


@bp.route("/admin/organisations")
def organisations():
    search = SearchForm(request.args)
    query = (
        select(Organisation).options(selectinload(Organisation.domains)).order_by(Organisation.name)
    )
    if search.q.data:
        pattern = f"%{search.q.data.lower()}%"
        query = query.where(
            or_(
                func.lower(Organisation.name).like(pattern),
                func.lower(Organisation.code).like(pattern),
            )
        )
    page = paginate(query)
    return render_template("admin/organisations.html", page=page, search=search)


@bp.route("/admin/organisations/<code>/domains", methods=["GET", "POST"])
def domains(code: str):
    organisation = _organisation_or_404(code)
    form = DomainForm()
    if form.validate_on_submit():
        try:
            accounts.add_domain(viewer(), organisation, form.domain.data)
        except (Invalid, Conflict) as err:
            form.domain.errors.append(err.reason)
        else:
            db.session.commit()
            flash(_("Het domein is toegevoegd."), "success")
            return redirect(url_for(".domains", code=code))
    return render_template("admin/domains.html", organisation=organisation, form=form)


@bp.route("/admin/organisations/<code>/domains/<int:domain_id>/remove", methods=["POST"])
def remove_domain(code: str, domain_id: int):
    organisation = _organisation_or_404(code)
    if ConfirmForm().validate_on_submit():
        accounts.remove_domain(viewer(), organisation, domain_id)
        db.session.commit()
        flash(_("Het domein is verwijderd."), "success")
    return redirect(url_for(".domains", code=code))
