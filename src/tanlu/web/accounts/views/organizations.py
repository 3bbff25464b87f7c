"""The current organization: switching, creating, its details, members, invitations and audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.errors import InputError
from tanlu.web.accounts import forms, services
from tanlu.web.accounts.middleware import SESSION_ORGANIZATION_KEY
from tanlu.web.accounts.models import ApiToken, AuditEvent, Invitation, InvitationStatus, Membership, Role
from tanlu.web.accounts.tenancy import get_scoped_or_404, scoped
from tanlu.web.params import int_param, safe_next


@login_required
def organizations(request: HttpRequest) -> HttpResponse:
    form = forms.OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = services.create_organization(request.user, **form.cleaned_data)
        request.session[SESSION_ORGANIZATION_KEY] = organization.pk
        messages.success(request, _("%(name)s was created. You are its owner.") % {"name": organization.name})
        return redirect("home")
    memberships = request.user.memberships.select_related("organization").order_by("organization__name")
    return render(request, "accounts/organizations.html", {"form": form, "memberships": memberships})


@login_required
@require_POST
def switch_organization(request: HttpRequest) -> HttpResponse:
    organization_id = int_param(request.POST.get("organization"), name="organization")
    membership = Membership.objects.filter(user=request.user, organization_id=organization_id).first()
    if membership is None:
        raise Http404
    request.session[SESSION_ORGANIZATION_KEY] = membership.organization_id
    return redirect(safe_next(request, request.POST.get("next"), default=reverse("home")))


def _need_organization(request: HttpRequest) -> HttpResponse | None:
    if request.organization is None:  # type: ignore[attr-defined]
        messages.info(request, _("Create or join an organization first."))
        return redirect("accounts:organizations")
    return None


@login_required
def settings_overview(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    organization = request.organization  # type: ignore[attr-defined]
    form = forms.OrganizationDetailsForm(
        request.POST or None,
        initial={"name": organization.name, "name_en": organization.name_en, "country": organization.country},
    )
    if request.method == "POST":
        services.require_role(request.membership, Role.OWNER)  # type: ignore[attr-defined]
        if form.is_valid():
            for key, value in form.cleaned_data.items():
                setattr(organization, key, value)
            organization.save()
            services.audit(organization, request.user, "organization.updated", organization.name)
            messages.success(request, _("The organization's details were saved."))
            return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form, "tab": "organization"})


@login_required
def members(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    invite_form = forms.InviteForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and invite_form.is_valid():
        try:
            invitation = services.invite_member(request.membership, **invite_form.cleaned_data)  # type: ignore[attr-defined]
        except InputError as error:
            invite_form.add_error("email", error.issue.reason)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("accounts:members")
    return render(
        request,
        "accounts/members.html",
        {
            "tab": "members",
            "invite_form": invite_form,
            "members": scoped(request, Membership).select_related("user").order_by("user__username"),
            "invitations": scoped(request, Invitation).filter(status=InvitationStatus.PENDING),
            "role_choices": Role.choices,
        },
    )


@login_required
@require_POST
def change_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    target = get_scoped_or_404(request, Membership, pk=membership_id)
    form = forms.RoleForm(request.POST)
    if form.is_valid():
        services.change_role(request.membership, target, form.cleaned_data["role"])  # type: ignore[attr-defined]
        messages.success(
            request, _("%(user)s is now %(role)s.") % {"user": target.user, "role": target.get_role_display()}
        )
    return redirect("accounts:members")


@login_required
@require_POST
def remove_member(request: HttpRequest, membership_id: int) -> HttpResponse:
    target = get_scoped_or_404(request, Membership, pk=membership_id)
    services.remove_member(request.membership, target)  # type: ignore[attr-defined]
    messages.success(request, _("%(user)s was removed.") % {"user": target.user})
    return redirect("accounts:members")


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_scoped_or_404(request, Invitation, pk=invitation_id)
    services.revoke_invitation(request.membership, invitation)  # type: ignore[attr-defined]
    messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
    return redirect("accounts:members")


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    services.require_role(request.membership, Role.OWNER)  # type: ignore[attr-defined]
    events = scoped(request, AuditEvent).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/audit.html", {"page": page, "tab": "audit"})


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Create and revoke API tokens. A new token is shown once, in the response to the POST that made it."""
    if (response := _need_organization(request)) is not None:
        return response
    form = forms.ApiTokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        _record, created = services.create_api_token(request.membership, name=form.cleaned_data["name"])  # type: ignore[attr-defined]
        form = forms.ApiTokenForm()
    tokens = scoped(request, ApiToken).filter(revoked_at__isnull=True).select_related("user")
    if not request.membership.allows(Role.OWNER):  # type: ignore[attr-defined]
        tokens = tokens.filter(user=request.user)
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "created": created, "tab": "api"},
    )


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, api_token_id: int) -> HttpResponse:
    record = get_scoped_or_404(request, ApiToken, pk=api_token_id, revoked_at__isnull=True)
    services.revoke_api_token(request.membership, record)  # type: ignore[attr-defined]
    messages.success(request, _("The token %(name)s was revoked.") % {"name": record.name})
    return redirect("accounts:api_tokens")
