"""Issue 15 item 8: on Min sida every link text says where it goes: two links with the same
text lead to the same place (WCAG 2.4.4)."""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pytest
from django.test import Client
from django.urls import reverse

from bistand.demo import casework as demo
from tests import factories

pytestmark = pytest.mark.django_db

LINK = re.compile(r"<a\b[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.DOTALL)


def link_texts(page: str) -> dict[str, set[str]]:
    targets: dict[str, set[str]] = defaultdict(set)
    for href, inner in LINK.findall(page):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split())
        targets[text].add(href.split("#")[0])
    return targets


def test_min_sida_link_texts_are_unique(citizen):
    this = factories.this_month()
    demo.routed_application(applicant=citizen, month=this)
    nxt = this.replace(day=28).toordinal() + 4
    from datetime import date

    demo.routed_application(applicant=citizen, month=date.fromordinal(nxt).replace(day=1))
    client = Client()
    client.force_login(citizen)
    page = client.get(reverse("applications:min_sida")).content.decode()
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    ambiguous = {text: hrefs for text, hrefs in link_texts(main).items() if len(hrefs) > 1}
    assert not ambiguous, ambiguous
    assert "Komplettera ansökan" in main and "Återkalla ansökan" in main
