from django.urls import path

from tanlu.web.engagement import views, views_board, views_supplier, views_template

app_name = "engagement"
urlpatterns = [
    path("requests/", views.requests_sent, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/remind/", views.remind_now, name="remind"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<int:request_id>/template.xlsx", views_template.request_template, name="request_template"),
    path("requests/answers/<int:answer_id>/decide/", views.answer_decide, name="answer_decide"),
    path("requests/board/", views_board.board_page, name="board"),
    path("requests/board/export.xlsx", views_board.board_export, name="board_export"),
    path("requests/board/<int:link_id>/", views_board.board_supplier, name="board_supplier"),
    path("requests/board/<int:link_id>/targets/new/", views_board.target_new, name="target_new"),
    path("requests/board/targets/<int:target_id>/", views_board.target_edit, name="target_edit"),
    path("requests/board/targets/<int:target_id>/remove/", views_board.target_delete, name="target_delete"),
    path("requests/received/targets/", views_board.targets_received, name="targets_received"),
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
