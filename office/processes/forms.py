from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Optional

from office.core.forms import (
    DateField,
    DecimalField,
    IntegerField,
    Length,
    MultiCheckboxField,
    NumberRange,
    SubmissionKeyMixin,
    WebAddress,
    coerce_id,
    coerce_optional_id,
)
from office.core.translations import TranslatedForm, add_translation_fields
from office.methods.labels import level_choices
from office.processes.labels import (
    ANSWER_LABELS,
    IMPLEMENTATION_LABELS,
    KIND_LABELS,
    PLEDGE_LABELS,
    STATUS_LABELS,
)
from office.processes.rules import COMMENT_AUTHOR_RETENTION_DAYS


class ProcessForm(TranslatedForm, FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    summary = TextAreaField(_l("Summary"), validators=[DataRequired(), Length(max=5000)])
    status = SelectField(_l("Status"), choices=list(STATUS_LABELS.items()))
    kind = SelectField(_l("Kind of process"), choices=list(KIND_LABELS.items()), default="process")
    follows = SelectField(
        _l("Continues the assembly"),
        coerce=coerce_optional_id,
        validate_choice=True,
        description=_l(
            "For a strategy meeting: the citizens' assembly whose recommendations it carries."
        ),
    )
    level = SelectField(_l("Participation level"), choices=level_choices())
    lead_department = SelectField(
        _l("Lead department"), coerce=coerce_optional_id, validators=[Optional()]
    )
    methods = MultiCheckboxField(_l("Methods"), coerce=coerce_id)
    districts = MultiCheckboxField(_l("Districts"), coerce=coerce_id)
    topics = MultiCheckboxField(_l("Topics"), coerce=coerce_id)
    contacts = MultiCheckboxField(
        _l("Contact people"),
        coerce=coerce_id,
        description=_l("The participation contacts of the departments (from the contacts)."),
    )
    cost_estimate = DecimalField(
        _l("Cost estimate"), places=2, validators=[Optional(), NumberRange(min=0, max=99_999_999)]
    )
    council_reference = StringField(
        _l("Council paper"),
        description=_l("Reference of the council decision, if any."),
        validators=[Length(max=100)],
    )
    is_public = BooleanField(_l("Show in the public list of processes"), default=False)


add_translation_fields(ProcessForm, {"title": 300, "summary": 5000})


class PhaseForm(FlaskForm):
    title = StringField(_l("Phase"), validators=[DataRequired(), Length(max=200)])
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    location = StringField(_l("Location"), validators=[Length(max=200)])
    is_public_meeting = BooleanField(_l("Public meeting: show in the calendar"))


class SuggestionForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        _l("Your email address"),
        description=_l("We send you a link to confirm. Your address is not published."),
        validators=[DataRequired(), Email(), Length(max=320)],
    )
    text = TextAreaField(_l("Your suggestion"), validators=[DataRequired(), Length(max=3000)])


class ProposalForm(FlaskForm):
    title = StringField(
        _l("What should the process be about?"), validators=[DataRequired(), Length(max=300)]
    )
    description = TextAreaField(
        _l("Background and aims"), validators=[DataRequired(), Length(max=5000)]
    )
    method = SelectField(
        _l("Method you have in mind"), coerce=coerce_optional_id, validators=[Optional()]
    )
    based_on = SelectField(
        _l("Similar process in the catalogue"), coerce=coerce_optional_id, validators=[Optional()]
    )
    wanted_start = DateField(_l("Wanted start"), validators=[Optional()])


class RecommendationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    text = TextAreaField(_l("Recommendation"), validators=[DataRequired(), Length(max=10000)])
    department = SelectField(
        _l("Responsible department"), coerce=coerce_optional_id, validators=[Optional()]
    )
    answer_due_on = DateField(_l("Answer due by"), validators=[Optional()])
    due_on = DateField(_l("Implementation due by"), validators=[Optional()])
    council_paper_url = StringField(
        _l("Council paper (OParl address)"),
        validators=[Optional(), WebAddress(), Length(max=500)],
        description=_l(
            "The paper's address in the council information system; the political answer is "
            "then taken from there every night."
        ),
    )


