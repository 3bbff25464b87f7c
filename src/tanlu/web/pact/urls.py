"""URLs of the PACT API host (``/pact/<slug>/…``) and of the pages that manage it (``/exchange/customers/…``)."""

from django.urls import path, re_path

from tanlu.web.pact import api, views

app_name = "pact"
urlpatterns = [
    # the API's URLs are regular expressions: they take no object of the signed-in organization (tokens say who
    # calls), so the two-tenant page test (tests/functional/test_tenancy.py) leaves them to tests/functional/pact
    re_path(
        r"^pact/(?P<slug>[-\w]+)/\.well-known/openid-configuration$", api.openid_configuration, name="openid"
    ),
    re_path(r"^pact/(?P<slug>[-\w]+)/auth/token/?$", api.token, name="token"),
    re_path(r"^pact/(?P<slug>[-\w]+)/(?P<major>[23])/footprints/?$", api.footprints, name="footprints"),
    re_path(
        r"^pact/(?P<slug>[-\w]+)/(?P<major>[23])/footprints/(?P<pf_id>[^/]{1,100})/?$",
        api.footprint,
        name="footprint",
    ),
    re_path(r"^pact/(?P<slug>[-\w]+)/(?P<major>[23])/events/?$", api.post_event, name="events"),
    path("exchange/customers/", views.customers, name="customers"),
    path("exchange/customers/<int:customer_id>/", views.customer, name="customer"),
    path("exchange/customers/<int:customer_id>/credentials/", views.new_credential, name="new_credential"),
    path(
        "exchange/customers/<int:customer_id>/credentials/<int:credential_id>/revoke/",
        views.revoke,
        name="revoke",
    ),
    path("exchange/customers/<int:customer_id>/footprints/", views.choose, name="choose"),
]
