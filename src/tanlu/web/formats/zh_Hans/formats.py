"""Numbers in Chinese business documents and emissions reports group digits by three with commas (37,797.0 t),
as the MEE accounting guidelines and Chinese financial statements print them; Django's default has no separator."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
