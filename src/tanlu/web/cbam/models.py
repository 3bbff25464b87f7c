"""What the CBAM area stores: an exporting supplier's installations, the specific embedded emissions of each good
(one row per production process and CN code, with the Commission's default value beside it), the parts of the
product model each process makes, and uploads of the installation workbook on their way in.

The accepted workbook is kept on its installation: the communication for EU importers is made from it again by the
framework-free core (:mod:`tanlu.carbon.cbam`), exactly as ``tanlu cbam calc`` makes it, so page, CLI and
downloads cannot disagree. The goods rows are that calculation's result, stored so the pages read them at once.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from tanlu.carbon.cbam.model import CarbonPrice
from tanlu.web.accounts.models import Organization
from tanlu.web.accounts.tenancy import TenantManager
from tanlu.web.inventory.models import Site
from tanlu.web.products.models import Product

#: the aggregated goods categories of :mod:`tanlu.carbon.cbam.goods`, as the page names them (the workbook and the
#: communication keep the Commission's English names)
CATEGORY_NAMES = {
    name: name
    for name in (
        gettext_noop("Sintered ore"),
        gettext_noop("Pig iron"),
        gettext_noop("FeMn"),
        gettext_noop("FeCr"),
        gettext_noop("FeNi"),
        gettext_noop("DRI"),
        gettext_noop("Crude steel"),
        gettext_noop("Iron or steel products"),
        gettext_noop("Unwrought aluminium"),
        gettext_noop("Aluminium products"),
    )
}


def category_label(name: str) -> str:
    """A category in the reader's language; one Tanlu does not know as it is written."""
    return gettext(CATEGORY_NAMES[name]) if name in CATEGORY_NAMES else name


class Installation(models.Model):
    """An installation as its last accepted workbook declares it (sheet ``installation``)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    unlocode = models.CharField(_("UN/LOCODE"), max_length=6)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    categories = models.CharField(_("aggregated goods categories"), max_length=300)
    reporting_period = models.CharField(_("reporting period"), max_length=40, blank=True)
    #: the carbon price effectively paid in the country of origin, as :class:`tanlu.carbon.cbam.model.CarbonPrice`
    #: holds it (no scheme: none is paid)
    carbon_price_scheme = models.CharField(_("carbon price due"), max_length=200, blank=True)
    carbon_price_per_tco2e = models.FloatField(null=True, blank=True)
    carbon_price_currency = models.CharField(max_length=3, blank=True)
    carbon_price_legal_act = models.CharField(max_length=300, blank=True)
    carbon_price_cn_codes = models.CharField(max_length=200, blank=True)
    carbon_price_covered_tco2e = models.FloatField(null=True, blank=True)
    carbon_price_rebate_form = models.CharField(max_length=200, blank=True)
    carbon_price_rebate_per_tco2e = models.FloatField(null=True, blank=True)
    carbon_price_rebate_covered_tco2e = models.FloatField(null=True, blank=True)
    #: the year whose mark-up the default values beside the results carry
    year = models.PositiveSmallIntegerField(_("mark-up year"))
    #: the accepted input workbook, from which the communication is made again
    workbook = models.BinaryField(editable=False)
    filename = models.CharField(_("file"), max_length=255)
    fingerprint = models.CharField(max_length=64)
    #: a declared installation: a site of the inventory whose year ``inventory_year`` gives its emissions and
    #: electricity (:mod:`tanlu.web.cbam.sources`); an uploaded one has neither and keeps its workbook
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("site")
    )
    inventory_year = models.PositiveSmallIntegerField(_("inventory year"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organization", "name"], name="cbam_one_installation_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def country(self) -> str:
        return self.unlocode[:2]

    @property
    def category_labels(self) -> str:
        return "; ".join(category_label(name.strip()) for name in self.categories.split(";"))

    @property
    def carbon_price(self) -> CarbonPrice | None:
        """The stored carbon price as the core's record; ``None`` when none is paid."""
        if not self.carbon_price_scheme or self.carbon_price_per_tco2e is None:
            return None
        return CarbonPrice(
            scheme=self.carbon_price_scheme,
            amount_per_tco2e=self.carbon_price_per_tco2e,
            currency=self.carbon_price_currency,
            covered_tco2e=self.carbon_price_covered_tco2e,
            legal_act=self.carbon_price_legal_act,
            cn_codes=tuple(code for code in self.carbon_price_cn_codes.split("; ") if code),
            rebate_form=self.carbon_price_rebate_form,
            rebate_per_tco2e=self.carbon_price_rebate_per_tco2e or 0.0,
            rebate_covered_tco2e=self.carbon_price_rebate_covered_tco2e,
        )


def carbon_price_fields(price: CarbonPrice | None) -> dict[str, object]:
    """The model fields of ``price`` (all empty for none), for storing what a workbook or the form gives."""
    return {
        "carbon_price_scheme": price.scheme[:200] if price else "",
        "carbon_price_per_tco2e": price.amount_per_tco2e if price else None,
        "carbon_price_currency": price.currency[:3] if price else "",
        "carbon_price_legal_act": price.legal_act[:300] if price else "",
        "carbon_price_cn_codes": "; ".join(price.cn_codes)[:200] if price else "",
        "carbon_price_covered_tco2e": price.covered_tco2e if price else None,
        "carbon_price_rebate_form": price.rebate_form[:200] if price else "",
        "carbon_price_rebate_per_tco2e": price.rebate_per_tco2e if price and price.rebate_per_tco2e else None,
        "carbon_price_rebate_covered_tco2e": price.rebate_covered_tco2e if price else None,
    }


