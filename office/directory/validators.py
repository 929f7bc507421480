"""Field checks shared by the directory and calendar forms."""

from urllib.parse import urlparse

from flask_babel import lazy_gettext as _l
from wtforms.validators import URL, ValidationError


class WebAddress(URL):
    """An http(s) address: other schemes (javascript:, data:, file:) are refused."""

    def __init__(self):
        super().__init__(require_tld=True, message=_l("Please give a web address."))

    def __call__(self, form, field):
        super().__call__(form, field)
        if urlparse(field.data or "").scheme.lower() not in ("http", "https"):
            raise ValidationError(self.message)
