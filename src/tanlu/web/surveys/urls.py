"""The surveys area's URLs: authoring and answering (``urls_respond``) and results and reports (``urls_results``)."""

from tanlu.web.surveys.urls_respond import urlpatterns as respond
from tanlu.web.surveys.urls_results import urlpatterns as results

app_name = "surveys"
urlpatterns = [*respond, *results]
