"""State changes for users: demo users for the synthetic demo."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied

from bistand.core.deployment import is_demo_username

from .models import Role, User


def user_get_or_create_demo(
    *, username: str, role: Role, display_name: str, personnummer: str | None = None
) -> User:
    if not is_demo_username(username):
        raise ValueError("Demo users' usernames start with 'demo-'")
    if settings.PRODUCTION:
        raise PermissionDenied("Demo users are never created in production.")
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"role": role, "display_name": display_name, "personnummer": personnummer},
    )
    if created:
        user.set_unusable_password()  # demo users log in only through the demo login page
        user.save(update_fields=["password"])
    return user


def citizen_name_fill(*, user: User, name: str) -> bool:
    """Give a citizen without a name the name folkbokföring has (a paper applicant who has never
    logged in with e-ID). A name already there (from e-ID) is kept. True if it was set."""
    if not name or user.display_name:
        return False
    updated = User.objects.filter(pk=user.pk, display_name="").update(display_name=name[:200])
    if updated:
        user.display_name = name[:200]
    return bool(updated)
