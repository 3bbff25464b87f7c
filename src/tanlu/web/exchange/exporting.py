"""A calculated product as PACT v3.0 / v2.3 or Catena-X 9.0.0 / 10.0.0 JSON, published the PACT way.

The export uses the run's GWP set over today's stored model and refuses when the model changed since the run (the
file must carry the run's numbers, exactly what the page shows).  Company and method details come from the
organization's export settings (:class:`~tanlu.web.exchange.models.ExportSettings`), with the organization's name
and a Tanlu URN as defaults so a new user can export at once.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from tanlu.errors import InputError
from tanlu.exchange import from_products
from tanlu.web.accounts.models import Organization
from tanlu.web.exchange import services
from tanlu.web.exchange.models import ExportSettings, PublishedFootprint, Spec
from tanlu.web.products import explaining
from tanlu.web.products.models import Result


class ExportRefused(InputError):
    """The export cannot be made; the message is already in the reader's language."""


def settings_for(organization: Organization) -> dict[str, str]:
    """The organization's export settings, with defaults for the company's name and id."""
    stored = ExportSettings.objects.filter(organization=organization).first()
    values = {k: str(v) for k, v in (stored.values if stored else {}).items() if v}
    values.setdefault("company_name", organization.name_en or organization.name)
    values.setdefault("company_ids", f"urn:tanlu:organization:{organization.pk}")
    country = organization.country.strip().upper()
    if len(country) == 2 and country.isascii() and country.isalpha():
        values.setdefault("country", country)
    return values


def save_settings(organization: Organization, values: dict[str, str]) -> ExportSettings:
    stored, _created = ExportSettings.objects.update_or_create(
        organization=organization, defaults={"values": {k: v for k, v in values.items() if v}}
    )
    return stored


def export(result: Result, spec: str) -> PublishedFootprint:
    """Publish ``result``'s product in ``spec`` (see :class:`Spec`) and return the version to hand out."""
    if spec not in Spec.values:
        raise ExportRefused(_("Choose PACT v3.0, PACT v2.3, Catena-X 9.0.0 or Catena-X 10.0.0."))
    run = result.run
    explained = explaining.explain(run)
    if explained.model_changed:
        raise ExportRefused(_("The product model changed after this run. Calculate again, then export."))
    settings = settings_for(run.organization)
    if spec == Spec.PACT_2 and not settings.get("product_category_cpc"):
        raise ExportRefused(
            _("PACT v2.3 needs the product's UN CPC category: set it in the export settings.")
        )
    now = timezone.now().replace(microsecond=0)
    try:
        document = from_products.export_product(
            explained.model, explained.footprints, result.product_id, settings, spec=spec, created=now
        )
    except InputError as error:
        if "region of production" in error.issue.reason:
            raise ExportRefused(
                _("Catena-X needs the country of production: set it in the export settings.")
            ) from None
        raise
    return services.publish(
        run.organization, spec=spec, product_id=result.product_id, document=document, now=now, run_id=run.pk
    )
