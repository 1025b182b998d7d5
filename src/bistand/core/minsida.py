"""Min sida is one page made of panels that each app contributes.

An app puts a `minsida.py` module beside its models and registers functions with `case_panel`
(one section inside each of the citizen's cases: decision letters, payments, meetings, action
plan, post-checks, appeals …) or `page_panel` (once on the page: meetings to book, download your
data …). A function gets the logged-in citizen (and the case) and returns a `Panel`, or None when
it has nothing to show. The applications app owns the page; no app reaches into another's models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, TypeVar

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class Panel:
    """A section of Min sida: an `<h2>`/`<h3>` title, an anchor and a template with context."""

    anchor: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


CasePanelFunction = Callable[[Any, Any], Panel | None]
PagePanelFunction = Callable[[Any], Panel | None]

_CASE_PANELS: list[CasePanelFunction] = []
_PAGE_PANELS: list[PagePanelFunction] = []


def case_panel(func: CasePanelFunction) -> CasePanelFunction:
    if func not in _CASE_PANELS:
        _CASE_PANELS.append(func)
    return func


def page_panel(func: PagePanelFunction) -> PagePanelFunction:
    if func not in _PAGE_PANELS:
        _PAGE_PANELS.append(func)
    return func


def load_panel_modules() -> None:
    """Import every Bistånd app's `minsida` module so that its panels are registered."""
    for config in apps.get_app_configs():
        if config.name.startswith("bistand."):
            try:
                import_module(f"{config.name}.minsida")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.minsida":
                    raise


T = TypeVar("T")

# Reads several panels of one Min sida need (the case's decisions, their delivery days, the
# citizen's cases): made once per page (issue 16 item 5). The memo lives for one composition of
# one citizen's page and is dropped with it; nothing is kept between requests or users.
_PAGE_MEMO: ContextVar[dict[Any, Any] | None] = ContextVar("minsida_page_memo", default=None)


@contextmanager
def composing() -> Iterator[None]:
    """While one citizen's Min sida is composed, `shared` reads are made once."""
    token = _PAGE_MEMO.set({})
    try:
        yield
    finally:
        _PAGE_MEMO.reset(token)


def shared(key: Any, read: Callable[[], T]) -> T:
    """`read()`, made once per key while a page is composed (`composing`); outside, every
    call reads."""
    memo = _PAGE_MEMO.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[no-any-return]


_ID = 987654321987


def url_for_ids(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for many rows: the URL is reversed once and the id put in
    (a panel's list of letters reverses two URLs per row otherwise)."""
    before, after = reverse(name, args=[_ID]).split(str(_ID))
    return lambda pk: f"{before}{int(pk)}{after}"


def panels_for_case(user: Any, case: Any) -> list[Panel]:
    found = [panel for func in _CASE_PANELS if (panel := func(user, case)) is not None]
    return sorted(found, key=lambda p: (p.order, p.anchor))


def panels_for_page(user: Any) -> list[Panel]:
    found = [panel for func in _PAGE_PANELS if (panel := func(user)) is not None]
    return sorted(found, key=lambda p: (p.order, p.anchor))
