from django.urls import path

from tanlu.web.exchange import views, views_home

app_name = "exchange"
urlpatterns = [
    path("exchange/", views_home.home, name="home"),
    path("products/runs/<int:pcf_run_id>/products/<int:pcf_result_id>/export/", views.export, name="export"),
    path("exchange/settings/", views.export_settings, name="settings"),
    path("exchange/received/", views.received, name="received"),
    path("exchange/import/", views.import_file, name="import"),
    path("exchange/received/<int:received_id>/use/", views.use, name="use"),
    path("exchange/suppliers/", views.suppliers, name="suppliers"),
    path("exchange/suppliers/<int:endpoint_id>/pull/", views.pull, name="pull"),
    path("exchange/suppliers/<int:endpoint_id>/request/", views.send_request, name="request"),
]
