"""Citizens' assemblies staffed by lot: register extract, pool, quotas, runs and their results."""

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from office.core.db import TimestampMixin, UTCDateTime, one_of
from office.extensions import db

ASSEMBLY_STATUSES = ("preparing", "invited", "selected", "completed")
RUN_STATUSES = ("queued", "running", "done", "failed", "cancelled")


class Assembly(TimestampMixin, db.Model):
    """A citizens' assembly (Bürgerrat / borgerting) whose members are drawn by lot."""

    __tablename__ = "sortition_assemblies"
    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(120), nullable=False, unique=True)
    title = db.Column(db.String(300), nullable=False)
    #: the process of the catalogue this assembly belongs to (method: citizens' assembly)
    process_id = db.Column(db.Integer, db.ForeignKey("processes.id", ondelete="SET NULL"))
    panel_size = db.Column(db.Integer, nullable=False, default=30)
    #: reserves drawn after the panel, to replace drop-outs
    reserve_size = db.Column(db.Integer, nullable=False, default=10)
    #: at most one member per household (in the invitation lottery and on the panel)
    household_rule = db.Column(db.Boolean, nullable=False, default=True)
    #: the published seed of the invitation lottery and of the selection
    seed = db.Column(db.String(100), nullable=False, default="")
    #: invitations to draw from the register extract
    invitation_count = db.Column(db.Integer, nullable=False, default=0)
    invitation_drawn_at = db.Column(UTCDateTime())
    #: sha256 of the register extract the invitations were drawn from
    register_checksum = db.Column(db.String(64))
    #: last day of the assembly; personal data are purged `purge_after_days` later
    ends_on = db.Column(db.Date)
    purge_after_days = db.Column(db.Integer, nullable=False, default=90)
    purged_at = db.Column(UTCDateTime())
    #: the public transparency page is visible
    published = db.Column(db.Boolean, nullable=False, default=False)
    #: plain-words note shown on the public page (optional)
    public_note = db.Column(db.Text, nullable=False, default="")
    #: key of the pseudonyms in the published files (HMAC of the id); deleted by the purge
    pseudonym_key = db.Column(db.String(64))
    #: names on the public page: {"feature" or "feature/category": {"de": .., "da": .., "en": ..}}
    category_labels = db.Column(db.JSON, nullable=False, default=dict)

    process = db.relationship("Process")
    quotas = db.relationship(
        "Quota",
        back_populates="assembly",
        cascade="all, delete-orphan",
        order_by="(Quota.position, Quota.id)",
    )

    def __str__(self):
        return self.title

    def label(self, locale: str, feature: str, category: str | None = None) -> str:
        """The office's name of a feature or category in `locale`, else the value itself."""
        names = (self.category_labels or {}).get(label_key(feature, category), {})
        return names.get(str(locale)) or category or feature


def label_key(feature: str, category: str | None) -> str:
    """Where the office's names of a feature, or of one of its categories, are kept."""
    return feature if category is None else f"{feature}/{category}"


class RegisterEntry(db.Model):
    """One person of the register extract (personal data; purged after the assembly)."""

    __tablename__ = "sortition_register_entries"
    __table_args__ = (sa.UniqueConstraint("assembly_id", "external_id"),)
    id = db.Column(db.Integer, primary_key=True)
    assembly_id = db.Column(
        db.Integer, db.ForeignKey("sortition_assemblies.id", ondelete="CASCADE"), nullable=False
    )
    external_id = db.Column(db.String(100), nullable=False)
    name = db.Column(db.String(300), nullable=False)
    address = db.Column(db.String(300), nullable=False)
    postcode = db.Column(db.String(20), nullable=False)
    household_key = db.Column(db.String(200))
    #: the stratum of a stratified invitation lottery (e.g. a district or age group), optional
    stratum = db.Column(db.String(100))
    #: the language of the letter (de, da, en), optional
    language = db.Column(db.String(5))
    #: position in the invitation draw that counts (1 = drawn first); None = not invited
    invitation_rank = db.Column(db.Integer, index=True)
    #: printed on the letter; answers may give it instead of the register id
    invitation_code = db.Column(db.String(12))
    #: yes (joined the pool), no, unreachable, withdrew; None = no answer (yet)
    answer = db.Column(db.String(12))


