"""The methods toolkit (Instrumentenkoffer)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from office.core.registry import NavEntry, register_nav

bp = Blueprint("methods", __name__, url_prefix="/methods")

register_nav(NavEntry("competence", _l("Methods"), "methods.index", order=20))

from . import cli, demo, models, views  # noqa: E402,F401


@bp.app_template_global()
def level_label(value):
    from office.methods.labels import LEVEL_LABELS

    return LEVEL_LABELS.get(value, value)


@bp.app_template_global()
def goal_label(value):
    from office.methods.labels import GOAL_LABELS

    return GOAL_LABELS.get(value, value)


@bp.app_template_filter("whole_money")
def whole_money(amount) -> str:
    """An amount without cents ("15.000 €", "€15,000"): cost ranges are estimates."""
    from babel import Locale
    from babel.numbers import format_currency
    from flask import current_app
    from flask_babel import get_locale

    if amount is None:
        return ""
    locale = Locale.parse(str(get_locale()))
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(
        amount,
        current_app.config["OFFICE_CURRENCY"],
        locale=locale,
        format=pattern,
        currency_digits=False,
    )
