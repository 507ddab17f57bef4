"""/aanbod/feed/: the Atom feed of any filtered list holds exactly the offers of that list."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core import mail
from gemeenten_data import seeded_database
from markup import attribute, find, find_all, page
from test_gemeenten_filters import towns  # noqa: F401 (a fixture)
from test_meldingen import confirm, send, subscribe

from offers.feeds import MAX_ENTRIES
from offers.models import Offer, PublicationStatus, Supporter
from werven.models import Werf

ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(feed):
    return feed.findall(f"{ATOM}entry")


def entry_titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in entries(feed)]


def list_titles(client, query):
    response = client.get(f"/aanbod/?{query}&pagina=alle")
    assert response.status_code == 200
    return {offer.title for offer in response.context["offers"]}


@pytest.fixture
def portal(towns):  # noqa: F811 (the fixture imported above)
    """test_gemeenten_filters' towns, with free offers and a summary that needs escaping."""
    Offer.objects.filter(title__in=["Renovatie en groen", "Kempen2030"]).update(cost=Offer.Cost.GRATIS)
    Offer.objects.filter(title="Warmtemakelaar Kempen").update(summary="Renovatie & advies <voor> iedereen")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "werf=2",
        "werf=1&werf=4",
        "ondersteuner=iok",
        "soort=campagne",
        "kosten=gratis&werf=2",
        "q=renovatie",
        "gemeente=24062",
        "gemeente=13040&werf=2",
        "werf=2&algemeen=nee",
        # values the list ignores are ignored here too
        "werf=9",
        "werf=2&ondersteuner=onbekend&kosten=duur",
        "gemeente=abc&werf=1",
        "sortering=drop&pagina=-3",
    ],
)
def test_the_feed_holds_the_offers_of_the_list_with_the_same_filters(client, portal, query):
    assert set(entry_titles(parsed(client.get(f"/aanbod/feed/?{query}")))) == list_titles(client, query)


def test_a_draft_never_appears(client, portal):
    titles = entry_titles(parsed(client.get("/aanbod/feed/?ondersteuner=interleuven&werf=2")))
    assert "Concept Interleuven" not in titles
    assert "Renovatie en groen" in titles


def test_the_feed_is_valid_atom_with_stable_unique_ids_updated_and_a_self_link(client, portal):
    feed = parsed(client.get("/aanbod/feed/?werf=2&sortering=titel&ondersteuner=onbekend"))
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated") and feed.findtext(f"{ATOM}title")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    # The self link names the feed as used: the kept filters, without order or dropped values.
    assert links["self"] == "http://testserver/aanbod/feed/?werf=2"
    assert links["alternate"] == "http://testserver/aanbod/?werf=2"
    ids = [entry.findtext(f"{ATOM}id") for entry in entries(feed)]
    assert len(ids) == len(set(ids)) == 4
    assert all(entry_id.startswith("tag:127.0.0.1,") for entry_id in ids)
    for entry in entries(feed):
        assert entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/aanbod/")
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
    # An edit changes neither the id of an entry nor the id of the feed.
    offer = Offer.objects.get(title="Warmtemakelaar Kempen")
    offer.title = "Warmtemakelaar Kempen (nieuw)"
    offer.save()
    again = parsed(client.get("/aanbod/feed/?werf=2"))
    assert sorted(entry.findtext(f"{ATOM}id") for entry in entries(again)) == sorted(ids)
    assert again.findtext(f"{ATOM}id") == feed.findtext(f"{ATOM}id")


def test_each_entry_has_title_summary_supporter_werven_and_link(client, portal):
    feed = parsed(client.get("/aanbod/feed/?ondersteuner=iok&werf=2&algemeen=nee"))
    (entry,) = entries(feed)
    assert entry.findtext(f"{ATOM}title") == "Warmtemakelaar Kempen"
    summary = entry.findtext(f"{ATOM}summary")
    # HTML in the summary is escaped once for the reader to show, never markup of the offer's own.
    assert "Renovatie &amp; advies &lt;voor&gt; iedereen" in summary
    assert "<li>Ondersteuner: IOK</li>" in summary and "<li>Werven: Werf 2</li>" in summary
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "IOK"
    assert [category.get("term") for category in entry.findall(f"{ATOM}category")] == ["Werf 2"]
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/aanbod/iok/aanbod-6/"


