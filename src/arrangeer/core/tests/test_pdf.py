"""The one PDF renderer (HTML printed by WeasyPrint as tagged PDF/UA): the page, the mark,
"Pagina x van y", the metadata and the structure every document carries (the documents' own
tests check each document kind through its page)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.test import override_settings
from django.utils import translation

import pytest

from arrangeer.core import pdf
from arrangeer.testing.pdf import assert_accessible, pdf_info, pdf_words, structure_types

_SAMPLES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _sample_templates():
    engines = [
        {**engine, "DIRS": [*engine.get("DIRS", []), _SAMPLES]} for engine in settings.TEMPLATES
    ]
    with override_settings(TEMPLATES=engines):
        yield


def _render(paragraphs: int, rows: int = 0, **kwargs) -> bytes:
    context = {
        "heading": "Verslag",
        "paragraphs": [f"Alinea {n} <b>&" for n in range(paragraphs)],
        "rows": [(f"{n}-1-2026", f"regel een\nregel twee {n}") for n in range(rows)],
    }
    return pdf.render_pdf("pdf_sample/report.html", context, **kwargs)


def test_each_page_says_which_of_how_many_it_is_under_the_mark():
    with translation.override("nl"):
        body = _render(
            60, title="Verslag — één", subject="Een verslag", mark=pdf.CONFIDENTIAL_CHILD
        )
    words = pdf_words(body)
    total = words.count("Pagina ")
    assert total >= 3
    assert [f"Pagina {n} van {total}" in words for n in range(1, total + 1)] == [True] * total
    mark = "VERTROUWELIJK — bijzondere persoonsgegevens over een kind"
    assert words.count(mark) == total
    # Text is printed as written, not read as markup.
    assert "Alinea 7 <b>&" in words
    assert pdf_info(body) == {
        "Title": "Verslag — één",
        "Author": "Arrangeer",
        "Subject": "Een verslag",
        "Lang": "nl",
    }


def test_a_document_without_a_childs_data_has_no_mark_and_follows_the_active_language():
    with translation.override("en"):
        body = _render(3, title="Proposal", subject="A proposal")
    words = pdf_words(body)
    assert "CONFIDENTIAL" not in words and "VERTROUWELIJK" not in words
    assert "Page 1 of 1" in words
    assert pdf_info(body)["Lang"] == "en"


def test_the_language_is_the_documents_when_given():
    with translation.override("en"):
        body = _render(1, title="Verslag", lang="nl")
    assert "Pagina 1 van 1" in pdf_words(body)
    assert pdf_info(body)["Lang"] == "nl"


def test_tables_keep_their_line_breaks_and_repeat_the_header():
    with translation.override("nl"):
        body = _render(0, rows=80, title="Tabel")
    words = pdf_words(body)
    assert words.count("Datum Notitie") == words.count("Pagina ") > 1
    assert "regel een regel twee 79" in words


def test_the_document_is_tagged_pdf_ua_with_its_structure_in_reading_order():
    with translation.override("nl"):
        body = _render(3, rows=2, title="Verslag", mark=pdf.CONFIDENTIAL_CHILD)
    assert_accessible(
        body, title="Verslag", lang="nl", kinds={"H1", "H2", "P", "L", "LI", "Table", "TH", "TD"}
    )
    # The reading order is the order of the HTML: the heading, then the parts in turn.
    words = pdf_words(body)
    assert words.index("Verslag") < words.index("Deel 1") < words.index("Deel 3")
    assert "Document" in structure_types(body)
