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
# Whether the page shows every row of its history lists (`?historik=alla`) or the newest
# `SHOWN` with a link to the rest. Outside a page's composition: everything.
_FULL_HISTORY: ContextVar[bool] = ContextVar("minsida_full_history", default=True)

# Rows of a history list (decisions, payments, applications, events) Min sida shows before
# "Visa alla": a year of monthly decisions. A long history costs a link, not a longer page.
SHOWN = 12
FULL_HISTORY_PARAMETER = ("historik", "alla")


@contextmanager
def composing(*, full_history: bool = False) -> Iterator[None]:
    """While one citizen's Min sida is composed, `shared` reads are made once and history
    lists are cut to the newest `SHOWN` rows unless `full_history`."""
    token = _PAGE_MEMO.set({})
    full = _FULL_HISTORY.set(full_history)
    try:
        yield
    finally:
        _FULL_HISTORY.reset(full)
        _PAGE_MEMO.reset(token)


def newest(rows: list[T], *, keep: Callable[[T], bool] | None = None) -> tuple[list[T], int]:
    """The first `SHOWN` of `rows` (newest first), and how many are left out; with the full
    history (or outside Min sida) every row. Rows `keep` marks (something to do) are always
    shown, in their place."""
    if _FULL_HISTORY.get() or len(rows) <= SHOWN:
        return rows, 0
    shown = [row for n, row in enumerate(rows) if n < SHOWN or (keep is not None and keep(row))]
    return shown, len(rows) - len(shown)


def newest_last(rows: list[T]) -> tuple[list[T], int]:
    """`newest` for a list in time order (oldest first): its last `SHOWN` rows."""
    if _FULL_HISTORY.get() or len(rows) <= SHOWN:
        return rows, 0
    return rows[-SHOWN:], len(rows) - SHOWN


def full_history_url(anchor: str) -> str:
    """Min sida with every row of its history lists, at `anchor`."""
    name, value = FULL_HISTORY_PARAMETER
    return f"{reverse('applications:min_sida')}?{name}={value}#{anchor}"


def shared(key: Any, read: Callable[[], T]) -> T:
    """`read()`, made once per key while a page is composed (`composing`); outside, every
    call reads."""
    memo = _PAGE_MEMO.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[no-any-return]


# --- Probes: "is there anything to show?" for every panel of a case, in one query -------------
#
# Most panels of most citizens have nothing to show (no appeal, no completion request, no
# message …), yet each asked the database on every Min sida. An app registers a probe with
# `case_probe(name)`: a function of (user id, case id) giving a QuerySet whose rows are a superset
# of what the panel would read. While a page is composed, the first `probe(name, …)` for a case
# asks every registered probe of that case in one query (`SELECT EXISTS(…), EXISTS(…) …`), and a
# panel whose probe finds nothing skips its own read. A probe that finds rows says only "look":
# the panel then reads exactly as before, so the page is the same (ADR 0280).
#
# The probes' SQL is compiled once per process and database: it is the same for every citizen
# and case but for the two ids, which are put in by position (checked at compile time by
# compiling twice with different ids; a probe whose SQL depends otherwise on the ids is compiled
# for each page instead).

CaseProbe = Callable[[int, int], Any]  # (user id, case id) -> QuerySet

_CASE_PROBES: dict[str, CaseProbe] = {}
_COMPILED: dict[tuple[str, tuple[str, ...]], tuple[str, list[Any]] | None] = {}
# Ids no row has (negative), inside PostgreSQL's integer range, put in while compiling.
_SENTINELS = ((-1_987_654_321, -1_987_654_322), (-1_987_654_323, -1_987_654_324))
_USER, _CASE = object(), object()


def case_probe(name: str) -> Callable[[CaseProbe], CaseProbe]:
    """Register `func(user_id, case_id) -> QuerySet` as the probe `name` (see above)."""

    def register(func: CaseProbe) -> CaseProbe:
        _CASE_PROBES[name] = func
        return func

    return register


def _probe_sql(name: str, user_id: int, case_id: int) -> tuple[str, list[Any]]:
    from django.db import connections

    queryset = _CASE_PROBES[name](user_id, case_id).order_by().values("pk")[:1]
    compiler = queryset.query.get_compiler(connection=connections[queryset.db])
    sql, params = compiler.as_sql()
    return f"EXISTS({sql})", list(params)


def _compiled(names: tuple[str, ...]) -> tuple[str, list[Any]] | None:
    """The probes' query with the two ids as markers in its parameters, or None when a probe's
    SQL cannot be re-used with other ids."""
    from django.db import connection

    key = (connection.alias, names)
    if key not in _COMPILED:
        first = [_probe_sql(name, *_SENTINELS[0]) for name in names]
        second = [_probe_sql(name, *_SENTINELS[1]) for name in names]
        template: list[Any] = []
        ok = True
        for (sql_a, params_a), (sql_b, params_b) in zip(first, second, strict=True):
            if sql_a != sql_b or len(params_a) != len(params_b):
                ok = False
                break
            for a, b in zip(params_a, params_b, strict=True):
                if (a, b) == (_SENTINELS[0][0], _SENTINELS[1][0]):
                    template.append(_USER)
                elif (a, b) == (_SENTINELS[0][1], _SENTINELS[1][1]):
                    template.append(_CASE)
                elif a == b and a not in (*_SENTINELS[0], *_SENTINELS[1]):
                    template.append(a)
                else:  # an id inside another value (a list, an expression): not re-usable
                    ok = False
                    break
            if not ok:
                break
        sql = "SELECT " + ", ".join(sql for sql, _params in first)
        _COMPILED[key] = (sql, template) if ok else None
    return _COMPILED[key]


def _ask_probes(user_id: int, case_id: int) -> dict[str, bool]:
    from django.db import connection

    names = tuple(sorted(_CASE_PROBES))
    if not names:
        return {}
    compiled = _compiled(names)
    if compiled is None:
        parts = [_probe_sql(name, user_id, case_id) for name in names]
        sql = "SELECT " + ", ".join(part for part, _params in parts)
        params = [param for _part, part_params in parts for param in part_params]
    else:
        sql, template = compiled
        params = [
            user_id if param is _USER else case_id if param is _CASE else param
            for param in template
        ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {name: bool(found) for name, found in zip(names, row, strict=True)}


def probe(name: str, *, user_id: int, case_id: int) -> bool:
    """Whether the probe `name` finds rows for the case: False means the panel has nothing to
    read. While a page is composed every probe of the case is asked in one query, once; outside
    a composition this probe alone is asked."""
    memo = _PAGE_MEMO.get()
    if memo is None:
        return bool(_CASE_PROBES[name](user_id, case_id).exists())
    return shared(("probes", user_id, case_id), lambda: _ask_probes(user_id, case_id))[name]


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
