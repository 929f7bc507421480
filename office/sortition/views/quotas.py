"""Quotas: typed in per category, or derived from population shares with a tolerance."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from office.core import bounds
from office.core.access import staff_required
from office.core.documents import download
from office.core.formatting import counted
from office.core.forms import ActionForm
from office.core.transaction import perform
from office.sortition import bp, rules
from office.sortition.forms import UploadForm
from office.sortition.services import exchange
from office.sortition.services import pool as respondent_pool
from office.sortition.views.assemblies import _assembly


def _int(name: str, errors: list, label: str) -> int:
    value = bounds.parse_int(request.form.get(name))
    if value is None:
        errors.append(_("%(label)s: enter a whole number.", label=label))
        return 0
    if value < 0:
        errors.append(_("%(label)s: enter a number of at least 0.", label=label))
    return value


@bp.route("/<slug>/quotas", methods=["GET", "POST"])
@staff_required
def quotas(slug, upload_form=None, problems=()):
    assembly = _assembly(slug)
    form = ActionForm()
    features = respondent_pool.pool_features(assembly)
    existing = {(q.feature, q.category): q for q in assembly.quotas}
    errors: list[str] = []
    if form.validate_on_submit():
        rows = _quota_rows(features, existing, errors)
        if not errors:
            saved = perform(respondent_pool.save_quotas, assembly, rows, form=form)
            if saved:
                flash(_("The quotas were saved."), "success")
                return redirect(url_for(".quotas", slug=slug))
            errors.append(str(saved.error.message))
    return render_template(
        "sortition/quotas.html",
        assembly=assembly,
        form=form,
        features=features,
        existing=existing,
        errors=errors,
        problems=respondent_pool.feasibility_problems(assembly) if assembly.quotas else [],
        counts=rules.category_counts(respondent_pool.rule_pool(assembly)),
        upload_form=upload_form or UploadForm(prefix="quotas"),
        label_keys=respondent_pool.label_keys(assembly),
        row_problems=problems,
    )


def _quota_rows(features: dict, existing: dict, errors: list) -> list[dict]:
    """The typed-in minimum and maximum of every category; what is wrong goes to `errors`."""
    categories = [(feature, c) for feature, categories in features.items() for c in categories]
    rows = [(i, *key, existing.get(key)) for i, key in enumerate(categories)]
    return [_quota_row(*row, errors) for row in rows]


def _quota_row(i: int, feature: str, category: str, old, errors: list) -> dict:
    label = f"{feature} – {category}"
    low = _int(f"q-{i}-min", errors, label + " " + _("minimum"))
    high = _int(f"q-{i}-max", errors, label + " " + _("maximum"))
    if low > high:
        errors.append(_("%(label)s: the minimum is above the maximum.", label=label))
    return {
        "feature": feature,
        "category": category,
        "minimum": low,
        "maximum": high,
        "population_share": old.population_share if old else None,
    }


@bp.route("/<slug>/quotas/import", methods=["POST"])
@staff_required
def import_quotas(slug):
    assembly = _assembly(slug)
    form = UploadForm(prefix="quotas")
    if form.validate_on_submit():
        done = perform(exchange.import_quotas, assembly, form.file.data.read(), form=form)
        if done:
            flash(
                str(counted("%(num)s quota imported.", "%(num)s quotas imported.", done.value)),
                "success",
            )
            return redirect(url_for(".quotas", slug=slug))
        return quotas(slug, form, getattr(done.error, "problems", []))
    return quotas(slug, form)


@bp.route("/<slug>/exchange/quotas.csv")
@staff_required
def exchange_quotas(slug):
    return download(exchange.quotas_csv(_assembly(slug)), "text/csv", f"{slug}-features.csv")


@bp.route("/<slug>/exchange/people.csv")
@staff_required
def exchange_people(slug):
    return download(exchange.people_csv(_assembly(slug)), "text/csv", f"{slug}-people.csv")


@bp.route("/<slug>/quotas/shares", methods=["POST"])
@staff_required
def derive_quotas(slug):
    assembly = _assembly(slug)
    features = respondent_pool.pool_features(assembly)
    feature = request.form.get("feature", "")
    if feature not in features or not ActionForm().validate_on_submit():
        flash(_("Choose a feature."), "error")
        return redirect(url_for(".quotas", slug=slug))
    shares = _shares(features[feature])
    tolerance = int(bounds.parse_float(request.form.get("tolerance", "1")) or 0)
    if shares is not None and perform(
        respondent_pool.derive_quotas, assembly, feature, shares, tolerance
    ):
        flash(
            _("Quotas for %(feature)s derived from population shares.", feature=feature), "success"
        )
    return redirect(url_for(".quotas", slug=slug))


def _shares(categories) -> dict[str, float] | None:
    """The typed-in population share of each category; None (and a message) when one is wrong."""
    shares = {}
    for i, category in enumerate(categories):
        value = bounds.parse_float(request.form.get(f"share-{i}", ""))
        if value is None or value < 0:
            flash(_("Enter a share of at least 0 for %(category)s.", category=category), "error")
            return None
        shares[category] = value
    return shares


@bp.route("/<slug>/labels", methods=["POST"])
@staff_required
def labels(slug):
    assembly = _assembly(slug)
    if ActionForm().validate_on_submit():
        names = {
            key: {
                lang: request.form.get(f"label-{i}-{lang}", "")
                for lang in respondent_pool.LABEL_LANGUAGES
            }
            for i, key in enumerate(respondent_pool.label_keys(assembly))
        }
        if perform(respondent_pool.save_labels, assembly, names):
            flash(_("The names for the public page were saved."), "success")
    return redirect(url_for(".quotas", slug=slug) + "#names")
