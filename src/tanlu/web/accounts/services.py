"""What users do with organizations, memberships, suppliers and invitations.

Views and CLI commands call these functions; they check roles, write the audit log and send email, so that the
rules hold whichever adapter is used.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tanlu.errors import InputError, NotFound, PermissionDenied
from tanlu.web.accounts.models import (
    INVITATION_LIFETIME,
    ApiToken,
    AuditEvent,
    Invitation,
    InvitationStatus,
    Membership,
    Organization,
    OrganizationKind,
    Role,
    SupplierRelationship,
    User,
    hash_token,
    new_token,
)

logger = logging.getLogger("tanlu.accounts")


def audit(organization: Organization, actor: User | None, action: str, detail: str = "") -> AuditEvent:
    logger.info(
        "audit org=%s actor=%s action=%s %s", organization.pk, getattr(actor, "pk", None), action, detail
    )
    return AuditEvent.objects.create(
        organization=organization, actor=actor, action=action, detail=detail[:500]
    )


def require_role(membership: Membership | None, role: str) -> Membership:
    if membership is None or not membership.allows(role):
        raise PermissionDenied(_("Your role in this organization does not allow this."))
    return membership


def can(request: HttpRequest, role: str) -> bool:
    """Whether the request's membership (set by the middleware) allows ``role``: pages use it to show or hide
    the actions that :func:`require_role` would refuse."""
    membership = getattr(request, "membership", None)
    return membership is not None and membership.allows(role)


@transaction.atomic
def create_organization(
    user: User, *, name: str, kind: str, name_en: str = "", country: str = ""
) -> Organization:
    """A new organization, with ``user`` as its first owner."""
    if kind not in OrganizationKind.values:
        raise InputError(_("Unknown kind of organization."), column="kind", value=kind)
    organization = Organization.objects.create(
        name=name.strip(), name_en=name_en.strip(), kind=kind, country=country.strip()
    )
    Membership.objects.create(user=user, organization=organization, role=Role.OWNER)
    audit(organization, user, "organization.created", organization.name)
    return organization


@transaction.atomic
def create_first_administrator(
    *,
    username: str,
    email: str,
    password: str,
    organization_name: str,
    organization_kind: str,
    language: str = "",
) -> User:
    """The first user of a fresh installation: a superuser who owns the first organization."""
    if User.objects.exists():
        raise PermissionDenied(_("An administrator already exists."))
    user = User.objects.create_superuser(username=username, email=email, password=password, language=language)
    create_organization(user, name=organization_name, kind=organization_kind)
    return user


def absolute_url(path: str) -> str:
    """Links in emails are built from the configured base URL, never from a request's Host header."""
    return f"{settings.TANLU_BASE_URL}{path}"


def _send_invitation_email(invitation: Invitation, token: str, inviter: User | None) -> None:
    language = invitation.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "invitation": invitation,
            "organization": invitation.organization,
            "inviter": inviter,
            "url": absolute_url(reverse("accounts:accept_invitation", args=[token])),
            "role": invitation.get_role_display(),
            "expires_at": invitation.expires_at,
        }
        subject = _("You are invited to join %(organization)s on Tanlu") % {
            "organization": invitation.organization.name
        }
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def invite_member(membership: Membership | None, *, email: str, role: str, language: str = "") -> Invitation:
    """Email a link that makes its holder a member of ``membership.organization`` with ``role``."""
    actor_membership = require_role(membership, Role.OWNER)
    organization = actor_membership.organization
    if role not in Role.values:
        raise InputError(_("Unknown role."), column="role", value=role)
    email = email.strip().lower()
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise InputError(_("%(email)s is already a member.") % {"email": email}, column="email", value=email)
    token = new_token()
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        language=language,
        token_hash=hash_token(token),
        invited_by=actor_membership.user,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    audit(organization, actor_membership.user, "invitation.sent", f"{email} as {role}")
    transaction.on_commit(lambda: _send_invitation_email(invitation, token, actor_membership.user))
    return invitation


def find_invitation(token: str) -> Invitation:
    """The usable invitation behind ``token``; a used, revoked, expired or unknown one is :class:`NotFound`."""
    invitation = (
        Invitation.objects.select_related("organization").filter(token_hash=hash_token(token)).first()
    )
    if invitation is None or not invitation.is_usable:
        raise NotFound(_("This invitation link is not valid any more."))
    return invitation


@transaction.atomic
def accept_invitation(token: str, user: User) -> Membership:
    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise NotFound(_("This invitation link is not valid any more."))
    membership, created = Membership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_by"])
    audit(
        invitation.organization,
        user,
        "invitation.accepted",
        f"{user.email} as {membership.role}" + ("" if created else " (already a member)"),
    )
    return membership


@transaction.atomic
def revoke_invitation(membership: Membership | None, invitation: Invitation) -> None:
    actor = require_role(membership, Role.OWNER)
    if invitation.organization_id != actor.organization_id:
        raise NotFound
    invitation.status = InvitationStatus.REVOKED
    invitation.save(update_fields=["status"])
    audit(actor.organization, actor.user, "invitation.revoked", invitation.email)


def _owners(organization: Organization) -> int:
    return Membership.objects.filter(organization=organization, role=Role.OWNER).count()


