"""Partners' API tokens and the record of what each partner fetched."""

import hashlib
import hmac
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.history import tracked
from testimony.models.collections import PartnerOrganisation

TOKEN_PREFIX = "tc"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@tracked(exclude=["secret_hash"])
class PartnerToken(models.Model):
    """An API token. Only its SHA-256 is stored; the token is shown once, when made.

    A token reads ``tc_<key>_<secret>``: ``key`` finds the row, the secret's hash
    is compared in constant time.
    """

    partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.CASCADE,
        related_name="tokens",
        verbose_name=_("partner"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. nightly sync.")
    )
    key = models.CharField(_("key"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(
        _("expires at"), help_text=_("The token stops working at this time.")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["partner", "-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.partner}: {self.name} ({self.key}…)"

    @classmethod
    def issue(cls, partner, *, name: str, expires_at) -> tuple["PartnerToken", str]:
        """Make a token; return it and the plain token, which is never stored."""
        key = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        token = cls.objects.create(
            partner=partner,
            name=name,
            key=key,
            secret_hash=hash_secret(secret),
            expires_at=expires_at,
        )
        return token, f"{TOKEN_PREFIX}_{key}_{secret}"

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_secret(secret))

    @property
    def is_usable(self) -> bool:
        return (
            self.revoked_at is None and self.expires_at > timezone.now() and self.partner.is_active
        )


class PartnerFetch(models.Model):
    """Which partner fetched which record, first and last: the list to notify on withdrawal."""

    partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.CASCADE,
        related_name="fetches",
        verbose_name=_("partner"),
    )
    record_type = models.CharField(_("record type"), max_length=30)
    record_id = models.BigIntegerField(_("record id"))
    first_fetched_at = models.DateTimeField(_("first fetched at"))
    last_fetched_at = models.DateTimeField(_("last fetched at"))
    times = models.PositiveIntegerField(_("times"), default=1)

    class Meta:
        ordering = ["-last_fetched_at"]
        verbose_name = _("partner fetch")
        verbose_name_plural = _("partner fetches")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "record_type", "record_id"], name="partner_fetch_unique"
            ),
        ]
        indexes = [models.Index(fields=["record_type", "record_id"], name="partner_fetch_record")]

    def __str__(self):
        return f"{self.partner} fetched {self.record_type} {self.record_id}"
