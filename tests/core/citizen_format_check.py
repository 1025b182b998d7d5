"""What a citizen's page in English or Arabic must not show (docs/adr/0245): a Swedish month name
("december 2026", "6 mars 2026") or an amount in the Swedish number form ("7 100 kr",
"7 100,50", "250,00 kr"), outside the parts marked ``lang="sv"`` (the decision letter itself,
the language button). Also used to walk a citizen's pages from Min sida.

Shared by tests/core/test_citizen_formats.py and the manual sweep; no test in itself.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.test import Client

SWEDISH_MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
# A Swedish month as the sv locale writes it: lower case, with a year ("mars 2026", "6 mars
# 2026"). English months are capitalised ("December 2026"), so "december" alone is Swedish.
SWEDISH_MONTH = re.compile(r"(?<![\w-])(?:" + "|".join(SWEDISH_MONTHS) + r")(?:\s|&nbsp;)+\d{4}\b")
# The sv locale groups thousands with a no-break space and writes a decimal comma.
SWEDISH_GROUPED = re.compile(r"\d\u00a0\d{3}(?!\d)")
SWEDISH_DECIMALS = re.compile(r"(?<![\d,.])\d+,\d{2}(?!\d)(?:\u00a0|\s)*kr\b")
# "kr" after a number on an Arabic page: Arabic pages write the unit in Arabic.
KR_AFTER_NUMBER = re.compile(r"\d(?:\u00a0|\s)*kr\b")

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _VisibleText(HTMLParser):
    """The text a reader sees, leaving out elements marked lang="sv" (and what is inside them),
    scripts, styles and the document head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []  # open tags that started a skipped part, innermost last
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self._stack.append(tag)
        values = dict(attrs)
        if (
            self._skip
            or (tag != "html" and (values.get("lang") or "").split("-")[0] == "sv")
            or tag in ("script", "style", "head", "template")
        ):
            self._skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        # Close up to the matching tag (HTML may leave some end tags out).
        while self._stack:
            open_tag = self._stack.pop()
            if self._skip:
                self._skip.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def findings(html: str, language: str) -> list[str]:
    """Swedish months and Swedish-formatted amounts on a page shown in `language` (en or ar),
    each with some text around it."""
    text = visible_text(html)
    patterns = [SWEDISH_MONTH, SWEDISH_GROUPED, SWEDISH_DECIMALS]
    if language == "ar":
        patterns.append(KR_AFTER_NUMBER)
    found = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 50) : match.end() + 30]
            found.append(" ".join(around.split()))
    return found


# The citizen's pages: Min sida and what it links to (letters, payments and stickprov, meetings,
# the plan, appeals and reviews, messages, Mina uppgifter, the application's receipt and
# komplettering). Files (PDF, the JSON export) and actions that change something are left out.
CITIZEN_PREFIXES = (
    "/min-sida/",
    "/beslut/",
    "/brev/",
    "/overklaga/",
    "/provning/",
    "/meddelanden/",
    "/ansokan/",
)
NOT_PAGES = ("/pdf/", "/ladda-ner/", "/leverans/", "/aterkalla/", "/godkann/")


def citizen_urls(client: Client, *, start: str = "/min-sida/", depth: int = 2) -> list[str]:
    """Min sida and the citizen pages reachable from it in `depth` clicks (GET only), linked
    or the target of a form."""
    seen = {start}
    order = [start]
    queue: deque[tuple[str, int]] = deque([(start, 0)])
    while queue:
        url, level = queue.popleft()
        if level >= depth:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        # Links, and the pages forms are sent to (the meeting booking is also a page of its own).
        for href in re.findall(r'(?:href|action)="([^"#]+)', response.content.decode()):
            path = urlsplit(href).path
            if urlsplit(href).netloc or not path.startswith(CITIZEN_PREFIXES):
                continue
            if any(part in path for part in NOT_PAGES) or path in seen:
                continue
            seen.add(path)
            order.append(path)
            queue.append((path, level + 1))
    return order
