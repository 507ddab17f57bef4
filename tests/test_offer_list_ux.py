"""The offer list as an official uses it on a phone and on paper: filters folded behind one button,
counts per filter option, cards that say whom to call, links that share cleanly, and the offer page
that leads back to the list."""

import datetime
import itertools

import pytest
from django.http import QueryDict
from django.utils import timezone
from markup import attribute, find, find_all, hrefs, page, text

from gemeenten.filters import MunicipalityOfferFilter
from gemeenten.models import Service
from offers.filters import FACETS
from offers.models import Offer, PublicationStatus


@pytest.fixture
def kempen(werven, make_supporter, make_offer):
    """Two supporters with contact details, a third without, offers for werf 1 and 4 and general support."""
    iok = make_supporter(
        "iok", name="IOK", contact_person="Steven Heylen", phone="014/56 42 69", email="steven.heylen@iok.be"
    )
    interleuven = make_supporter("interleuven", name="Interleuven", email="info@interleuven.be")
    stil = make_supporter("stil", name="Stille Partner")
    offers = {
        "bomen": make_offer(iok, [werven[1]], title="Bomen planten", slug="bomen", cost=Offer.Cost.GRATIS),
        "ontharding": make_offer(
            iok, [werven[4]], title="Speelplaatsen onthard", slug="ontharding", kind=Offer.Kind.REALISATIE
        ),
        "academie": make_offer(iok, [], title="Academie", slug="academie", is_general=True),
        "regenwater": make_offer(
            interleuven, [werven[4]], title="Regenwaterplan", slug="regenwater", cost=Offer.Cost.BETALEND
        ),
        "hagen": make_offer(stil, [werven[1]], title="Hagen", slug="hagen"),
    }
    return {"iok": iok, "interleuven": interleuven, "stil": stil, "offers": offers}


def list_page(client, query=""):
    return page(client.get(f"/aanbod/?{query}"))


# --- 1. the list on a phone ------------------------------------------------------------------


def test_filters_are_folded_behind_a_button_that_counts_the_active_ones(client, kempen):
    document = list_page(client, "werf=1&ondersteuner=iok")
    panel = find(document, "details", class_="filters-panel")
    assert attribute(panel, "open") is None, "dichtgevouwen: op een telefoon komen de resultaten eerst"
    assert text(find(panel, "summary")) == "Filters (2 actief)"
    form = find(panel, "form", class_="filters")
    # After filtering the browser lands on the results, not on the top of the page.
    assert attribute(form, "action") == "/aanbod/#resultaten"


def test_without_filters_the_button_says_just_filters(client, kempen):
    assert text(find(list_page(client), "summary")) == "Filters"


def test_the_empty_state_opens_the_results_and_no_list_tools_show(client, kempen):
    document = list_page(client, "q=zzzonbestaand")
    results = find(document, "section", id="resultaten")
    first = [child for child in results.children if not isinstance(child, str)][1]
    assert attribute(first, "class") == "empty-state"
    assert not find_all(results, class_="export-links")
    assert not find_all(results, data_print_target=True)


def test_the_results_follow_the_folded_filters_in_the_page(client, kempen):
    html = client.get("/aanbod/").content.decode()
    assert html.index('class="filters-panel') < html.index('id="resultaten"')
    assert html.index('id="resultaten-aantal"') < html.index('class="filters-panel')


# --- 2. counts on the filters ----------------------------------------------------------------


def option_labels(document, name):
    """{value: label text} of the checkboxes of one filter."""
    boxes = find_all(document, "input", name=name)
    return {
        attribute(box, "value"): text(find(document, "label", for_=attribute(box, "id"))).replace(" )", ")")
        for box in boxes
    }


def muted_values(document, name):
    return [
        attribute(find(div, "input"), "value")
        for div in find_all(document, "div", class_="checkbox--empty")
        if attribute(find(div, "input"), "name") == name
    ]


