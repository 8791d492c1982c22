from __future__ import annotations

import logging
from typing import Any

from flask import (
    Response,
    abort,
    copy_current_request_context,
    current_app,
    flash,
    jsonify,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kb import registry
from kb.accounts import auth, blueprint, passwords, service
from kb.accounts.auth import end_session, normalise_email, start_session, token_digest
from kb.accounts.forms import (
    STRENGTH_LABELS,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    PasswordChangeForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    email_is_registered,
)
from kb.accounts.policy import can_edit_profile, can_view, role_label
from kb.content.pages import not_visible, standing_notice
from kb.directory import suggest_authorities
from kb.extensions import db, limiter
from kb.htmx import render, wants_fragment
from kb.http import INVALID_FORM, login_required, one_or_404, see_other
from kb.mail import send_mail
from kb.numbers import number
from kb.security import safe_next_url
from kb.users import User

AUTHORITY_SUGGESTIONS = 12
logger = logging.getLogger(__name__)


def _ip_limit(name: str) -> str:
    return str(current_app.config[name])


def _target_address() -> str:
    """The key of the per-address limit of the reset form: the address asked for,
    hashed so that the limiter's store (Redis) holds no addresses."""
    email = normalise_email(str(request.form.get("email", ""))[:254])
    return "forgot:" + token_digest(email)


def see_endpoint(endpoint: str, **values: Any) -> Response:
    return see_other(url_for(endpoint, **values))


def password_strength(form: RegisterForm) -> str | None:
    if not form.password.data or form.password.errors:
        return None
    score = passwords.strength(form.password.data, [form.email.data, form.display_name.data])
    return str(STRENGTH_LABELS[score])


# --- registration ---------------------------------------------------------------


def already_registered() -> str:
    return str(_("This e-mail address is already registered. Log in or reset the password."))


@blueprint.route("/auth/register", methods=["GET", "POST"])
@limiter.limit(lambda: _ip_limit("KB_REGISTER_IP_LIMIT"), methods=["POST"])
def register() -> Response:
    if current_user.is_authenticated:
        return see_endpoint("site.index")
    form = RegisterForm()
    if form.is_submitted() and form.caught_a_program:
        return honeypot_answer(form)
    valid = form.validate_on_submit()
    if valid and email_is_registered(form.email.data or ""):
        # Said only once everything else is valid: whoever tries an address that has no
        # account creates one (counted by the tight per-client limit), so this form
        # is no cheap way to test addresses.
        form.email.errors = [already_registered()]
        valid = False
    if valid:
        try:
            user = service.create_user(
                form.email.data or "", form.password.data or "", form.display_name.data or ""
            )
            start_session(user)
            db.session.commit()
        except IntegrityError:
            # Someone registered the same address a moment ago.
            db.session.rollback()
            form.email.errors = [already_registered()]
        else:
            flash(_("Welcome to Amtsnetz! Tell others where you work."), "success")
            return see_endpoint("accounts.edit_profile")
    status = INVALID_FORM if form.errors else 200
    return render("accounts/register.html", form=form, strength=None, status=status)


def honeypot_answer(form: RegisterForm) -> Response:
    """A filled honeypot: nothing is checked or stored, and the answer is a neutral
    error that does not say why, in case a person's browser filled the field in."""
    logger.info("A registration filled the honeypot field; nothing was stored.")
    form.website.data = ""
    form.password.data = ""
    return render(
        "accounts/register.html",
        form=form,
        strength=None,
        not_created=_("The account could not be created. Please try again."),
        status=INVALID_FORM,
    )


@blueprint.route("/auth/register/check/<field>", methods=["POST"])
@limiter.limit(lambda: _ip_limit("KB_VALIDATE_IP_LIMIT"))
def check_registration_field(field: str) -> Response:
    """Validate one field of the registration form as the user leaves it (htmx).

    The address is checked for its form only, never against the accounts: a live check
    that said "already registered" would let anyone test addresses at its pace."""
    if field not in ("email", "password"):
        abort(404)
    form = RegisterForm()
    form_field = form[field]
    valid = form_field.validate(form)
    strength = password_strength(form) if field == "password" else None
    if valid:
        message = _("Password strength: %(strength)s", strength=strength) if strength else ""
    else:
        message = f"{form_field.label.text}: {form_field.errors[0]}"
    if message:
        # Shown next to the field; the live region only announces it.
        flash(message, "field")
    return render(
        "accounts/register.html",
        block=f"{field}_field",
        form=form,
        strength=strength,
        status=200 if valid else INVALID_FORM,
    )


# --- login and logout -----------------------------------------------------------


@blueprint.route("/auth/login", methods=["GET", "POST"])
@limiter.limit(lambda: _ip_limit("KB_LOGIN_IP_LIMIT"), methods=["POST"])
def login() -> Response:
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next_url(request.args.get("next"))
    if current_user.is_authenticated:
        return see_other(safe_next_url(form.next.data) or url_for("site.index"))
    status = 200
    login_error = None
    retry_after = None
    if form.validate_on_submit():
        result = service.authenticate(form.email.data or "", form.password.data or "")
        if result.user and result.user.is_suspended:
            # Said only to whoever knows the password: a wrong one gets the usual answer.
            db.session.commit()
            form.password.data = ""
            return render(
                "accounts/login.html",
                form=form,
                suspended=result.user,
                suspension_panels=registry.current().render_panels(
                    "accounts.suspended", user=result.user
                ),
                status=403,
            )
        if result.user:
            start_session(result.user)
            db.session.commit()
            flash(_("You are logged in. Welcome back, %(name)s!", name=result.user.display_name))
            return see_other(safe_next_url(form.next.data) or url_for("site.index"))
        db.session.commit()
        if result.retry_after:
            retry_after = result.retry_after
            status = 429
            login_error = ngettext(
                "Too many failed attempts for this address. Please wait %(seconds)s second "
                "and try again.",
                "Too many failed attempts for this address. Please wait %(seconds)s seconds "
                "and try again.",
                retry_after,
                seconds=number(retry_after),
            )
        else:
            status = INVALID_FORM
            login_error = _("The e-mail address or the password is wrong.")
    elif form.errors:
        status = INVALID_FORM
    form.password.data = ""
    response = render("accounts/login.html", form=form, login_error=login_error, status=status)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@blueprint.route("/auth/logout", methods=["POST"])
def logout() -> Response:
    end_session()
    db.session.commit()
    flash(_("You have been logged out."), "success")
    return see_endpoint("site.index")


# --- forgotten password -----------------------------------------------------------


@blueprint.route("/auth/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: _ip_limit("KB_FORGOT_IP_LIMIT"), methods=["POST"])
@limiter.limit(
    lambda: _ip_limit("KB_FORGOT_ADDRESS_LIMIT"), key_func=_target_address, methods=["POST"]
)
def forgot_password() -> Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = form.email.data or ""
        # The same answer whether or not the address has an account, and the request does
        # the same work for either: looking the address up, the token and the mail all
        # happen after the answer has been sent, so its duration tells nothing either.
        flash(
            _(
                "If an account exists for this address, we have sent a link to reset the "
                "password. It is valid for one hour."
            ),
            "success",
        )
        response = see_endpoint("accounts.login")
        response.call_on_close(copy_current_request_context(lambda: _mail_reset_link(email)))
        return response
    status = INVALID_FORM if form.errors else 200
    return render("accounts/forgot.html", form=form, status=status)


def _mail_reset_link(email: str) -> None:
    """Runs after the answer to /auth/forgot; an error here must not reach the client."""
    try:
        user = service.find_user_by_email(email)
        if user is None:
            return
        token = service.create_reset_token(user)
        db.session.commit()
        link = url_for("accounts.reset_password", token=token, _external=True)
        send_mail(
            user.email,
            _("Reset your Amtsnetz password"),
            _(
                "Hello %(name)s,\n\na new password was requested for your Amtsnetz account. "
                "Open this link within one hour to choose it:\n\n%(link)s\n\nThe link works "
                "only once. If you did not request a new password, you can ignore this mail; "
                "your password stays as it is.\n\nKind regards\nThe Amtsnetz team",
                name=user.display_name,
                link=link,
            ),
        )
    except Exception:
        db.session.rollback()
        logger.exception("The password reset mail could not be prepared or sent.")


@blueprint.route("/auth/reset/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: _ip_limit("KB_FORGOT_IP_LIMIT"), methods=["POST"])
def reset_password(token: str) -> Response:
    reset = service.valid_reset_token(token)
    if reset is None:
        return render("accounts/reset_invalid.html", status=404)
    user = db.session.get(User, reset.user_id)
    assert user is not None
    form = ResetPasswordForm()
    form.personal_inputs = [user.email, user.display_name]
    if form.validate_on_submit():
        service.set_password(user, form.new_password.data or "")
        db.session.commit()
        flash(_("Your new password is set. Please log in."), "success")
        return see_endpoint("accounts.login")
    status = INVALID_FORM if form.errors else 200
    return render("accounts/reset.html", form=form, token=token, status=status)


# --- profiles ----------------------------------------------------------------------


@blueprint.route("/users/<name>")
def show_profile(name: str) -> Response:
    user = one_or_404(select(User).where(User.name == name))
    if not can_view(current_user, user):
        not_visible(user.moderation, _("This profile was hidden by the moderation."))
    return render(
        "accounts/profile.html",
        user=user,
        role=role_label(user),
        can_edit=can_edit_profile(current_user, user),
        standing_notice=standing_notice(user),
        panels=registry.current().render_panels("content", name="profile", record=user),
    )


@blueprint.route("/account/profile", methods=["GET", "POST"])
@login_required
def edit_profile() -> Response:
    form = ProfileForm(obj=current_user)
    if request.method == "GET" and current_user.authority is not None:
        form.authority.data = authority_choice(current_user.authority)
    if form.validate_on_submit():
        form.apply_to(current_user)
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        if not wants_fragment():
            return see_endpoint("accounts.show_profile", name=current_user.name)
    status = INVALID_FORM if form.errors else 200
    return render("accounts/edit_profile.html", block="profile_form", form=form, status=status)


def authority_choice(authority: Any) -> str:
    """How an authority is written in the profile field: "Name (address-name)"."""
    return f"{authority.name} ({authority.slug})"


@blueprint.route("/account/authority-suggestions")
@login_required
def authority_suggestions() -> Response:
    """Options for the profile's authority field while typing (htmx; a <datalist>)."""
    text = (request.args.get("authority") or "")[:200]
    matches = suggest_authorities(text, limit=AUTHORITY_SUGGESTIONS)
    return render(
        "accounts/_authority_options.html",
        options=[authority_choice(authority) for authority in matches],
    )


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Response:
    form = PasswordChangeForm()
    form.personal_inputs = [current_user.email, current_user.display_name]
    retry_after = None
    if form.validate_on_submit():
        user = current_user._get_current_object()
        checked = service.confirm_password(user, form.current_password.data or "")
        if checked.user is not None:
            service.set_password(user, form.new_password.data or "")
            # Every other device is logged out; this one continues in a fresh session.
            start_session(user)
            db.session.commit()
            flash(_("Your password has been changed. Other devices have been logged out."))
            return see_endpoint("accounts.edit_profile")
        db.session.commit()  # the failure counts
        retry_after = checked.retry_after
        form.current_password.errors = [
            _password_refused(retry_after) or _("This is not your current password.")
        ]
    return _with_retry_after(
        render(
            "accounts/password.html",
            form=form,
            devices=auth.active_sessions(current_user),
            status=_status(form, retry_after),
        ),
        retry_after,
    )


@blueprint.route("/account/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions() -> Response:
    """Log out everywhere else (a lost phone, a shared computer): every session of the
    member ends, on every worker and server at once (they are rows in the database), and
    this device continues in a fresh one."""
    user = current_user._get_current_object()
    auth.end_all_sessions(user)
    start_session(user)
    db.session.commit()
    flash(_("You are logged out on every other device."), "success")
    return see_endpoint("accounts.change_password")


def _password_refused(retry_after: int | None) -> str | None:
    if not retry_after:
        return None
    return str(
        ngettext(
            "Too many failed attempts for this address. Please wait %(seconds)s second "
            "and try again.",
            "Too many failed attempts for this address. Please wait %(seconds)s seconds "
            "and try again.",
            retry_after,
            seconds=number(retry_after),
        )
    )


def _status(form: Any, retry_after: int | None) -> int:
    if retry_after:
        return 429
    return INVALID_FORM if form.errors else 200


def _with_retry_after(response: Response, retry_after: int | None) -> Response:
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@blueprint.route("/account/export")
@login_required
def export_account() -> Response:
    response = jsonify(service.export_data(current_user))
    response.headers["Content-Disposition"] = (
        f'attachment; filename="amtsnetz-{current_user.name}.json"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account() -> Response:
    form = DeleteAccountForm()
    retry_after = None
    if form.validate_on_submit():
        user = current_user._get_current_object()
        checked = service.confirm_password(user, form.password.data or "")
        if checked.user is not None:
            contributions = service.Contributions(form.contributions.data)
            end_session()
            service.delete_account(user, contributions)
            db.session.commit()
            if contributions == service.Contributions.DELETE:
                flash(
                    _("Your account, your data and your contributions have been deleted."),
                    "success",
                )
            else:
                flash(
                    _(
                        "Your account and your data have been deleted. Your contributions "
                        'stay, shown as by "deleted account".'
                    ),
                    "success",
                )
            return see_endpoint("site.index")
        db.session.commit()  # the failure counts
        retry_after = checked.retry_after
        form.password.errors = [_password_refused(retry_after) or _("This is not your password.")]
    return _with_retry_after(
        render("accounts/delete.html", form=form, status=_status(form, retry_after)),
        retry_after,
    )
