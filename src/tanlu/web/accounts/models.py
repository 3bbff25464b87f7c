"""Who uses Tanlu and on whose behalf: users, organizations, memberships, supplier links, invitations, audit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanlu.web.accounts.tenancy import TenantManager

INVITATION_LIFETIME = timedelta(days=14)


def hash_token(token: str) -> str:
    """Tokens are stored as SHA-256 digests: a copy of the database does not give away a valid link."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """256 bits of randomness, URL-safe."""
    return secrets.token_urlsafe(32)


class User(AbstractUser):
    """A person who signs in. Their language is remembered across browsers."""

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    display_name = models.CharField(_("name"), max_length=150, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class OrganizationKind(models.TextChoices):
    ASSOCIATION = "association", _("Industry association")
    OEM = "oem", _("OEM (vehicle manufacturer)")
    SUPPLIER = "supplier", _("Supplier")


class Organization(models.Model):
    """A tenant: every piece of business data belongs to exactly one organization."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    country = models.CharField(_("country or region"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def display_names(self) -> str:
        return f"{self.name} ({self.name_en})" if self.name_en and self.name_en != self.name else self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}


class Membership(models.Model):
    """A user's role in one organization."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_user_and_org")
        ]
        ordering: ClassVar = ["organization__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.role})"

    def allows(self, role: str) -> bool:
        """Whether this membership's role is at least ``role``."""
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


class SupplierRelationship(models.Model):
    """A customer organization (OEM, association or supplier) lists another organization as its supplier.

    Later areas use it to address survey invitations and footprint requests.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="supplier_links", verbose_name=_("customer")
    )
    supplier = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="customer_links", verbose_name=_("supplier")
    )
    supplier_code = models.CharField(_("supplier code"), max_length=64, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    tier = models.PositiveSmallIntegerField(_("tier"), default=1)
    category = models.CharField(_("commodity or category"), max_length=150, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organization", "supplier"], name="one_link_per_customer_and_supplier"
            ),
            models.CheckConstraint(
                condition=~models.Q(organization=models.F("supplier")), name="not_own_supplier"
            ),
        ]
        ordering: ClassVar = ["supplier__name"]
        verbose_name = _("supplier relationship")
        verbose_name_plural = _("supplier relationships")

    def __str__(self) -> str:
        return f"{self.organization} → {self.supplier}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class Invitation(models.Model):
    """An emailed link that makes its holder a member of an organization with a given role."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.role})"

    @property
    def is_usable(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at > timezone.now()


AUDIT_ACTIONS = {
    "organization.created": _("Organization created"),
    "organization.updated": _("Organization details changed"),
    "invitation.sent": _("Invitation sent"),
    "invitation.accepted": _("Invitation accepted"),
    "invitation.revoked": _("Invitation revoked"),
    "member.role_changed": _("Role changed"),
    "member.removed": _("Member removed"),
    "supplier.added": _("Supplier added"),
    "supplier.invited": _("Supplier invited"),
    "supplier.updated": _("Supplier changed"),
    "supplier.removed": _("Supplier removed"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "footprint_request.sent": _("Footprint requested"),
    "footprint_request.seen": _("Footprint request seen"),
    "footprint_request.in_progress": _("Footprint request in progress"),
    "footprint_request.delivered": _("Footprint delivered"),
    "footprint_request.accepted": _("Footprint accepted"),
    "footprint_request.rejected": _("Footprint rejected"),
    "footprint_request.reminder_before": _("Reminder sent before the due date"),
    "footprint_request.reminder_after": _("Reminder sent after the due date"),
    "supplier_target.set": _("Supplier target set"),
    "supplier_target.changed": _("Supplier target changed"),
    "supplier_target.removed": _("Supplier target removed"),
    "survey.created": _("Survey created"),
    "survey.version": _("Questionnaire version uploaded"),
    "survey.settings": _("Survey settings changed"),
    "survey.opened": _("Survey opened"),
    "survey.closed": _("Survey closed"),
    "survey.participant_added": _("Survey participant added"),
    "survey.participants_imported": _("Survey participants imported"),
    "survey.suppliers_invited": _("Suppliers invited to a survey"),
    "survey.invitations_sent": _("Survey invitations sent"),
    "survey.reminders_sent": _("Survey reminders sent"),
    "survey.invitation_bounced": _("Survey invitation bounced"),
    "survey.public_link_renewed": _("Public survey link renewed"),
    "inventory.import": _("Activity data imported"),
    "inventory.site_create": _("Sites created from an import"),
    "inventory.factor_set": _("Emission factors changed"),
    "inventory.report_settings": _("Inventory report settings changed"),
    "products.import": _("Product model imported"),
    "exchange.export": _("Footprint published"),
    "exchange.import": _("Footprint file imported"),
    "exchange.endpoint_added": _("Supplier's PACT API added"),
    "pact.customer_added": _("PACT API customer added"),
    "pact.credential_issued": _("PACT API credential issued"),
    "pact.credential_revoked": _("PACT API credential revoked"),
    "pact.grants": _("Footprints shared with a PACT API customer changed"),
    "cbam.import": _("CBAM installation data imported"),
    "cbam.declared": _("CBAM installation declared from an inventory site"),
    "cbam.changed": _("CBAM installation changed"),
    "cbam.deleted": _("CBAM installation deleted"),
    "cbam.part_linked": _("CBAM process linked to a part"),
    "cbam.part_unlinked": _("CBAM process unlinked from a part"),
}


class AuditEvent(models.Model):
    """Who did what to an organization's membership, invitations or credentials, and when."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def action_label(self) -> str:
        """The action in the reader's language; actions added by later areas show their key until named here."""
        return str(AUDIT_ACTIONS.get(self.action, self.action))

    @property
    def detail_label(self) -> str:
        """The detail in the reader's language (stored as the code wrote it, in English words)."""
        from tanlu.web.accounts.audit_details import localize  # noqa: PLC0415 (it reads Role from here)

        return localize(self.action, self.detail)


class ApiToken(models.Model):
    """A credential for scripts and other systems: acts as its creator, in one organization, until revoked.

    Only a SHA-256 digest is stored; the token is shown once when created. ``prefix`` (the first characters) lets
    people tell their tokens apart.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="api_tokens")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
