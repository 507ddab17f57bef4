"""The admin's "view on site" redirect (``admin/r/<type>/<id>/``) never leads past a user's reach.

Django's own route takes any text for both ids and int()s them, so "+12", " 12", "1_2" and "١٢"
all meant content type 12: shadowing one spelling left the others to Django's unscoped redirect,
which sent a redacteur of IOK to the address of Interleuven's drafts. The portal's admin site
replaces that route; these tests walk every content type with every spelling.
"""

from urllib.parse import quote

import pytest
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from lekp_portal.admin_site import LekpAdminSite
from offers.models import Offer, PublicationStatus

DIGITS = {
    "arabisch-indisch": "٠١٢٣٤٥٦٧٨٩",
    "oost-arabisch": "۰۱۲۳۴۵۶۷۸۹",
    "devanagari": "०१२३४५६७८९",
    "volle breedte": "０１２３４５６７８９",
    "superscript": "⁰¹²³⁴⁵⁶⁷⁸⁹",
}


def spellings(number):
    """Ways to write ``number`` that int() (or a URL decoder followed by int()) reads as that number."""
    digits = str(number)
    underscored = f"{digits[0]}_{digits[1:]}" if len(digits) > 1 else f"0_{digits}"
    return [
        f"+{digits}",
        quote(f" {digits}"),
        quote(f"{digits} "),
        quote(f"\t{digits}\n"),
        f"0{digits}",
        f"000{digits}",
        underscored,
        *("".join(script[int(d)] for d in digits) for script in DIGITS.values()),
        quote("".join(DIGITS["arabisch-indisch"][int(d)] for d in digits)),
        f"{digits}.0",
        f"{digits}%00",
        f"{digits}/",
        "9" * 30,
        str(2**63 + number),
    ]


@pytest.fixture
def own_draft(make_offer, iok, werven):
    return make_offer(iok, werven=[werven[1]], title="Eigen concept", slug="eigen-concept", status="concept")


def test_no_spelling_of_any_content_type_leads_a_redacteur_to_another_organisations_draft(
    client, redacteur, foreign_offer, own_draft
):
    assert foreign_offer.status == PublicationStatus.CONCEPT
    draft_url = foreign_offer.get_absolute_url()
    client.force_login(redacteur)
    content_types = list(ContentType.objects.order_by("pk"))
    assert len(content_types) > 20
    for content_type in content_types:
        requests = [(spelling, str(foreign_offer.pk)) for spelling in spellings(content_type.pk)]
        requests.append((str(content_type.pk), str(foreign_offer.pk)))
        if content_type.model_class() is Offer:
            requests += [(str(content_type.pk), spelling) for spelling in spellings(foreign_offer.pk)]
        for type_id, object_id in requests:
            url = f"/admin/r/{type_id}/{object_id}/"
            response = client.get(url)
            assert response.status_code < 500, url
            assert draft_url not in response.get("Location", ""), url
            # Only an id spelled as Django writes it is an id at all.
            if (type_id, object_id) != (str(content_type.pk), str(foreign_offer.pk)):
                assert response.status_code == 404, (url, response.status_code)


def test_the_own_draft_still_redirects_to_its_address(client, redacteur, own_draft, foreign_offer):
    client.force_login(redacteur)
    offer_type = ContentType.objects.get_for_model(Offer).pk
    response = client.get(f"/admin/r/{offer_type}/{own_draft.pk}/")
    assert response.status_code == 302
    assert response["Location"].endswith(own_draft.get_absolute_url())
    assert client.get(f"/admin/r/{offer_type}/{foreign_offer.pk}/").status_code == 404


def test_a_coordinator_who_sees_every_draft_is_redirected_to_it(client, coordinator, foreign_offer):
    client.force_login(coordinator)
    offer_type = ContentType.objects.get_for_model(Offer).pk
    response = client.get(f"/admin/r/{offer_type}/{foreign_offer.pk}/")
    assert response.status_code == 302 and response["Location"].endswith(foreign_offer.get_absolute_url())
    assert client.get(f"/admin/r/+{offer_type}/{foreign_offer.pk}/").status_code == 404


def url_patterns(resolver=None, prefix=""):
    """Every URL pattern of the project, with its full route, however deeply included."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield route, pattern


def wrapped_chain(view):
    """``view`` and every function it wraps (admin_view, never_cache, csrf_protect…)."""
    while view is not None:
        yield getattr(view, "__func__", view)
        view = getattr(view, "__wrapped__", None)


def test_no_url_pattern_resolves_to_djangos_unscoped_shortcut():
    routes = list(url_patterns())
    assert len(routes) > 50  # the admin's patterns are walked too
    reaching = [route for route, pattern in routes if contenttype_views.shortcut in wrapped_chain(pattern.callback)]
    assert reaching == []
    # The admin's own route name now leads to the scoped view, whatever the spelling.
    for url in ["/admin/r/12/53/", "/admin/r/+12/53/", "/admin/r/%2012/55/", "/admin/r/1_3/4/", "/admin/r/١٢/5/"]:
        match = resolve(url)
        assert match.url_name == "view_on_site"
        assert LekpAdminSite.view_on_site in wrapped_chain(match.func), url
