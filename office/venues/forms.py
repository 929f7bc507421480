"""Forms of the venue directory: field-level checks only."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Email, Optional

from office.core.forms import FloatField, IntegerField, Length, NumberRange, WebAddress, coerce_id
from office.venues.labels import FEATURE_LABELS, KIND_LABELS


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return coerce_id(value)


class SuggestVenueForm(FlaskForm):
    """What an initiative tells the office about a place it knows."""

    name = StringField(_l("Name of the place"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind of place"), choices=lambda: list(KIND_LABELS.items()))
    street = StringField(
        _l("Street and number"),
        validators=[DataRequired(message=_l("Please give the address.")), Length(max=200)],
    )
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=20)])
    city = StringField(
        _l("City"), validators=[DataRequired(message=_l("Please give the city.")), Length(max=120)]
    )
    district = SelectField(_l("District"), coerce=_int_or_none, validate_choice=True)
    opening_hours = StringField(
        _l("Opening hours"),
        validators=[Optional(), Length(max=300)],
        description=_l("For example: Mon–Fri 9–18, Sat 10–14."),
    )
    step_free = BooleanField(FEATURE_LABELS["step_free"])
    accessible_toilet = BooleanField(FEATURE_LABELS["accessible_toilet"])
    hearing_loop = BooleanField(FEATURE_LABELS["hearing_loop"])
    quiet_room = BooleanField(FEATURE_LABELS["quiet_room"])
    access_note = TextAreaField(
        _l("More about access"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Entrance, lift, parking, assistance on request ..."),
    )
    capacity = IntegerField(
        _l("People the largest room holds"), validators=[Optional(), NumberRange(min=1, max=100000)]
    )
    contact_email = EmailField(
        _l("Contact email of the place"), validators=[Optional(), Email(), Length(max=320)]
    )
    contact_phone = StringField(_l("Phone of the place"), validators=[Optional(), Length(max=50)])
    website = URLField(_l("Website"), validators=[Optional(), WebAddress(), Length(max=500)])

    def set_choices(self, districts) -> None:
        self.district.choices = [("", _l("No district"))] + [(d.id, d.name) for d in districts]


class VenueForm(SuggestVenueForm):
    """Staff also place the venue on the map."""

    latitude = FloatField(
        _l("Latitude"),
        validators=[Optional(), NumberRange(min=-90, max=90)],
        description=_l("Map position in decimal degrees, for example 52.3906."),
    )
    longitude = FloatField(
        _l("Longitude"),
        validators=[Optional(), NumberRange(min=-180, max=180)],
        description=_l("For example 13.0645."),
    )


def decision_choices():
    return [
        ("publish", _l("Publish")),
        ("reject", _l("Do not take it")),
        ("archive", _l("Archive (no longer available)")),
    ]


class ModerateVenueForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=decision_choices)
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Sent to whoever suggested the place. Needed when it is not taken."),
    )


class VenueFilterForm(FlaskForm):
    class Meta:
        csrf = False

    district = SelectField(_l("District"), validators=[Optional()])
    access = SelectField(_l("Access"), validators=[Optional()])
