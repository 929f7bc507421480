"""Quotas: typed in per category, or derived from population shares with a tolerance."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from office.core import bounds
from office.core.access import staff_required
from office.core.errors import DomainError
from office.core.formatting import counted
from office.core.forms import ActionForm
from office.core.transaction import perform
from office.extensions import db
from office.sortition import bp, rules, services
from office.sortition.forms import UploadForm
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
    features = services.pool_features(assembly)
    existing = {(q.feature, q.category): q for q in assembly.quotas}
    errors: list[str] = []
    if form.validate_on_submit():
        rows = []
        for i, (feature, category) in enumerate(
            (f, c) for f, categories in features.items() for c in categories
        ):
            label = f"{feature} – {category}"
            low = _int(f"q-{i}-min", errors, label + " " + _("minimum"))
            high = _int(f"q-{i}-max", errors, label + " " + _("maximum"))
            if low > high:
                errors.append(_("%(label)s: the minimum is above the maximum.", label=label))
            old = existing.get((feature, category))
            rows.append(
                {
                    "feature": feature,
                    "category": category,
                    "minimum": low,
                    "maximum": high,
                    "population_share": old.population_share if old else None,
                }
            )
        if not errors:
            try:
                services.save_quotas(assembly, rows)
            except DomainError as err:
                db.session.rollback()
                errors.append(str(err.message))
            else:
                db.session.commit()
                flash(_("The quotas were saved."), "success")
                return redirect(url_for(".quotas", slug=slug))
    return render_template(
        "sortition/quotas.html",
        assembly=assembly,
        form=form,
        features=features,
        existing=existing,
        errors=errors,
        problems=services.feasibility_problems(assembly) if assembly.quotas else [],
        counts=rules.category_counts(services.rule_pool(assembly)),
        upload_form=upload_form or UploadForm(prefix="quotas"),
        label_keys=services.label_keys(assembly),
        row_problems=problems,
    )


@bp.route("/<slug>/quotas/import", methods=["POST"])
@staff_required
def import_quotas(slug):
    assembly = _assembly(slug)
    form = UploadForm(prefix="quotas")
    if form.validate_on_submit():
        done = perform(services.import_quotas, assembly, form.file.data.read(), form=form)
        if done:
            flash(str(counted("%(num)s quota imported.", "%(num)s quotas imported.", done.value)), "success")
            return redirect(url_for(".quotas", slug=slug))
        return quotas(slug, form, getattr(done.error, "problems", []))
    return quotas(slug, form)


def _csv_download(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


@bp.route("/<slug>/exchange/quotas.csv")
@staff_required
def exchange_quotas(slug):
    return _csv_download(services.quotas_exchange_csv(_assembly(slug)), f"{slug}-features.csv")


@bp.route("/<slug>/exchange/people.csv")
@staff_required
def exchange_people(slug):
    return _csv_download(services.people_csv(_assembly(slug)), f"{slug}-people.csv")


@bp.route("/<slug>/quotas/shares", methods=["POST"])
@staff_required
def derive_quotas(slug):
    assembly = _assembly(slug)
    features = services.pool_features(assembly)
    feature = request.form.get("feature", "")
    if feature not in features or not ActionForm().validate_on_submit():
        flash(_("Choose a feature."), "error")
        return redirect(url_for(".quotas", slug=slug))
    shares = {}
    for i, category in enumerate(features[feature]):
        value = bounds.parse_float(request.form.get(f"share-{i}", ""))
        if value is None or value < 0:
            flash(_("Enter a share of at least 0 for %(category)s.", category=category), "error")
            return redirect(url_for(".quotas", slug=slug))
        shares[category] = value
    tolerance = bounds.parse_float(request.form.get("tolerance", "1"))
    try:
        services.derive_quotas(assembly, feature, shares, int(tolerance or 0))
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "error")
    else:
        db.session.commit()
        flash(
            _("Quotas for %(feature)s derived from population shares.", feature=feature), "success"
        )
    return redirect(url_for(".quotas", slug=slug))


@bp.route("/<slug>/labels", methods=["POST"])
@staff_required
def labels(slug):
    assembly = _assembly(slug)
    if ActionForm().validate_on_submit():
        names = {
            key: {
                lang: request.form.get(f"label-{i}-{lang}", "") for lang in services.LABEL_LANGUAGES
            }
            for i, key in enumerate(services.label_keys(assembly))
        }
        if perform(services.save_labels, assembly, names):
            flash(_("The names for the public page were saved."), "success")
    return redirect(url_for(".quotas", slug=slug) + "#names")
