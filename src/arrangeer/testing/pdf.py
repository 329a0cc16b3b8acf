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