def test_an_edit_moves_an_offer_to_the_top_and_a_review_does_not(client, portal):
    Offer.objects.update(content_changed_at=Offer.objects.first().created_at - timedelta(days=3))
    Offer.objects.update(published_at=Offer.objects.first().created_at - timedelta(days=3))
    offer = Offer.objects.get(title="Bomen in het Hageland")
    offer.reviewed_on = offer.created_at.date()
    offer.save()
    assert entry_titles(parsed(client.get("/aanbod/feed/?werf=1")))[0] != "Bomen in het Hageland"
    offer.summary = "Een nieuwe samenvatting."
    offer.save()
    assert entry_titles(parsed(client.get("/aanbod/feed/?werf=1")))[0] == "Bomen in het Hageland"
    # A new werf is a change too.
    other = Offer.objects.get(title="Ontharding Limburg")
    other.set_werven([Werf.objects.get(number=1), Werf.objects.get(number=4)])
    assert entry_titles(parsed(client.get("/aanbod/feed/?werf=1")))[0] == "Ontharding Limburg"


def test_the_feed_is_capped_and_its_query_count_does_not_grow(
    client, werven, make_supporter, make_offer, django_assert_max_num_queries
):
    supporter = make_supporter("iok", name="IOK")
    for n in range(MAX_ENTRIES + 5):
        make_offer(supporter, [werven[1 + n % 4]])
    # werven and supporters for the filter, the entries, their werven
    with django_assert_max_num_queries(4):
        feed = parsed(client.get("/aanbod/feed/?werf=1&werf=2&werf=3&werf=4"))
    assert len(entries(feed)) == MAX_ENTRIES


# --- every list page names its feed -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "feed"),
    [
        ("/aanbod/", "/aanbod/feed/"),
        ("/aanbod/?werf=2&werf=9&sortering=gewijzigd&pagina=1", "/aanbod/feed/?werf=2"),
        ("/werven/2/", "/aanbod/feed/?werf=2"),
        ("/ondersteuners/iok/", "/aanbod/feed/?ondersteuner=iok"),
        ("/gemeenten/24062/", "/aanbod/feed/?gemeente=24062"),
        ("/nieuw/", "/aanbod/feed/"),
    ],
)
def test_every_list_page_links_its_own_feed(client, portal, path, feed):
    document = page(client.get(path))
    (alternate,) = find_all(document, "link", rel="alternate")
    assert attribute(alternate, "type") == "application/atom+xml"
    assert attribute(alternate, "href") == feed
    follow = find(document, "a", type="application/atom+xml")
    assert attribute(follow, "href") == feed
    form = find(document, "form", class_="follow__form")
    assert attribute(find(form, "input", name="filters"), "value") == feed.partition("?")[2]


# --- the acceptance: werf 2 on the seed ---------------------------------------------------------


@pytest.fixture(scope="module")
def seed(django_db_setup, django_db_blocker):
    with seeded_database(django_db_blocker):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["werf=2", "werf=2&gemeente=24062", "ondersteuner=iok", "soort=campagne&werf=4"])
def test_on_the_seed_the_feed_holds_the_offers_of_the_list(client, seed, query):
    titles = entry_titles(parsed(client.get(f"/aanbod/feed/?{query}")))
    assert len(titles) == len(set(titles))
    assert set(titles) == list_titles(client, query)
    assert titles


@pytest.mark.django_db
def test_acceptance_an_alert_for_werf_2_gets_one_mail_with_only_the_new_offer(client, seed, make_offer):
    subscribe(client, "werf=2")
    (confirmation,) = mail.outbox
    confirm(client, confirmation)
    send()  # nothing new yet: no mail
    offer = make_offer(
        Supporter.objects.get(slug="iok"),
        [Werf.objects.get(number=2)],
        title="Nieuwe renovatiebegeleiding",
        status=PublicationStatus.CONCEPT,
    )
    make_offer(Supporter.objects.get(slug="iok"), [Werf.objects.get(number=3)], title="Nieuw voor werf 3")
    offer.status = PublicationStatus.PUBLISHED
    offer.save()
    send()
    send()
    assert len(mail.outbox) == 2
    listed = [line for line in mail.outbox[1].body.splitlines() if line.startswith("* ")]
    assert listed == ["* Nieuwe renovatiebegeleiding (nieuw)"]
