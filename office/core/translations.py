"""Content in several languages: one mechanism for every text people write.

A model that mixes in `Translatable` keeps the required version of each of its `TRANSLATED`
fields in the field itself, in the office's language (`OFFICE_DEFAULT_LOCALE`), and optional
versions in the other languages in one JSON column, `translations`
(`{"da": {"title": "..."}, "en": {...}}`). A page shows the reader's version where it exists
and the office's otherwise, marked with `lang` so screen readers switch voice
(`{{ course|tr("title") }}`). Staff see what lacks a translation (`missing_translations`).

A form adds the optional fields with `add_translation_fields` and `TranslatedForm`.
"""

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy.orm import declared_attr
from wtforms import TextAreaField
from wtforms.validators import Optional

from office.config import LOCALES
from office.core.forms import Length
from office.extensions import db

LANGUAGE_NAMES = {"de": "Deutsch", "da": "Dansk", "en": "English"}


def office_locale() -> str:
    return current_app.config["BABEL_DEFAULT_LOCALE"]


class Localized(str):
    """A text with the language it is written in."""

    lang: str

    def __new__(cls, value: str, lang: str = ""):
        # `lang` has a default so that a pickled copy (a cached calendar entry) loads again
        text = super().__new__(cls, value)
        text.lang = lang
        return text


def version(original: str | None, translations: dict | None, field: str, locale=None) -> Localized:
    """The `locale` version (default: the reader's) of a field, else the office's `original`.

    For rows read without their object (calendar feeds): `Translatable.text` of plain values."""
    office, locale = office_locale(), str(locale or get_locale())
    if locale != office:
        text = (translations or {}).get(locale, {}).get(field)
        if text:
            return Localized(text, locale)
    return Localized(original or "", office)


class Translatable:
    """Mixin: optional versions of the `TRANSLATED` fields in the office's other languages."""

    TRANSLATED: tuple[str, ...] = ()

    @declared_attr
    def translations(cls):
        return db.Column(db.JSON, nullable=False, default=dict)

    def text(self, field: str, locale: str | None = None) -> Localized:
        """The reader's version of `field`, else the office's."""
        return version(getattr(self, field), self.translations, field, locale)

    def missing_translations(self) -> list[str]:
        """The languages in which a field that has text lacks a version."""
        office, versions = office_locale(), self.translations or {}
        written = [f for f in self.TRANSLATED if getattr(self, f)]
        return [
            locale
            for locale in LOCALES
            if locale != office and any(not versions.get(locale, {}).get(f) for f in written)
        ]


def clean_translations(values: dict) -> dict:
    """Only the versions with text, stripped: {"da": {"title": "..."}}."""
    cleaned = {}
    for locale, fields in values.items():
        kept = {f: v.strip() for f, v in fields.items() if v and v.strip()}
        if kept and locale in LOCALES:
            cleaned[locale] = kept
    return cleaned


def shown(obj: Translatable, field: str) -> Markup:
    """The reader's version of a field, in a span with `lang` when it is in another language."""
    return marked(obj.text(field))


def marked(text) -> Markup:
    """A Localized text in a span with `lang` when it is in another language than the page's."""
    lang = _other_language(text)
    if lang is None:
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(lang, text)


def lang_attr(text) -> Markup:
    """` lang="da"` for a Localized text in another language than the page's, else nothing."""
    lang = _other_language(text)
    if lang is None:
        return Markup("")
    return Markup(' lang="{}"').format(lang)


def _other_language(text) -> str | None:
    """The language of a Localized text when it is not the page's, else None."""
    lang = getattr(text, "lang", None)
    return lang if lang and lang != str(get_locale()) else None


def add_translation_fields(form_class, fields: dict[str, int]) -> None:
    """Add an optional field `tr_<locale>_<name>` for each field and language (max length)."""
    for name, max_length in fields.items():
        label = getattr(form_class, name).args[0]
        for locale in LOCALES:
            setattr(
                form_class,
                f"tr_{locale}_{name}",
                TextAreaField(
                    _l("%(field)s – %(language)s", field=label, language=LANGUAGE_NAMES[locale]),
                    validators=[Optional(), Length(max=max_length)],
                    render_kw={"lang": locale, "rows": 2},
                ),
            )


def version_data(obj: Translatable) -> dict:
    """The stored versions as form data ({"tr_da_title": ...}), for forms built from `data`."""
    return {
        f"tr_{locale}_{field}": text
        for locale, fields in (obj.translations or {}).items()
        for field, text in fields.items()
    }


class TranslatedForm:
    """Form mixin: drops the office language's version fields (the main fields are that
    version), fills the others from `obj`, and gives them back as `translations()`."""

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        self._drop_office_versions()
        if obj is not None and not self.is_submitted():
            self._show_versions(obj)

    def _drop_office_versions(self) -> None:
        office = office_locale()
        for name in [n for n in self._fields if n.startswith(f"tr_{office}_")]:
            del self[name]

    def _show_versions(self, obj: Translatable) -> None:
        for name, text in version_data(obj).items():
            if name in self:
                self[name].data = text

    def translation_names(self) -> list[str]:
        return [n for n in self._fields if n.startswith("tr_")]

    def versions(self, name: str) -> list:
        """The optional fields of `name` in the other languages (for hand-written templates)."""
        return [self[n] for n in self.translation_names() if n.split("_", 2)[2] == name]

    def translations(self) -> dict:
        values: dict = {}
        for name in self.translation_names():
            _tr, locale, field = name.split("_", 2)
            values.setdefault(locale, {})[field] = self[name].data or ""
        return clean_translations(values)
