"""Login pages. Real logins come through OIDC (e-ID broker for citizens, staff login for staff);
the demo login exists only when BISTAND_DEMO_LOGIN is on, which production settings refuse."""

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import oidc, selectors


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@require_GET
def login_choice(request: HttpRequest) -> HttpResponse:
    """/logga-in/: citizens log in with e-ID, staff through the staff login (and the demo)."""
    target = _safe_next(request)
    query = "?" + urlencode({"next": target}) if target != "/" else ""
    return render(
        request,
        "accounts/login.html",
        {
            "citizen_enabled": oidc.provider_enabled(oidc.CITIZEN),
            "staff_enabled": oidc.provider_enabled(oidc.STAFF),
            "query": query,
        },
    )


@require_http_methods(["GET", "POST"])
def demo_login(request: HttpRequest) -> HttpResponse:
    if not settings.DEMO_LOGIN:
        raise Http404
    users = selectors.demo_users()
    if request.method == "POST":
        chosen = request.POST.get("user", "")
        # ASCII digits that fit a database id ("²" or 25 digits would be a server error).
        valid_id = chosen.isascii() and chosen.isdigit() and len(chosen) <= 18
        user = users.filter(pk=int(chosen)).first() if valid_id else None
        if user is None:
            return render(
                request,
                "accounts/demo_login.html",
                {
                    "users": users,
                    "error": "Välj en av demoanvändarna.",
                    "next": _safe_next(request),
                },
                status=400,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return HttpResponseRedirect(_safe_next(request))
    return render(
        request, "accounts/demo_login.html", {"users": users, "next": _safe_next(request)}
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect("/")