def test_each_option_counts_what_it_gives_with_the_other_filters(client, kempen):
    document = list_page(client, "werf=1&ondersteuner=iok")
    # Supporters counted under werf 1 only (IOK: trees and the general academy; Stille Partner: hedges).
    supporters = option_labels(document, "ondersteuner")
    assert supporters == {
        "interleuven": "Interleuven (0 aanbod)",
        "iok": "IOK (2 aanbod)",
        "stil": "Stille Partner (1 aanbod)",
    }
    assert muted_values(document, "ondersteuner") == ["interleuven"]
    # Werven counted for IOK only: general support counts under every werf.
    werven = option_labels(document, "werf")
    assert [werven[n].rsplit("(", 1)[1] for n in "1234"] == ["2 aanbod)", "1 aanbod)", "1 aanbod)", "2 aanbod)"]
    # Cost and kind counted under both filters.
    assert option_labels(document, "kosten")["gratis"] == "Gratis (1 aanbod)"
    assert option_labels(document, "kosten")["niet-vermeld"] == "Niet vermeld (1 aanbod)"
    assert option_labels(document, "looptijd")["doorlopend"].endswith("(2 aanbod)")
    assert "betalend" in muted_values(document, "kosten")


def test_the_empty_state_names_the_filter_that_emptied_the_list_and_drops_it(client, kempen):
    document = list_page(client, "werf=4&kosten=gratis")
    empty = find(document, "div", class_="empty-state")
    assert text(find(empty, "ul", class_="ways-out")) == (
        "Verwijder „Werf 4: Water is het nieuwe goud” (1 resultaat) Verwijder „Kosten: Gratis” (3 resultaten)"
    )
    assert hrefs(find(empty, "ul", class_="ways-out")) == ["?kosten=gratis#resultaten", "?werf=4#resultaten"]
    # Of the 3 offers for werf 4 (with general support), only the rainwater plan states its cost.
    assert "van de 3 aanbiedingen die aan de andere filters voldoen, vermelden er 2 hun kosten niet" in text(empty)


def test_an_empty_list_from_the_combination_says_so(client, kempen):
    # Without the search, Interleuven still has nothing for werf 1; without either of those, nothing matches "zzz".
    empty = find(list_page(client, "ondersteuner=interleuven&werf=1&q=zzz"), "div", class_="empty-state")
    assert "Eén filter verwijderen is niet genoeg" in text(empty)
    assert not find_all(empty, "ul", class_="ways-out")


