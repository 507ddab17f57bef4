"""The public pages: what they show, what they hide, how they treat bad input, and how many queries they cost."""

import datetime

import pytest
from django.http import QueryDict
from django.test.html import Element
from django.utils.html import escape
from markup import attribute, card_titles, definitions, find, find_all, hrefs, page, strings, text
from pytest_django.asserts import assertInHTML

from gemeenten.models import Service
from offers.filters import OfferFilter
from offers.models import Offer, Project, PublicationStatus
from werven.models import Target, Werf

CONCEPT = PublicationStatus.CONCEPT


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def result_titles(response):
    """Titles of the offers listed as results, in order."""
    assert response.status_code == 200, response.status_code
    return [offer.title for offer in response.context["offers"]]


def notices(response):
    assert response.status_code == 200, response.status_code
    return response.context["notices"]


def offer_sections(response):
    """The offer section of a werf or supporter page as (heading, card titles) in page order."""
    section = find(page(response), "section", aria_labelledby="aanbod-titel")
    groups = zip(find_all(section, "h3", class_="group-title"), find_all(section, "div", class_="stack"), strict=True)
    return [(text(heading), card_titles(cards)) for heading, cards in groups]


def result_count(inner_html):
    return f'<p class="result-count" id="resultaten-aantal" role="status">{inner_html}</p>'


@pytest.fixture
def portal(werven, make_supporter, make_offer, make_project):
    """Three supporters with offers for different werven, one general offer, one concept of each kind."""
    iok = make_supporter("iok", name="IOK", email="steven.heylen@iok.be", phone="014/564.269", contact_person="Steven")
    interleuven = make_supporter("interleuven", name="Interleuven", website="https://www.interleuven.be")
    limburg = make_supporter("provincie-limburg", name="Provincie Limburg", kind="provincie")
    offers = {
        "ontharding": make_offer(
            iok,
            [werven[4]],
            title="Onthardingsmanager",
            slug="onthardingsmanager",
            kind=Offer.Kind.REALISATIE,
            cost=Offer.Cost.GRATIS,
        ),
        "energiehuis": make_offer(
            iok, [werven[2], werven[4]], title="Energiehuis Kempen", slug="energiehuis", kind=Offer.Kind.BEGELEIDING
        ),
        "mobipunten": make_offer(iok, [werven[3]], title="Mobipunten Kempen", slug="mobipunten"),
        "academies": make_offer(
            iok, [], title="Kempen2030-academies", slug="academies", is_general=True, kind=Offer.Kind.KENNISDELING
        ),
        "iok-concept": make_offer(iok, [werven[4]], title="Geheim concept IOK", slug="concept", status=CONCEPT),
        "regenwater": make_offer(
            interleuven,
            [werven[4]],
            title="Regenwaterplan",
            slug="regenwaterplan",
            description="Een coöperatief plan voor regenwater.",
            cost=Offer.Cost.BETALEND,
        ),
        "bomen": make_offer(interleuven, [werven[1]], title="Bomenplan", slug="bomenplan"),
        "hagen": make_offer(limburg, [werven[1]], title="Hagen en geveltuinen", slug="hagen"),
        "limburg-concept": make_offer(limburg, [werven[4]], title="Onaf waterplan", slug="onaf", status=CONCEPT),
    }
    projects = {
        "circuler": make_project(
            interleuven,
            [werven[2], werven[4]],
            title="CIRCULER",
            slug="circuler",
            municipality="Leuven",
            start_date=datetime.date(2019, 1, 15),
            themes="circulaire economie\nenergie",
            success_factors="Breed partnerschap\nCocreatie",
            pitfalls="Te veel ambitie",
            challenges="Financiering",
            external_partners="KU Leuven\nVoka",
            investment="250.000 euro",
            email="info@circuler.be",
        ),
        "verborgen": make_project(iok, [werven[4]], title="Verborgen project", slug="verborgen", status=CONCEPT),
    }
    return {"iok": iok, "interleuven": interleuven, "limburg": limburg, "offers": offers, "projects": projects}


# --- home -----------------------------------------------------------------------------------


def test_home_counts_published_offers_per_werf_with_general_support_in_each(client, portal):
    home = page(client.get("/"))
    counts = {number: text(find(home, "a", href=f"/aanbod/?werf={number}")) for number in range(1, 5)}
    # werf 4: ontharding, energiehuis, regenwater + the general offer; concepts are not counted.
    assert counts == {
        1: "3 vormen van ondersteuning voor werf 1",
        2: "2 vormen van ondersteuning voor werf 2",
        3: "2 vormen van ondersteuning voor werf 3",
        4: "4 vormen van ondersteuning voor werf 4",
    }


def test_home_shows_supporters_search_and_only_published_newest_projects(client, portal):
    home = page(client.get("/"))
    assert find_all(find(home, "form", action="/aanbod/", role="search"), "input", name="q")
    supporters = card_titles(find(home, "section", aria_labelledby="ondersteuners-titel"))
    assert sorted(supporters) == ["IOK", "Interleuven", "Provincie Limburg"]
    assert card_titles(find(home, "section", aria_labelledby="projecten-titel")) == ["CIRCULER"]
    assert len(find_all(home, "h1")) == 1


