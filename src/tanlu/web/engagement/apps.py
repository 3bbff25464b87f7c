from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "tanlu.web.engagement"
    label = "engagement"
    verbose_name = _("Supplier engagement")

    def ready(self) -> None:
        from tanlu.web.engagement import tasks  # noqa: F401, PLC0415 - registers the job kinds
