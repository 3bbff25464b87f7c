"""Authoring, distributing and answering surveys."""

urlpatterns: list = []  # type: ignore[type-arg]