class Good(models.Model):
    """One production process's result: SEE direct and indirect per t of its CN code, and the default value."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    installation = models.ForeignKey(Installation, on_delete=models.CASCADE, related_name="goods")
    position = models.PositiveIntegerField()
    process_id = models.CharField(_("process"), max_length=60)
    process_name = models.CharField(_("name"), max_length=200)
    cn_code = models.CharField(_("CN code"), max_length=8)
    category = models.CharField(_("aggregated goods category"), max_length=60)
    production_t = models.FloatField()
    attributed_direct = models.FloatField()
    attributed_indirect = models.FloatField()
    see_direct = models.FloatField()
    see_indirect = models.FloatField()
    default_share = models.FloatField()
    #: the shipped default value (t CO2e/t), without and with the year's mark-up; null when none is shipped
    default_direct = models.FloatField(null=True, blank=True)
    default_total = models.FloatField(null=True, blank=True)
    default_with_markup = models.FloatField(null=True, blank=True)
    markup = models.FloatField(null=True, blank=True)
    default_reference = models.CharField(max_length=300, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["installation", "position"]

    def __str__(self) -> str:
        return f"{self.process_id} CN {self.cn_code}"

    @property
    def see_total(self) -> float:
        return self.see_direct + self.see_indirect

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def default_percent(self) -> float:
        return self.default_share * 100

    @property
    def difference_per_t(self) -> float | None:
        """Default with mark-up minus the actual SEE_direct (what the importer saves per t on actual data)."""
        return None if self.default_with_markup is None else self.default_with_markup - self.see_direct

    @property
    def cn_spaced(self) -> str:
        """``73181588`` → ``7318 15 88``, as the CN is printed."""
        code = self.cn_code
        return " ".join(part for part in (code[:4], code[4:6], code[6:8]) if part)


class PartLink(models.Model):
    """A part of the product model that a production process makes (kept across uploads of the workbook)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    installation = models.ForeignKey(Installation, on_delete=models.CASCADE, related_name="part_links")
    process_id = models.CharField(_("process"), max_length=60)
    part = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+", verbose_name=_("part"))

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["process_id", "part__product_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["installation", "process_id", "part"], name="cbam_part_once")
        ]

    def __str__(self) -> str:
        return f"{self.process_id} → {self.part_id}"


class DeclaredProcess(models.Model):
    """A production process of a declared installation; ``share`` (%) of the site's emissions and electricity
    attributed to it, or none for its production mass share of what the set shares leave."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    installation = models.ForeignKey(Installation, on_delete=models.CASCADE, related_name="processes")
    process_id = models.CharField(_("process id"), max_length=60)
    name = models.CharField(_("name"), max_length=200, blank=True)
    cn_code = models.CharField(_("CN code"), max_length=8)
    production_t = models.FloatField(_("annual production (t)"))
    share = models.FloatField(_("share of the site's emissions (%)"), null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["installation", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["installation", "process_id"], name="cbam_one_process_id")
        ]

    def __str__(self) -> str:
        return self.process_id


class DeclaredPrecursor(models.Model):
    """A precursor a declared process consumes: own (from another process), purchased with the supplier's SEE,
    or on the Commission's default value."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    process = models.ForeignKey(DeclaredProcess, on_delete=models.CASCADE, related_name="precursors")
    cn_code = models.CharField(_("CN code"), max_length=8)
    kind = models.CharField(_("source"), max_length=10)
    quantity_t = models.FloatField(_("mass consumed (t)"))
    from_process = models.ForeignKey(
        DeclaredProcess, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    country = models.CharField(_("country of origin"), max_length=5, blank=True)
    see_direct = models.FloatField(null=True, blank=True)
    see_indirect = models.FloatField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["process", "id"]

    def __str__(self) -> str:
        return f"{self.process_id} CN {self.cn_code}"


class ImportStatus(models.TextChoices):
    READING = "reading", _("Being read")
    REJECTED = "rejected", _("Rows to fix")
    ACCEPTED = "accepted", _("Imported")


class InstallationImport(models.Model):
    """An uploaded installation workbook: read in a job, then stored as a whole or refused with every issue.

    The file's bytes are in :class:`InstallationUpload`, not here, so that saving the import's status writes a
    few bytes rather than the whole workbook.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("file"), max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    #: every issue as the core gave it (file, sheet, row, column, value, English reason), translated when shown
    issues = models.JSONField(default=list, blank=True)
    installation = models.ForeignKey(
        Installation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class InstallationUpload(models.Model):
    """The uploaded workbook of an import being read; deleted once it is read (an accepted workbook is kept on
    its installation, a refused one keeps its issues). Written once, never updated."""

    batch = models.OneToOneField(
        InstallationImport, on_delete=models.CASCADE, primary_key=True, related_name="upload"
    )
    content = models.BinaryField(editable=False)

    def __str__(self) -> str:
        return str(self.batch_id)
