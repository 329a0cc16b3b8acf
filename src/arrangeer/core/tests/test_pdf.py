"""The one PDF builder: the page, the mark, "Pagina x van y" and the metadata every document
carries (the documents' own tests check each document kind through its page)."""

from __future__ import annotations

from django.utils import translation

from arrangeer.core import pdf
from arrangeer.testing.pdf import pdf_info, pdf_words


def _story(paragraphs: int) -> list[object]:
    return [pdf.paragraph(f"Alinea {n} <b>&", "BodyText") for n in range(paragraphs)]


def test_each_page_says_which_of_how_many_it_is_under_the_mark():
    with translation.override("nl"):
        body = pdf.render(
            [pdf.paragraph("Verslag", "Title"), *_story(120)],
            title="Verslag — één",
            subject="Een verslag",
            mark=pdf.CONFIDENTIAL_CHILD,
        )
    words = pdf_words(body)
    total = words.count("Pagina ")
    assert total >= 3
    assert [f"Pagina {n} van {total}" in words for n in range(1, total + 1)] == [True] * total
    mark = "VERTROUWELIJK — bijzondere persoonsgegevens over een kind"
    assert words.count(mark) == total
    # Text is printed as written, not read as markup (ReportLab draws "<", "b", ">" apart).
    assert "Alinea7<b>&" in words.replace(" ", "")
    assert pdf_info(body) == {
        "Title": "Verslag — één",
        "Author": "Arrangeer",
        "Subject": "Een verslag",
        "Lang": "nl",
    }


def test_a_document_without_a_childs_data_has_no_mark_and_follows_the_active_language():
    with translation.override("en"):
        body = pdf.render(_story(3), title="Proposal", subject="A proposal")
    words = pdf_words(body)
    assert "CONFIDENTIAL" not in words and "VERTROUWELIJK" not in words
    assert "Page 1 of 1" in words
    assert pdf_info(body)["Lang"] == "en"


def test_tables_keep_their_line_breaks_and_repeat_the_header():
    from reportlab.platypus import Table

    rows = [[f"{n}-1-2026", f"regel een\nregel twee {n}"] for n in range(80)]
    grid = pdf.grid(["Datum", "Notitie"], rows)
    assert isinstance(grid, Table) and grid.repeatRows == 1
    with translation.override("nl"):
        body = pdf.render([grid], title="Tabel", subject="Een tabel")
    words = pdf_words(body)
    assert words.count("Datum Notitie") == words.count("Pagina ") > 1
    assert "regel een regel twee 79" in words