class AnswerForm(FlaskForm):
    answer = SelectField(_l("Political answer"), choices=list(ANSWER_LABELS.items()))
    answer_rationale = TextAreaField(_l("Rationale"), validators=[Length(max=10000)])
    answer_committee = StringField(_l("Committee"), validators=[Length(max=200)])
    answered_on = DateField(_l("Date of the decision"), validators=[Optional()])


class ProgressForm(FlaskForm):
    progress = IntegerField(
        _l("Progress in percent"),
        validators=[InputRequired(message=_l("Enter a number from 0 to 100."))],
    )
    implementation = SelectField(_l("Implementation"), choices=list(IMPLEMENTATION_LABELS.items()))
    reported_on = DateField(_l("Date"), validators=[DataRequired()])
    note = TextAreaField(_l("What happened"), validators=[DataRequired(), Length(max=5000)])


class PledgeForm(FlaskForm):
    """A partner's pledge to a recommendation, recorded by staff."""

    organisation = SelectField(
        _l("Partner"),
        coerce=coerce_optional_id,
        validate_choice=True,
        description=_l("An organisation from the contacts: business, science, association ..."),
    )
    text = TextAreaField(
        _l("Pledge"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("What the partner will do, in a sentence or two."),
    )
    pledged_on = DateField(_l("Pledged on"), validators=[DataRequired()])
    meeting = SelectField(
        _l("At the strategy meeting"), coerce=coerce_optional_id, validate_choice=True
    )


class PledgeReportForm(FlaskForm):
    """What the partner did."""

    status = SelectField(_l("State"), choices=list(PLEDGE_LABELS.items()))
    progress = IntegerField(
        _l("Progress (%)"), validators=[InputRequired(), NumberRange(min=0, max=100)]
    )
    report = TextAreaField(_l("What the partner did"), validators=[Optional(), Length(max=2000)])
    reported_on = DateField(_l("Reported on"), validators=[DataRequired()])


class CommentPeriodForm(FlaskForm):
    """Open a draft for residents' comments for a set period."""

    comment_opens_on = DateField(_l("Comments from"), validators=[DataRequired()])
    comment_closes_on = DateField(_l("Comments until (last day)"), validators=[DataRequired()])


def _votes(label):
    message = _l("Enter a number of members (0 or more).")
    return IntegerField(
        label, validators=[InputRequired(message), NumberRange(min=0, message=message)]
    )


class SupportForm(FlaskForm):
    """The assembly's vote on the final text."""

    votes_for = _votes(_l("Members for"))
    votes_against = _votes(_l("Members against"))
    votes_abstained = _votes(_l("Abstentions"))


class MinorityStatementForm(FlaskForm):
    text = TextAreaField(
        _l("Minority statement"),
        validators=[DataRequired(), Length(max=10000)],
        description=_l("In the words of the members who did not agree."),
    )
    supporters = IntegerField(
        _l("Members behind the statement"),
        validators=[InputRequired(message=_l("Enter how many members support the statement."))],
    )


class CommentForm(SubmissionKeyMixin, FlaskForm):
    """A resident's comment on a recommendation open for comment (no account needed)."""

    name = StringField(
        _l("Your name"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("Shown with your comment. A first name is enough."),
    )
    email = EmailField(
        _l("Your email address"),
        validators=[DataRequired(), Email(), Length(max=320)],
        description=_l(
            "Never shown. We keep it only so that you can ask for your comment to be "
            "deleted or sent to you."
        ),
    )
    text = TextAreaField(_l("Your comment"), validators=[DataRequired(), Length(max=3000)])
    consent = BooleanField(
        _l(
            "I agree that my comment and my name are published on this page once the office has "
            "checked them. Name and email are removed %(days)s days after the comment period.",
            days=COMMENT_AUTHOR_RETENTION_DAYS,
        ),
        validators=[DataRequired(message=_l("Please agree to the publication of your comment."))],
    )
