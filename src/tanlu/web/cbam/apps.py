from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CbamConfig(AppConfig):
    name = "tanlu.web.cbam"
    label = "cbam"
    verbose_name = _("EU CBAM")

    def ready(self) -> None:
        from tanlu.web.cbam import tasks  # noqa: F401, PLC0415 - registers the job kinds