class InvitationDraw(db.Model):
    """One invitation lottery: numbered, never changed; the last one counts."""

    __tablename__ = "sortition_invitation_draws"
    __table_args__ = (sa.UniqueConstraint("assembly_id", "attempt"),)
    id = db.Column(db.Integer, primary_key=True)
    assembly_id = db.Column(
        db.Integer, db.ForeignKey("sortition_assemblies.id", ondelete="CASCADE"), nullable=False
    )
    attempt = db.Column(db.Integer, nullable=False)
    reason = db.Column(db.Text, nullable=False, default="")
    seed = db.Column(db.String(100), nullable=False)
    one_per_household = db.Column(db.Boolean, nullable=False)
    requested = db.Column(db.Integer, nullable=False)
    drawn = db.Column(db.Integer, nullable=False)
    register_size = db.Column(db.Integer, nullable=False)
    #: sha256 of the register extract drawn from
    register_checksum = db.Column(db.String(64), nullable=False)
    #: {stratum: weight}; empty = every resident the same weight
    weights = db.Column(db.JSON, nullable=False, default=dict)
    #: public, per stratum: {stratum: {register, invited, weight}}; answers frozen at the purge
    strata = db.Column(db.JSON, nullable=False, default=dict)
    #: personal: the drawn register ids in draw order (None once purged)
    drawn_ids = db.Column(db.JSON)
    drawn_at = db.Column(UTCDateTime(), nullable=False)
    drawn_by_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))

    drawn_by = db.relationship("User")


class Respondent(db.Model):
    """Someone who answered the invitation (personal data; purged after the assembly)."""

    __tablename__ = "sortition_respondents"
    __table_args__ = (sa.UniqueConstraint("assembly_id", "external_id"),)
    id = db.Column(db.Integer, primary_key=True)
    assembly_id = db.Column(
        db.Integer, db.ForeignKey("sortition_assemblies.id", ondelete="CASCADE"), nullable=False
    )
    external_id = db.Column(db.String(100), nullable=False)
    name = db.Column(db.String(300), nullable=False, default="")
    contact = db.Column(db.String(320), nullable=False, default="")
    household_key = db.Column(db.String(200))
    #: {feature: category}
    features = db.Column(db.JSON, nullable=False, default=dict)
    withdrawn_at = db.Column(UTCDateTime())

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Quota(db.Model):
    """Minimum and maximum seats of one category of one feature (e.g. age 16-29: 5 to 7)."""

    __tablename__ = "sortition_quotas"
    __table_args__ = (
        sa.UniqueConstraint("assembly_id", "feature", "category"),
        sa.CheckConstraint("minimum >= 0 AND maximum >= 0", name="non_negative"),
    )
    id = db.Column(db.Integer, primary_key=True)
    assembly_id = db.Column(
        db.Integer, db.ForeignKey("sortition_assemblies.id", ondelete="CASCADE"), nullable=False
    )
    feature = db.Column(db.String(100), nullable=False)
    category = db.Column(db.String(100), nullable=False)
    minimum = db.Column(db.Integer, nullable=False, default=0)
    maximum = db.Column(db.Integer, nullable=False, default=0)
    #: share of the population in this category (0-1), when the quota was derived from it
    population_share = db.Column(db.Float)
    position = db.Column(db.Integer, nullable=False, default=0)

    assembly = db.relationship("Assembly", back_populates="quotas")


