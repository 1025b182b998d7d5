"""Letters are rendered with a URL fetcher that refuses everything except the project's own static
files (issue 13 item 7, ADR 0081): a letter template that refers to another host or a local file
makes the render fail, and nothing is fetched."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bistand.decisions.letters import (
    LETTER_BASE_URL,
    LetterResourceRefusedError,
    StaticFilesOnlyFetcher,
    letter_pdf,
)

LETTER = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Beslut</title>
{head}</head><body><article class="letter"><h1>Beslut</h1><p>Text.</p>{body}</article>
</body></html>"""


class Counting(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        Counting.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: black }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    Counting.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_plain_letter_renders():
    assert letter_pdf(LETTER.format(head="", body="")).startswith(b"%PDF-")


def test_the_projects_own_static_file_is_used():
    html = LETTER.format(
        head='<link rel="stylesheet" href="/static/decisions/letter.css">', body=""
    )
    assert letter_pdf(html).startswith(b"%PDF-")
    fetched = StaticFilesOnlyFetcher().fetch(LETTER_BASE_URL + "static/decisions/letter.css")
    assert fetched.headers["Content-Type"] == "text/css"


@pytest.mark.parametrize(
    "reference",
    [
        '<link rel="stylesheet" href="{server}/stil.css">',
        '<img src="{server}/bild.png" alt="">',
        '<style>@import url("{server}/import.css");</style>',
    ],
)
def test_another_host_in_a_letter_is_refused_and_never_asked(server, reference):
    html = LETTER.format(head=reference.format(server=server), body="")
    with pytest.raises(LetterResourceRefusedError):
        letter_pdf(html)
    assert Counting.hits == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/hostname",
        "data:text/css,body{}",
        "https://example.org/static/decisions/letter.css",
        LETTER_BASE_URL + "static/../../settings.py",
        LETTER_BASE_URL + "static/%2e%2e/%2e%2e/settings.py",
        LETTER_BASE_URL + "elsewhere/decisions/letter.css",
        LETTER_BASE_URL + "static/decisions/letter.css?x=1",
    ],
)
def test_local_files_data_and_foreign_urls_are_refused(url):
    with pytest.raises(LetterResourceRefusedError):
        StaticFilesOnlyFetcher().fetch(url)


def test_a_file_url_in_a_letter_makes_the_render_fail():
    html = LETTER.format(head="", body='<img src="file:///etc/hostname" alt="">')
    with pytest.raises(LetterResourceRefusedError):
        letter_pdf(html)