# --- werf page ------------------------------------------------------------------------------


@pytest.fixture
def targets(werven, portal):
    old = Target.objects.create(
        werf=werven[2], slug="renovaties", text="50 renovaties per 1.000 wooneenheden.", position=1
    )
    old.stated_by.set([portal["interleuven"], portal["limburg"]])
    new = Target.objects.create(
        werf=werven[2],
        slug="renovaties-2",
        text="50 renovaties waarvan 25 fossielvrij.",
        pact_version=Target.PactVersion.LEKP_2,
        variant_of=old,
        position=2,
    )
    new.stated_by.set([portal["iok"]])
    return old, new


def target_texts(element):
    return [text(find(target, class_="target__text")) for target in find_all(element, "li", class_="target")]


def test_werf_page_groups_targets_by_pact_version_and_labels_variants(client, targets):
    werf_page = page(client.get("/werven/2/"))
    section = find(werf_page, "section", aria_labelledby="doelstellingen-titel")
    versions = zip(find_all(section, "h3"), find_all(section, "ul", class_="targets"), strict=True)
    assert [(text(heading), target_texts(group)) for heading, group in versions] == [
        ("LEKP 1.0", ["50 renovaties per 1.000 wooneenheden."]),
        ("LEKP 2.0", ["50 renovaties waarvan 25 fossielvrij."]),
    ]
    variant = find(section, "li", id="doelstelling-renovaties-2")
    assert text(find(variant, class_="target__label")) == "LEKP 2.0-variant"
    assert "#doelstelling-renovaties" in hrefs(variant)  # the variant points at what it adapts
    assert definitions(variant)["Vermeld door"] == "IOK"
    adapted = find(section, "li", id="doelstelling-renovaties")  # and what it adapts points back
    assert definitions(adapted)["Aangepast in"] == "LEKP 2.0-variant"
    assert "#doelstelling-renovaties-2" in hrefs(adapted)


def test_werf_page_names_the_variants_of_its_targets_in_order_even_in_another_werf(client, targets, werven):
    old, _new = targets
    Target.objects.create(
        werf=werven[3], slug="elders", text="Elders aangepast.", pact_version="2.0", variant_of=old, position=0
    )
    section = find(page(client.get("/werven/2/")), "section", aria_labelledby="doelstellingen-titel")
    adapted = find(section, "li", id="doelstelling-renovaties")
    assert [href for href in hrefs(adapted) if href.startswith("#")] == [
        "#doelstelling-renovaties-2",
        "#doelstelling-elders",
    ]
    # Werf 2 lists its own targets only.
    assert target_texts(section) == ["50 renovaties per 1.000 wooneenheden.", "50 renovaties waarvan 25 fossielvrij."]


def test_werf_page_lists_its_published_offers_by_supporter_with_general_support(client, portal):
    response = client.get("/werven/4/")
    # Per supporter by name; within one, general support after the offers for this werf.
    assert offer_sections(response) == [
        ("IOK", ["Energiehuis Kempen", "Onthardingsmanager", "Kempen2030-academies"]),
        ("Interleuven", ["Regenwaterplan"]),
    ]
    werf_page = page(response)
    assert "/aanbod/?werf=4" in hrefs(werf_page)
    assert card_titles(find(werf_page, "section", aria_labelledby="projecten-titel")) == ["CIRCULER"]


@pytest.mark.parametrize("path", ["/werven/9/", "/werven/0/", "/werven/abc/"])
def test_unknown_werf_is_404(client, werven, path):
    assert client.get(path).status_code == 404


# --- supporters -----------------------------------------------------------------------------


def test_supporter_list_shows_every_supporter_with_published_counts(client, portal):
    supporters = page(client.get("/ondersteuners/"))
    assert "/ondersteuners/iok/" in hrefs(supporters)
    assert "4 vormen van ondersteuning" in text(supporters)  # IOK: 4 published, the concept not counted
    assert "Provincie Limburg" in text(supporters)


def test_supporter_page_shows_contact_as_links_and_offers_by_werf_general_first(client, portal):
    response = client.get("/ondersteuners/iok/")
    links = hrefs(find(page(response), "section", aria_labelledby="contact-titel"))
    assert "mailto:steven.heylen@iok.be" in links and "tel:+3214564269" in links
    # General support first; an offer for two werven appears under both; concepts and other supporters' offers not.
    assert offer_sections(response) == [
        ("Algemene ondersteuning (voor alle werven)", ["Kempen2030-academies"]),
        ("Werf 2: Verrijk je wijk", ["Energiehuis Kempen"]),
        ("Werf 3: Elke buurt deelt en is duurzaam bereikbaar", ["Mobipunten Kempen"]),
        ("Werf 4: Water is het nieuwe goud", ["Energiehuis Kempen", "Onthardingsmanager"]),
    ]


def test_supporter_without_contact_says_so(client, portal):
    contact = find(page(client.get("/ondersteuners/provincie-limburg/")), "section", aria_labelledby="contact-titel")
    assert "Geen contactgegevens gepubliceerd." in text(contact)
    assert not [link for link in hrefs(contact) if link.startswith("mailto:")]


