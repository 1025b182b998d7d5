"""Every page title is plain text: a title block holding markup (as a bad merge once left on the
nämnd's overview page) puts HTML into the browser tab and the screen reader's page name."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "bistand"
TITLE = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.DOTALL)
HEAD = re.compile(r"{%\s*block extra_head\s*%}(.*?){%\s*endblock", re.DOTALL)


def templates() -> list[Path]:
    return sorted(SRC.glob("*/templates/**/*.html"))


def test_title_blocks_hold_no_markup():
    offenders = []
    for path in templates():
        for title in TITLE.findall(path.read_text(encoding="utf-8")):
            if "<" in title:
                offenders.append(str(path.relative_to(SRC)))
    assert len(templates()) > 10
    assert not offenders, offenders


def test_head_blocks_hold_no_page_content():
    offenders = []
    for path in templates():
        for head in HEAD.findall(path.read_text(encoding="utf-8")):
            if re.search(r"<(h[1-6]|p|main|a)\b", head):
                offenders.append(str(path.relative_to(SRC)))
    assert not offenders, offenders
