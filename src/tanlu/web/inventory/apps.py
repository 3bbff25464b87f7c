from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "tanlu.web.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from tanlu.web.inventory import jobs  # noqa: F401, PLC0415 - registers the job kinds
