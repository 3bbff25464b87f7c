"""Results, reports and exports of surveys (app namespace ``surveys``)."""

from django.urls import path

from tanlu.web.surveys import views_results as views

urlpatterns = [
    path("surveys/<int:survey_id>/results/", views.results, name="results"),
    path("surveys/<int:survey_id>/results/crosstab/", views.crosstab_view, name="crosstab"),
    path("surveys/<int:survey_id>/results/waves/", views.waves, name="waves"),
    path("surveys/<int:survey_id>/report/", views.report, name="report"),
    path("surveys/<int:survey_id>/report/highlights/", views.highlights, name="highlights"),
    path(
        "surveys/<int:survey_id>/report/highlights/<int:highlight_id>/",
        views.highlight_edit,
        name="highlight_edit",
    ),
    path(
        "surveys/<int:survey_id>/report/highlights/<int:highlight_id>/move/",
        views.highlight_move,
        name="highlight_move",
    ),
    path(
        "surveys/<int:survey_id>/report/highlights/<int:highlight_id>/delete/",
        views.highlight_delete,
        name="highlight_delete",
    ),
    path("surveys/<int:survey_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path(
        "surveys/<int:survey_id>/report.xlsx", views.report_file, {"file_format": "xlsx"}, name="report_xlsx"
    ),
    path(
        "surveys/<int:survey_id>/report.json", views.report_file, {"file_format": "json"}, name="report_json"
    ),
    path(
        "surveys/<int:survey_id>/responses.csv",
        views.responses_file,
        {"file_format": "csv"},
        name="responses_csv",
    ),
    path(
        "surveys/<int:survey_id>/responses.xlsx",
        views.responses_file,
        {"file_format": "xlsx"},
        name="responses_xlsx",
    ),
]
