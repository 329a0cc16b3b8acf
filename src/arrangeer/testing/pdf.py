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
