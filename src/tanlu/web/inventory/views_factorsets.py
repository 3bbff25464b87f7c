"""The method choice of a factor set: how its fossil methane is weighted (#12 item 10).

Choosing another rule makes a new factor-set version with the same factors, so results calculated with the
earlier rule keep their version (the rule is in the version's content hash) and recalculating gives a new run.
Owners choose; the service checks the role again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanlu.errors import InputError
from tanlu.web.accounts.views.organizations import _need_organization
from tanlu.web.inventory import factorsets, forms, reasons


@login_required
@require_POST
def ch4_rule(request: HttpRequest) -> HttpResponse:
    if (response := _need_organization(request)) is not None:
        return response
    form = forms.Ch4RuleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how fossil methane is weighted."))
        return redirect("inventory:factors")
    try:
        version = factorsets.set_ch4_rule(request.membership, form.cleaned_data["ch4_rule"])  # type: ignore[attr-defined]
    except InputError as error:
        messages.error(request, reasons.localize_reason(error.issue.reason))
    else:
        messages.success(
            request,
            _(
                "Factor set v%(n)s was created with the new methane rule. Earlier results keep the version "
                "they were calculated with; calculate again to use it."
            )
            % {"n": version.number},
        )
    return redirect("inventory:factors")