def test_supporter_page_lists_its_published_projects(client, portal):
    interleuven = page(client.get("/ondersteuners/interleuven/"))
    assert card_titles(find(interleuven, "section", aria_labelledby="projecten-titel")) == ["CIRCULER"]
    assert "https://www.interleuven.be" in hrefs(interleuven)
    iok_projects = find(page(client.get("/ondersteuners/iok/")), "section", aria_labelledby="projecten-titel")
    assert card_titles(iok_projects) == []
    assert "Deze ondersteuner trekt nog geen gepubliceerde inspiratieprojecten." in text(iok_projects)


def test_werf_page_without_published_projects_says_so(client, portal):
    assert "Er zijn nog geen inspiratieprojecten voor deze werf." in html_of(client.get("/werven/1/"))
    assert "Er zijn nog geen inspiratieprojecten" not in html_of(client.get("/werven/4/"))


def test_unknown_supporter_is_404(client, portal):
    assert client.get("/ondersteuners/onbekend/").status_code == 404


# --- offer list: filters ----------------------------------------------------------------------

GENERAL_SUPPORT_NOTE = (
    '<p class="result-note">Algemene ondersteuning, die voor alle werven geldt, staat er ook bij.</p>'
)


def test_list_shows_only_published_offers_by_title(client, portal):
    response = client.get("/aanbod/")
    titles = result_titles(response)
    assert card_titles(find(page(response), "section", id="resultaten")) == titles
    assert titles == sorted(titles)
    assert len(titles) == 7
    assert "Geheim concept IOK" not in titles and "Onaf waterplan" not in titles


def test_werf_and_supporter_filter_lists_iok_water_offers_and_general_support(client, portal):
    response = client.get("/aanbod/?werf=4&ondersteuner=iok")
    assert result_titles(response) == ["Energiehuis Kempen", "Kempen2030-academies", "Onthardingsmanager"]
    assertInHTML(result_count("3 resultaten"), html_of(response))
    assertInHTML(GENERAL_SUPPORT_NOTE, html_of(response))


def test_list_without_werf_filter_does_not_explain_general_support(client, portal):
    assertInHTML(GENERAL_SUPPORT_NOTE, html_of(client.get("/aanbod/?ondersteuner=iok&werf=9")), count=0)


def test_several_werven_match_any_of_them(client, portal):
    titles = result_titles(client.get("/aanbod/?werf=1&werf=3"))
    assert set(titles) == {"Bomenplan", "Hagen en geveltuinen", "Mobipunten Kempen", "Kempen2030-academies"}


def test_several_supporters_match_any_of_them(client, portal):
    titles = result_titles(client.get("/aanbod/?ondersteuner=interleuven&ondersteuner=provincie-limburg"))
    assert set(titles) == {"Regenwaterplan", "Bomenplan", "Hagen en geveltuinen"}


def test_kind_and_cost_filters(client, portal):
    assert result_titles(client.get("/aanbod/?soort=realisatie")) == ["Onthardingsmanager"]
    assert result_titles(client.get("/aanbod/?kosten=betalend")) == ["Regenwaterplan"]
    assert result_titles(client.get("/aanbod/?kosten=gratis&kosten=betalend&werf=4")) == [
        "Onthardingsmanager",
        "Regenwaterplan",
    ]


def test_text_search_ignores_accents_and_case(client, portal):
    assert result_titles(client.get("/aanbod/?q=COOPERATIEF")) == ["Regenwaterplan"]
    assert result_titles(client.get("/aanbod/?q=kempen+energiehuis")) == ["Energiehuis Kempen"]