@pytest.fixture
def mixed(werven, leuven, make_supporter, make_offer):
    """36 offers of three supporters (two serve Leuven) in every mix of werven, cost, kind and duration."""
    supporters = [make_supporter(slug) for slug in ("a", "b", "c")]
    for supporter in supporters[:2]:
        Service.objects.create(supporter=supporter, municipality=leuven)
    today = timezone.localdate()
    durations = [
        {"is_ongoing": True},
        {"is_ongoing": False, "ends_on": today + datetime.timedelta(days=10)},  # closing soon
        {"is_ongoing": False, "ends_on": today + datetime.timedelta(days=100)},
    ]
    werf_sets = [[1], [2, 4], [1, 3], [], [4], [1, 2, 3]]  # [] is general support
    costs = [Offer.Cost.GRATIS, Offer.Cost.BETALEND, Offer.Cost.NIET_VERMELD, Offer.Cost.GRATIS]
    kinds = [Offer.Kind.BEGELEIDING, Offer.Kind.STUDIE, Offer.Kind.CAMPAGNE]
    for i in range(36):
        numbers = werf_sets[i % 6]
        make_offer(
            supporters[i % 3],
            [werven[n] for n in numbers],
            is_general=not numbers,
            cost=costs[i % 4],
            kind=kinds[i % 5 % 3],
            title=f"Regenwater {i}" if i % 7 < 3 else f"Aanbod {i}",
            **durations[i % 9 // 3],
        )
    # Not public: counted nowhere.
    make_offer(supporters[0], [werven[1]], slug="concept", status=PublicationStatus.CONCEPT)
    make_offer(
        supporters[0], [werven[1]], slug="verlopen", is_ongoing=False, ends_on=today - datetime.timedelta(days=1)
    )


def results(query):
    return MunicipalityOfferFilter(query).qs.count()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "werf=1&werf=3&kosten=gratis&looptijd=binnenkort",
        "werf=2&ondersteuner=a&soort=studie&kosten=betalend&kosten=gratis",
        "ondersteuner=a&ondersteuner=c&looptijd=doorlopend&looptijd=binnenkort&q=regenwater",
        "algemeen=nee&werf=4&soort=begeleiding&soort=campagne&gemeente=24062",
        "werf=3&werf=4&ondersteuner=b&kosten=niet-vermeld&soort=campagne&looptijd=binnenkort&q=regenwater",
        "werf=1&ondersteuner=c&kosten=betalend&soort=studie&looptijd=doorlopend&algemeen=ja",
    ],
)
def test_every_count_is_the_number_of_results_that_choice_would_give(mixed, query):
    """Each option's count is the list with that facet set to the option alone; the total and the
    empty state's ways out are the list with all filters and without one of them."""
    params = QueryDict(query)
    offer_filter = MunicipalityOfferFilter(params)
    expected = {}
    for name in FACETS:
        expected[name] = []
        for choice in offer_filter.form[name]:
            alone = params.copy()
            alone.setlist(name, [choice.data["value"]])
            expected[name].append((choice.data["value"], results(alone)))
    shown = {
        name: [(o.choice.data["value"], o.count) for o in options] for name, options in offer_filter.facets.items()
    }
    assert shown == expected
    assert any(count for options in shown.values() for _value, count in options)
    assert offer_filter.counts.total == results(params)
    ways_out = []
    for name, _label, _value in offer_filter.active_filters():
        without = offer_filter.kept_params.copy()
        without.pop(name)
        if results(without):
            ways_out.append((without.urlencode(), results(without)))
    assert [(way.query, way.count) for way in offer_filter.ways_out()] == ways_out


def test_the_counts_of_many_combinations_match_the_list(mixed):
    """Every combination of two werven, a supporter and a cost: the counts and the list agree."""
    for werf, supporter, cost in itertools.product(
        ["", "1", "2&werf=3", "4"], ["", "a", "b"], ["", "gratis", "betalend"]
    ):
        params = QueryDict(f"werf={werf}&ondersteuner={supporter}&kosten={cost}")
        offer_filter = MunicipalityOfferFilter(params)
        assert offer_filter.counts.total == results(params), params.urlencode()
        for option in offer_filter.facets["soort"]:
            alone = params.copy()
            alone.setlist("soort", [option.choice.data["value"]])
            assert option.count == results(alone), alone.urlencode()


@pytest.mark.parametrize("offers_per_supporter", [1, 12])
def test_the_counts_cost_one_query_whatever_the_rows(
    client, werven, make_supporter, make_offer, offers_per_supporter, django_assert_max_num_queries
):
    for s in range(3):
        supporter = make_supporter(f"ondersteuner-{s}", email=f"info{s}@example.be", phone="014 00 00 00")
        for i in range(offers_per_supporter):
            make_offer(supporter, [werven[1 + i % 4]], slug=f"aanbod-{i}")
    # werven and supporters for the form, one aggregate for the total and the five facets, page, its werven
    with django_assert_max_num_queries(5):
        response = client.get(
            "/aanbod/?werf=1&werf=2&ondersteuner=ondersteuner-0&kosten=niet-vermeld&looptijd=doorlopend"
        )
    assert response.context["result_count"] > 0
    # An empty list has no page to read; the facets' ways out come with the aggregate, the search's
    # costs a count of its own.
    with django_assert_max_num_queries(4):
        assert client.get("/aanbod/?werf=1&ondersteuner=ondersteuner-0&kosten=betalend&q=zzz").status_code == 200


# --- 3. cards and print: whom do I call ------------------------------------------------------


def cards(document):
    return find_all(document, "article", class_="offer-card")


