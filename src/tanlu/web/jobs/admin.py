from django.contrib import admin

from tanlu.web.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("label", "organization", "kind", "status", "done", "total", "created_at", "finished_at")
    list_filter = ("status", "kind")