def test_sorting_by_supporter_and_by_last_update(client, portal):
    titles = result_titles(client.get("/aanbod/?sortering=ondersteuner"))
    assert titles[:4] == ["Energiehuis Kempen", "Kempen2030-academies", "Mobipunten Kempen", "Onthardingsmanager"]
    assert titles[-1] == "Hagen en geveltuinen"
    Offer.objects.filter(pk=portal["offers"]["bomen"].pk).update(
        updated_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    assert result_titles(client.get("/aanbod/?sortering=bijgewerkt"))[0] == "Bomenplan"


def test_active_filters_are_chips_that_remove_one_value(client, portal):
    response = client.get("/aanbod/?werf=1&werf=4&ondersteuner=iok&q=plan&pagina=1")
    assert [(chip.label, chip.query) for chip in response.context["chips"]] == [
        ("Werf 1: Laten we een boom opzetten", "werf=4&ondersteuner=iok&q=plan"),
        ("Werf 4: Water is het nieuwe goud", "werf=1&ondersteuner=iok&q=plan"),
        ("Ondersteuner: IOK", "werf=1&werf=4&q=plan"),
        ("Zoekterm: „plan”", "werf=1&werf=4&ondersteuner=iok"),
    ]
    assertInHTML(
        '<a class="chip" href="?werf=1&amp;werf=4&amp;q=plan">Ondersteuner: IOK'
        '<span class="chip__x" aria-hidden="true">×</span>'
        '<span class="visually-hidden"> (filter verwijderen)</span></a>',
        html_of(response),
    )


def test_form_keeps_the_chosen_values_and_not_the_dropped_ones(client, portal):
    response = client.get("/aanbod/?werf=04&werf=9&ondersteuner=iok&q=plan&sortering=bijgewerkt")
    form = response.context["form"]
    assert form["werf"].value() == ["4"]
    assert form["ondersteuner"].value() == ["iok"]
    assert form["q"].value() == "plan"
    assert form["sortering"].value() == ["bijgewerkt"]
    html = html_of(response)
    assertInHTML('<input type="checkbox" name="werf" value="4" id="id_werf_3" checked>', html)
    assertInHTML('<option value="bijgewerkt" selected>Laatst bijgewerkt</option>', html)


def test_pagination_keeps_filters_and_shows_twenty_per_page(client, werven, make_supporter, make_offer):
    supporter = make_supporter("iok", name="IOK")
    for n in range(45):
        make_offer(supporter, [werven[4]], title=f"Water {n:02d}", slug=f"water-{n}")
    make_offer(supporter, [werven[1]], title="Boom", slug="boom")
    first = client.get("/aanbod/?werf=4")
    assert len(result_titles(first)) == 20
    assertInHTML(result_count('45 resultaten<span class="result-count__page">, pagina 1 van 3</span>'), html_of(first))
    assert "?werf=4&pagina=2" in hrefs(find(page(first), "nav", class_="pagination"))
    last = client.get("/aanbod/?werf=4&pagina=3")
    assert result_titles(last) == [f"Water {n:02d}" for n in range(40, 45)]
    assert attribute(find(page(last), "a", rel="prev"), "href") == "?werf=4&pagina=2"


def test_empty_result_has_a_helpful_message(client, portal):
    response = client.get("/aanbod/?q=zzzonbestaand&werf=1")
    assert result_titles(response) == []
    assertInHTML(result_count("0 resultaten"), html_of(response))
    empty = find(page(response), "div", class_="empty-state")
    assert "Geen aanbod gevonden" in text(empty)
    assert "Verwijder „Zoekterm: zzzonbestaand”" in text(empty)
    assert "/aanbod/" in hrefs(empty)


def test_result_count_is_announced_in_a_live_region(client, portal):
    assertInHTML(result_count("4 resultaten"), html_of(client.get("/aanbod/?werf=4")))


# --- offer list: bad input --------------------------------------------------------------------

NOTICE_TITLE = '<h2 class="notice__title">Niet alles in het webadres kon gebruikt worden</h2>'


@pytest.mark.parametrize(
    ("query", "message", "expected"),
    [
        ("werf=9", "Werf 9 bestaat niet; die filter is genegeerd.", 7),
        ("werf=abc", "Werf „abc” bestaat niet; die filter is genegeerd.", 7),
        ("werf=4&werf=9", "Werf 9 bestaat niet; die filter is genegeerd.", 4),
        ("ondersteuner=onbekend", "Ondersteuner „onbekend” bestaat niet; die filter is genegeerd.", 7),
        ("ondersteuner=onbekend&ondersteuner=iok", "Ondersteuner „onbekend” bestaat niet; die filter is genegeerd.", 4),
        ("soort=xyz", "Soort ondersteuning „xyz” bestaat niet; die filter is genegeerd.", 7),
        ("kosten=veel", "Kosten „veel” is geen geldige keuze; die filter is genegeerd.", 7),
        ("sortering=drop", "Sortering „drop” bestaat niet; de lijst is op titel gesorteerd.", 7),
        ("pagina=999", "Pagina 999 bestaat niet; de laatste pagina (1) wordt getoond.", 7),
        ("pagina=abc", "„abc” is geen geldig paginanummer; de eerste pagina wordt getoond.", 7),
        ("pagina=-1", "Pagina -1 bestaat niet; de eerste pagina wordt getoond.", 7),
        ("werf=%00", "Werf „” bestaat niet; die filter is genegeerd.", 7),
        # Python refuses to turn more than 4,300 digits into a number: that must not become a 500.
        ("werf=" + "1" * 5000, "Werf „" + "1" * 39 + "…” bestaat niet; die filter is genegeerd.", 7),
        (
            "pagina=-" + "9" * 5000,
            "„-" + "9" * 19 + "” is geen geldig paginanummer; de eerste pagina wordt getoond.",
            7,
        ),
    ],
)
def test_bad_values_give_a_dutch_message_and_the_rest_of_the_page(client, portal, query, message, expected):
    response = client.get(f"/aanbod/?{query}")
    assert notices(response) == [message]
    assertInHTML(
        f'<div class="notice" role="alert">{NOTICE_TITLE}<ul><li>{escape(message)}</li></ul></div>', html_of(response)
    )
    assert len(result_titles(response)) == expected
    assert find_all(page(response), id="resultaten-aantal")


def test_valid_values_give_no_message(client, portal):
    response = client.get("/aanbod/?werf=4&ondersteuner=iok&soort=begeleiding&kosten=gratis&pagina=1")
    assert notices(response) == []
    assert not find_all(page(response), "div", class_="notice")


def test_a_very_long_search_is_cut_with_a_message(client, portal):
    response = client.get("/aanbod/", {"q": "regenwater " + "x" * 5000})
    assert notices(response) == ["De zoekterm is te lang; enkel de eerste 200 tekens zijn gebruikt."]
    assert response.context["form"]["q"].value() == "regenwater " + "x" * 189
    assert "x" * 201 not in html_of(response)


def test_control_characters_in_the_search_are_dropped(client, portal):
    # PostgreSQL rejects NUL in text; the search must not reach the database with it.
    assert result_titles(client.get("/aanbod/", {"q": "regen\x00waterplan"})) == ["Regenwaterplan"]
    assert result_titles(client.get("/aanbod/", {"q": "\x00coöperatief\x07"})) == ["Regenwaterplan"]


def test_the_search_term_is_escaped(client, portal):
    html = html_of(client.get("/aanbod/", {"q": '<script>alert("x")</script>'}))
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_pagination_links_drop_invalid_values(client, werven, make_supporter, make_offer):
    supporter = make_supporter()
    for n in range(25):
        make_offer(supporter, [werven[4]], slug=f"a-{n}")
    pagination = find(page(client.get("/aanbod/?werf=4&werf=9&ondersteuner=onbekend")), "nav", class_="pagination")
    assert hrefs(pagination) == ["?werf=4&pagina=1", "?werf=4&pagina=2", "?werf=4&pagina=2"]


# --- the filter, as the exports use it ----------------------------------------------------------


def test_filter_describes_its_active_values_in_dutch(portal):
    data = QueryDict("werf=4&werf=1&ondersteuner=iok&q=water&sortering=bijgewerkt&werf=9")
    offer_filter = OfferFilter(data, queryset=Offer.objects.published().for_list())
    assert offer_filter.describe() == [
        ("Werf", "Werf 4: Water is het nieuwe goud; Werf 1: Laten we een boom opzetten"),
        ("Ondersteuner", "IOK"),
        ("Zoekterm", "water"),
        ("Sortering", "laatst bijgewerkt"),
    ]
    assert offer_filter.notices == ["Werf 9 bestaat niet; die filter is genegeerd."]
    assert OfferFilter(QueryDict(""), queryset=Offer.objects.all()).describe() == []


def test_filter_works_without_a_request(portal):
    offer_filter = OfferFilter(QueryDict("werf=4&ondersteuner=iok"), queryset=Offer.objects.published().for_list())
    assert [offer.title for offer in offer_filter.qs] == [
        "Energiehuis Kempen",
        "Kempen2030-academies",
        "Onthardingsmanager",
    ]


# --- offer detail -----------------------------------------------------------------------------


def test_offer_page_shows_every_part(client, portal):
    offer = portal["offers"]["energiehuis"]
    Offer.objects.filter(pk=offer.pk).update(
        description="Het energiehuis helpt.\nHet werkt zo:\n- huisdokters\n- een bouwloket\n\nTweede alinea.",
        partners="Energiehuis Kempen\nVlaamse energielening",
        source="IOK – Thema 2: Kempen2030 renoveert",
        updated_at=datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC),
        cost=Offer.Cost.DEELS_BETALEND,
    )
    response = client.get("/aanbod/iok/energiehuis/")
    html = html_of(response)
    assertInHTML("<h1>Energiehuis Kempen</h1>", html)
    assertInHTML(
        "<p>Het energiehuis helpt.<br>Het werkt zo:</p><ul><li>huisdokters</li><li>een bouwloket</li></ul>", html
    )
    assertInHTML("<p>Tweede alinea.</p>", html)
    assertInHTML("<li>Vlaamse energielening</li>", html)
    assertInHTML("<p>IOK – Thema 2: Kempen2030 renoveert</p>", html)
    assertInHTML('<time datetime="2026-03-05">5 maart 2026</time>', html)
    facts = definitions(find(page(response), "dl", class_="facts"))
    assert facts["Kosten"] == "Deels betalend" and facts["Soort ondersteuning"] == "Begeleiding en coaching"
    assert facts["Werven"] == "Werf 2: Verrijk je wijk Werf 4: Water is het nieuwe goud"
    assertInHTML('<a href="mailto:steven.heylen@iok.be">steven.heylen@iok.be</a>', html)


