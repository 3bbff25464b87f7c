from django.urls import path

from tanlu.web.areas import views

app_name = "areas"
urlpatterns = [
    path("exchange/", views.exchange, name="exchange"),
]
