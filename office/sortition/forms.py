"""Forms of the sortition pages (field-level checks only; the rules live in services)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, Regexp

from office.core.forms import DateField, IntegerField, Length, NumberRange, coerce_id

ALGORITHM_CHOICES = [
    ("leximin", _l("LEXIMIN (recommended): the fairest chances, on open-source solvers")),
    ("maximin", _l("Maximin: the highest lowest chance")),
    ("nash", _l("Nash: the highest product of chances")),
]


class AssemblyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    slug = StringField(
        _l("Web address"),
        description=_l("Lower-case letters, digits and hyphens; the public page is /assemblies/…"),
        validators=[DataRequired(), Length(max=120), Regexp(r"^[a-z0-9][a-z0-9-]*$")],
    )
    process_id = SelectField(_l("Process"), coerce=coerce_id, validators=[Optional()])
    panel_size = IntegerField(
        _l("Seats on the panel"), validators=[DataRequired(), NumberRange(min=1, max=1000)]
    )
    reserve_size = IntegerField(
        _l("Reserves"),
        description=_l("People drawn after the panel to replace drop-outs."),
        validators=[Optional(), NumberRange(min=0, max=1000)],
        default=10,
    )
    household_rule = BooleanField(_l("At most one person per household"), default=True)
    ends_on = DateField(
        _l("Last day of the assembly"),
        description=_l("Personal data are deleted after this day plus the retention period."),
        validators=[Optional()],
    )
    purge_after_days = IntegerField(
        _l("Retention period (days)"),
        validators=[DataRequired(), NumberRange(min=0, max=3650)],
        default=90,
    )
    public_note = TextAreaField(
        _l("Note for the public page"), validators=[Optional(), Length(max=5000)]
    )


class UploadForm(FlaskForm):
    file = FileField(
        _l("CSV file"),
        description=_l("UTF-8, comma or semicolon separated, with a header line."),
        validators=[FileRequired()],
    )


class InvitationForm(FlaskForm):
    count = IntegerField(_l("Invitations to draw"), validators=[DataRequired(), NumberRange(min=1)])
    seed = StringField(
        _l("Seed"),
        description=_l("Published before the draw, e.g. the lottery numbers of a set date."),
        validators=[DataRequired(), Length(max=100)],
    )
    one_per_household = BooleanField(_l("At most one invitation per household"), default=True)
    weights = TextAreaField(
        _l("Weights per stratum (optional)"),
        description=_l(
            "A stratified lottery: one line per stratum of the register's “stratum” column, as "
            "“stratum = weight”; a stratum with weight 2 is about twice as likely to be invited. "
            "Published."
        ),
        validators=[Optional(), Length(max=5000)],
    )
    reason = TextAreaField(
        _l("Reason for a new draw"),
        description=_l("Needed for every draw after the first; it is published."),
        validators=[Optional(), Length(max=2000)],
    )


class RunForm(FlaskForm):
    algorithm = RadioField(
        _l("Algorithm"), choices=ALGORITHM_CHOICES, default="leximin", validators=[DataRequired()]
    )
    reason = TextAreaField(
        _l("Reason for a new attempt"),
        description=_l("Needed for every attempt after the first; it is published."),
        validators=[Optional(), Length(max=2000)],
    )


class CommitmentForm(FlaskForm):
    seed_source = StringField(
        _l("Public source of the seed"),
        description=_l(
            "Fixed now, before it is known: e.g. “Lotto 6 aus 49 of Saturday 12 December 2026, "
            "the six numbers in the order drawn”."
        ),
        validators=[DataRequired(), Length(max=300)],
    )


class SeedForm(FlaskForm):
    seed = StringField(
        _l("Seed"),
        description=_l("Exactly as the named source published it."),
        validators=[DataRequired(), Length(max=100)],
    )


class ReplacementForm(FlaskForm):
    choice = RadioField(_l("Who takes the seat"), validators=[DataRequired()], choices=[])
    reason = StringField(
        _l("Reason"),
        description=_l("Published with the replacement; no health or other sensitive details."),
        validators=[DataRequired(), Length(max=300)],
    )


class PurgeForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand: the personal data of this assembly are deleted for good."),
        validators=[DataRequired()],
    )
