"""Against a running demo (`scripts/run`): the routine citizen applies for next month over HTTP,
like a browser would, and we time submit → the decision on Min sida.

    scripts/run &        # then, in another terminal:
    .venv/bin/python bench/demo_robot_latency.py [--url http://127.0.0.1:8000]

The demo citizen marked "(fortsatt ansökan)" has last month decided; nothing changes, and the
register simulator agrees, so the automated decision function decides. Prints the seconds.
"""

from __future__ import annotations

import argparse
import re
import time

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def form_post(session: requests.Session, url: str, data: dict[str, str]) -> requests.Response:
    page = session.get(url, timeout=30)
    page.raise_for_status()
    token = CSRF.search(page.text)
    assert token, f"no form on {url}"
    version = re.search(r'name="version" value="(\d+)"', page.text)
    payload = {"csrfmiddlewaretoken": token.group(1), **data}
    if version:
        payload["version"] = version.group(1)
    return session.post(url, data=payload, timeout=30, headers={"Referer": url})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--timeout", type=float, default=60)
    base = parser.parse_args().url.rstrip("/")
    timeout = parser.parse_args().timeout
    s = requests.Session()
    login = s.get(f"{base}/logga-in/demo/", timeout=30).text
    found = re.search(
        r'name="user" value="(\d+)"[^<]*(?:<[^>]*>[^<]*){0,6}?\(fortsatt ansökan\)', login
    ) or re.search(r'value="(\d+)"(?:(?!value=").)*\(fortsatt ansökan\)', login, re.S)
    assert found, "the demo citizen '(fortsatt ansökan)' is missing; run scripts/run first"
    form_post(s, f"{base}/logga-in/demo/", {"user": found.group(1), "next": "/ansokan/"})
    start = s.get(f"{base}/ansokan/", timeout=30).text
    month = re.findall(r'name="month" id="month_1" value="([0-9-]+)"', start)
    assert month, "no next month to apply for (already applied?)"
    step = form_post(s, f"{base}/ansokan/", {"month": month[0]})
    changes_url = step.url
    step = form_post(s, changes_url, {"nothing_changed": "no"})
    step = form_post(s, step.url, {"registers": "yes", "truthful": "on"})
    check_url = step.url
    before = s.get(f"{base}/min-sida/", timeout=30).text.count("/pdf/")
    submitted = time.monotonic()
    receipt = form_post(s, check_url, {})
    assert "Ansökan är skickad" in receipt.text, "submit did not reach the receipt"
    while time.monotonic() - submitted < timeout:
        if s.get(f"{base}/min-sida/", timeout=30).text.count("/pdf/") > before:
            print(f"submit → decision letter on Min sida: {time.monotonic() - submitted:.1f} s")
            return
        time.sleep(0.25)
    raise SystemExit(f"no decision on Min sida within {timeout} s")


if __name__ == "__main__":
    main()
