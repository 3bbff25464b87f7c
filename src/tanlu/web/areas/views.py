"""Pages of the areas still being built. They describe what the area will do, without sample content."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _area(template: str):  # type: ignore[no-untyped-def]
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template)

    return view


exchange = _area("areas/exchange.html")
