"""Results, reports and exports of surveys."""

urlpatterns: list = []  # type: ignore[type-arg]
