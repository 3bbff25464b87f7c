"""The exchange demo: the demo supplier 苏州精工冲压件有限公司 publishes its calculated footprints as PACT v3.0, serves
them through its PACT API to 华东汽车集团 (a customer with one credential, seeing three of the parts), and the OEM
has imported the supplier's PACT file of two of them.  Everything goes through the services the pages use (the
export, the host's customers and grants, the import's checks); running it twice adds nothing."""

from __future__ import annotations

from tanlu.web.accounts.models import Organization
from tanlu.web.demo import DemoContext, step
from tanlu.web.exchange import exporting, receiving
from tanlu.web.exchange.models import PublishedFootprint, ReceivedFootprint, Spec
from tanlu.web.pact import services as pact
from tanlu.web.pact.models import Credential, Customer
from tanlu.web.products.models import CalculationRun, Result

SUPPLIER = "苏州精工冲压件有限公司"
OEM = "华东汽车集团"
CUSTOMER = "华东汽车集团 East China Automotive Group"
#: the file name the OEM's import keeps
FILE = "苏州精工 Suzhou Precision PACT v3.0.json"


@step("exchange")
def exchange_demo(context: DemoContext) -> str:
    supplier = Organization.objects.filter(name=SUPPLIER).first()
    oem = Organization.objects.filter(name=OEM).first()
    run = CalculationRun.objects.filter(organization=supplier).order_by("-pk").first()
    if supplier is None or oem is None or run is None:
        return "skipped: no demo supplier with calculated footprints"
    results = list(Result.objects.filter(run=run).order_by("product_id"))
    published = [exporting.export(result, Spec.PACT_3) for result in results]
    customer = Customer.objects.filter(organization=supplier, name=CUSTOMER).first()
    if customer is None:
        customer = pact.add_customer(supplier, CUSTOMER)
    if not Credential.objects.filter(customer=customer, revoked_at__isnull=True).exists():
        pact.issue_credential(customer, None)  # its secret is shown to nobody: the page issues a new one
    shared = [footprint.product_id for footprint in published[:3]]
    pact.set_grants(customer, shared)
    checked = receiving.check_data([footprint.document for footprint in published[:2]])
    if checked.problems:
        return f"the supplier's PACT file was refused: {checked.problems[0].reason}"
    receiving.store(oem, checked.footprints, filename=FILE)
    versions = PublishedFootprint.objects.filter(organization=supplier).count()
    received = ReceivedFootprint.objects.filter(organization=oem, filename=FILE).count()
    return (
        f"{len(published)} PACT v3.0 footprints published ({versions} versions), {len(shared)} shared with "
        f"{OEM} through the PACT API, {received} imported by {OEM}"
    )
