"""Hostile values in every query and form parameter of every page, as a signed-in owner: never a 500.

The URLs come from the resolver (as in the tenancy test, with the owner's own ids), the parameter names from the
pages' own forms and links and from every ``request.GET``/``request.POST`` read in the web package. Each URL gets
every name at once with each hostile value, by GET and by POST, then each of its forms' parsed fields (numbers,
dates, ids, choices) alone, the other fields keeping the values the page rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver

import tanlu.web

from .test_tenancy import _patterns, two_tenants  # noqa: F401 - the fixture builds one object of every kind

pytestmark = pytest.mark.django_db(transaction=False)

HOSTILE = [
    "abc",
    "99999999999999999999",
    "-1",
    "²",
    "1e400",
    "NaN",
    "0001-01-01",
    "9999-12-31T23:59",
    "a\x00b",
    "x" * 5000,
    "//evil.example/",
]
#: a shorter list for the one-field-at-a-time pass, which multiplies by every field of every form
SINGLE = ["abc", "99999999999999999999", "0001-01-01"]
PARSED_TYPES = {"number", "date", "datetime-local", "month", "hidden", "radio", "checkbox"}
#: visited last: they remove what later URLs would use, or end the session
LAST = ("remove", "revoke", "delete", "logout", "cancel")
READ = re.compile(r"request\.(?:GET|POST)(?:\.get|\.getlist)?[\[(]\s*f?[\"']([A-Za-z_][\w-]*)[\"']")


class _Fields(HTMLParser):
    """The names and rendered values of a page's form fields, and the parameters of its same-page links."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.query: set[str] = set()
        #: fields whose value a view parses (numbers, dates, ids, choices), fuzzed one at a time
        self.parsed: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif tag in {"input", "select", "textarea", "button"} and attributes.get("name"):
            if not self.forms:
                self.forms.append({})
            name = str(attributes["name"])
            self.forms[-1].setdefault(name, attributes.get("value") or "")
            if tag == "select" or attributes.get("type") in PARSED_TYPES:
                self.parsed.add(name)
        elif tag == "a" and (href := attributes.get("href")) and "?" in href:
            self.query.update(name for name, _value in parse_qsl(urlsplit(href).query))


def _source_names() -> set[str]:
    return {
        match
        for path in Path(tanlu.web.__file__).parent.rglob("*.py")
        for match in READ.findall(path.read_text(encoding="utf-8"))
    }


def _urls(ids: dict[str, int]) -> list[str]:
    """One URL per view: routes made by one view factory (the method guide's topics) share its parameters."""
    urls = []
    seen: set[tuple[object, ...]] = set()
    for route, pattern in _patterns(get_resolver()):
        if route.startswith(("admin/", "api/", "static/")):
            continue
        view = pattern.callback
        key = (
            view.__module__,
            view.__qualname__,
            getattr(view, "view_class", None),
            tuple(sorted(pattern.default_args.items())),
        )
        if key in seen:
            continue
        seen.add(key)
        url = "/" + route
        for name in pattern.pattern.converters:
            value = "a\x00%2F..%2F" if name in {"token", "uidb64"} else str(ids.get(name, 1))
            url = re.sub(rf"<\w+:{name}>", value, url)
        urls.append(url)
    return sorted(urls, key=lambda url: any(word in url for word in LAST))


def _attempts(client: Client, url: str, names: set[str]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(method, which parameter, hostile value, data) for one URL; first the plain GET."""
    yield "get", "no parameter", "", {}
    fields = _Fields()
    try:
        page = client.get(url)
    except Exception:  # the plain GET above reports it
        page = None
    if page is not None and page.get("Content-Type", "").startswith("text/html"):
        fields.feed(page.content.decode(errors="replace"))
    everything = names | fields.query | {name for form in fields.forms for name in form}
    for value in HOSTILE:
        data = dict.fromkeys(sorted(everything), value)
        yield "get", "every parameter", value, data
        yield "post", "every parameter", value, data
    for form in fields.forms:
        for name in form:
            if name == "csrfmiddlewaretoken" or name not in fields.parsed:
                continue  # free text is covered by the every-parameter pass
            for value in SINGLE:
                yield "post", name, value, {**form, name: value}
    for name in fields.query:
        for value in SINGLE:
            yield "get", name, value, {name: value}


def test_no_hostile_parameter_answers_500(two_tenants: dict[str, Any]) -> None:  # noqa: F811
    beta = two_tenants["beta"]
    client = Client()
    names = _source_names()
    assert {"organization", "row", "next", "page"} <= names, "the source scan finds the parameters views read"
    failures: list[str] = []
    for url in _urls(two_tenants["ids"]):
        client.force_login(beta.owner)
        for method, name, value, data in _attempts(client, url, names):
            attempt = f"{method.upper()} {url} {name}={value[:24]!r}"
            try:
                status = getattr(client, method)(url, data).status_code
            except Exception as error:
                failures.append(f"{attempt}: {error!r}"[:300])
            else:
                if status >= 500:
                    failures.append(f"{attempt}: {status}")
    assert not failures, "\n".join(dict.fromkeys(failures))