def other_offers(response):
    return find(page(response), "section", aria_labelledby="ander-aanbod-titel")


def test_other_offers_come_first_from_the_same_supporter_then_others_for_the_same_werf(client, portal):
    section = other_offers(client.get("/aanbod/iok/onthardingsmanager/"))
    assert text(find(section, "h2")) == "Ander aanbod voor deze werf"
    # IOK's own offers for werf 4 first (general support after), then others; not other werven, not concepts.
    assert card_titles(section) == ["Energiehuis Kempen", "Kempen2030-academies", "Regenwaterplan"]


def test_other_offers_of_an_offer_for_two_werven_speak_of_werven(client, portal):
    response = client.get("/aanbod/iok/energiehuis/")
    section = other_offers(response)
    assert text(find(section, "h2")) == "Ander aanbod voor deze werven"
    assertInHTML(
        '<a href="/aanbod/?werf=2&amp;werf=4#resultaten">Bekijk al het aanbod voor deze werven in de lijst</a>',
        html_of(response),
    )
    assert card_titles(section) == ["Onthardingsmanager", "Kempen2030-academies", "Regenwaterplan"]


def test_offer_without_werf_has_no_other_offers_section(client, portal, make_offer):
    make_offer(portal["iok"], [], title="Losse dienst", slug="losse-dienst")
    offer_page = page(client.get("/aanbod/iok/losse-dienst/"))
    assert text(find(offer_page, "h1")) == "Losse dienst"
    assert not find_all(offer_page, id="ander-aanbod-titel")


