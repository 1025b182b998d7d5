"""People who log in. Citizens come through e-ID (OIDC) and are identified by personnummer;
staff come through the municipality's staff login with a role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Invånare")
    EKONOMISEKRETERARE = "ekonomisekreterare", _("Ekonomisekreterare")
    ARBETSMARKNADSSEKRETERARE = "arbetsmarknadssekreterare", _("Arbetsmarknadssekreterare")
    SOCIALSEKRETERARE = "socialsekreterare", _("Socialsekreterare")
    ENHETSCHEF = "enhetschef", _("Enhetschef")
    GRANSKARE = "granskare", _("Granskare")


STAFF_ROLES = frozenset(role for role in Role if role != Role.CITIZEN)


class User(AbstractUser):
    """A person who logs in. Citizens have a personnummer; staff have a staff role and the
    subject identifier of the staff login.

    `personnummer` is stored in the normalised 12-digit form ``YYYYMMDD-NNNN``.
    """

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.CITIZEN)
    personnummer = models.CharField(
        _("personnummer"), max_length=13, unique=True, null=True, blank=True
    )
    display_name = models.CharField(_("namn"), max_length=200, blank=True)
    # The staff login's stable subject identifier (`sub`): how a staff member is found again.
    # Citizens are found by personnummer and never get one.
    oidc_subject = models.CharField(
        _("identitet i personalinloggningen"), max_length=255, unique=True, null=True, blank=True
    )

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    @property
    def is_citizen(self) -> bool:
        return self.role == Role.CITIZEN

    @property
    def is_case_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def __str__(self) -> str:
        # Never the personnummer: __str__ ends up in logs and error reports.
        return self.display_name or self.username
