from django.urls import path

from tanlu.web.engagement import views, views_supplier, views_template

app_name = "engagement"
urlpatterns = [
    path("requests/", views.requests_sent, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/remind/", views.remind_now, name="remind"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<int:request_id>/template.xlsx", views_template.request_template, name="request_template"),
    path("requests/answers/<int:answer_id>/decide/", views.answer_decide, name="answer_decide"),
    path("requests/received/", views_supplier.received, name="received"),
    path("requests/received/<int:request_id>/", views_supplier.received_detail, name="received_detail"),
    path(
        "requests/received/<int:request_id>/answer/",
        views_supplier.answer_from_results,
        name="answer_from_results",
    ),
    path(
        "requests/received/<int:request_id>/upload/", views_supplier.answer_with_file, name="answer_with_file"
    ),
    path(
        "requests/received/<int:request_id>/template.xlsx",
        views_template.received_template,
        name="received_template",
    ),
    path(
        "requests/received/<int:request_id>/template/",
        views_template.answer_with_template,
        name="answer_with_template",
    ),
]
