"""Where the demonstration data is: the page the demo job leads to when it has loaded.

The demo gives the administrator six organizations beside their own, and the one they act for stays their own
(empty) organization. This page names the demo organizations, the one with the most in it first, each with a
button that switches to it; switching stays a POST, so no link elsewhere can change what a user acts for.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tanlu.web import demo


@login_required
def demo_ready(request: HttpRequest) -> HttpResponse:
    organizations = demo.demo_organizations(request.user)  # type: ignore[arg-type]
    return render(
        request,
        "accounts/demo.html",
        {"organizations": organizations, "richest": organizations[0] if organizations else None},
    )