@pytest.mark.parametrize(
    "path", ["/aanbod/iok/concept/", "/aanbod/iok/bestaat-niet/", "/aanbod/interleuven/energiehuis/"]
)
def test_unpublished_unknown_or_misplaced_offer_is_404(client, portal, path):
    assert client.get(path).status_code == 404


# --- projects --------------------------------------------------------------------------------


def test_project_list_shows_only_published_projects(client, portal):
    projects = page(client.get("/projecten/"))
    assert card_titles(projects) == ["CIRCULER"]
    assert "1 project" in text(projects)


def test_project_page_shows_the_card_fields(client, portal):
    response = client.get("/projecten/circuler/")
    project = page(response)
    for shown in ("CIRCULER", "circulaire economie", "Leuven", "15 januari 2019", "250.000 euro"):
        assert shown in text(project), shown
    for item in ("Cocreatie", "Te veel ambitie", "Financiering", "Voka"):
        assertInHTML(f"<li>{item}</li>", html_of(response))
    assert {"mailto:info@circuler.be", "/ondersteuners/interleuven/"} <= set(hrefs(project))


def test_unpublished_project_is_404(client, portal):
    assert client.get("/projecten/verborgen/").status_code == 404
    assert client.get("/projecten/onbekend/").status_code == 404


# --- 404 page --------------------------------------------------------------------------------


def test_404_page_uses_the_portal_layout_when_debug_is_off(client, db, settings):
    settings.DEBUG = False
    not_found = page(client.get("/bestaat-helemaal-niet/"), status=404)
    assert "Pagina niet gevonden" in text(find(not_found, "main"))
    assert find_all(not_found, "a", class_="skip-link") and find_all(not_found, "nav", aria_label="Hoofdmenu")
    assert find_all(not_found, "form", action="/aanbod/")


