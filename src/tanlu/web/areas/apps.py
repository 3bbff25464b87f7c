from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "tanlu.web.areas"
    label = "areas"
