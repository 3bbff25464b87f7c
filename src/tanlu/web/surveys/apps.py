from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "tanlu.web.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from tanlu.web.surveys import tasks  # noqa: F401, PLC0415 - registers the invitation email job
