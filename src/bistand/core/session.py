"""Session limits for everyone (issue 13 item 4): an idle timeout and an absolute lifetime,
enforced for every view by `SessionLimitsMiddleware` (docs/configuration.md, ADR 0085).

The session records when it started and when it was last used (epoch seconds). A request after
`SESSION_IDLE_SECONDS` without activity, or after the role's absolute lifetime
(`SESSION_STAFF_MAX_SECONDS` for staff, `SESSION_CITIZEN_MAX_SECONDS` for citizens), logs the
person out and sends them to the page that says why; a citizen is told which drafts are kept
(every page of the e-service saves, so nothing sent before is lost). The session cookie lives as
long as the longest lifetime, so an ended session can still be told apart from no session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy

STARTED = "bistand_session_started"
LAST_SEEN = "bistand_session_last_seen"
ENDED = "bistand_session_ended"
# What a citizen typed on an e-service page and sent after the session ended: kept in the (new,
# anonymous) session, on the server only, with the citizen it belongs to and until when, and filled
# in again on that page after the next login of that same citizen in this browser (ADR 0240).
TYPED = "bistand_session_typed"
TYPED_VIEWS = {
    "applications:step",
    "applications:supplement",
    "messaging:new",
    "messaging:thread",
    "appeals:new",
    "appeals:review_new",
}
# Said on a page whose text was sent after the session ended and is filled in again (not sent).
KEPT_NOTICE = gettext_lazy(
    "Du blev utloggad. Vi har sparat det du skrev – kontrollera och skicka igen."
)
# The session is written at most this often just to move "last seen" (seconds).
TOUCH_EVERY = 15


def clock() -> float:
    """Now, in epoch seconds (one place, so tests can move time)."""
    return time.time()


def typed_keep_seconds() -> int:
    """How long what was sent after the session ended is kept for the next login (seconds)."""
    return int(getattr(settings, "SESSION_TYPED_KEEP_SECONDS", 2 * 3600))


def idle_seconds() -> int:
    return int(getattr(settings, "SESSION_IDLE_SECONDS", 30 * 60))


def lifetime_seconds(user: Any) -> int:
    if getattr(user, "is_citizen", False):
        return int(getattr(settings, "SESSION_CITIZEN_MAX_SECONDS", 2 * 3600))
    return int(getattr(settings, "SESSION_STAFF_MAX_SECONDS", 12 * 3600))


def seconds_left(request: HttpRequest) -> int:
    """Seconds until the session ends if nothing more happens: the earlier of the idle timeout
    and the absolute lifetime."""
    now = clock()
    session = request.session
    started = float(session.get(STARTED, now))
    last = float(session.get(LAST_SEEN, now))
    ends = min(last + idle_seconds(), started + lifetime_seconds(request.user))
    return max(int(ends - now), 0)


# The warning comes this many seconds before the session ends (with or without JavaScript).
WARN_BEFORE = 120


def notice_context(request: HttpRequest) -> dict[str, Any]:
    """What a citizen's page says about the session (core/_session_notice.html): when it ends if
    nothing more happens (this request counts as activity), and the seconds until the warning
    and the end for the warning shown without JavaScript."""
    from datetime import timedelta

    from django.utils import timezone

    left = seconds_left(request)
    ends = timezone.localtime(timezone.now() + timedelta(seconds=left))
    return {
        "session_minutes": idle_seconds() // 60,
        "session_ends_at": ends,
        "session_ends_iso": ends.isoformat(),
        "session_seconds_left": left,
        "session_warn_seconds": max(left - WARN_BEFORE, 0),
    }


def _kept_drafts(user: Any) -> list[dict[str, str]]:
    """The citizen's drafts that the e-service keeps (month and last day), for the page."""
    from bistand.applications import selectors as application_selectors

    drafts = application_selectors.applications_for_citizen(user=user).filter(
        status="draft", case__applicant=user
    )
    return [
        {
            "month": f"{draft.month:%Y-%m}",
            "until": f"{draft.draft_expires_at:%Y-%m-%d}" if draft.draft_expires_at else "",
        }
        for draft in drafts
    ]


def _typed(request: HttpRequest, user: Any) -> dict[str, Any] | None:
    """The answers a citizen POSTed to an e-service page after the session ended, to be filled
    in again on that page after the next login of the same citizen (never saved or sent unseen):
    with the citizen's id and the time after which it is gone."""
    if request.method != "POST":
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name not in TYPED_VIEWS:
        return None
    data = {
        key: request.POST.getlist(key)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", "version")
    }
    return {
        "path": request.path,
        "data": data,
        "owner": user.pk,
        "until": clock() + typed_keep_seconds(),
    }


