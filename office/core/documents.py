"""The one document pipeline: every PDF the office hands out is an `OfficeDocument`.

fpdf2 with DejaVu Sans shipped in office/static/fonts (Bitstream Vera licence, copied from
Debian's fonts-dejavu-core): the font covers every Latin, Greek and Cyrillic letter and the
typographic signs („“ – € …), is embedded as a subset with a Unicode map (the text can be
searched, copied and read aloud), and nothing is downloaded or installed at run time.
Chosen over HTML-to-PDF (WeasyPrint) because fpdf2 is pure Python: no Pango/Cairo system
libraries on the server, and the page layout is code that the tests exercise.

The caller formats numbers, dates and money with office.core.i18n (the reader's language);
each page carries the office's name and a page count in its footer.
"""

from pathlib import Path

from flask import Response, current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FAMILY = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
GREY = (74, 79, 87)


def download(body: bytes | str, mimetype: str, filename: str, inline: bool = False) -> Response:
    """A file the browser saves, or with `inline` shows (a PDF in its viewer)."""
    disposition = "inline" if inline else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{filename}"'}
    return Response(body, mimetype=mimetype, headers=headers)


def hex_colour(value: str) -> tuple[int, int, int]:
    """ "#0072B2" as (0, 114, 178)."""
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class OfficeDocument(FPDF):
    """An A4 document in the reader's language with the office's name on every page."""

    def __init__(self, title: str, landscape: bool = False):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        for style, name in FONT_FILES.items():
            self.add_font(FAMILY, style, str(FONT_DIR / name))
        self.office = current_app.config["OFFICE_NAME"]
        self.set_title(title)
        self.set_author(self.office)
        self.set_creator(self.office)
        self.set_lang(str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(20, 20, 20)
        self.set_font(FAMILY, size=11)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*GREY)
        page = _("Page %(page)s of %(pages)s", page=self.page_no(), pages="{nb}")
        self.cell(0, 5, f"{self.office} · {page}", align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 18) -> None:
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, str(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def para(self, text: str, size: int = 11, style: str = "") -> None:
        self.set_font(FAMILY, style, size)
        self.multi_cell(0, size * 0.48, str(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def grid(self, header, rows, widths=None, size: int = 9) -> None:
        """A table with a heading row, repeated on each page; cells are text already formatted."""
        self.set_font(FAMILY, size=size)
        heading = FontFace(emphasis="BOLD", fill_color=(235, 238, 242))
        with self.table(
            col_widths=widths, text_align="LEFT", headings_style=heading, line_height=size * 0.5
        ) as table:
            table.row([str(h) for h in header])
            for values in rows:
                table.row(["" if v is None else str(v) for v in values])
        self.ln(2)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
