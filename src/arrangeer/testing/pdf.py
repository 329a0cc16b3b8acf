"""Reading PDFs in tests."""

from __future__ import annotations

import re


def pdf_text(body: bytes) -> str:
    """The text drawn in a PDF (ReportLab compresses its page streams)."""
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
