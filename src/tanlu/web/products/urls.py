from django.urls import path

from tanlu.web.products import views_data, views_imds, views_results

app_name = "products"
urlpatterns = [
    path("products/", views_data.home, name="home"),
    path("products/upload/", views_data.upload, name="upload"),
    path("products/imports/<int:model_import_id>/", views_data.import_detail, name="import_detail"),
    path("products/imports/<int:model_import_id>/fix/", views_data.import_fix, name="import_fix"),
    path("products/imports/<int:model_import_id>/accept/", views_data.import_accept, name="import_accept"),
    path("products/imports/<int:model_import_id>/cancel/", views_data.import_cancel, name="import_cancel"),
    path("products/model/", views_data.model_tables, name="model"),
    path("products/model/parts/<int:part_id>/", views_data.edit_product, name="edit_product"),
    path("products/model/inputs/<int:bom_line_id>/", views_data.edit_line, name="edit_line"),
    path("products/model/purchased/<int:purchased_id>/", views_data.edit_purchased, name="edit_purchased"),
    path("products/model/sites/<int:pcf_site_id>/", views_data.edit_site, name="edit_site"),
    path("products/calculate/", views_results.calculate, name="calculate"),
    path("products/runs/", views_results.runs, name="runs"),
    path("products/runs/<int:pcf_run_id>/", views_results.run_detail, name="run"),
    path("products/runs/<int:pcf_run_id>/report/", views_results.report, name="report"),
    path("products/runs/<int:pcf_run_id>/report.pdf", views_results.report_pdf, name="report_pdf"),
    path("products/runs/<int:pcf_run_id>/report.xlsx", views_results.report_xlsx, name="report_xlsx"),
    path(
        "products/runs/<int:pcf_run_id>/products/<int:pcf_result_id>/",
        views_results.footprint,
        name="footprint",
    ),
    path(
        "products/runs/<int:pcf_run_id>/products/<int:pcf_result_id>/tree/",
        views_results.tree_node,
        name="tree",
    ),
    path(
        "products/runs/<int:pcf_run_id>/products/<int:pcf_result_id>/imds/",
        views_imds.imds_fields,
        name="imds",
    ),
    path(
        "products/runs/<int:pcf_run_id>/products/<int:pcf_result_id>/imds/sites/<int:pcf_site_id>/",
        views_imds.imds_fields,
        name="imds_site",
    ),
]
