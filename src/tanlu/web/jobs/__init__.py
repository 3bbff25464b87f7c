"""Background jobs: long work (imports, recalculations, reports, demo data) with progress a page can show."""