def test_every_card_of_a_mixed_list_says_whom_to_call(client, kempen):
    document = list_page(client, "werf=1&werf=4")
    contacts = {
        text(find(card, class_="card__title")): find(card, "p", class_="card__contact") for card in cards(document)
    }
    assert set(contacts) == {"Academie", "Bomen planten", "Hagen", "Regenwaterplan", "Speelplaatsen onthard"}
    iok = contacts["Bomen planten"]
    assert text(iok) == "Contact IOK: Steven Heylen 014/56 42 69 steven.heylen@iok.be"
    assert hrefs(iok) == ["tel:+3214564269", "mailto:steven.heylen@iok.be"]
    assert hrefs(contacts["Regenwaterplan"]) == ["mailto:info@interleuven.be"]
    # A supporter without published contact still leaves a way: its page.
    assert hrefs(contacts["Hagen"]) == ["/ondersteuners/stil/"]
    assert not find_all(document, "section", class_="supporter-contact")


def test_filtered_on_one_supporter_the_contact_shows_once_and_no_card_repeats_it(client, kempen):
    document = list_page(client, "ondersteuner=iok")
    group = find(document, "section", class_="supporter-contact")
    assert text(find(group, "h3")) == "Contact bij IOK"
    assert "tel:+3214564269" in hrefs(group)
    assert len(cards(document)) == 3
    assert not find_all(document, class_="card__contact")
    assert not find_all(document, "p", class_="card__meta"), "geen „Door IOK” onder een filter op IOK"


def test_a_card_prints_the_offers_address_and_no_unknown_cost(client, kempen):
    document = list_page(client, "werf=4")
    by_title = {text(find(card, class_="card__title")): card for card in cards(document)}
    address = find(by_title["Speelplaatsen onthard"], "p", class_="card__address")
    assert "print-only" in attribute(address, "class").split()
    assert text(address) == "http://testserver/aanbod/iok/ontharding/"
    assert not any("Kosten" in text(tag) for tag in find_all(by_title["Speelplaatsen onthard"], "li", class_="tag"))
    assert "Kosten: betalend" in [text(tag) for tag in find_all(by_title["Regenwaterplan"], "li", class_="tag")]


def test_the_offer_page_says_whom_to_ask_about_an_unstated_cost(client, kempen):
    facts = find(page(client.get("/aanbod/iok/ontharding/")), "dl", class_="facts")
    assert "Niet vermeld: vraag ze na bij IOK" in text(facts)


# --- 4. sharing --------------------------------------------------------------------------------


def test_a_list_offers_its_download_a_copy_and_a_mail_of_its_address(client, kempen):
    document = list_page(client, "werf=4&ondersteuner=iok")
    assert "Download deze lijst (2):" in text(find(document, class_="export-links__intro"))
    share = find(document, "p", class_="share")
    assert attribute(share, "data-copy-url") == "http://testserver/aanbod/?werf=4&ondersteuner=iok"
    mail = attribute(find(share, "a", class_="share__mail"), "href")
    assert mail.startswith("mailto:?subject=LEKP-aanbod%3A%20Werf%204%3A%20Water")
    assert mail.endswith("&body=http%3A%2F%2Ftestserver%2Faanbod%2F%3Fwerf%3D4%26ondersteuner%3Diok")


def test_an_empty_list_offers_nothing_to_print_export_or_share(client, kempen):
    document = list_page(client, "q=zzzonbestaand")
    assert not find_all(document, class_="export-links")
    assert not find_all(document, class_="share")
    assert not find_all(document, data_print_target=True)


