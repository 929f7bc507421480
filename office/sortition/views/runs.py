"""Selection runs: start, follow, cancel; results, exports and replacements."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from office.core.access import staff_required
from office.core.clock import utcnow
from office.core.documents import download
from office.core.errors import DomainError
from office.core.forms import ActionForm
from office.core.spreadsheets import csv_response
from office.core.transaction import perform
from office.extensions import db
from office.sortition import bp
from office.sortition import documents as pdf
from office.sortition.forms import CommitmentForm, ReplacementForm, RunForm, SeedForm
from office.sortition.models import SelectionRun
from office.sortition.services import assemblies, jobs, publication, replacements, runs
from office.sortition.services import pool as respondent_pool
from office.sortition.views.assemblies import _assembly


def _run(run_id: int) -> SelectionRun:
    run = db.session.get(SelectionRun, run_id)
    if run is None:
        abort(404)
    return run


@bp.route("/<slug>/run", methods=["GET", "POST"])
@staff_required
def start_run(slug):
    assembly = _assembly(slug)
    form = RunForm()
    problems = relaxations = []
    if form.validate_on_submit():
        started = perform(
            runs.start_run,
            assembly,
            form.algorithm.data,
            form.reason.data or "",
            current_user,
            utcnow(),
            form=form,
        )
        if started:
            run_id = started.value.id
            jobs.spawn_worker(run_id)
            return redirect(url_for(".run", run_id=run_id))
        problems = getattr(started.error, "problems", [])
        relaxations = getattr(started.error, "relaxations", [])
    else:
        problems = respondent_pool.feasibility_problems(assembly)
    return render_template(
        "sortition/run_form.html",
        assembly=assembly,
        form=form,
        problems=problems,
        relaxations=relaxations,
        active=runs.active_run(assembly),
        attempts=runs.attempts(assembly),
    )


@bp.route("/runs/<int:run_id>")
@staff_required
def run(run_id):
    run = _run(run_id)
    if run.stage == "drawn":
        return redirect(url_for(".result", run_id=run.id))
    return _run_page(run, CommitmentForm(prefix="commit"), SeedForm(prefix="seed"))


def _run_page(run, commitment_form, seed_form):
    return render_template(
        "sortition/run.html",
        run=run,
        assembly=run.assembly,
        cancel_form=ActionForm(),
        commitment_form=commitment_form,
        seed_form=seed_form,
        commitment=publication.commitment(run),
    )


@bp.route("/runs/<int:run_id>/commit", methods=["POST"])
@staff_required
def commit(run_id):
    run = _run(run_id)
    form = CommitmentForm(prefix="commit")
    if form.validate_on_submit() and perform(
        publication.publish_commitment,
        run,
        form.seed_source.data,
        current_user,
        utcnow(),
        form=form,
    ):
        flash(
            _("The commitment is published. Enter the seed once the source has published it."),
            "success",
        )
        return redirect(url_for(".run", run_id=run.id))
    return _run_page(run, form, SeedForm(prefix="seed"))


@bp.route("/runs/<int:run_id>/seed", methods=["POST"])
@staff_required
def enter_seed(run_id):
    run = _run(run_id)
    form = SeedForm(prefix="seed")
    if form.validate_on_submit() and perform(
        publication.enter_seed, run, form.seed.data, current_user, utcnow(), form=form
    ):
        flash(_("The panel and the reserves were drawn with the published seed."), "success")
        return redirect(url_for(".result", run_id=run.id))
    return _run_page(run, CommitmentForm(prefix="commit"), form)


@bp.route("/runs/<int:run_id>/status.json")
@staff_required
def run_status(run_id):
    """Progress for the page's script; the page itself works without it."""
    run = _run(run_id)
    return {"status": run.status, "progress": run.progress, "finished": run.finished}


@bp.route("/runs/<int:run_id>/cancel", methods=["POST"])
@staff_required
def cancel_run(run_id):
    run = _run(run_id)
    if ActionForm().validate_on_submit() and perform(runs.request_cancel, run, jobs.stale_before()):
        flash(_("The selection will stop."), "success")
    return redirect(url_for(".run", run_id=run.id))


