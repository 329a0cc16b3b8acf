"""Reading PDFs in tests: the text drawn, the metadata and the structure tree.

Arrangeer's documents are printed by WeasyPrint (core/pdf.py): tagged PDF/UA, the text drawn
in subsets of embedded fonts, read back here through each font's ToUnicode map (pikepdf opens
the file)."""

from __future__ import annotations

import io
import re
from typing import Any


def pdf_text(body: bytes) -> str:
    """The text drawn in a PDF: its text runs in reading order, joined by spaces (a line that
    wraps reads on, as do a table's cells across a row)."""
    return " ".join(_runs(body))


def pdf_words(body: bytes) -> str:
    """The same: the text runs in reading order, joined by spaces. Table cells wrap their text
    over lines: assert on runs of words, not on layout."""
    return pdf_text(body)


def pdf_info(body: bytes) -> dict[str, str]:
    """The document's metadata as a reader shows it: Title, Author, Subject (the Info
    dictionary) and Lang (the catalog, the language a screen reader reads the text in)."""
    document = open_pdf(body)
    found: dict[str, str] = {}
    for key in ("Title", "Author", "Subject"):
        value = document.docinfo.get("/" + key)
        if value is not None:
            found[key] = str(value)
    lang = document.Root.get("/Lang")
    if lang is not None:
        found["Lang"] = str(lang)
    return found


def open_pdf(body: bytes) -> Any:
    """The document as a pikepdf.Pdf, to read its catalog and structure tree."""
    import pikepdf

    return pikepdf.open(io.BytesIO(body))


def _to_unicode(font: Any) -> tuple[dict[bytes, str], int]:
    """A font's map from the codes in its strings to the text they stand for, and the code
    length in bytes (two for WeasyPrint's Identity-H fonts)."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}, 1
    text = bytes(cmap.read_bytes()).decode("latin-1")
    found: dict[bytes, str] = {}

    def unicode(hexcode: str) -> str:
        return bytes.fromhex(hexcode).decode("utf-16-be")

    width = 2
    space = re.search(r"begincodespacerange\s*<([0-9A-Fa-f]+)>", text)
    if space is not None:
        width = len(space.group(1)) // 2
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.DOTALL):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[bytes.fromhex(code)] = unicode(value)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.DOTALL):
        for low, high, target in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block
        ):
            start, end = int(low, 16), int(high, 16)
            size = len(low) // 2
            if target.startswith("["):
                values = [unicode(v) for v in re.findall(r"<([0-9A-Fa-f]*)>", target)]
            else:
                first = int(target[1:-1], 16)
                values = [chr(first + n) for n in range(end - start + 1)]
            for n, value in enumerate(values):
                found[(start + n).to_bytes(size, "big")] = value
    return found, width


def _runs(body: bytes) -> list[str]:
    """The text of each text-showing operator, page by page, in the order drawn (WeasyPrint
    draws in reading order: the margin boxes, the mark and the page number, come first)."""
    import pikepdf

    document = open_pdf(body)
    maps: dict[Any, tuple[dict[bytes, str], int]] = {}
    runs: list[str] = []

    def decode(font: Any, raw: bytes) -> str:
        key = font.objgen
        if key not in maps:
            maps[key] = _to_unicode(font)
        table, width = maps[key]
        return "".join(table.get(raw[i : i + width], "") for i in range(0, len(raw), width))

    def walk(owner: Any, resources: Any) -> None:
        fonts = resources.get("/Font", {}) if resources is not None else {}
        objects = resources.get("/XObject", {}) if resources is not None else {}
        font = None
        for instruction in pikepdf.parse_content_stream(owner):
            if not isinstance(instruction, pikepdf.ContentStreamInstruction):
                continue  # an inline image
            operands, name = instruction.operands, str(instruction.operator)
            if name == "Tf":
                font = fonts.get(str(operands[0]))
            elif name in ("Tj", "'", '"') and font is not None:
                runs.append(decode(font, bytes(operands[-1])))
            elif name == "TJ" and font is not None:
                runs.append(
                    "".join(
                        decode(font, bytes(part))
                        for part in operands[0]
                        if isinstance(part, pikepdf.String)
                    )
                )
            elif name == "Do":
                inner = objects.get(str(operands[0]))
                if inner is not None and inner.get("/Subtype") == "/Form":
                    walk(inner, inner.get("/Resources", resources))

    for page in document.pages:
        walk(page, page.obj.get("/Resources"))
    return [run for run in runs if run.strip()]


def structure_types(body: bytes) -> set[str]:
    """The kinds of structure element in a tagged PDF's structure tree ("H1", "P", "Table")."""
    import pikepdf

    document = open_pdf(body)
    found: set[str] = set()
    stack = [document.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kind = node.get("/S")
        if kind is not None:
            found.add(str(kind).lstrip("/"))
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kid for kid in kids if isinstance(kid, pikepdf.Dictionary))
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    return found


def assert_accessible(body: bytes, *, title: str, lang: str, kinds: set[str]) -> None:
    """A tagged PDF/UA document: marked, with a structure tree holding `kinds` (and a heading),
    the language in the catalog, the title in the metadata and shown by the reader, every
    font embedded."""
    document = open_pdf(body)
    root = document.Root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == lang
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    assert str(document.docinfo.Title) == title
    with document.open_metadata() as xmp:
        assert xmp.get("{http://purl.org/dc/elements/1.1/}title") == title
        assert xmp.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1"  # PDF/UA-1
    found = structure_types(body)
    assert kinds <= found, f"missing {kinds - found} in {sorted(found)}"
    assert found & {"H1", "H2", "H3", "H4"}
    for page in document.pages:
        for font in page.Resources.get("/Font", {}).values():
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get("/FontDescriptor")
                assert descriptor is not None and (
                    "/FontFile2" in descriptor
                    or "/FontFile3" in descriptor
                    or "/FontFile" in descriptor
                ), f"font not embedded: {font.get('/BaseFont')}"