@transaction.atomic
def change_role(membership: Membership | None, target: Membership, role: str) -> Membership:
    """Owners change other members' roles. Nobody raises their own role; the last owner stays an owner."""
    actor = require_role(membership, Role.OWNER)
    if target.organization_id != actor.organization_id:
        raise NotFound
    if role not in Role.values:
        raise InputError(_("Unknown role."), column="role", value=role)
    if target.pk == actor.pk and role != target.role:
        raise PermissionDenied(_("You cannot change your own role; ask another owner."))
    if target.role == Role.OWNER and role != Role.OWNER and _owners(actor.organization) <= 1:
        raise PermissionDenied(_("An organization needs at least one owner."))
    previous = target.role
    target.role = role
    target.save(update_fields=["role"])
    audit(actor.organization, actor.user, "member.role_changed", f"{target.user.email}: {previous} → {role}")
    return target


@transaction.atomic
def remove_member(membership: Membership | None, target: Membership) -> None:
    actor = require_role(membership, Role.OWNER)
    if target.organization_id != actor.organization_id:
        raise NotFound
    if target.role == Role.OWNER and _owners(actor.organization) <= 1:
        raise PermissionDenied(_("An organization needs at least one owner."))
    target.delete()
    audit(actor.organization, actor.user, "member.removed", target.user.email)


@transaction.atomic
def add_supplier(
    membership: Membership | None,
    *,
    name: str,
    name_en: str = "",
    contact_name: str = "",
    contact_email: str = "",
    supplier_code: str = "",
    category: str = "",
    region: str = "",
    tier: int = 1,
    invite: bool = False,
    language: str = "",
) -> SupplierRelationship:
    """Link a supplier organization to the current organization, creating the supplier if it is new.

    With ``invite``, the supplier's contact receives a link that makes them the owner of the supplier's
    organization, so they can answer surveys and share footprints themselves.
    """
    actor = require_role(membership, Role.EDITOR)
    customer = actor.organization
    supplier = Organization.objects.create(
        name=name.strip(), name_en=name_en.strip(), kind=OrganizationKind.SUPPLIER, country=region.strip()
    )
    link = SupplierRelationship.objects.create(
        organization=customer,
        supplier=supplier,
        supplier_code=supplier_code.strip(),
        contact_name=contact_name,
        contact_email=contact_email.strip().lower(),
        category=category,
        region=region,
        tier=tier,
    )
    audit(customer, actor.user, "supplier.added", supplier.name)
    if invite and link.contact_email:
        token = new_token()
        invitation = Invitation.objects.create(
            organization=supplier,
            email=link.contact_email,
            role=Role.OWNER,
            language=language,
            token_hash=hash_token(token),
            invited_by=actor.user,
            expires_at=timezone.now() + INVITATION_LIFETIME,
        )
        audit(supplier, actor.user, "invitation.sent", f"{link.contact_email} as owner (by {customer.name})")
        audit(customer, actor.user, "supplier.invited", f"{supplier.name}: {link.contact_email}")
        transaction.on_commit(lambda: _send_invitation_email(invitation, token, actor.user))
    return link


@transaction.atomic
def update_supplier(
    membership: Membership | None, link: SupplierRelationship, **fields: Any
) -> SupplierRelationship:
    actor = require_role(membership, Role.EDITOR)
    if link.organization_id != actor.organization_id:
        raise NotFound
    for key, value in fields.items():
        setattr(link, key, value)
    link.save()
    audit(actor.organization, actor.user, "supplier.updated", link.supplier.name)
    return link


@transaction.atomic
def remove_supplier(membership: Membership | None, link: SupplierRelationship) -> None:
    actor = require_role(membership, Role.EDITOR)
    if link.organization_id != actor.organization_id:
        raise NotFound
    link.delete()
    audit(actor.organization, actor.user, "supplier.removed", link.supplier.name)


def create_api_token(membership: Membership | None, *, name: str) -> tuple[ApiToken, str]:
    """A new API token for the member in their organization; the token itself is returned once, never stored."""
    from tanlu.web.accounts.api_auth import TOKEN_PREFIX  # noqa: PLC0415 - api_auth imports ninja

    actor = require_role(membership, Role.VIEWER)
    token = TOKEN_PREFIX + new_token()
    record = ApiToken.objects.create(
        organization=actor.organization,
        user=actor.user,
        name=name.strip(),
        prefix=token[:10],
        token_hash=hash_token(token),
    )
    audit(actor.organization, actor.user, "api_token.created", f"{record.name} ({record.prefix}…)")
    return record, token


def revoke_api_token(membership: Membership | None, record: ApiToken) -> None:
    """Members revoke their own tokens; owners revoke anyone's in their organization."""
    actor = require_role(membership, Role.VIEWER)
    if record.organization_id != actor.organization_id:
        raise NotFound
    if record.user_id != actor.user_id and not actor.allows(Role.OWNER):
        raise PermissionDenied(_("Only owners can revoke other members' tokens."))
    record.revoked_at = timezone.now()
    record.save(update_fields=["revoked_at"])
    audit(actor.organization, actor.user, "api_token.revoked", f"{record.name} ({record.prefix}…)")
