import time

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from office.auth import bp, services, throttle, two_factor
from office.auth.forms import (
    ChangePasswordForm,
    CodeForm,
    ConfirmPasswordForm,
    DisableTwoFactorForm,
    EmailChangeForm,
    LoginForm,
    NewPasswordForm,
    PreferencesForm,
    ResetRequestForm,
)
from office.auth.labels import ROLE_LABELS
from office.auth.models import User
from office.auth.sessions import end_session, idle_seconds, session_user, start_session
from office.core.access import login_required, mark_password_confirmed, public
from office.core.db import writes_on_get
from office.core.errors import DomainError
from office.core.forms import ActionForm, confirm_link_page, link_button_pressed, show_domain_error
from office.core.rules import safe_next
from office.core.security_log import security_event
from office.core.transaction import perform
from office.extensions import limiter

#: seconds a half-finished two-factor login stays valid
PENDING_SECONDS = 600


def _login_failed(response) -> bool:
    # a failed attempt re-renders the form (200); success redirects
    return response.status_code == 200


def _finish_login(user: User, next_url: str | None):
    start_session(user)
    flash(_("You are logged in."), "success")
    return redirect(safe_next(next_url) or url_for("core.home"))


def _pending_user(key: str) -> User | None:
    pending = session.get(key)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return session_user(str(pending.get("id", "")))


def _log_in_again():
    flash(_("Please log in again."), "warning")
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute; 30 per hour", methods=["POST"], deduct_when=_login_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        wait = throttle.wait_seconds(form.email.data)
        if wait:
            form.form_errors.append(throttle.too_many(wait).message)
            return render_template("auth/login.html", form=form), 429
        logged_in = perform(services.log_in, form.email.data, form.password.data, form=form)
        if logged_in:
            throttle.record_success(form.email.data)
            return _after_password(logged_in.value, form.next.data)
        throttle.record_failure(form.email.data)
        security_event("login_failed")
    return render_template("auth/login.html", form=form)


def _after_password(user: User, next_url: str | None):
    """The second step of the login where the account has (or must set up) two-factor login."""
    pending = {"id": user.get_id(), "at": time.time(), "next": next_url}
    if user.two_factor_enabled:
        session["_2fa_login"] = pending
        return redirect(url_for("auth.login_code"))
    if two_factor.required_for(user):
        session["_2fa_setup"] = pending
        return redirect(url_for("auth.two_factor_required"))
    return _finish_login(user, next_url)


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"], deduct_when=_login_failed)
def login_code():
    user = _pending_user("_2fa_login")
    if user is None:
        return _log_in_again()
    form = CodeForm()
    if form.validate_on_submit():
        if perform(two_factor.check_code, user, form.code.data, form=form):
            return _finish_login(user, session["_2fa_login"].get("next"))
        security_event("login_failed", second_factor=True)
    return render_template("auth/login_code.html", form=form)


@bp.route("/login/two-factor-setup", methods=["GET", "POST"])
@writes_on_get  # the enrolment page stores a new secret when it is shown
@public
def two_factor_required():
    """Roles that require two-factor login set it up before their first session starts."""
    user = _pending_user("_2fa_setup")
    if user is None:
        return _log_in_again()
    return _enrollment_page(user, on_done=lambda codes: _show_codes_then_login(user, codes))


def _show_codes_then_login(user, codes):
    next_url = session["_2fa_setup"].get("next")
    start_session(user)
    return render_template("auth/recovery_codes.html", codes=codes, next_url=safe_next(next_url))


def _enrollment_page(user, on_done):
    form = CodeForm()
    if not user.totp_secret or request.method == "GET":
        perform(two_factor.start_enrollment, user)
    if form.validate_on_submit() and (
        enrolled := perform(two_factor.confirm_enrollment, user, form.code.data, form=form)
    ):
        security_event("two_factor_enabled", user)
        return on_done(enrolled.value)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        qr=two_factor.qr_svg(user),
        secret=user.totp_secret,
        required=two_factor.required_for(user),
    )


@bp.route("/two-factor", methods=["GET", "POST"])
@writes_on_get  # the enrolment page stores a new secret when it is shown
@login_required
def two_factor_settings():
    user = current_user._get_current_object()
    if not user.two_factor_enabled and request.args.get("setup"):
        return _enrollment_page(
            user,
            on_done=lambda codes: render_template(
                "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.account")
            ),
        )
    form = DisableTwoFactorForm()
    if (
        user.two_factor_enabled
        and form.validate_on_submit()
        and perform(two_factor.disable, user, form.password.data, form.code.data, form=form)
    ):
        security_event("two_factor_disabled", user)
        login_user(user)
        flash(_("Two-factor login is off."), "success")
        return redirect(url_for("auth.account"))
    remaining = two_factor.remaining_recovery_codes(user) if user.two_factor_enabled else 0
    return render_template(
        "auth/two_factor.html",
        form=form,
        remaining=remaining,
        required=two_factor.required_for(user),
    )


@bp.route("/logout", methods=["POST"])
@public
def logout():
    if current_user.is_authenticated:
        perform(current_user.end_sessions)
    end_session()
    flash(_("You are logged out."), "success")
    return redirect(url_for("core.home"))


