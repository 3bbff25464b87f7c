"""WSGI entry point (``tanlu serve`` runs it under gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanlu.web.settings")
application = get_wsgi_application()
