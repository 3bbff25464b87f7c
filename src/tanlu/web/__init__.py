"""The Django adapter: web pages, admin, JSON API and background tasks around the domain core."""
