"""Staff pages of the selection pipeline and the public transparency page."""

import io
import secrets
import zipfile
from pathlib import Path

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from office.core import audit_trail
from office.core.access import owned_or_404, public, staff_required
from office.core.clock import utcnow
from office.core.documents import download
from office.core.errors import NotFound
from office.core.formatting import counted
from office.core.forms import ActionForm
from office.core.transaction import perform
from office.extensions import db
from office.processes import interface as processes
from office.sortition import bp, public_bp
from office.sortition.forms import (
    AssemblyForm,
    InvitationForm,
    PurgeForm,
    UploadForm,
)
from office.sortition.models import Assembly, RegisterEntry, Respondent, SelectionRun
from office.sortition.selection import verify
from office.sortition.services import (
    assemblies,
    invitations,
    privacy,
    publication,
    replacements,
    runs,
)
from office.sortition.services import pool as respondent_pool

VERIFY_SOURCE = Path(verify.__file__)


def _assembly(slug: str) -> Assembly:
    try:
        return assemblies.assembly_by_slug(slug)
    except NotFound:
        abort(404)


def _run(run_id: int) -> SelectionRun:
    run = db.session.get(SelectionRun, run_id)
    if run is None:
        abort(404)
    return run


@bp.route("/")
@staff_required
def index():
    newest_first = sa.select(Assembly).order_by(Assembly.created_at.desc())
    return render_template(
        "sortition/index.html", assemblies=list(db.session.scalars(newest_first))
    )


def _process_choices():
    return [(0, _("– none –")), *processes.processes_by_title()]


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<slug>/edit", methods=["GET", "POST"], endpoint="edit")
@staff_required
def new(slug=None):
    assembly = _assembly(slug) if slug else None
    form = AssemblyForm(obj=assembly)
    form.process_id.choices = _process_choices()
    if form.validate_on_submit() and (
        saved := perform(assemblies.save_assembly, assembly, **_assembly_data(form), form=form)
    ):
        flash(_("The assembly was saved."), "success")
        return redirect(url_for(".assembly", slug=saved.value.slug))
    return render_template("sortition/edit.html", form=form, assembly=assembly)


def _assembly_data(form: AssemblyForm) -> dict:
    """The form's fields as `save_assembly` takes them (empty choices as none)."""
    data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    data["process_id"] = data["process_id"] or None
    data["reserve_size"] = data["reserve_size"] or 0
    data["public_note"] = data["public_note"] or ""
    return data


@bp.route("/<slug>")
@staff_required
def assembly(slug):
    assembly = _assembly(slug)
    return render_template(
        "sortition/assembly.html",
        assembly=assembly,
        register_count=_count(RegisterEntry, assembly),
        invited_count=_count(RegisterEntry, assembly, RegisterEntry.invitation_rank.is_not(None)),
        pool_count=_count(Respondent, assembly),
        withdrawn_count=_count(Respondent, assembly, Respondent.withdrawn_at.is_not(None)),
        runs=runs.attempts(assembly),
        counting=runs.latest_result(assembly),
        events=publication.audit_log(assembly),
        trail=audit_trail.for_templates(),
        publish_form=ActionForm(),
    )


def _count(model, assembly: Assembly, *where) -> int:
    """How many rows of `model` the assembly has (that match `where`)."""
    stmt = sa.select(sa.func.count()).select_from(model).filter_by(assembly_id=assembly.id)
    return db.session.scalar(stmt.filter(*where))


# --- register extract and invitations --------------------------------------------------------


@bp.route("/<slug>/register", methods=["GET", "POST"])
@staff_required
def register(slug):
    assembly = _assembly(slug)
    form = UploadForm()
    if form.validate_on_submit():
        done = perform(
            invitations.import_register,
            assembly,
            form.file.data.read(),
            current_user,
            utcnow(),
            form=form,
        )
        if done:
            flash(
                str(
                    counted(
                        "%(num)s person imported from the register extract.",
                        "%(num)s people imported from the register extract.",
                        done.value,
                    )
                ),
                "success",
            )
            return redirect(url_for(".register", slug=slug))
        return _register_page(assembly, form=form, problems=getattr(done.error, "problems", []))
    return _register_page(assembly)


