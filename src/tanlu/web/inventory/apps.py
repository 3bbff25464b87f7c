from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "tanlu.web.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        # jobs registers the job kinds; uploads deletes the files of deleted uploads
        from tanlu.web.inventory import jobs, uploads  # noqa: F401, PLC0415