class SelectionRun(TimestampMixin, db.Model):
    """One selection, run in the background; its result is stored with everything to verify it."""

    __tablename__ = "sortition_runs"
    __table_args__ = (one_of("status", RUN_STATUSES),)
    id = db.Column(db.Integer, primary_key=True)
    assembly_id = db.Column(
        db.Integer, db.ForeignKey("sortition_assemblies.id", ondelete="CASCADE"), nullable=False
    )
    status = db.Column(db.String(12), nullable=False, default="queued", index=True)
    algorithm = db.Column(db.String(20), nullable=False)
    #: the solvers that ran (LP and integer programs), e.g. "HiGHS 1.15.1 (LP), CBC (committees)"
    solver = db.Column(db.String(120), nullable=False, default="")
    library_version = db.Column(db.String(30), nullable=False, default="")
    #: the published seed, typed in after the commitment was published ("" until then)
    seed = db.Column(db.String(100), nullable=False, default="")
    #: numbered per assembly: 1, 2, ...; every attempt after the first states its reason
    attempt = db.Column(db.Integer, nullable=False, default=1)
    reason = db.Column(db.Text, nullable=False, default="")
    reserve_size = db.Column(db.Integer, nullable=False, default=0)
    #: the public source of the seed, named in the commitment (e.g. a lottery draw of a date)
    seed_source = db.Column(db.String(300), nullable=False, default="")
    committed_at = db.Column(UTCDateTime())
    committed_by_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    drawn_at = db.Column(UTCDateTime())
    drawn_by_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))
    #: the published files of the attempt ({name: text}): pseudonymous, kept after the purge
    public_files = db.Column(db.JSON)
    household_rule = db.Column(db.Boolean, nullable=False, default=False)
    panel_size = db.Column(db.Integer, nullable=False)
    #: sha256 of the pool (features, households, withdrawals) and of the quotas at the start
    pool_checksum = db.Column(db.String(64), nullable=False)
    quota_checksum = db.Column(db.String(64), nullable=False)
    progress = db.Column(db.Float, nullable=False, default=0.0)
    progress_message = db.Column(db.String(200), nullable=False, default="")
    #: written by the worker every few seconds; a stale heartbeat means the worker died
    heartbeat_at = db.Column(UTCDateTime())
    worker_token = db.Column(db.String(40))
    attempts = db.Column(db.Integer, nullable=False, default=0)
    cancel_requested = db.Column(db.Boolean, nullable=False, default=False)
    started_at = db.Column(UTCDateTime())
    finished_at = db.Column(UTCDateTime())
    seconds = db.Column(db.Float)
    error = db.Column(db.Text)
    #: the quotas as they were: [{feature, category, minimum, maximum, population_share}]
    quota_snapshot = db.Column(db.JSON, nullable=False, default=list)
    #: lowest / median probability, committees in the distribution, solver statistics
    summary = db.Column(db.JSON, nullable=False, default=dict)
    #: anonymous: [{"features": {...}, "probability": p, "selected": bool}] - kept after purge
    profile = db.Column(db.JSON, nullable=False, default=list)
    #: personal: {"panel": [external ids], "reserves": [...], "probabilities": {id: p}}
    result = db.Column(db.JSON)
    created_by_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))

    assembly = db.relationship("Assembly")
    created_by = db.relationship("User", foreign_keys=[created_by_id])
    committed_by = db.relationship("User", foreign_keys=[committed_by_id])
    drawn_by = db.relationship("User", foreign_keys=[drawn_by_id])
    replacements = db.relationship(
        "Replacement", back_populates="run", order_by="Replacement.id", cascade="all"
    )

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed", "cancelled")

    @property
    def stage(self) -> str:
        """Where the attempt is: computing, computed, committed, drawn (or failed, cancelled)."""
        if self.status != "done":
            return "computing" if self.status in ("queued", "running") else self.status
        if self.drawn_at is not None:
            return "drawn"
        return "committed" if self.committed_at is not None else "computed"

    @property
    def solver_label(self) -> str:
        """The solvers that ran, with the stored English notes (engine.solver_description) in
        the reader's language."""
        notes = {
            "(LP and committees)": _("linear programs and panel search"),
            "(committees)": _("panel search"),
            "(convex program)": _("convex program"),
        }
        return re.sub(
            r"\([^)]*\)", lambda m: f"({notes.get(m.group(0), m.group(0)[1:-1])})", self.solver
        )


class Replacement(db.Model):
    """A member who dropped out and the reserve who took the seat."""

    __tablename__ = "sortition_replacements"
    id = db.Column(db.Integer, primary_key=True)
    run_id = db.Column(
        db.Integer, db.ForeignKey("sortition_runs.id", ondelete="CASCADE"), nullable=False
    )
    #: the ids of the register ("" once purged); the pseudonyms are those of the public files
    dropped_external_id = db.Column(db.String(100), nullable=False)
    replacement_external_id = db.Column(db.String(100), nullable=False)
    dropped_pseudonym = db.Column(db.String(16), nullable=False, default="")
    replacement_pseudonym = db.Column(db.String(16), nullable=False, default="")
    #: the quota features of both ({feature: category}): public, kept after the purge
    dropped_features = db.Column(db.JSON)
    replacement_features = db.Column(db.JSON)
    #: "reserve" or "pool"
    source = db.Column(db.String(10), nullable=False, default="reserve")
    #: quotas the panel breaks after the replacement: [{feature, category, seats}]
    broken = db.Column(db.JSON, nullable=False, default=list)
    #: published with the replacement
    reason = db.Column(db.String(300), nullable=False, default="")
    recorded_at = db.Column(UTCDateTime(), nullable=False)
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="SET NULL"))

    run = db.relationship("SelectionRun", back_populates="replacements")
