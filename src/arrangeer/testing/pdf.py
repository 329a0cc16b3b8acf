"""Reading PDFs in tests: the text drawn and the metadata.

Arrangeer's documents are built by WeasyPrint (core/pdf.py): tagged PDF/UA, the text drawn in
subsets of embedded fonts, read back here through each font's ToUnicode map (pikepdf opens
the file). A PDF of ReportLab (no structure tree) is read from its raw page streams."""

from __future__ import annotations

import io
import re
from typing import Any


def _tagged(body: bytes) -> bool:
    """Not ReportLab's (WeasyPrint packs the catalog in a compressed object stream)."""
    return b"ReportLab" not in body


def pdf_text(body: bytes) -> str:
    """The text drawn in a PDF: for a tagged document its text runs in reading order, joined
    by spaces (a line that wraps reads on); for ReportLab its decompressed page streams."""
    if _tagged(body):
        return " ".join(_runs(body))
    import base64
    import zlib

    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", body, re.DOTALL):
        data = stream
        if data.rstrip().endswith(b"~>"):  # ASCII85 around the Flate stream
            data = base64.a85decode(data.rstrip()[:-2], ignorechars=b" \t\n\r\v")
        try:
            found.append(zlib.decompressobj().decompress(data).decode("latin-1"))
        except zlib.error:
            found.append(data.decode("latin-1"))
    return "\n".join(found)


def pdf_words(body: bytes) -> str:
    """The text runs of a PDF in reading order, joined by spaces, with ReportLab's string
    escapes undone (parentheses, octal codes of the WinAnsi font: "ë", "—"). Table cells wrap
    their text over lines: assert on runs of words, not on layout."""
    if _tagged(body):
        return " ".join(_runs(body))
    runs = re.findall(r"\(((?:\\.|[^\\)])*)\) Tj", pdf_text(body), re.DOTALL)
    return " ".join(_unescape(run) for run in runs)


def _unescape(run: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "01234567":
            return bytes([int(code, 8)]).decode("cp1252", errors="replace")
        return {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(code, code)

    return re.sub(r"\\([0-7]{1,3}|.)", one, run)


# PDFDocEncoding differs from Latin-1 in 0x80-0x9E (ReportLab writes the metadata in it).
_PDFDOC = dict(
    zip(
        range(0x80, 0x9F),
        "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c\u201d\u2018"
        "\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142\u0153\u0161\u017e",
        strict=True,
    )
)


def pdf_info(body: bytes) -> dict[str, str]:
    """The document's metadata as a reader shows it: Title, Author, Subject (the Info
    dictionary) and Lang (the catalog, the language a screen reader reads the text in)."""
    if _tagged(body):
        return _tagged_info(body)
    found: dict[str, str] = {}
    for key in ("Title", "Author", "Subject", "Lang"):
        match = re.search(rb"/" + key.encode() + rb" \(((?:\\.|[^\\)])*)\)", body, re.DOTALL)
        if match is not None:
            found[key] = _pdf_string(match.group(1))
    return found


def _pdf_string(raw: bytes) -> str:
    def one(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1] in b"01234567":
            return bytes([int(code, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(code, code)

    data = re.sub(rb"\\([0-7]{1,3}|.)", one, raw, flags=re.DOTALL)
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be")
    return "".join(_PDFDOC.get(byte, chr(byte)) for byte in data)


# Tagged PDFs (WeasyPrint) ------------------------------------------------------------------


def open_pdf(body: bytes) -> Any:
    """The document as a pikepdf.Pdf, to read its catalog and structure tree."""
    import pikepdf

    return pikepdf.open(io.BytesIO(body))


def _tagged_info(body: bytes) -> dict[str, str]:
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
