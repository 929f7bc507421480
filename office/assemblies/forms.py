"""Forms of an assembly's work: field-level checks only (the services check the rules)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from office.core.forms import DateTimeLocalField, Length, MultiCheckboxField, coerce_id


def _id_or_none(value):
    if value in (None, "", "None", "0", 0):
        return None
    return coerce_id(value)


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts"), validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), validators=[InputRequired()])
    venue_id = SelectField(_l("Venue"), coerce=_id_or_none, validate_choice=True)
    place = StringField(
        _l("Place (if it is not in the list of venues)"), validators=[Length(max=300)]
    )
    agenda = TextAreaField(_l("Agenda"), validators=[Length(max=10000)])
    materials = TextAreaField(_l("Materials for the members"), validators=[Length(max=10000)])

    def set_choices(self, venues: list[tuple[int, str]]) -> None:
        self.venue_id.choices = [(None, _l("– another place –"))] + venues


class AttendanceForm(FlaskForm):
    present = MultiCheckboxField(_l("Present"), coerce=coerce_id, validate_choice=False)


class VolunteerForm(FlaskForm):
    note = TextAreaField(
        _l("When can you help, and what experience do you bring? (optional)"),
        validators=[Optional(), Length(max=2000)],
    )


class FacilitationCourseForm(FlaskForm):
    course_id = SelectField(_l("Facilitation course"), coerce=_id_or_none, validate_choice=True)


class AssignForm(FlaskForm):
    facilitator_id = SelectField(_l("Facilitator"), coerce=coerce_id, validate_choice=True)
    session_id = SelectField(_l("Session"), coerce=coerce_id, validate_choice=True)
    table = StringField(_l("Table (empty for the plenary)"), validators=[Length(max=60)])


class ExpertInputForm(FlaskForm):
    person_id = SelectField(
        _l("Expert (from the contacts)"), coerce=coerce_id, validate_choice=True
    )
    session_id = SelectField(_l("Session"), coerce=coerce_id, validate_choice=True)
    topic = StringField(_l("Topic"), validators=[DataRequired(), Length(max=300)])
    materials = MultipleFileField(_l("Materials (PDF or images)"))


class ReportForm(FlaskForm):
    foreword = TextAreaField(_l("Foreword of the report"), validators=[Length(max=10000)])
