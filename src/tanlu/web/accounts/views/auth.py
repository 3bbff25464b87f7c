"""Sign in and out, first run, password reset, profile, language, and accepting an invitation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.errors import NotFound
from tanlu.web.accounts import forms, services, throttle
from tanlu.web.accounts.middleware import set_language_cookie
from tanlu.web.accounts.models import User
from tanlu.web.params import safe_next
from tanlu.web.security import too_many_attempts


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = forms.ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not User.objects.exists():
            return redirect("accounts:setup")
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset flow, with links built from ``TANLU_BASE_URL`` rather than the request's Host header."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        """Each request counts (known address or not, so the answer tells nothing about accounts); over the limit
        no email is sent and the page says how long to wait."""
        limits = throttle.password_reset_limits(self.request, form.cleaned_data["email"])
        if wait := throttle.retry_after(limits):
            return too_many_attempts(self.request, wait)
        throttle.record(limits)
        base = urlsplit(settings.TANLU_BASE_URL)
        form.save(
            domain_override=base.netloc,
            use_https=base.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
        )
        return HttpResponseRedirect(self.get_success_url())


def setup(request: HttpRequest) -> HttpResponse:
    """First run: create the first administrator and organization; there is no default account."""
    if User.objects.exists():
        return redirect("home")
    form = forms.FirstRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.create_first_administrator(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            organization_name=data["organization_name"],
            organization_kind=data["organization_kind"],
            language=request.LANGUAGE_CODE if request.LANGUAGE_CODE in dict(settings.LANGUAGES) else "",
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if data["load_demo"]:
            from tanlu.web.jobs.services import start_demo_load  # noqa: PLC0415 - avoids an import cycle

            job = start_demo_load(user)
            return redirect("jobs:detail", job_id=job.pk)
        messages.success(request, _("Welcome to Tanlu. Your administrator account is ready."))
        return redirect("home")
    return render(request, "accounts/setup.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = forms.ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile was saved."))
        response = redirect("accounts:profile")
        if user.language:
            set_language_cookie(response, user.language)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered in a cookie and, for a signed-in user, in their profile."""
    language = request.POST.get("language", "")
    response = redirect(safe_next(request, request.POST.get("next") or request.headers.get("referer")))
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        set_language_cookie(response, language)
        if request.user.is_authenticated:
            User.objects.filter(pk=request.user.pk).update(language=language)
    return response


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A member invitation's link; unknown links count against the client address like survey links do."""
    if wait := throttle.retry_after(throttle.link_miss_limits(request)):
        return too_many_attempts(request, wait)
    try:
        invitation = services.find_invitation(token)
    except NotFound:
        throttle.record(throttle.link_miss_limits(request))
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    signup = None
    if request.user.is_authenticated:
        if request.method == "POST":
            membership = services.accept_invitation(token, request.user)
            request.session["tanlu_organization_id"] = membership.organization_id
            messages.success(
                request, _("You joined %(organization)s.") % {"organization": membership.organization}
            )
            return redirect("home")
    elif existing is None:
        signup = forms.InvitationSignupForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and signup.is_valid():
            user = User.objects.create_user(
                username=signup.cleaned_data["username"],
                email=invitation.email,
                password=signup.cleaned_data["password1"],
                display_name=signup.cleaned_data["display_name"],
                language=invitation.language,
            )
            membership = services.accept_invitation(token, user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session["tanlu_organization_id"] = membership.organization_id
            messages.success(
                request,
                _("Welcome! You joined %(organization)s.") % {"organization": membership.organization},
            )
            return redirect("home")
    login_url = f"{reverse('accounts:login')}?next={request.path}"
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invitation,
            "signup": signup,
            "existing": existing,
            "login_url": login_url,
        },
    )
