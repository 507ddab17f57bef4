"""Property-based tests: no query string makes a public page, an export or an admin list answer 5xx.

The URL patterns are read from the resolver and the admin lists from the admin site, so a page
added later is fuzzed without touching this file; only a page whose path takes a parameter needs
a line in PATH_VALUES (the test fails, not skips, until it has one). Query strings mix the known
parameters (the filters of every FilterSet, the admin's list filters) with unknown keys, repeated
keys, huge numbers, unicode, NUL and control characters and very long values.

Hypothesis runs a fixed number of examples, derandomized (the same ones on every run, so CI stays
fast and a failure repeats); LEKP_FUZZ_EXAMPLES raises the number for a longer local run.
"""

import copy
import os
from urllib.parse import parse_qsl, urlencode

import django_filters
import pytest
from admin_walk import CHANGELIST_PARAMETERS, admin_of, changelist_url, registered_admins, staff_request
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from gemeenten_data import seeded_database
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gemeenten.models import Municipality
from offers.models import Membership, Offer, Project, Supporter
from offers.permissions import REDACTEUR, sync_roles
from werven.models import Werf

settings.register_profile(
    "lekp-fuzz",
    max_examples=int(os.environ.get("LEKP_FUZZ_EXAMPLES", "20")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("lekp-fuzz")

PUBLIC_ANSWERS = {200, 301, 302, 400, 404}

# How to fill the path of each pattern that takes parameters, from the seeded objects.
PATH_VALUES = {
    "werven:detail": lambda: {"number": Werf.objects.order_by("number").first().number},
    "offers:offer-detail": lambda: {
        "supporter": (offer := Offer.objects.published().select_related("supporter").first()).supporter.slug,
        "slug": offer.slug,
    },
    "offers:supporter-detail": lambda: {"slug": Supporter.objects.get(slug="iok").slug},
    "offers:project-detail": lambda: {"slug": Project.objects.published().first().slug},
    "gemeenten:detail": lambda: {"nis_code": Municipality.objects.get(name="Leuven").nis_code},
    # Leuven has no plan in this database: the plan pages answer 404, their filters are fuzzed in
    # tests/test_plan_pages.py; a token that was never signed must give the Dutch page, not a 500.
    "plannen:plan": lambda: {"nis_code": "24062"},
    "plannen:export-csv": lambda: {"nis_code": "24062"},
    "plannen:export-xlsx": lambda: {"nis_code": "24062"},
    "plannen:export-json": lambda: {"nis_code": "24062"},
    "meldingen:confirm": lambda: {"token": "niet-ondertekend"},
    "meldingen:unsubscribe": lambda: {"token": "niet-ondertekend"},
}
# Parameters that a view reads outside any FilterSet.
AD_HOC_PARAMETERS = ["wooneenheden", "kaart", "pagina"]


def public_patterns(resolver=None, prefix="", namespace=""):
    """(route, URL name with namespace, pattern) for every pattern outside the admin."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from public_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}" if pattern.name else None, pattern


def family(pattern):
    """Patterns that differ only in a format (export.csv, .xlsx, .json) are fuzzed as one family."""
    view = getattr(pattern.callback, "view_class", pattern.callback)
    if not isinstance(view, type) and not hasattr(view, "__qualname__"):
        view = type(view)  # a callable instance, such as a syndication Feed
    return f"{view.__module__}.{view.__qualname__}"


FAMILIES = {}
for _route, _name, _pattern in public_patterns():
    FAMILIES.setdefault(family(_pattern), []).append((_route, _name, _pattern))


def all_filtersets(cls=django_filters.FilterSet):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from all_filtersets(subclass)


def known_parameters():
    """Every filter name of every FilterSet with the values its form offers, plus the ad hoc ones."""
    known = {name: [] for name in AD_HOC_PARAMETERS}
    for filterset_class in all_filtersets():
        # The declared filters, not an instance: some FilterSets need arguments (the plan of a page).
        # A copy, because a filter keeps the field it built: the class's own would then hand every
        # later FilterSet the choices of this moment's database.
        for name, filter_ in filterset_class.base_filters.items():
            field = copy.deepcopy(filter_).field
            choices = [str(value) for value, _label in getattr(field, "choices", []) if value not in ("", None)]
            known.setdefault(name, []).extend(choices)
    return known


# Values that once broke, or would break, a reader of numbers and text.
EDGE_VALUES = [
    "",
    "0",
    "-1",
    "+4",
    " 4 ",
    "1_0",
    "٣",
    "²",
    "NaN",
    str(2**63),
    "9" * 5000,
    "0" * 60 + "1",
    "4\x00",
    "\x1b[31m\u202e",
    "a" * 201,
    "alle",
]


def query_strings(known):
    """A query string that gives each known parameter (or not) one to three values, known or odd,
    and adds unknown keys, maybe one key repeated up to 1,200 times (past Django's limit of 1,000
    fields) and maybe one very long value."""
    names = sorted(known)

    def value_for(name):
        odd = [st.sampled_from(EDGE_VALUES), st.text(max_size=20), st.integers(-(10**40), 10**40).map(str)]
        return st.one_of(st.sampled_from(known[name]), *odd) if known[name] else st.one_of(*odd)

    known_pairs = st.fixed_dictionaries(
        {}, optional={name: st.lists(value_for(name), min_size=1, max_size=3) for name in names}
    ).map(lambda chosen: [(name, value) for name, values in chosen.items() for value in values])
    unknown_pairs = st.lists(
        st.tuples(st.text(max_size=12), st.sampled_from(EDGE_VALUES) | st.text(max_size=8)), max_size=3
    )
    repeated = st.tuples(st.sampled_from(names), st.sampled_from(EDGE_VALUES[:10]), st.integers(2, 1200)).map(
        lambda item: [item[:2]] * item[2]
    )
    long_value = st.tuples(st.sampled_from(names), st.integers(300, 60_000).map(lambda n: "ä" * n))
    return st.tuples(
        known_pairs,
        unknown_pairs,
        st.one_of(st.just([]), repeated),
        st.one_of(st.just([]), long_value.map(lambda item: [item])),
    ).map(lambda parts: urlencode([pair for part in parts for pair in part]))


def sweeps(known, values=EDGE_VALUES, one_by_one=False):
    """Explicit examples, one per edge value: together they give every known parameter every value;
    then the parameters repeated 999 times and with a very long value (past 50,000 bytes: SQLite
    refused a thousand ORed values and so long a LIKE pattern from the admin).

    Random examples rarely hit one exact pair (``werf`` = 5,000 nines); in example i the j-th
    parameter gets value i + j, so each example mixes values and the set covers every pair. Where
    one refused parameter refuses the whole request (the admin), ``one_by_one`` sends the repeated
    and the long values one parameter at a time, so the first one cannot hide the others.
    """
    names = sorted(known)
    square = [
        urlencode([(name, values[(i + j) % len(values)]) for j, name in enumerate(names)]) for i in range(len(values))
    ]
    groups = [[name] for name in names] if one_by_one else [names]
    repeated = [urlencode([(name, values[1]) for name in group for _ in range(999 // len(group))]) for group in groups]
    long = [urlencode([(name, "ä" * 26_000) for name in group]) for group in groups]
    return square + repeated + long


def fuzz(check, explicit):
    """``check`` with the profile's random examples, after the explicit ones (keyword dicts)."""
    for arguments in explicit:
        check = example(**arguments)(check)
    return FUZZ(check)


def read_all(response):
    # An export streams: an error in its rows only shows while reading them.
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with seeded_database(django_db_blocker):
        yield


@pytest.mark.parametrize("view", sorted(FAMILIES))
def test_no_query_string_makes_a_public_page_or_export_fail(seeded, db, client, view):
    urls = []
    for route, name, _pattern in FAMILIES[view]:
        if "<" not in route:
            urls.append(reverse(name) if name else "/" + route)
        elif name in PATH_VALUES:
            urls.append(reverse(name, kwargs=PATH_VALUES[name]()))
        else:
            pytest.fail(f"{route} ({name}) neemt padparameters: vul PATH_VALUES in tests/test_fuzz.py aan.")
    known = known_parameters()

    @given(url=st.sampled_from(urls), query=query_strings(known))
    def check(url, query):
        response = read_all(client.get(f"{url}?{query}"))
        assert response.status_code in PUBLIC_ANSWERS, (url, query[:300], response.status_code)

    fuzz(check, [{"url": urls[i % len(urls)], "query": query} for i, query in enumerate(sweeps(known))])()


def test_the_walk_finds_the_public_pages_and_exports():
    names = {name for patterns in FAMILIES.values() for _route, name, _pattern in patterns}
    assert {"offers:offer-list", "offers:offer-export-xlsx", "gemeenten:detail", "gemeenten:export-json"} <= names
    assert not any(route.startswith("admin/") for patterns in FAMILIES.values() for route, _n, _p in patterns)


# -- the admin's lists, as a redacteur (and as a beheerder for the lists a redacteur may not see) --


@pytest.fixture(scope="module")
def fuzz_staff(seeded, django_db_blocker):
    # Inside the seed's transaction, so they go with it at the end of the module.
    with django_db_blocker.unblock():
        roles = sync_roles()
        redacteur = get_user_model().objects.create_user("redacteur-fuzz", is_staff=True)
        redacteur.groups.add(roles[REDACTEUR])
        Membership.objects.create(user=redacteur, supporter=Supporter.objects.get(slug="iok"))
        beheerder = get_user_model().objects.create_user("beheerder-fuzz", is_staff=True, is_superuser=True)
    return {"redacteur": redacteur, "beheerder": beheerder}


def admin_known_parameters(client, model_admin):
    """The changelist's parameters with the values its filters offer, read from its own links."""
    response = client.get(changelist_url(model_admin))
    assert response.status_code == 200
    known = {name: [] for name in CHANGELIST_PARAMETERS}
    for spec in response.context["cl"].filter_specs:
        for name in spec.expected_parameters():
            known.setdefault(name, [])
        for choice in spec.choices(response.context["cl"]):
            for name, value in parse_qsl(choice["query_string"].lstrip("?")):
                known.setdefault(name, []).append(value)
    return known


@pytest.mark.parametrize("label", [model._meta.label for model, _admin in registered_admins()])
def test_no_query_string_makes_an_admin_list_fail(fuzz_staff, db, client, label):
    model_admin = admin_of(label)
    redacteur = get_user_model().objects.get(pk=fuzz_staff["redacteur"].pk)
    may_see = model_admin.has_view_or_change_permission(staff_request(redacteur))
    if label in {"offers.Offer", "offers.Project"}:
        assert may_see, "the redacteur's own lists are fuzzed as the redacteur"
    user = redacteur if may_see else fuzz_staff["beheerder"]
    client.force_login(user)
    url = changelist_url(model_admin)
    known = admin_known_parameters(client, model_admin)

    @given(query=query_strings(known))
    def check(query):
        response = client.get(f"{url}?{query}")
        assert response.status_code in PUBLIC_ANSWERS, (user.username, url, query[:300], response.status_code)

    # The admin refuses a whole request for a NUL (tests/test_admin_hardening.py): it would hide the rest.
    fuzz(
        check,
        [
            {"query": query}
            for query in sweeps(known, [value for value in EDGE_VALUES if "\x00" not in value], one_by_one=True)
        ],
    )()