def _result_context(run: SelectionRun) -> dict:
    if run.stage != "drawn":
        abort(404)
    context = {"run": run, "assembly": run.assembly, "personal": run.result is not None}
    if run.result is None:  # purged: only the anonymous profile is left
        context.update(table=replacements.quota_table(run), members=[], reserves=[])
        return context
    panel, reserves = replacements.current_panel(run)
    people = {r.external_id: r for r in respondent_pool.respondents(run.assembly)}
    probabilities = run.result["probabilities"]
    context.update(
        table=replacements.quota_table(run),
        members=[(people.get(k), k, probabilities.get(k, 0.0)) for k in panel],
        reserves=[(people.get(k), k, probabilities.get(k, 0.0)) for k in reserves],
        original=set(run.result["panel"]),
        all_probabilities=sorted(
            ((people.get(k), k, p) for k, p in probabilities.items()), key=lambda row: row[2]
        ),
    )
    return context


@bp.route("/runs/<int:run_id>/result")
@staff_required
def result(run_id):
    return render_template("sortition/result.html", **_result_context(_run(run_id)))


@bp.route("/runs/<int:run_id>/print")
@staff_required
def result_print(run_id):
    return render_template("sortition/result_print.html", **_result_context(_run(run_id)))


@bp.route("/runs/<int:run_id>/report.pdf")
@staff_required
def result_pdf(run_id):
    context = _result_context(_run(run_id))
    return download(pdf.result_report(**context), "application/pdf", f"selection-{run_id}.pdf")


@bp.route("/runs/<int:run_id>/panel.csv")
@staff_required
def result_csv(run_id):
    context = _result_context(_run(run_id))
    if not context["personal"]:
        abort(404)
    features = list(dict.fromkeys(q["feature"] for q in context["run"].quota_snapshot))
    header = ["role", "position", "id", "name", "contact", "probability", *features]
    rows = [
        [
            role,
            position,
            key,
            person.name if person else "",
            person.contact if person else "",
            round(p, 6),
            *[(person.features.get(f, "") if person else "") for f in features],
        ]
        for role, people in (("panel", context["members"]), ("reserve", context["reserves"]))
        for position, (person, key, p) in enumerate(people, start=1)
    ]
    return csv_response(f"selection-{run_id}.csv", header, rows)


#: candidates from the pool listed on the replacement page (the best ones; reserves all)
POOL_CANDIDATES_SHOWN = 25


@bp.route("/runs/<int:run_id>/replace/<member>", methods=["GET", "POST"])
@staff_required
def replace(run_id, member):
    run = _run(run_id)
    if run.stage != "drawn" or run.result is None:
        abort(404)
    try:
        candidates = replacements.replacement_candidates(run, member)
    except DomainError:
        abort(404)
    shown = [c for c in candidates if c.source == "reserve"]
    shown += [c for c in candidates if c.source == "pool"][:POOL_CANDIDATES_SHOWN]
    proposal = replacements.proposal(candidates)
    form = ReplacementForm(
        choice=(proposal or (candidates[0] if candidates else None) or _NONE).key
    )
    form.choice.choices = [(c.key, c.key) for c in shown]
    if form.validate_on_submit() and perform(
        replacements.replace_member,
        run,
        member,
        form.choice.data,
        form.reason.data,
        current_user,
        utcnow(),
        form=form,
    ):
        flash(_("%(new)s takes the seat of %(old)s.", new=form.choice.data, old=member), "success")
        return redirect(url_for(".result", run_id=run.id))
    people = {r.external_id: r for r in respondent_pool.respondents(run.assembly)}
    return render_template(
        "sortition/replace.html",
        run=run,
        assembly=run.assembly,
        form=form,
        member=member,
        people=people,
        proposal=proposal,
        candidates=shown,
    )


class _NONE:
    key = None


@bp.route("/<slug>/publish", methods=["POST"])
@staff_required
def publish(slug):
    assembly = _assembly(slug)
    if ActionForm().validate_on_submit() and perform(
        assemblies.set_published, assembly, not assembly.published, current_user, utcnow()
    ):
        flash(
            _("The public page is online.")
            if assembly.published
            else _("The public page is offline."),
            "success",
        )
    return redirect(url_for(".assembly", slug=slug))