def test_links_the_list_builds_carry_no_empty_value_nor_the_default_order(client, werven, make_supporter, make_offer):
    supporter = make_supporter("iok", name="IOK")
    for i in range(25):
        make_offer(supporter, [werven[1]], slug=f"aanbod-{i}")
    document = list_page(client, "q=&werf=1&kosten=&sortering=titel")
    assert attribute(find(document, "a", rel="next"), "href") == "?werf=1&pagina=2"
    assert attribute(find(document, "p", class_="share"), "data-copy-url") == "http://testserver/aanbod/?werf=1"
    # The form marks its default order, so the browser leaves it out when the form is sent.
    assert attribute(find(document, "select", name="sortering"), "data-default") == "titel"
    # A chosen order is kept.
    document = list_page(client, "werf=1&sortering=bijgewerkt")
    assert attribute(find(document, "a", rel="next"), "href") == "?werf=1&sortering=bijgewerkt&pagina=2"


# --- 5. the offer page ---------------------------------------------------------------------------


@pytest.fixture
def geel_served_by_iok(kempen, leuven):
    """A municipality that only IOK serves (the fixture's municipality is Leuven; the name does not matter)."""
    Service.objects.create(supporter=kempen["iok"], municipality=leuven)
    return leuven


def test_cards_lead_to_the_offer_with_the_lists_filters(client, kempen, geel_served_by_iok):
    document = list_page(client, "gemeente=24062&werf=4&q=")
    links = [attribute(find(find(card, class_="card__title"), "a"), "href") for card in cards(document)]
    assert "/aanbod/iok/ontharding/?werf=4&gemeente=24062" in links


def test_the_offer_page_leads_back_to_the_results_with_their_filters(client, kempen):
    document = page(client.get("/aanbod/iok/ontharding/?werf=4&ondersteuner=onbekend&kosten=gratis"))
    back = find(document, "p", class_="back-link")
    # Only the values the list uses: an unknown supporter is not carried back.
    assert hrefs(back) == ["/aanbod/?werf=4&kosten=gratis#resultaten"]
    assert text(back) == "Terug naar de resultaten"
    assert "/aanbod/?werf=4&kosten=gratis#resultaten" in hrefs(find(document, "nav", class_="breadcrumbs"))
    assert not find_all(page(client.get("/aanbod/iok/ontharding/")), "p", class_="back-link")


def other_offers(client, url):
    return find(page(client.get(url)), "section", aria_labelledby="ander-aanbod-titel")


def test_other_offers_keep_to_the_supporters_of_the_municipality_in_view(client, kempen, geel_served_by_iok):
    section = other_offers(client, "/aanbod/iok/ontharding/?gemeente=24062")
    # IOK serves Leuven here, Interleuven does not: its rainwater plan for werf 4 is left out.
    assert [text(t) for t in find_all(section, class_="card__title")] == ["Academie"]
    assert "die Leuven bedienen" in text(section)
    assert "/aanbod/?werf=4&gemeente=24062#resultaten" in hrefs(section)
    # The card links keep the municipality in view.
    assert "/aanbod/iok/academie/?gemeente=24062" in hrefs(section)
    # Without a municipality in view every supporter counts, the same supporter first.
    section = other_offers(client, "/aanbod/iok/ontharding/")
    assert [text(t) for t in find_all(section, class_="card__title")] == ["Academie", "Regenwaterplan"]


def test_the_long_parts_of_an_offer_page_fold(client, kempen):
    document = page(client.get("/aanbod/iok/ontharding/"))
    folds = find_all(document, "details", class_="fold")
    assert [text(find(fold, "summary")) for fold in folds] == ["Beschrijving", "Bron"]
    assert all(attribute(fold, "data-open-from") for fold in folds)


@pytest.mark.parametrize("query", ["", "?gemeente=24062&werf=4&kosten=gratis"])
def test_the_offer_page_takes_a_fixed_number_of_queries(
    client, kempen, geel_served_by_iok, make_offer, werven, query, django_assert_max_num_queries
):
    for i in range(10):
        make_offer(kempen["interleuven"], [werven[4]], slug=f"meer-{i}")
    # offer, its werven, other offers, their werven, fitting plan actions (plannen); with a query
    # also werven, supporters and municipalities to read it, twice: the list's and the others' filter
    with django_assert_max_num_queries(5 if not query else 11):
        assert client.get(f"/aanbod/iok/ontharding/{query}").status_code == 200
