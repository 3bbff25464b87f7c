from django.urls import path

from tanlu.web.cbam import views

app_name = "cbam"
urlpatterns = [
    path("cbam/", views.home, name="home"),
    path("cbam/upload/", views.upload, name="upload"),
    path("cbam/imports/<int:cbam_import_id>/", views.import_detail, name="import_detail"),
    path("cbam/installations/<int:installation_id>/", views.installation, name="installation"),
    path("cbam/installations/<int:installation_id>/parts/", views.parts, name="parts"),
    path(
        "cbam/installations/<int:installation_id>/communication/",
        views.communication,
        name="communication",
    ),
]
