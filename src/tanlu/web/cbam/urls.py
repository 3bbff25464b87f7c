from django.urls import path

from tanlu.web.cbam import views, views_declare

app_name = "cbam"
urlpatterns = [
    path("cbam/", views.home, name="home"),
    path("cbam/upload/", views.upload, name="upload"),
    path("cbam/declare/", views_declare.declare_installation, name="declare"),
    path(
        "cbam/installations/<int:installation_id>/declare/",
        views_declare.declare_installation,
        name="declare_change",
    ),
    path(
        "cbam/installations/<int:installation_id>/processes/",
        views_declare.add_process,
        name="add_process",
    ),
    path(
        "cbam/installations/<int:installation_id>/processes/remove/",
        views_declare.remove_process,
        name="remove_process",
    ),
    path(
        "cbam/installations/<int:installation_id>/precursors/",
        views_declare.add_precursor,
        name="add_precursor",
    ),
    path(
        "cbam/installations/<int:installation_id>/precursors/remove/",
        views_declare.remove_precursor,
        name="remove_precursor",
    ),
    path(
        "cbam/installations/<int:installation_id>/delete/",
        views_declare.delete_installation,
        name="delete",
    ),
    path("cbam/imports/<int:cbam_import_id>/", views.import_detail, name="import_detail"),
    path("cbam/installations/<int:installation_id>/", views.installation, name="installation"),
    path("cbam/installations/<int:installation_id>/parts/", views.parts, name="parts"),
    path(
        "cbam/installations/<int:installation_id>/communication/",
        views.communication,
        name="communication",
    ),
]
