"""The whole admin, walked model by model: no existence oracle, and no 500 for malformed input.

Every registered ModelAdmin is read from the admin site (tests/admin_walk.py), so an admin added
later is held to the same rules without touching these tests. The data is the seed plus a draft
offer and a draft project of Interleuven, out of reach of the redacteur of IOK.
"""

import pytest
from admin_walk import (
    admin_labels,
    admin_of,
    changelist_url,
    fill,
    filter_parameters,
    object_routes,
    registered_admins,
    staff_request,
)
from django import forms
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.db.models import Max, ProtectedError, RestrictedError
from gemeenten_data import seeded_database
from markup import find, page, text

from offers.models import Membership, Offer, Project, PublicationStatus, Supporter
from offers.permissions import COORDINATOR, REDACTEUR, sync_roles

User = get_user_model()

HUGE = 2**63 + 12
ODD_IDS = [HUGE, "abc", "+5"]


@pytest.fixture(scope="module")
def staff_in_seed(django_db_setup, django_db_blocker):
    """The seed, a draft offer and project of Interleuven, and one user per role, made once."""
    with seeded_database(django_db_blocker):
        iok, interleuven = Supporter.objects.get(slug="iok"), Supporter.objects.get(slug="interleuven")
        Offer.objects.create(
            supporter=interleuven, title="Geheim concept", slug="geheim-concept", status=PublicationStatus.CONCEPT
        )
        Project.objects.create(
            lead_supporter=interleuven, title="Geheim project", slug="geheim-project", status=PublicationStatus.CONCEPT
        )
        roles = sync_roles()
        # force_login needs no password, and hashing three of them per test would cost seconds.
        users = {
            "redacteur": User.objects.create_user("redacteur-iok-test", is_staff=True),
            "coordinator": User.objects.create_user("coordinator-test", is_staff=True),
            "beheerder": User.objects.create_user("beheerder-test", is_staff=True, is_superuser=True),
        }
        users["redacteur"].groups.add(roles[REDACTEUR])
        users["coordinator"].groups.add(roles[COORDINATOR])
        Membership.objects.create(user=users["redacteur"], supporter=iok)
        yield users


@pytest.fixture
def staff(staff_in_seed, db):
    # Fresh objects per test: permission caches live on the user instance.
    return {role: User.objects.get(pk=user.pk) for role, user in staff_in_seed.items()}


# -- the same answer for every object a user may not see ---------------------------------------


def out_of_reach(model_admin, user, limit=2):
    """Objects of the model that the admin hides from ``user``: other organisations', or all of them."""
    request = staff_request(user)
    model = model_admin.model
    candidates = model._default_manager.all()
    if model_admin.has_view_or_change_permission(request):
        candidates = candidates.exclude(pk__in=model_admin.get_queryset(request).values("pk"))
    # Not the user itself: deleting it would log the client out.
    candidates = candidates.exclude(pk=user.pk) if model is type(user) else candidates
    return [obj for obj in candidates.order_by("pk")[:10] if not model_admin.has_view_permission(request, obj)][:limit]


def history_of(model):
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name).model if name else None


def answers(client, model_admin, arguments):
    """(route, method) → status code, for every page of the admin about one object."""
    found = {}
    for route in object_routes(model_admin):
        url = fill(model_admin, route, **arguments)
        for method in ("get", "post"):
            found[route, method] = getattr(client, method)(url).status_code
    return found


@pytest.mark.parametrize("label", admin_labels())
@pytest.mark.parametrize("role", ["redacteur", "coordinator"])
def test_an_object_out_of_reach_gets_the_answer_of_an_unknown_one_live_or_deleted(client, staff, role, label):
    user, model_admin = staff[role], admin_of(label)
    model, history = model_admin.model, history_of(model_admin.model)
    client.force_login(user)
    highest = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
    highest_version = history.objects.aggregate(top=Max("history_id"))["top"] or 0 if history else 0
    unknown_version = highest_version + 1000
    targets = {"onbekend": dict(object_id=highest + 1000, version_id=unknown_version, history_id=unknown_version)}

    hidden = out_of_reach(model_admin, user)
    for obj in hidden:
        version = history.objects.filter(**{model._meta.pk.attname: obj.pk}).first() if history else None
        number = version.history_id if version else unknown_version
        targets[f"{obj.pk} van een ander"] = dict(object_id=obj.pk, version_id=number, history_id=number)
    results = {name: answers(client, model_admin, arguments) for name, arguments in targets.items()}

    if hidden:
        gone = hidden[0]
        pk = gone.pk
        try:
            gone.delete()
        except (ProtectedError, RestrictedError):
            pass
        else:
            versions = history.objects.filter(**{model._meta.pk.attname: pk}) if history else None
            deletion = versions.filter(history_type="-").first() if history else None
            earlier = versions.exclude(history_type="-").first() if history else None
            arguments = dict(
                object_id=pk,
                version_id=earlier.history_id if earlier else unknown_version,
                history_id=deletion.history_id if deletion else unknown_version,
            )
            results[f"{pk} van een ander, verwijderd"] = answers(client, model_admin, arguments)

    if role == "redacteur" and label in {"offers.Offer", "offers.Project"}:
        assert len(results) == 4, "een levend en een verwijderd object van een andere organisatie"
    for page_and_method, first in results["onbekend"].items():
        seen = {name: found[page_and_method] for name, found in results.items()}
        assert set(seen.values()) == {first}, (page_and_method, seen)
        assert first < 500


