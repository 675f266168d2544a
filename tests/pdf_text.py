"""The text of a real PDF, page by page, read with PDFium (pypdfium2): pypdf is ten times
slower at it, which tells in a test that reads hundreds of printed pages."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium


def page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    try:
        # PDFium marks a hyphen that ends a line as U+FFFE; on the paper it is a hyphen.
        return [
            document[n].get_textpage().get_text_range().replace("\ufffe", "-")
            for n in range(len(document))
        ]
    finally:
        document.close()
