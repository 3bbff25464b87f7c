"""Short dates in English are ISO dates (2026-12-02 17:42), as the reports, exports and every other date the app
prints are; Django's default for ``en`` is the US 12/02/2026 5:42 a.m., which a reader in Europe or China misreads."""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
