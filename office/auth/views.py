from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from office.auth import bp, services
from office.auth.forms import (
    ChangePasswordForm,
    LoginForm,
    NewPasswordForm,
    PreferencesForm,
    ResetRequestForm,
    role_choices,
)
from office.auth.rules import safe_next
from office.core.access import login_required, public
from office.core.errors import DomainError
from office.core.forms import ActionForm, show_domain_error
from office.extensions import db, limiter


def _login_failed(response) -> bool:
    # a failed login re-renders the form (200); success redirects
    return response.status_code == 200


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute; 30 per hour", methods=["POST"], deduct_when=_login_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.rollback()
            form.form_errors.append(_("Email address or password is wrong."))
        else:
            db.session.commit()
            session.clear()
            login_user(user)
            if user.locale:
                session["locale"] = user.locale
            flash(_("You are logged in."), "success")
            return redirect(safe_next(form.next.data) or url_for("core.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@public
def logout():
    if current_user.is_authenticated:
        current_user.end_sessions()
        db.session.commit()
    locale = session.get("locale")
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    flash(_("You are logged out."), "success")
    return redirect(url_for("core.home"))


@bp.route("/", methods=["GET", "POST"])
@login_required
def account():
    prefs = PreferencesForm(prefix="prefs", locale=current_user.locale or session.get("locale"))
    password_form = ChangePasswordForm(prefix="pw")
    if "prefs-locale" in request.form:
        if prefs.validate_on_submit():
            current_user.locale = prefs.locale.data
            session["locale"] = prefs.locale.data
            db.session.commit()
            flash(_("Your settings are saved."), "success")
            return redirect(url_for("auth.account"))
    elif password_form.validate_on_submit():
        try:
            services.change_password(
                current_user, password_form.current_password.data, password_form.password.data
            )
        except DomainError as err:
            db.session.rollback()
            show_domain_error(password_form, err)
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # this session stays valid
            flash(_("Your password is changed. Other sessions were logged out."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", prefs=prefs, password_form=password_form)


def _set_password_page(token, operation, title, done_message):
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = operation(token, form.password.data)
        except DomainError as err:
            db.session.rollback()
            show_domain_error(form, err)
        else:
            db.session.commit()
            session.clear()
            login_user(user)
            flash(done_message, "success")
            return redirect(url_for("core.home"))
    return render_template("auth/set_password.html", form=form, title=title)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token):
    return _set_password_page(
        token,
        services.accept_invitation,
        _("Welcome: choose your password"),
        _("Your account is ready."),
    )


@bp.route("/reset", methods=["GET", "POST"])
@public
@limiter.limit("5 per 15 minutes", methods=["POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "If an account exists for this address, we have sent it a link to reset the password."
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    return _set_password_page(
        token,
        services.reset_password,
        _("Choose a new password"),
        _("Your password is changed."),
    )


@bp.app_context_processor
def _template_globals():
    labels = dict(role_choices())
    return {
        "action_form": ActionForm,
        "office_name": current_app.config["OFFICE_NAME"],
        "role_label": lambda role: labels.get(role, role),
    }
