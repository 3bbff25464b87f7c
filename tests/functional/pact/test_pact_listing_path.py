"""ListFootprints through the short way (``tanlu.web.pact.fastpath``) answers exactly as through the whole middleware
chain: the same bodies, statuses, ``Link`` headers and security headers, and the same refusals (a NUL in a
parameter, a ``Host`` not allowed), with only ``Vary`` and ``Content-Language`` left out on purpose."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tanlu.web.exchange.models import PublishedFootprint
from tanlu.web.pact import compiled, paging, services
from tanlu.web.pact.access import Caller

from .hosts import Supplier, get_token

pytestmark = pytest.mark.django_db

FAST = "tanlu.web.pact.fastpath.ListingMiddleware"
#: headers of the whole chain that do not apply to a bearer-token JSON answer
LEFT_OUT = {"vary", "content-language"}


def _whole_chain() -> Any:
    assert FAST in settings.MIDDLEWARE
    return override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != FAST])


def _answer(url: str, token: str, **extra: Any) -> tuple[int, bytes, dict[str, str]]:
    response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}", secure=True, **extra)
    headers = {k.lower(): v for k, v in response.headers.items() if k.lower() not in LEFT_OUT}
    return response.status_code, response.content, headers


def _both(url: str, token: str, **extra: Any) -> tuple[Any, Any]:
    fast = _answer(url, token, **extra)
    with _whole_chain():
        whole = _answer(url, token, **extra)
    return fast, whole


@pytest.mark.parametrize("major", ["3", "2"])
def test_pages_and_errors_are_the_same_both_ways(
    two_suppliers: tuple[Supplier, Supplier], major: str
) -> None:
    a, b = two_suppliers
    token = get_token(Client(), a, a.callers[0])
    foreign = get_token(Client(), b, b.callers[0])
    base = f"{a.base}/{major}/footprints"
    link_of_first_page = _answer(f"{base}?limit=1", token)[2]["link"]
    next_page = link_of_first_page.split(">")[0].lstrip("<")
    cases = [
        (f"{base}", token),
        (f"{base}/", token),
        (f"{base}?limit=2", token),
        (next_page, token),
        (f"{base}?limit=x", token),
        (f"{base}?cursor=forged", token),
        (base, foreign),
        (base, "not-a-token"),
        (f"{base}?status=Active" if major == "3" else f"{base}?$filter=pcf/geographyCountry eq 'DE'", token),
    ]
    for url, bearer in cases:
        fast, whole = _both(url, bearer)
        if "link" in whole[2]:  # a fresh cursor is signed with the time: compare everything but its signature
            assert (
                fast[2].pop("link").split("cursor=")[1][:30] == whole[2].pop("link").split("cursor=")[1][:30]
            )
        assert fast == whole, url
    status, _body, headers = _answer(base, token)
    assert status == 200
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert int(headers["content-length"]) > 0


def test_refusals_before_the_view_take_the_whole_chain(
    two_suppliers: tuple[Supplier, Supplier], settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    a, _b = two_suppliers
    token = get_token(Client(), a, a.callers[0])
    for url, extra in [
        (f"{a.base}/3/footprints?productId=a%00b", {}),
        (f"{a.base}/3/footprints", {"HTTP_HOST": "evil.example.net"}),
    ]:
        fast, whole = _both(url, token, **extra)
        assert fast[0] == whole[0] == 400
        assert fast[2]["content-type"] == whole[2]["content-type"] == "text/html; charset=utf-8"
        assert _title(fast[1]) == _title(whole[1])  # the page of the whole chain (its form tokens differ)


def _title(page: bytes) -> bytes:
    return page.split(b"<title>", 1)[1].split(b"</title>", 1)[0]


def test_plain_http_is_refused_both_ways(two_suppliers: tuple[Supplier, Supplier]) -> None:
    a, _b = two_suppliers
    url = f"{a.base}/3/footprints"
    fast = Client().get(url, HTTP_AUTHORIZATION="Bearer x")
    with _whole_chain():
        whole = Client().get(url, HTTP_AUTHORIZATION="Bearer x")
    assert (
        (fast.status_code, fast.content)
        == (whole.status_code, whole.content)
        == (fast.status_code, fast.content)
    )
    assert fast.status_code == 400


@pytest.mark.parametrize("major", ["3", "2"])
def test_compiled_page_is_the_visible_set_in_id_order(
    two_suppliers: tuple[Supplier, Supplier], major: str
) -> None:
    for supplier in two_suppliers:
        for caller in supplier.callers:
            expected = list(
                paging.rows(services.visible(caller.customer, major)).values_list("body", flat=True)
            )
            who = Caller(caller.credential.client_id, caller.customer.pk, supplier.organization.pk)
            seen: list[str] = []
            after: int | None = 0
            while after is not None:
                documents, after = paging.page(who, major, after=after, limit=1, keep=None)
                seen += documents
            assert seen == expected
            assert len(expected) == len(
                PublishedFootprint.objects.filter(
                    organization=supplier.organization,
                    spec="3.0" if major == "3" else "2.3",
                    product_id__in=["P1", "P2"] if caller is supplier.callers[0] else ["P3"],
                )
            )


def test_compiling_refuses_a_marker_the_query_does_not_carry() -> None:
    queryset = PublishedFootprint.objects.filter(pk__gt=compiled.MARKER_IDS[0])
    with pytest.raises(ValueError, match="does not carry"):
        compiled.compile_query(queryset, {"after": compiled.MARKER_IDS[0], "other": compiled.MARKER_IDS[1]})
    query = compiled.compile_query(queryset, {"after": compiled.MARKER_IDS[0]})
    assert query.params({"after": 5}) == [5]
