"""Owners invite colleagues by emailed link and manage their roles; the rules hold whatever the page sends."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tanlu.web.accounts.models import AuditEvent, Invitation, InvitationStatus, Membership, Role, User

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _link(message: Any) -> str:
    found = re.search(r"https://tanlu\.example\.test(/invitations/[\w-]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_invitation_to_a_new_person(tenant: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = tenant.client.post(
            "/settings/members/", {"email": "Chen@Example.com", "role": "editor", "language": "zh-hans"}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["chen@example.com"]
    assert "邀请" in message.subject, "the email is written in the invitee's language"
    link = _link(message)
    newcomer = Client()
    page = newcomer.get(link).content.decode()
    assert "Alpha Motors" in page
    response = newcomer.post(
        link, {"display_name": "陈静", "username": "chenjing", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="chenjing")
    assert membership.role == Role.EDITOR
    assert membership.organization == tenant.organization
    assert Client().get(link).status_code == 404, "a link works once"
    assert AuditEvent.objects.filter(action="invitation.accepted").exists()


def test_invitation_token_is_not_stored_and_unguessable(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        tenant.client.post(
            "/settings/members/", {"email": "x@example.com", "role": "viewer", "language": "en"}
        )
    token = _link(mail.outbox[0]).split("/")[2]
    assert len(token) >= 43, "at least 256 bits, URL-safe"
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    tampered = token[:-1] + ("B" if token.endswith("A") else "A")  # always another token (1 in 64 ended in A)
    assert Client().get(f"/invitations/{tampered}/").status_code == 404


def test_an_existing_user_signs_in_to_accept(
    tenant: Any, make_user: Callable[..., User], django_capture_on_commit_callbacks: Any
) -> None:
    existing = make_user("sun", email="sun@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        tenant.client.post(
            "/settings/members/", {"email": "sun@example.com", "role": "viewer", "language": "en"}
        )
    link = _link(mail.outbox[0])
    browser = Client()
    assert "Sign in to accept" in browser.get(link).content.decode()
    browser.force_login(existing)
    assert browser.post(link).status_code == 302
    assert Membership.objects.filter(user=existing, organization=tenant.organization).exists()


def test_revoked_and_expired_invitations_do_not_work(
    tenant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        tenant.client.post(
            "/settings/members/", {"email": "y@example.com", "role": "viewer", "language": "en"}
        )
    link = _link(mail.outbox[0])
    invitation = Invitation.objects.get()
    tenant.client.post(f"/settings/invitations/{invitation.pk}/revoke/")
    assert Invitation.objects.get().status == InvitationStatus.REVOKED
    assert Client().get(link).status_code == 404


def test_owner_changes_roles_but_not_their_own(
    tenant: Any, make_user: Callable[..., User], add_member: Callable[..., Membership]
) -> None:
    colleague = add_member(make_user(), tenant.organization, Role.VIEWER)
    tenant.client.post(f"/settings/members/{colleague.pk}/role/", {"role": "editor"})
    colleague.refresh_from_db()
    assert colleague.role == Role.EDITOR
    own = Membership.objects.get(user=tenant.owner)
    assert tenant.client.post(f"/settings/members/{own.pk}/role/", {"role": "viewer"}).status_code == 403
    assert tenant.client.post(f"/settings/members/{own.pk}/remove/").status_code == 403, (
        "the last owner stays"
    )
    assert AuditEvent.objects.filter(action="member.role_changed").count() == 1


def test_editors_and_viewers_cannot_manage_members(
    tenant: Any, make_user: Callable[..., User], add_member: Callable[..., Membership]
) -> None:
    editor = make_user()
    add_member(editor, tenant.organization, Role.EDITOR)
    browser = Client()
    browser.force_login(editor)
    own = Membership.objects.get(user=editor)
    assert browser.post(f"/settings/members/{own.pk}/role/", {"role": "owner"}).status_code == 403
    assert (
        browser.post(
            "/settings/members/", {"email": "z@example.com", "role": "owner", "language": "en"}
        ).status_code
        == 403
    )
    assert browser.get("/settings/audit/").status_code == 403
    assert Membership.objects.get(user=editor).role == Role.EDITOR
    assert not Invitation.objects.exists()


def test_a_user_in_two_organizations_switches_between_them(
    tenant: Any, make_organization: Callable[..., Any], add_member: Callable[..., Membership]
) -> None:
    other = make_organization("Gamma Seating 伽马座椅")
    add_member(tenant.owner, other, Role.VIEWER)
    assert "Alpha Motors" in tenant.client.get("/").content.decode()
    tenant.client.post("/organizations/switch/", {"organization": other.pk})
    page = tenant.client.get("/").content.decode()
    assert "Gamma Seating" in page
    assert tenant.client.get("/settings/audit/").status_code == 403, "a viewer there"
