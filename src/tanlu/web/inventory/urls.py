from django.urls import path

from tanlu.web.inventory import guide, views_data, views_factorsets, views_mapping, views_results, views_sites

app_name = "inventory"
urlpatterns = [
    path("inventory/", views_results.home, name="dashboard"),
    path("inventory/calculate/", views_results.calculate, name="calculate"),
    path("inventory/data/", views_data.data, name="data"),
    path("inventory/upload/", views_data.upload, name="upload"),
    path("inventory/activities/search/", views_data.activity_search, name="activity_search"),
    path("inventory/imports/<int:import_id>/", views_data.import_detail, name="import_detail"),
    path("inventory/imports/<int:import_id>/map/", views_mapping.import_map, name="import_map"),
    path("inventory/imports/<int:import_id>/remap/", views_data.import_remap, name="import_remap"),
    path("inventory/imports/<int:import_id>/fix/", views_data.import_fix, name="import_fix"),
    path("inventory/imports/<int:import_id>/accept/", views_data.import_accept, name="import_accept"),
    path("inventory/imports/<int:import_id>/cancel/", views_data.import_cancel, name="import_cancel"),
    path("inventory/grid/", views_data.grid, name="grid"),
    path("inventory/grid/row/", views_data.grid_row, name="grid_row"),
    path("inventory/sites/", views_sites.sites, name="sites"),
    path("inventory/sites/<int:site_id>/", views_sites.site_edit, name="site_edit"),
    path("inventory/factors/", views_factorsets.factors, name="factors"),
    path("inventory/factors/upload/", views_factorsets.factor_upload, name="factor_upload"),
    path("inventory/factors/add/", views_factorsets.factor_add, name="factor_add"),
    path("inventory/factors/ch4-rule/", views_factorsets.ch4_rule, name="factor_ch4_rule"),
    path("inventory/factors/<int:factor_id>/remove/", views_factorsets.factor_remove, name="factor_remove"),
    path("inventory/factor-sets/<int:factor_set_id>/", views_factorsets.factor_set_detail, name="factor_set"),
    path("inventory/runs/", views_results.runs, name="runs"),
    path("inventory/runs/<int:run_id>/", views_results.run_detail, name="run"),
    path("inventory/runs/<int:run_id>/compare/", views_results.run_compare, name="run_compare"),
    path("inventory/runs/<int:run_id>/report/", views_results.report, name="report"),
    path("inventory/runs/<int:run_id>/report.pdf", views_results.report_pdf, name="report_pdf"),
    path("inventory/runs/<int:run_id>/report.xlsx", views_results.report_xlsx, name="report_xlsx"),
    path("inventory/report-settings/", views_results.report_settings, name="report_settings"),
    path("inventory/guide/", views_results.guide_index, name="guide"),
    *[
        path(f"inventory/guide/{t.slug}/", views_results.guide_page(t.slug), name=f"guide_{t.slug}")
        for t in guide.TOPICS
    ],
    path("inventory/targets/", views_results.target_list, name="targets"),
    path("inventory/targets/<int:target_id>/", views_results.target_detail, name="target"),
]
