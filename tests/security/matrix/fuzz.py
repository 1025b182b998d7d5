"""Hostile input for the fuzz tests, and a harness that POSTs it to a form as the right user.

The forms are read from the pages themselves (every input, select, textarea and named button of
each POST form whose action is the page), so a new field is fuzzed the day it is added. Each
example runs in a transaction that is rolled back: the world is the same for every input.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SCRIPT_PAYLOADS = [
    '<script>alert("bistand-xss")</script>',
    '"><script>alert("bistand-xss")</script>',
    "<img src=x onerror=alert('bistand-xss')>",
    "</textarea><script>alert('bistand-xss')</script>",
]
# What a rendered page must never contain: the payload as markup rather than as escaped text.
RAW_MARKERS = ['<script>alert("bistand-xss")', "<script>alert('bistand-xss')", "<img src=x onerror"]
# Django's own English validation messages: seeing one means the user got no Swedish message.
ENGLISH = [
    "This field is required",
    "Enter a valid",
    "Enter a number",
    "Enter a whole number",
    "Ensure this value",
    "Select a valid choice",
    "Null characters are not allowed",
    "Ensure that there are no more than",
]
ERROR_SIGNS = ['class="error-message"', 'class="error-summary"', 'role="alert"', "errorlist"]

control_text = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), min_size=1, max_size=20
)
huge = st.sampled_from(["A" * 100_000, "9" * 5_000, "Ö" * 20_000, "<script>" * 2_000])
amounts = st.sampled_from(
    [
        "-1", "-1000000", "-0,01", "0", "1e999", "1E5", "NaN", "Infinity", "-Infinity",
        "99999999999999999999999999", "0,0000001", "12 345,67,8", "--5", "1.000.000,00",
        "½", "٣", "1_000", "0x1F", "  ", "10 kr", "5e-324",
    ]
)  # fmt: skip
bad_dates = st.sampled_from(
    [
        "2026-02-30", "2026-13-01", "0000-00-00", "9999-99-99", "31/13/2026", "igår",
        "2026-02-29", "1900-01-01", "99999-01-01", "2026-1-1T25:61", "-1", "12:75",
    ]
)  # fmt: skip
wrong_types = st.sampled_from(
    ["", "[]", "{}", "null", "true", "None", "[1,2]", '{"a": 1}', "1;DROP TABLE x", "%00", "\\"]
)
hostile_value = st.one_of(
    st.text(max_size=300),
    control_text,
    huge,
    amounts,
    bad_dates,
    wrong_types,
    st.sampled_from(SCRIPT_PAYLOADS),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name → values the page offers
    hidden: set[str] = field(default_factory=set)  # version, action: kept unless corrupted


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag in {"input", "button"} and name:
            if a.get("type") == "hidden":
                self._form.hidden.add(name)
            self._form.fields.setdefault(name, [])
            if a.get("value") not in (None, "") or a.get("type") not in {"checkbox", "radio"}:
                self._form.fields[name].append(a.get("value", "on" if tag == "input" else ""))
            elif a.get("type") in {"checkbox", "radio"}:
                self._form.fields[name].append("on")
        elif tag == "select" and name:
            self._select = name
            self._form.fields.setdefault(name, [])
        elif tag == "option" and self._select:
            self._form.fields[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields.setdefault(name, [""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html: str, path: str, method: str = "post") -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return [
        f
        for f in parser.forms
        if f.method == method and (f.action in {"", path} or f.action.split("?")[0] == path)
    ]


@dataclass
class Target:
    """One form: who uses it, where, and the pages that show what it stored."""

    label: str
    who: str
    path: Callable[[Any], str]
    shown_on: Callable[[Any], list[str]] = lambda world: []
    method: str = "post"
    posts_to: Callable[[Any], str] | None = None  # when the form posts to another URL
    prepare: Callable[[Any], None] | None = None  # put the world in the state the form needs


@dataclass
class Tally:
    tried: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, set[int]] = field(default_factory=dict)


TALLY = Tally()


def _problems(label: str, body: str, status: int, sent: str) -> list[str]:
    found = []
    if status >= 500:
        found.append(f"{label}: {status} server error for {sent[:300]!r}")
    for marker in RAW_MARKERS:
        if marker in body:
            found.append(f"{label}: unescaped {marker!r} in the page after {sent[:300]!r}")
    for english in ENGLISH:
        if english in body:
            found.append(f"{label}: English message {english!r} after {sent[:300]!r}")
    if status == 400 and not any(sign in body for sign in ERROR_SIGNS):
        found.append(f"{label}: 400 without an error message at the field for {sent[:300]!r}")
    return found


def fuzz(world: Any, target: Target, *, max_examples: int = 30) -> int:
    """POST hostile input to the target's form(s) as the target's user; return inputs tried."""
    user = world.users[target.who]
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    if target.prepare is not None:
        target.prepare(world)
    path = target.path(world)
    page = client.get(path)
    assert page.status_code == 200, f"{target.label}: {path} answered {page.status_code}"
    page_path, path = path, target.posts_to(world) if target.posts_to else path
    forms = forms_on(page.content.decode(), path, target.method)
    assert forms, f"{target.label}: no {target.method} form to {path} on {page_path}"
    shown_on = target.shown_on(world)
    label = target.label
    TALLY.tried.setdefault(label, 0)
    TALLY.statuses.setdefault(label, set())

    @settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(data=st.data())
    def one(data: st.DataObject) -> None:
        form = data.draw(st.sampled_from(forms), label="form")
        mode = data.draw(st.sampled_from(["fields", "fields", "fields", "json", "raw"]))
        corrupt_hidden = data.draw(st.booleans(), label="corrupt hidden fields")
        values: dict[str, Any] = {}
        for name, offered in form.fields.items():
            keep = st.sampled_from(offered) if offered else st.just("")
            if name in form.hidden and not corrupt_hidden:
                values[name] = data.draw(keep, label=name)
                continue
            how = data.draw(st.sampled_from(["hostile", "keep", "several", "leave out"]))
            if how == "hostile":
                values[name] = data.draw(hostile_value, label=name)
            elif how == "keep":
                values[name] = data.draw(keep, label=name)
            elif how == "several":
                values[name] = data.draw(st.lists(hostile_value, min_size=2, max_size=3))
        with transaction.atomic():
            if target.method == "get":
                flat = {k: v if isinstance(v, str) else v[0] for k, v in values.items()}
                sent = urlencode(flat)
                response = client.get(path, flat)
            elif mode == "json":  # wrong types in a JSON body where a form is expected
                sent = json.dumps({k: [1, None, {"x": True}] for k in values} or {"x": -1})
                response = client.post(path, sent, content_type="application/json")
            elif mode == "raw":  # a broken urlencoded body
                sent = "&".join(f"{k}=%ZZ%FF%00{'%' * 3}" for k in values) or "%"
                response = client.post(path, sent, content_type="application/x-www-form-urlencoded")
            else:
                sent = repr(values)
                response = client.post(path, values)
            status = response.status_code
            body = response.content.decode(errors="replace")
            problems = _problems(label, body, status, sent)
            if status not in {200, 302, 303, 400, 403, 404, 409}:
                problems.append(f"{label}: unexpected status {status} for {sent[:300]!r}")
            pages = list(shown_on)
            location = response.headers.get("Location", "")
            if status in {302, 303} and location.startswith("/"):
                pages.append(location)
            for shown in pages:
                again = client.get(shown)
                problems += _problems(
                    f"{label} → {shown}", again.content.decode(errors="replace"),
                    again.status_code, sent,
                )  # fmt: skip
            transaction.set_rollback(True)
        TALLY.tried[label] += 1
        TALLY.statuses[label].add(status)
        assert not problems, f"after {TALLY.tried[label]} inputs to {label}:\n" + "\n".join(
            problems
        )

    one()
    print(
        f"\n{label}: {TALLY.tried[label]} hostile inputs, statuses {sorted(TALLY.statuses[label])}"
    )
    return TALLY.tried[label]