def _register_page(assembly, **forms):
    return render_template(
        "sortition/register.html",
        assembly=assembly,
        form=forms.get("form") or UploadForm(),
        invitation_form=forms.get("invitation_form") or InvitationForm(prefix="draw"),
        answers_form=forms.get("answers_form") or UploadForm(prefix="answers"),
        problems=forms.get("problems", []),
        invited=invitations.invited_entries(assembly, limit=50),
        total=_count(RegisterEntry, assembly),
        draws=invitations.invitation_draws(assembly),
        responses=invitations.response_table(assembly),
    )


def _draw(assembly, form):
    weights = invitations.parse_weights(form.weights.data or "")
    return invitations.draw_invitations(
        assembly,
        form.count.data,
        form.seed.data,
        form.one_per_household.data,
        utcnow(),
        reason=form.reason.data,
        weights=weights,
        actor=current_user,
    )


@bp.route("/<slug>/invitations", methods=["POST"])
@staff_required
def draw_invitations(slug):
    assembly = _assembly(slug)
    form = InvitationForm(prefix="draw")
    if form.validate_on_submit():
        done = perform(_draw, assembly, form, form=form)
        if done:
            flash(
                str(
                    counted(
                        "%(num)s invitation drawn.", "%(num)s invitations drawn.", len(done.value)
                    )
                ),
                "success",
            )
            return redirect(url_for(".register", slug=slug))
    return _register_page(assembly, invitation_form=form)


@bp.route("/<slug>/answers", methods=["POST"])
@staff_required
def import_answers(slug):
    assembly = _assembly(slug)
    form = UploadForm(prefix="answers")
    if form.validate_on_submit():
        done = perform(
            invitations.import_answers,
            assembly,
            form.file.data.read(),
            current_user,
            utcnow(),
            form=form,
        )
        if done:
            flash(
                str(counted("%(num)s answer recorded.", "%(num)s answers recorded.", done.value)),
                "success",
            )
            return redirect(url_for(".register", slug=slug))
        return _register_page(
            assembly, answers_form=form, problems=getattr(done.error, "problems", [])
        )
    return _register_page(assembly, answers_form=form)


@bp.route("/<slug>/invitations.csv")
@staff_required
def invitations_csv(slug):
    text = invitations.invitations_csv(_assembly(slug))
    return download(text.encode("utf-8"), "text/csv", f"{slug}-invitations.csv")


# --- respondent pool ----------------------------------------------------------------------


def _upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "sortition"
    path.mkdir(parents=True, exist_ok=True)
    return path


@bp.route("/<slug>/pool", methods=["GET", "POST"])
@staff_required
def pool(slug):
    assembly = _assembly(slug)
    form = UploadForm()
    preview = token = None
    if form.validate_on_submit():
        data = form.file.data.read()
        preview = respondent_pool.preview_pool(assembly, data)
        if preview.ok:
            token = secrets.token_hex(12)
            (_upload_dir() / f"{token}.csv").write_bytes(data)
    return render_template(
        "sortition/pool.html",
        assembly=assembly,
        form=form,
        preview=preview,
        token=token,
        respondents=respondent_pool.respondents(assembly),
        action_form=ActionForm(),
    )


@bp.route("/<slug>/pool/<token>", methods=["POST"])
@staff_required
def import_pool(slug, token):
    assembly = _assembly(slug)
    path = _upload_dir() / f"{token}.csv"
    if not token.isalnum() or not path.exists() or not ActionForm().validate_on_submit():
        flash(_("The preview has expired. Upload the file again."), "error")
        return redirect(url_for(".pool", slug=slug))
    imported = perform(
        respondent_pool.import_pool, assembly, path.read_bytes(), current_user, utcnow()
    )
    if imported:
        path.unlink(missing_ok=True)
        flash(
            str(
                counted(
                    "%(num)s respondent imported.", "%(num)s respondents imported.", imported.value
                )
            ),
            "success",
        )
    return redirect(url_for(".pool", slug=slug))


