"""The portal's URLs plus one that fails, for the tests of the error pages."""

from django.urls import path

from lekp_portal.urls import urlpatterns as portal_urlpatterns


class Broken(Exception):
    pass


def broken_view(request):
    raise Broken("geheime interne details: wachtwoord=hunter2")


urlpatterns = [*portal_urlpatterns, path("fout/", broken_view)]