def test_the_history_of_another_organisations_deleted_offer_is_404_like_an_unknown_one(client, staff):
    foreign = Offer.objects.get(slug="geheim-concept")
    version, pk = foreign.history.first().history_id, foreign.pk
    foreign.delete()
    client.force_login(staff["redacteur"])
    for url in [f"/admin/offers/offer/{pk}/history/", f"/admin/offers/offer/{pk}/history/{version}/"]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"title": "terug"}).status_code == 404, url
    assert not Offer.objects.filter(pk=pk).exists()


# -- malformed admin input: a 400 or the form's own error, never a 500 --------------------------

ROLES = ["redacteur", "coordinator", "beheerder"]


def assert_bad_request(response, what):
    assert response.status_code == 400, (what, response.status_code)
    assert "Ongeldige aanvraag" in text(find(page(response, status=400), "h1"))


@pytest.mark.parametrize("role", ROLES)
def test_malformed_changelist_parameters_are_a_400(client, staff, role):
    client.force_login(staff[role])
    for _model, model_admin in registered_admins():
        url = changelist_url(model_admin)
        parameters = filter_parameters(client, model_admin) or ["kind__exact"]
        assert_bad_request(client.get(url, {"kind__exact": ["x"] * 1000}), (url, "1000 keer"))
        assert_bad_request(client.get(url, {"q": "lekp " * 10_000}), (url, "lange q"))
        assert_bad_request(client.get(url, {"q": "lekp " * 50}), (url, "q van 250 tekens"))
        assert_bad_request(client.get(url, {"p": "9" * 3000}), (url, "adres van 3000 tekens"))
        assert_bad_request(client.get(url, {"q": "a\x00b"}), (url, "NUL in q"))
        for name in parameters:
            assert_bad_request(client.get(url, {name: ["1"] * 1000}), (url, name, "1000 keer"))
            assert_bad_request(client.get(url, {name: "1\x00"}), (url, name, "NUL"))


@pytest.mark.parametrize("role", ROLES)
def test_an_odd_selected_row_on_an_action_is_a_400(client, staff, role):
    client.force_login(staff[role])
    for _model, model_admin in registered_admins():
        actions = list(model_admin.get_actions(staff_request(staff[role]))) or ["delete_selected"]
        for selected in ["abc", str(HUGE), "1\x00", "١"]:
            data = {"action": actions[0], helpers.ACTION_CHECKBOX_NAME: [selected], "index": "0"}
            assert_bad_request(client.post(changelist_url(model_admin), data), (model_admin, selected))


@pytest.mark.parametrize("role", ROLES)
def test_odd_ids_in_object_urls_are_refused_without_a_500(client, staff, role):
    client.force_login(staff[role])
    for _model, model_admin in registered_admins():
        routes = object_routes(model_admin)
        assert routes
        for route in routes:
            for odd in ODD_IDS:
                url = fill(model_admin, route, object_id=odd, version_id=odd, history_id=odd)
                for method in ("get", "post"):
                    status = getattr(client, method)(url).status_code
                    # 302: Django's own redirect from "<id>/" to "<id>/change/"; 405: restore is POST only.
                    assert status in {302, 403, 404, 405}, (method, url, status)


AUTOCOMPLETE = [
    ("werven", "werf", "offers"),  # a reverse relation: Django crashed on it
    ("offers", "offer", "werven"),
    ("offers", "offer", "title"),
    ("offers", "offer", "supporter"),
    ("offers", "membership", "user"),
    ("offers", "membership", "supporter"),
    ("gemeenten", "service", "municipality"),
    ("gemeenten", "municipality", "supporters"),
    ("gemeenten", "municipality", "services"),
    ("auth", "user", "groups"),
    ("auth", "group", "user"),
    ("contenttypes", "contenttype", "permission"),
    ("admin", "logentry", "user"),
    ("bestaat", "niet", "veld"),
    ("offers", "", ""),
    ("offers", "offer", "pk"),
    ("offers", "offer", "id"),
    ("offers", "offer", "werven__number"),
    ("offers", "historicaloffer", "history_user"),
    ("offers", "offer", "\x00"),
]


@pytest.mark.parametrize("role", ROLES)
def test_autocomplete_with_odd_app_model_or_field_is_a_400(client, staff, role):
    client.force_login(staff[role])
    for app_label, model_name, field_name in AUTOCOMPLETE:
        query = {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": "a"}
        status = client.get("/admin/autocomplete/", query).status_code
        assert status in {200, 400, 403, 404}, (query, status)
    assert_bad_request(
        client.get("/admin/autocomplete/", {"app_label": "werven", "model_name": "werf", "field_name": "offers"}),
        "omgekeerde relatie",
    )
    assert_bad_request(client.get("/admin/autocomplete/", {"term": "a"}), "zonder parameters")
    real = {"app_label": "offers", "model_name": "membership", "field_name": "user", "term": "a"}
    assert client.get("/admin/autocomplete/", real).status_code == (200 if role == "beheerder" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_a_number_past_2_63_for_a_relation_in_an_add_form_is_the_forms_own_error(client, staff, role):
    """Every relation field of every add form, e.g. ``werven`` on the offer form."""
    user = staff[role]
    client.force_login(user)
    tried = []
    for _model, model_admin in registered_admins():
        request = staff_request(user)
        url = changelist_url(model_admin) + "add/"
        if not model_admin.has_add_permission(request):
            assert client.post(url, {}).status_code == 403
            continue
        form = model_admin.get_form(request)()
        for name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                for odd in [str(HUGE), "abc"]:
                    response = client.post(url, {name: [odd]})
                    assert response.status_code == 200, (url, name, response.status_code)
                    assert name in response.context["adminform"].form.errors, (url, name)
                tried.append(f"{model_admin.opts.label}.{name}")
    if role != "coordinator":
        assert "offers.Offer.werven" in tried and "offers.Offer.supporter" in tried
