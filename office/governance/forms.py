from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Optional

from office.core.forms import (
    ActionForm,  # noqa: F401 - re-exported for views
    DateField,
    DateTimeLocalField,
    Length,
    coerce_optional_id,
)
from office.core.translations import TranslatedForm, add_translation_fields
from office.governance.labels import (
    ABSTENTION_LABELS,
    CHOICE_LABELS,
    FUNCTION_LABELS,
    GROUP_LABELS,
    MAJORITY_LABELS,
    QUORUM_LABELS,
    TIE_LABELS,
)
from office.venues import interface as venues


class MemberForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    email = EmailField(_l("Email address"), validators=[Optional(), Email(), Length(max=320)])
    affiliation = StringField(_l("Affiliation"), validators=[Optional(), Length(max=200)])
    group = SelectField(_l("Seat for"), choices=list(GROUP_LABELS.items()))
    function = SelectField(_l("Function"), choices=list(FUNCTION_LABELS.items()))
    starts_on = DateField(_l("Term starts"), validators=[InputRequired()])
    ends_on = DateField(_l("Term ends"), validators=[Optional()])
    publication_consent = BooleanField(
        _l("Agrees to be named in the open data (OParl)"),
        description=_l("Name, function and terms; never the email address."),
    )


class ConsentForm(FlaskForm):
    publication_consent = BooleanField(_l("Agrees to be named in the open data (OParl)"))


class TermForm(FlaskForm):
    group = SelectField(_l("Seat for"), choices=list(GROUP_LABELS.items()))
    function = SelectField(_l("Function"), choices=list(FUNCTION_LABELS.items()))
    starts_on = DateField(_l("Term starts"), validators=[InputRequired()])
    ends_on = DateField(_l("Term ends"), validators=[Optional()])


class EndTermForm(FlaskForm):
    ends_on = DateField(_l("Last day of the term"), validators=[InputRequired()])


class RulesForm(TranslatedForm, FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    effective_from = DateField(_l("In force from"), validators=[InputRequired()])
    quorum = SelectField(_l("Quorum"), choices=list(QUORUM_LABELS.items()))
    majority = SelectField(_l("Majority"), choices=list(MAJORITY_LABELS.items()))
    abstentions = SelectField(_l("Abstentions"), choices=list(ABSTENTION_LABELS.items()))
    tie = SelectField(_l("Tie"), choices=list(TIE_LABELS.items()))
    body = TextAreaField(
        _l("Text"),
        validators=[InputRequired(), Length(max=100000)],
        description=_l("Markdown: # heading, **bold**, - list, [link](https://...)."),
    )


add_translation_fields(RulesForm, {"title": 200, "body": 100000})


class MeetingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts"), validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), validators=[InputRequired()])
    venue_id = SelectField(
        _l("Venue"),
        coerce=coerce_optional_id,
        validate_choice=True,
        description=_l("A place from the directory of venues, with its address and access."),
    )
    location = StringField(
        _l("Place"),
        validators=[Optional(), Length(max=200)],
        description=_l(
            "The room at the venue, or the place in words where no venue of the directory fits."
        ),  # noqa: E501
    )
    online_url = StringField(_l("Online link"), validators=[Optional(), Length(max=500)])
    public = BooleanField(_l("Public meeting (shown in the event calendar)"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.venue_id.choices = [(None, _l("No venue from the directory"))] + venues.venue_choices()


class ItemForm(FlaskForm):
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=10000)])
    public = BooleanField(_l("Public item"), default=True)


class MinutesForm(FlaskForm):
    minutes = TextAreaField(
        _l("Minutes"),
        validators=[Optional(), Length(max=100000)],
        description=_l("Markdown: # heading, **bold**, - list, [link](https://...)."),
    )


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[InputRequired(), Length(max=5000)])


class ConflictForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=2000)],
        description=_l("You are then excluded from the vote on this item and from its quorum."),
    )


class VoteForm(FlaskForm):
    choice = RadioField(
        _l("Your vote"), choices=list(CHOICE_LABELS.items()), validators=[InputRequired()]
    )


class RecordVoteForm(FlaskForm):
    member = SelectField(_l("Member"), choices=[])
    choice = RadioField(
        _l("Vote"), choices=list(CHOICE_LABELS.items()), validators=[InputRequired()]
    )


class DecideForm(FlaskForm):
    rationale = TextAreaField(
        _l("Rationale"),
        validators=[InputRequired(), Length(max=10000)],
        description=_l("Sent to the requester and shown in the register for public items."),
    )