def _page_to_return_to(request: HttpRequest, *, typed_kept: bool) -> str:
    """Where "Logga in igen" on the logged-out page leads back to: the page the person was on,
    with its query string (``?fran=kontroll`` brings a citizen back to the check page after
    saving; a queue's filter stays). A GET: that page. A POST whose typed text is kept: the page
    it was posted to, where the text is filled in again. Another POST (a button that only acts,
    possibly POST-only): the page the form was on, from the same-origin Referer, if any."""
    if request.method == "GET" or typed_kept:
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(referer)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _typed_valid_for(typed: object, user: Any) -> bool:
    """Whether kept text may be given back to this user: the same citizen, not yet expired."""
    if not isinstance(typed, dict) or user is None or not user.is_authenticated:
        return False
    until = typed.get("until")
    return (
        typed.get("owner") == user.pk
        and isinstance(until, (int, float))
        and clock() <= float(until)
    )


def typed_answers(request: HttpRequest) -> dict[str, list[str]] | None:
    """The answers kept for this page (once: they are removed from the session), only for the
    citizen who typed them and only until they expire; expired or someone else's are removed."""
    typed = request.session.get(TYPED)
    if typed is None:
        return None
    if not _typed_valid_for(typed, getattr(request, "user", None)):
        request.session.pop(TYPED, None)
        return None
    if typed.get("path") != request.path:
        return None
    request.session.pop(TYPED, None)
    data = typed.get("data")
    return data if isinstance(data, dict) else None


def typed_post(request: HttpRequest) -> QueryDict | None:
    """`typed_answers` as a POST again (for a page's form), on GET only; None when none."""
    if request.method != "GET":
        return None
    typed = typed_answers(request)
    if typed is None:
        return None
    posted = QueryDict(mutable=True)
    for key, values in typed.items():
        if isinstance(values, list):
            posted.setlist(key, [str(v) for v in values])
    return posted


def clear_expired() -> dict[str, int]:
    """Scheduled (hourly): delete ended sessions, and remove kept text whose time is out from the
    sessions still there, so that nothing typed outlives its time (ADR 0240)."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ended = Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]
    removed = 0
    now = clock()
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    for row in Session.objects.filter(session_data__isnull=False).iterator():
        data = store().decode(row.session_data)
        typed = data.get(TYPED)
        if typed is None:
            continue
        until = typed.get("until") if isinstance(typed, dict) else None
        if isinstance(until, (int, float)) and now <= float(until):
            continue
        data.pop(TYPED, None)
        row.session_data = store().encode(data)
        row.save(update_fields=["session_data"])
        removed += 1
    return {"sessions_deleted": ended, "typed_removed": removed}


def session_start(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On every login (signal user_logged_in): the session's lifetime starts now."""
    now = clock()
    request.session[STARTED] = now
    request.session[LAST_SEEN] = now
    request.session.pop(ENDED, None)
    # Text kept after an ended session goes to the same citizen only: another person logging in
    # in this browser (or the same one after it expired) never gets it.
    if TYPED in request.session and not _typed_valid_for(request.session[TYPED], user):
        request.session.pop(TYPED, None)


class SessionLimitsMiddleware:
    """After AuthenticationMiddleware: ends sessions that were idle too long or lived too long."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ended = self._check(request, user)
            if ended is not None:
                return ended
        return self.get_response(request)

    def _check(self, request: HttpRequest, user: Any) -> HttpResponse | None:
        session = request.session
        now = clock()
        started = session.get(STARTED)
        last = session.get(LAST_SEEN)
        if started is None or last is None:
            session[STARTED] = now
            session[LAST_SEEN] = now
            return None
        if now - float(last) > idle_seconds():
            reason = "idle"
        elif now - float(started) > lifetime_seconds(user):
            reason = "lifetime"
        else:
            if now - float(last) >= TOUCH_EVERY:
                session[LAST_SEEN] = now
            return None
        citizen = bool(getattr(user, "is_citizen", False))
        drafts = _kept_drafts(user) if citizen else []
        typed = _typed(request, user) if citizen else None
        logout(request)
        request.session[ENDED] = {
            "reason": reason,
            "citizen": citizen,
            "drafts": drafts,
            "typed": typed is not None,
        }
        if typed is not None:
            request.session[TYPED] = typed
        target = reverse("core:session_ended")
        back = _page_to_return_to(request, typed_kept=typed is not None)
        if back:
            target += "?" + urlencode({"next": back})
        return HttpResponseRedirect(target)
