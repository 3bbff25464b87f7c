"""Views of the accounts area, by topic: sign-in and first run, organizations and members, suppliers."""
