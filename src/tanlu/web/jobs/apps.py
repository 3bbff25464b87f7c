from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "tanlu.web.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        """Register every app's job kinds (``<app>/jobs.py``) in every process, web server and worker alike."""
        from django.utils.module_loading import autodiscover_modules  # noqa: PLC0415

        autodiscover_modules("jobs")
        from tanlu.web import demo  # noqa: F401, PLC0415 - the first-run page's "load demo data" job
