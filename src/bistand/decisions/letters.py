"""The decision letter as tagged PDF (PDF/UA-1, WeasyPrint) and as part of a web page.

The stored `letter_html` is the letter: a complete HTML document with its own print styles.
The PDF is rendered from it on request (about 0.1 s); the web page shows its `<article>`.
"""

from __future__ import annotations

import re

from django.utils.safestring import SafeString, mark_safe

ARTICLE = re.compile(r"<article class=\"letter\">.*</article>", re.DOTALL)


def letter_pdf(letter_html: str) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string=letter_html).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return bytes(pdf)


def letter_article(letter_html: str) -> SafeString:
    """The letter's body for a web page (the letter's own <style> is for print only).

    The letter was rendered by Django's template engine with autoescaping from stored values,
    so its markup is our own; nothing from the citizen is inserted unescaped."""
    found = ARTICLE.search(letter_html)
    return mark_safe(found.group(0) if found else "")  # noqa: S308
