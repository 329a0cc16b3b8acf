"""One way to build Arrangeer's PDFs: HTML templates printed by WeasyPrint
(docs/adr/0009-pdf-from-html.md). Every document extends `pdf/base.html` and its one print
stylesheet (`pdf/print.css`): A4 with 2 cm margins, the confidential mark at the top where the
document holds a child's data, "Pagina x van y" at the foot, headings kept with what follows.
The PDF is tagged PDF/UA-1: a structure tree from the HTML (headings, paragraphs, tables,
lists) in reading order, the language in the catalog (`/Lang`), the title shown by the reader,
the fonts (DejaVu) embedded.

    body = render_pdf("meetings/pdf/minutes.html", {"meeting": ...},
                      title=_("Minutes of the MDO"), subject=..., mark=CONFIDENTIAL_CHILD)

Dates and numbers are formatted before they reach the template (core/numbers.py: 31-12-2026,
"2,5"), as the pages do. The builders still on ReportLab use `render` and the flowable helpers
below until they move; then ReportLab goes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

AUTHOR = "Arrangeer"
# The header of a document that holds a child's data (the groeidocument, the minutes) and of
# the documents built of the export's parts (the whole file, the handover summary).
CONFIDENTIAL_CHILD = gettext_lazy("CONFIDENTIAL — special-category personal data about a child")
CONFIDENTIAL = gettext_lazy("CONFIDENTIAL — special-category personal data")

_MARK_RED = "#a4000f"
# The PDF variant: tagged, with the language, the title shown and the fonts embedded.
PDF_VARIANT = "pdf/ua-1"


def _css_string(text: str) -> str:
    """Text inside a CSS string in double quotes."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _page_css() -> str:
    """The footer's CSS content: "Pagina " counter(page) " van " counter(pages), in the
    active language."""
    label = _css_string(_("Page %(n)d of %(total)d"))
    label = label.replace("%(n)d", '" counter(page) "').replace("%(total)d", '" counter(pages) "')
    return f'"{label}"'


def render_pdf(
    template: str,
    context: Mapping[str, Any],
    *,
    title: Any,
    lang: str | None = None,
    subject: Any = "",
    mark: Any = "",
) -> bytes:
    """The template (extending `pdf/base.html`) as a tagged PDF/UA document. `lang` is the
    document's language (the active one when None); the template is rendered in it, and it
    is the catalog's `/Lang`. `mark` is the confidential mark, empty for a document without
    a child's data."""
    from weasyprint import HTML

    language = lang or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        meta = {
            "lang": language,
            "title": str(title),
            "subject": str(subject),
            "author": AUTHOR,
            "mark": str(mark),
            "mark_css": _css_string(str(mark)),
            "page_css": _page_css(),
        }
        html = render_to_string(template, {**context, "pdf": meta})
    return bytes(HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT))


# ReportLab, for the builders that have not moved yet ---------------------------------------
_SHADE = "#f3f5f8"
_HEADINGS = ("Heading2", "Heading3", "Heading4")


@cache
def styles() -> Any:
    """ReportLab's sample styles with headings kept with what follows them; shared, not to be
    changed by a document."""
    from reportlab.lib.styles import getSampleStyleSheet

    sheet = getSampleStyleSheet()
    for name in _HEADINGS:
        sheet[name].keepWithNext = 1  # a heading never stands alone at the foot of a page
    return sheet


def paragraph(text: Any, style: str = "BodyText") -> Any:
    """Text as written (escaped, its line breaks kept) in one of the shared styles."""
    from reportlab.platypus import Paragraph

    value = escape("" if text is None else str(text)).replace("\n", "<br/>")
    return Paragraph(value, styles()[style])


def label_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float | None] | None = None,
    *,
    label_style: str = "BodyText",
) -> Any:
    """Labels in a shaded first column, the values beside them."""
    from reportlab.platypus import Table

    body = [
        [paragraph(row[0], label_style), *(paragraph(cell) for cell in row[1:])] for row in rows
    ]
    table = Table(body, colWidths=widths)
    table.setStyle(_lines(shade=((0, 0), (0, -1))))
    return table


def grid(
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float | None] | None = None,
) -> Any:
    """A table under a shaded header row, repeated on a new page."""
    from reportlab.platypus import Table

    body = [[paragraph(cell, "Heading6") for cell in header]]
    body += [[paragraph(cell) for cell in row] for row in rows]
    table = Table(body, colWidths=widths, repeatRows=1)
    table.setStyle(_lines(shade=((0, 0), (-1, 0))))
    return table


def _lines(*, shade: tuple[tuple[int, int], tuple[int, int]]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", *shade, colors.HexColor(_SHADE)),
        ]
    )


def render(story: list[Any], *, title: Any, subject: Any, mark: Any = "") -> bytes:
    """The story as an A4 PDF with the shared header and footer and the document's metadata.
    `mark` is the confidential mark (`CONFIDENTIAL_CHILD`, `CONFIDENTIAL`), empty for a
    document without a child's data. The language is the active one (a document made in Dutch
    whatever the reader's language runs under `translation.override("nl")`)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    header = str(mark)

    def on_page(canvas: Any, doc: Any) -> None:
        if not header:
            return
        from reportlab.lib import colors

        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 9)
        canvas.setFillColor(colors.HexColor(_MARK_RED))
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, header)
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=str(title),
        author=AUTHOR,
        subject=str(subject),
        lang=translation.get_language() or settings.LANGUAGE_CODE,
        displayDocTitle=True,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=_paged_canvas())
    return buffer.getvalue()


@cache
def _paged_canvas() -> type:
    """A canvas that holds its pages until the end, so each footer can say how many there are."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfgen.canvas import Canvas

    class PagedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                self.setFont("Helvetica", 8)
                self.setFillColorRGB(0, 0, 0)
                self.drawRightString(
                    A4[0] - 2 * cm,
                    1.2 * cm,
                    _("Page %(n)d of %(total)d") % {"n": number, "total": total},
                )
                super().showPage()
            super().save()

    return PagedCanvas
