from django.urls import path

from .api import api

# ninja's urls carry their own namespace ("api"): api:agencies, api:document, api:openapi-json …
urlpatterns = [path("", api.urls)]
