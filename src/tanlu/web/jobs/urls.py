from django.urls import path

from tanlu.web.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/<uuid:job_id>/", views.detail, name="detail"),
    path("jobs/<uuid:job_id>/download/", views.download, name="download"),
]
