from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView

from tanlu.web import views
from tanlu.web.api import api

admin.site.site_header = "Tanlu 碳路"
admin.site.site_title = "Tanlu"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "favicon.ico", cache_control(max_age=86400)(RedirectView.as_view(url="/static/tanlu/img/favicon.svg"))
    ),
    path("", include("tanlu.web.accounts.urls")),
    path("", include("tanlu.web.surveys.urls")),
    path("", include("tanlu.web.inventory.urls")),
    path("", include("tanlu.web.products.urls")),
    path("", include("tanlu.web.exchange.urls")),
    path("", include("tanlu.web.pact.urls")),
    path("", include("tanlu.web.engagement.urls")),
    path("", include("tanlu.web.cbam.urls")),
    path("", include("tanlu.web.jobs.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
