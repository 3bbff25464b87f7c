from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "tanlu.web.exchange"
    label = "exchange"
    verbose_name = _("Exchange")

    def ready(self) -> None:
        from tanlu.web.exchange import jobs  # noqa: F401, PLC0415 - registers the job kinds
