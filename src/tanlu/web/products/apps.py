from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "tanlu.web.products"
    label = "products"
    verbose_name = _("Products")

    def ready(self) -> None:
        from tanlu.web.products import jobs  # noqa: F401, PLC0415 - registers the job kinds
