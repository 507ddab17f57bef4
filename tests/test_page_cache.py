"""Caching that never lies (paginacache): a write is visible on the very next request, in any process."""

import re
from io import StringIO

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

from offers.models import Offer, PublicationStatus
from paginacache.middleware import PageCacheMiddleware
from paginacache.version import bump_on_commit, current_version

# Transactional: the content version rises when a write commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    caches[settings.PAGE_CACHE_ALIAS].clear()


@pytest.fixture
def offer(werven, make_supporter, make_offer):
    iok = make_supporter("iok", name="IOK")
    return make_offer(iok, [werven[2]], slug="energiehuis", title="Energiehuis Kempen")


PAGES = ["/werven/2/", "/ondersteuners/iok/", "/aanbod/", "/aanbod/iok/energiehuis/", "/nieuw/"]


def without_tokens(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_page_comes_from_the_cache_with_one_query_for_the_version(client, offer, django_assert_num_queries):
    first = client.get("/werven/2/")
    with django_assert_num_queries(1):
        again = client.get("/werven/2/")
    assert again.status_code == 200 and without_tokens(again) == without_tokens(first)
    with django_assert_num_queries(1):
        assert client.get("/werven/2/")["ETag"] == again["ETag"]


@pytest.mark.parametrize("path", PAGES)
def test_a_save_outside_the_request_is_visible_on_the_very_next_request(client, offer, path):
    assert "Energiehuis Kempen" in client.get(path).content.decode()
    # As a management command or another worker would: a plain save, committed.
    offer.title = "Energiehuis Kempen vernieuwd"
    offer.save()
    assert "Energiehuis Kempen vernieuwd" in client.get(path).content.decode()


def test_a_management_command_is_visible_on_the_very_next_request(client, offer):
    assert "Energiehuis Kempen" in client.get("/werven/2/").content.decode()
    # A write without signals (QuerySet.update) does not raise the version: bulk paths must, as
    # the seed load, the plan import and the search index do. expire_offers saves each offer.
    Offer.objects.filter(pk=offer.pk).update(is_ongoing=False, ends_on="2020-01-01")
    assert "Energiehuis Kempen" in client.get("/werven/2/").content.decode()
    call_command("expire_offers", stdout=StringIO())
    assert "Energiehuis Kempen" not in client.get("/werven/2/").content.decode()


def test_a_draft_never_leaks_through_the_cache(client, offer):
    assert client.get("/aanbod/iok/energiehuis/").status_code == 200
    assert "Energiehuis Kempen" in client.get("/aanbod/").content.decode()
    offer.status = PublicationStatus.CONCEPT
    offer.save()
    assert client.get("/aanbod/iok/energiehuis/").status_code == 404
    for path in ["/", "/aanbod/", "/werven/2/", "/ondersteuners/iok/"]:
        assert "Energiehuis Kempen" not in client.get(path).content.decode(), path


def test_a_link_added_or_removed_raises_the_version(client, offer, werven):
    assert "Energiehuis Kempen" not in client.get("/werven/3/").content.decode()
    offer.werven.add(werven[3])
    assert "Energiehuis Kempen" in client.get("/werven/3/").content.decode()


def test_one_transaction_raises_the_version_once_and_a_rollback_not_at_all(offer):
    before = current_version()
    with transaction.atomic():
        for title in ("Een", "Twee", "Drie"):
            offer.title = title
            offer.save()
        assert current_version() == before  # not before the commit
    assert current_version() == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        offer.save()
        raise RuntimeError
    assert current_version() == before + 1
    with transaction.atomic():
        offer.save()  # the rolled-back callback does not keep the next write from registering
    assert current_version() == before + 2
    bump_on_commit()  # outside a transaction: at once
    assert current_version() == before + 3


def test_conditional_get_answers_304_until_the_content_changes(client, offer):
    client.get("/werven/2/")  # the first visit sets the CSRF cookie, part of the ETag
    etag = client.get("/werven/2/")["ETag"]
    not_modified = client.get("/werven/2/", headers={"if-none-match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    offer.title = "Anders"
    offer.save()
    changed = client.get("/werven/2/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Anders" in changed.content.decode()


def test_each_visitor_gets_their_own_csrf_token_from_a_cached_page(client, offer):
    first = client.get("/werven/2/")
    other = Client(enforce_csrf_checks=True)
    cached = other.get("/werven/2/")
    assert b"\x00csrf\x00" not in cached.content
    assert cached.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    # The token in the cached page belongs to this visitor's cookie: the form can be sent.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', cached.content.decode()).group(1)
    assert other.post("/meldingen/", {"csrfmiddlewaretoken": token, "email": "x"}).status_code != 403
    assert other.post("/meldingen/", {"csrfmiddlewaretoken": "x" * 64, "email": "x"}).status_code == 403


def test_logged_in_users_and_the_admin_are_never_cached(client, offer, make_user):
    client.force_login(make_user("redacteur"))
    response = client.get("/werven/2/")
    assert response.status_code == 200 and not response.has_header("ETag")
    assert not client.get("/admin/").has_header("ETag")


def test_personal_links_of_alerts_are_never_cached(client, offer):
    assert not client.get("/meldingen/?werf=2").has_header("ETag")
    assert client.get("/werven/2/").has_header("ETag")


def render_with(request, view):
    request.user = getattr(request, "user", AnonymousUser())
    return PageCacheMiddleware(view)(request)


def test_a_page_for_a_logged_in_user_or_with_messages_is_never_stored(rf, admin_user):
    def personal(request):
        return HttpResponse(f"Hallo {request.user.username}")

    def with_message(request):
        messages.info(request, "Opgeslagen")
        return HttpResponse("Met een melding")

    def plain(request):
        return HttpResponse("Voor iedereen")

    logged_in = rf.get("/")
    logged_in.user = admin_user
    assert render_with(logged_in, personal).content == b"Hallo admin"
    noted = rf.get("/")
    noted._messages = CookieStorage(noted)
    assert render_with(noted, with_message).content == b"Met een melding"
    assert render_with(rf.get("/"), plain).content == b"Voor iedereen"
    # The last one was stored; a session or messages cookie bypasses the cache altogether.
    assert render_with(rf.get("/"), personal).content == b"Voor iedereen"
    with_session = rf.get("/")
    with_session.COOKIES["sessionid"] = "x"
    assert render_with(with_session, lambda request: HttpResponse("Eigen")).content == b"Eigen"
