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
"2,5"), as the pages do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
