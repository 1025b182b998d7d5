"""The decision letter as tagged PDF (PDF/UA-1, WeasyPrint) and as part of a web page.

The stored `letter_html` is the letter: a complete HTML document with its own print styles.
The PDF is rendered from it on request (about 0.1 s); the web page shows its `<article>`.

WeasyPrint fetches only through `StaticFilesOnlyFetcher`: a letter may refer to the project's own
static files (`/static/…`, found by Django's staticfiles finders) and nothing else: no `file:`,
`http(s):` or `data:` URL, so a letter can never make the server read a local file or call
another host (SSRF; docs/adr/0081-dependencies-and-letter-fetcher.md).
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.safestring import SafeString, mark_safe
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

ARTICLE = re.compile(r"<article class=\"letter\">.*</article>", re.DOTALL)
# The letter's base URL: relative and root-relative references resolve against it, so the
# fetcher can tell our own static files from anything else. `.invalid` never resolves (RFC 6761).
LETTER_BASE_URL = "https://letter.bistand.invalid/"


class LetterResourceRefusedError(FatalURLFetchingError):  # type: ignore[misc]
    """A letter referred to something other than the project's own static files."""


class StaticFilesOnlyFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(allowed_protocols=["https"], allow_redirects=False, fail_on_errors=True)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = self.static_file(url)
        if path is None:
            raise LetterResourceRefusedError(
                f"A letter may only use the project's static files; refused: {url[:200]}"
            )
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url,
            body=path.read_bytes(),
            headers={"Content-Type": mime or "application/octet-stream"},
        )

    @staticmethod
    def static_file(url: str) -> Path | None:
        """The static file `url` names under the letter's base URL, or None."""
        base = urlsplit(LETTER_BASE_URL)
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.query:
            return None
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if not parts.path.startswith(prefix):
            return None
        relative = unquote(parts.path[len(prefix) :])
        if not relative or ".." in relative.split("/") or relative.startswith("/"):
            return None
        found = finders.find(relative)
        return Path(found) if isinstance(found, str) else None


def letter_pdf(letter_html: str) -> bytes:
    from weasyprint import HTML

    pdf = HTML(
        string=letter_html, base_url=LETTER_BASE_URL, url_fetcher=StaticFilesOnlyFetcher()
    ).write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return bytes(pdf)


def letter_article(letter_html: str) -> SafeString:
    """The letter's body for a web page (the letter's own <style> is for print only).

    The letter was rendered by Django's template engine with autoescaping from stored values,
    so its markup is our own; nothing from the citizen is inserted unescaped."""
    found = ARTICLE.search(letter_html)
    return mark_safe(found.group(0) if found else "")  # noqa: S308
