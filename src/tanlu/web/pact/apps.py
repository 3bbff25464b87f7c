from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PactConfig(AppConfig):
    name = "tanlu.web.pact"
    label = "pact"
    verbose_name = _("PACT API host")

    def ready(self) -> None:
        from tanlu.web.pact import jobs  # noqa: F401, PLC0415 - registers the job kinds