# --- one h1 and numbers in nl-BE on every page ---------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/werven/4/",
        "/ondersteuners/",
        "/ondersteuners/iok/",
        "/aanbod/",
        "/aanbod/?werf=9",
        "/aanbod/iok/onthardingsmanager/",
        "/projecten/",
        "/projecten/circuler/",
    ],
)
def test_every_page_has_one_h1_landmarks_and_unique_ids(client, portal, path):
    document = page(client.get(path))
    assert len(find_all(document, "h1")) == 1
    assert find_all(document, "main", id="inhoud")
    assert find_all(document, "nav") and find_all(document, "footer") and find_all(document, "header")
    ids = [attribute(element, "id") for element in find_all(document, id=True)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_large_numbers_use_the_belgian_thousands_separator(client, werven, make_supporter, make_offer):
    Target.objects.create(
        werf=werven[2], slug="r", text="Renovaties", quantity=50, unit="renovaties", basis="wooneenheid", per_count=1000
    )
    html = html_of(client.get("/werven/2/"))
    assert "50 renovaties per 1.000 wooneenheden" in html


# --- query counts, independent of the number of rows ------------------------------------------


@pytest.fixture(params=[3, 30], ids=["3-rijen", "30-rijen"])
def sized_portal(request, werven, leuven, make_supporter, make_offer, make_project):
    n = request.param
    supporters = [make_supporter(f"ondersteuner-{i}", email=f"info{i}@example.be") for i in range(3)]
    for supporter in supporters:
        Service.objects.create(supporter=supporter, municipality=leuven)
    for i in range(n):
        supporter = supporters[i % 3]
        make_offer(supporter, [werven[1 + i % 4], werven[1 + (i + 1) % 4]], slug=f"aanbod-{i}", title=f"Aanbod {i}")
        make_offer(supporter, [], slug=f"algemeen-{i}", is_general=True)
        make_offer(supporter, [werven[4]], slug=f"concept-{i}", status=CONCEPT)
        make_project(supporter, [werven[1 + i % 4]], slug=f"project-{i}")
    for i in range(n):
        target = Target.objects.create(werf=werven[4], slug=f"doel-{i}", text=f"Doel {i}")
        target.stated_by.set(supporters)
        Target.objects.create(
            werf=werven[4], slug=f"doel-{i}-2", text=f"Doel {i} 2.0", pact_version="2.0", variant_of=target
        )
    return n


# The same bound at 3 and at 30 rows: a page that queries per row fails at 30.
@pytest.mark.parametrize(
    ("path", "max_queries"),
    [
        ("/", 4),  # werven with counts (general offers in a subquery), supporters, projects, their werven
        # werf, its targets with their variants, stated_by, the first offers per supporter, their
        # werven, projects, their werven
        ("/werven/4/", 7),
        ("/ondersteuners/", 1),
        # supporter, the first general offers and those per werf (one query), their werven, the
        # municipalities it serves (gemeenten), projects, their werven
        ("/ondersteuners/ondersteuner-0/", 6),
        # municipality (with its plan, if any), former names, supporters, the first general offers and
        # those per werf and supporter (one query), their werven, the targets with the supporters
        # stating them, the map; a plan adds one (its first actions per werf)
        ("/gemeenten/24062/", 7),
        # werven, supporters with their counts per werf, kinds per werf, the municipalities with
        # their coverage per werf and their outlines
        ("/dekking/", 4),
        # werven and supporters for the form, one aggregate for the total and every option of the
        # five filters (OfferFilter.counts), the page, its werven
        ("/aanbod/", 5),
        ("/aanbod/?werf=4&werf=1&ondersteuner=ondersteuner-0&ondersteuner=ondersteuner-1&q=aanbod&pagina=1", 5),
        ("/aanbod/?sortering=ondersteuner&pagina=2", 5),
        ("/aanbod/?pagina=alle", 5),
        # the offer, its werven, other offers and their werven, and the plan actions it fits (plannen)
        ("/aanbod/ondersteuner-0/aanbod-0/", 5),
        ("/projecten/", 2),
        ("/projecten/project-0/", 2),
    ],
)
def test_query_count_is_bounded_whatever_the_number_of_rows(
    client, sized_portal, path, max_queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(max_queries):
        response = client.get(path)
    assert response.status_code == 200
    assert Project.objects.count() == sized_portal


def test_offer_text_is_escaped_and_bullets_become_lists(client, portal):
    Offer.objects.filter(pk=portal["offers"]["bomen"].pk).update(
        description='<script>alert("x")</script>\n • eerste punt\n • tweede punt\n   loopt door'
    )
    html = html_of(client.get("/aanbod/interleuven/bomenplan/"))
    assert '<script>alert("x")</script>' not in html
    assertInHTML("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>", html)
    assertInHTML("<ul><li>eerste punt</li><li>tweede punt loopt door</li></ul>", html)


def test_supporter_list_keeps_the_bullets_of_a_short_explanation(client, make_supporter):
    make_supporter(
        "provincie-limburg", name="Provincie Limburg", short_explanation="Ze biedt:\n- begeleiding\n- rapportering"
    )
    html = client.get("/ondersteuners/").content.decode()
    assertInHTML("<ul><li>begeleiding</li><li>rapportering</li></ul>", html)


def test_offer_facts_and_contact_come_before_the_long_description(client, werven, make_supporter, make_offer):
    supporter = make_supporter("iok", name="IOK", contact_person="Steven Heylen")
    offer = make_offer(supporter, werven=[werven[2]], description="Een heel lange beschrijving.")
    pieces = list(strings(page(client.get(offer.get_absolute_url()))))
    assert pieces.index("Steven Heylen") < pieces.index("Een heel lange beschrijving.")


def test_werf_number_with_a_leading_zero_is_that_werf(client, portal):
    response = client.get("/aanbod/?werf=04&werf=4")
    assert notices(response) == []
    assert len(result_titles(response)) == 4
    assert "/aanbod/export.csv?werf=4" in hrefs(find(page(response), "div", class_="export-links"))


def test_projects_without_start_date_come_last_on_every_database(make_project, iok, werven):
    make_project(iok, title="Zonder datum", slug="zonder-datum", start_date=None)
    make_project(iok, title="Oud", slug="oud", start_date=datetime.date(2019, 1, 1))
    make_project(iok, title="Nieuw", slug="nieuw", start_date=datetime.date(2024, 1, 1))
    assert list(Project.objects.values_list("title", flat=True)) == ["Nieuw", "Oud", "Zonder datum"]


def test_werf_offer_counts_run_no_query_until_read(portal, django_assert_num_queries):
    with django_assert_num_queries(0):
        werven = Werf.objects.annotate(offer_count=Offer.objects.published().count_per_werf())
    with django_assert_num_queries(1):
        counts = {werf.number: werf.offer_count for werf in werven}
    # Werf 4: Onthardingsmanager, Energiehuis, Regenwaterplan and the general Kempen2030-academies.
    assert counts == {1: 3, 2: 2, 3: 2, 4: 4}


def group_summary(response):
    """(group title, card titles, "more" link text and address) per group of a summarising page."""
    groups = []
    for child in find(page(response), "section", aria_labelledby="aanbod-titel").children:
        classes = (attribute(child, "class") or "").split() if isinstance(child, Element) else []
        if "group-title" in classes:
            groups.append([text(child), [], None])
        elif "stack" in classes:
            groups[-1][1] += [text(title) for title in find_all(child, class_="card__title")]
        elif "group-more" in classes:
            groups[-1][2] = (text(child), hrefs(child)[0])
    return [tuple(group) for group in groups]


def test_supporter_offers_are_grouped_general_first_under_every_werf_they_serve(portal, client):
    assert group_summary(client.get("/ondersteuners/iok/")) == [
        ("Algemene ondersteuning (voor alle werven)", ["Kempen2030-academies"], None),
        ("Werf 2: Verrijk je wijk", ["Energiehuis Kempen"], None),
        ("Werf 3: Elke buurt deelt en is duurzaam bereikbaar", ["Mobipunten Kempen"], None),
        ("Werf 4: Water is het nieuwe goud", ["Energiehuis Kempen", "Onthardingsmanager"], None),
    ]


def test_summary_pages_show_the_first_offers_of_a_group_and_link_to_all_of_them(
    client, werven, make_supporter, make_offer
):
    iok = make_supporter("iok", name="IOK")
    for i in range(5):
        make_offer(iok, [werven[2]], slug=f"werf-{i}", title=f"Werf-aanbod {i}")
        make_offer(iok, [], slug=f"algemeen-{i}", title=f"Algemeen {i}", is_general=True)
    make_offer(iok, [werven[2]], slug="concept", title="Concept", status=CONCEPT)
    assert group_summary(client.get("/ondersteuners/iok/")) == [
        (
            "Algemene ondersteuning (voor alle werven)",
            ["Algemeen 0", "Algemeen 1", "Algemeen 2"],
            ("Alle 5 vormen van algemene ondersteuning van IOK", "/aanbod/?ondersteuner=iok&algemeen=ja"),
        ),
        (
            "Werf 2: Verrijk je wijk",
            ["Werf-aanbod 0", "Werf-aanbod 1", "Werf-aanbod 2"],
            ("Alle 5 aanbiedingen van IOK voor werf 2", "/aanbod/?werf=2&ondersteuner=iok&algemeen=nee"),
        ),
    ]
    # The werf page: per supporter its specific offers first, then general support, and the link
    # leads to a list with exactly that many results.
    werf_page = client.get("/werven/2/")
    assert group_summary(werf_page) == [
        (
            "IOK",
            ["Werf-aanbod 0", "Werf-aanbod 1", "Werf-aanbod 2"],
            ("Alle 10 aanbiedingen van IOK voor deze werf", "/aanbod/?werf=2&ondersteuner=iok"),
        )
    ]
    assert client.get("/aanbod/?werf=2&ondersteuner=iok").context["result_count"] == 10
    assert client.get("/aanbod/?werf=2&ondersteuner=iok&algemeen=nee").context["result_count"] == 5


def test_export_links_never_repeat_a_dropped_value(client, portal):
    exports = find(page(client.get("/aanbod/?werf=abc&pagina=2")), "div", class_="export-links")
    assert hrefs(exports) == ["/aanbod/export.csv", "/aanbod/export.xlsx", "/aanbod/export.json"]


def test_the_whole_list_can_be_shown_on_one_page_to_print_it(client, werven, make_supporter, make_offer):
    supporter = make_supporter("iok", name="IOK")
    for i in range(25):
        make_offer(supporter, [werven[4]], slug=f"aanbod-{i:02}", title=f"Aanbod {i:02}")
    paged = client.get("/aanbod/?werf=4")
    assert len(find_all(page(paged), "article", class_="offer-card")) == 20
    assertInHTML('<a href="?werf=4&amp;pagina=alle">Toon alle 25 resultaten op één pagina</a>', html_of(paged))

    whole = client.get("/aanbod/?werf=4&pagina=alle")
    assert len(result_titles(whole)) == 25 and notices(whole) == []
    assert len(find_all(page(whole), "article", class_="offer-card")) == 25
    assert_one_page_without_page_links(whole)
    assert find_all(page(whole), data_print_label="Lijst afdrukken")


def assert_one_page_without_page_links(response):
    document = page(response)
    assert not find_all(document, "nav", class_="pagination")
    assert not find_all(document, class_="list-tools__all")  # "Toon alle … op één pagina"
    assert not find_all(document, class_="result-count__page")  # ", pagina 1 van 2"


def test_one_page_shows_at_most_the_cap_and_says_so(client, werven, make_supporter, make_offer, monkeypatch):
    monkeypatch.setattr("offers.views.MAX_ON_ONE_PAGE", 10)
    supporter = make_supporter("iok", name="IOK")
    for i in range(12):
        make_offer(supporter, [werven[4]], slug=f"aanbod-{i:02}", title=f"Aanbod {i:02}")
    response = client.get("/aanbod/?pagina=ALLE")
    assert len(result_titles(response)) == 10
    assert notices(response) == [
        "Er zijn 12 resultaten; enkel de eerste 10 staan op deze pagina. "
        "Verfijn de filters of gebruik een export voor de volledige lijst."
    ]
    assert_one_page_without_page_links(response)


@pytest.mark.parametrize(("value", "shown"), [("1_0", "1_0"), ("%00", ""), ("١", "١")])
def test_page_numbers_are_plain_digits(client, portal, value, shown):
    response = client.get(f"/aanbod/?pagina={value}")
    assert notices(response) == [f"„{shown}” is geen geldig paginanummer; de eerste pagina wordt getoond."]
    assert "\x00" not in html_of(response)


def test_werf_and_supporter_pages_show_the_first_projects_and_lead_to_all(client, werven, make_supporter, make_project):
    iok = make_supporter("iok", name="IOK")
    for i in range(8):
        make_project(iok, [werven[2]], slug=f"project-{i}")
    for path in ["/werven/2/", "/ondersteuners/iok/"]:
        section = find(page(client.get(path)), "section", aria_labelledby="projecten-titel")
        assert len(find_all(section, "article")) == 6
        more = find(section, "p", class_="group-more")
        assert text(more) == "Hier staan er 6 van 8; bekijk alle inspiratieprojecten" and hrefs(more) == ["/projecten/"]