@bp.route("/keep-alive", methods=["POST"])
@login_required
def keep_alive():
    """The idle-timeout warning's "stay logged in" button (the request itself is the activity)."""
    if request.accept_mimetypes.best == "application/json":
        return {"idle_seconds": idle_seconds()}
    return redirect(safe_next(request.form.get("next")) or url_for("core.home"), code=303)


@bp.route("/confirm", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"], deduct_when=_login_failed)
def confirm_password():
    form = ConfirmPasswordForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            throttle.guarded(current_user, lambda: _check_current_password(form.password.data))
        except DomainError as err:
            show_domain_error(form, err)
            return render_template("auth/confirm_password.html", form=form), _status(err)
        mark_password_confirmed()
        return redirect(safe_next(form.next.data) or url_for("auth.account"))
    return render_template("auth/confirm_password.html", form=form)


def _check_current_password(password: str) -> None:
    if not current_user.check_password(password):
        raise DomainError(_("The password is wrong."), field="password")


def _status(err: DomainError) -> int:
    return 429 if isinstance(err, throttle.TooManyGuesses) else 200


@bp.route("/", methods=["GET", "POST"])
@login_required
def account():
    prefs = PreferencesForm(prefix="prefs", locale=current_user.locale or session.get("locale"))
    password_form = ChangePasswordForm(prefix="pw")
    email_form = EmailChangeForm(prefix="email")
    if "email-email" in request.form:
        done = _change_email(email_form)
    elif "prefs-locale" in request.form:
        done = _save_preferences(prefs)
    else:
        done = _change_password(password_form)
    if done:
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html", prefs=prefs, password_form=password_form, email_form=email_form
    )


def _change_email(form: EmailChangeForm) -> bool:
    """Mail a confirmation link to the new address once the password is right."""
    requested = form.validate_on_submit() and perform(
        throttle.guarded,
        current_user,
        lambda: services.request_email_change(current_user, form.password.data, form.email.data),
        form=form,
    )
    if requested:
        security_event("email_change_requested", current_user)
        flash(
            _(
                "We have sent a link to %(email)s. Your address changes once you follow it.",
                email=requested.value,
            ),
            "success",
        )
    return bool(requested)


def _save_preferences(form: PreferencesForm) -> bool:
    saved = form.validate_on_submit() and perform(
        services.set_language, current_user._get_current_object(), form.locale.data
    )
    if saved:
        session["locale"] = form.locale.data
        flash(_("Your settings are saved."), "success")
    return bool(saved)


def _change_password(form: ChangePasswordForm) -> bool:
    changed = form.validate_on_submit() and perform(
        throttle.guarded,
        current_user,
        lambda: services.change_password(
            current_user, form.current_password.data, form.password.data
        ),
        form=form,
    )
    if changed:
        security_event("password_changed", current_user)
        login_user(current_user._get_current_object())  # this session stays valid
        flash(_("Your password is changed. Other sessions were logged out."), "success")
    return bool(changed)


@bp.route("/email/<token>", methods=["GET", "POST"])
@public
def confirm_email_change(token):
    """The link sent to a new address: the account uses it from now on."""
    if not link_button_pressed():
        return confirm_link_page(
            _("Confirm your new email address"),
            _("Your account will use this address from now on."),
            _("Confirm my new address"),
        )
    changed = perform(services.confirm_email_change, token)
    if changed:
        user = changed.value
        security_event("email_changed", user, target_user_id=user.id)
        flash(_("Your email address is changed. Use it to log in from now on."), "success")
    if current_user.is_authenticated:
        return redirect(url_for("auth.account"))
    return redirect(url_for("auth.login"))


def _set_password_page(token, operation, title, done_message):
    form = NewPasswordForm()
    if form.validate_on_submit() and (
        done := perform(operation, token, form.password.data, form=form)
    ):
        return _password_set(done.value, done_message)
    return render_template("auth/set_password.html", form=form, title=title)


def _password_set(user: User, done_message: str):
    """After an invitation or reset: log in, unless the login needs a second factor."""
    security_event("password_set", user)
    if user.two_factor_enabled or two_factor.required_for(user):
        flash(done_message, "success")
        return redirect(url_for("auth.login"))
    start_session(user)  # a fresh session: the message goes into it
    flash(done_message, "success")
    return redirect(url_for("core.home"))


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
        started = time.perf_counter()
        perform(services.request_password_reset, form.email.data)
        _answer_no_sooner_than(started + current_app.config["OFFICE_RESET_ANSWER_SECONDS"])
        flash(
            _(
                "If an account exists for this address, we have sent it a link to reset the password."
            ),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


def _answer_no_sooner_than(moment: float) -> None:
    """The reset answer takes as long for an unknown address as for a known one (whose mail is
    rendered and stored), so its timing tells nobody which addresses have accounts."""
    time.sleep(max(0.0, moment - time.perf_counter()))


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
    return {
        "action_form": ActionForm,
        "office_name": current_app.config["OFFICE_NAME"],
        "role_label": lambda role: ROLE_LABELS.get(role, role),
        "idle_seconds": idle_seconds,
    }