@bp.route("/<slug>/respondents/<int:respondent_id>/withdraw", methods=["POST"])
@staff_required
def withdraw(slug, respondent_id):
    assembly = _assembly(slug)
    respondent = owned_or_404(Respondent, respondent_id, assembly_id=assembly.id)
    if ActionForm().validate_on_submit() and perform(
        respondent_pool.set_withdrawn, respondent, not respondent.withdrawn, utcnow()
    ):
        flash(
            _("%(id)s withdrew.", id=respondent.external_id)
            if respondent.withdrawn
            else _("%(id)s is back in the pool.", id=respondent.external_id),
            "success",
        )
    return redirect(url_for(".pool", slug=slug) + f"#respondent-{respondent.id}")


@bp.route("/<slug>/purge", methods=["GET", "POST"])
@staff_required
def purge(slug):
    assembly = _assembly(slug)
    form = PurgeForm()
    if form.validate_on_submit() and perform(
        privacy.purge_assembly, assembly, utcnow(), current_user, form=form
    ):
        flash(_("The personal data were deleted; the public record is unchanged."), "success")
        return redirect(url_for(".assembly", slug=slug))
    return render_template("sortition/purge.html", assembly=assembly, form=form)


def _published(slug: str) -> Assembly:
    assembly = db.session.scalar(sa.select(Assembly).filter_by(slug=slug, published=True))
    if assembly is None:
        abort(404)
    return assembly


@public_bp.route("/<slug>")
@public
def public_page(slug):
    assembly = _published(slug)
    run = runs.latest_result(assembly)
    table = replacements.quota_table(run) if run is not None else []
    return render_template(
        "sortition/public.html",
        assembly=assembly,
        run=run,
        table=table,
        attempts=[a for a in runs.attempts(assembly) if a.committed_at or a.drawn_at],
        commitment=publication.commitment,
        draw=invitations.counting_draw(assembly),
        draws=invitations.invitation_draws(assembly),
        answers=invitations.answer_counts(assembly),
    )


def _published_files(slug: str, attempt: int) -> dict:
    numbered = sa.select(SelectionRun).filter_by(assembly_id=_published(slug).id, attempt=attempt)
    run = db.session.scalar(numbered)
    if run is None or run.committed_at is None:
        abort(404)
    return run.public_files


@public_bp.route("/<slug>/attempts/<int:attempt>/<name>")
@public
def public_file(slug, attempt, name):
    files = _published_files(slug, attempt)
    if name not in files:
        abort(404)
    mimetype = "text/csv" if name.endswith(".csv") else "application/json"
    return Response(files[name], mimetype=mimetype + "; charset=utf-8")


@public_bp.route("/<slug>/attempts/<int:attempt>.zip")
@public
def public_files_zip(slug, attempt):
    files = _published_files(slug, attempt)
    verify = VERIFY_SOURCE.read_text(encoding="utf-8")
    archive = _zipped(f"{slug}-{attempt}", sorted(files.items()) + [("verify.py", verify)])
    return download(archive, "application/zip", f"{slug}-{attempt}.zip")


def _zipped(folder: str, files: list[tuple[str, str]]) -> bytes:
    """A zip archive of the named texts, in one folder."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files:
            archive.writestr(f"{folder}/{name}", text)
    return out.getvalue()


@public_bp.route("/verify.py")
@public
def verify_script():
    """The public's procedure: the same file the office draws with."""
    return Response(
        VERIFY_SOURCE.read_text(encoding="utf-8"), mimetype="text/x-python; charset=utf-8"
    )
