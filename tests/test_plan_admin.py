"""Plans in the admin: who sees them, uploading with a dry run first, confirming and rejecting tags with history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from plan_data import import_text, make_leuven, plan_text

from offers.history import current_version
from plannen.models import Action, ActionWerf, PolicyPlan

UPLOAD_URL = "/admin/plannen/policyplan/inlezen/"


@pytest.fixture
def leuven(werven):
    return make_leuven()


def upload(client, leuven, data):
    return client.post(
        UPLOAD_URL,
        {
            "gemeente": leuven.pk,
            "titel": "Bestuursnota 2019-2024",
            "periode": "2019-2024",
            "bron": "test",
            "bestand": SimpleUploadedFile("plan.txt", data, content_type="text/plain"),
        },
    )


@pytest.mark.parametrize("role", ["coordinator", "beheerder"])
def test_a_coordinator_or_beheerder_sees_the_dry_run_before_anything_is_written(client, leuven, request, role):
    client.force_login(request.getfixturevalue(role))
    response = upload(client, leuven, plan_text(4).encode())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Programma 1: 4 acties" in content and "Proefdraai: er is niets bewaard." in content
    assert PolicyPlan.objects.count() == 0

    response = client.post(UPLOAD_URL, {"bevestig": "1", "token": response.context["token"]})
    assert response.status_code == 302
    assert Action.objects.count() == 8
    # The confirmation is used once.
    client.post(UPLOAD_URL, {"bevestig": "1", "token": "oud"})
    assert Action.objects.count() == 8


def test_a_malformed_upload_shows_the_line_and_writes_nothing(client, leuven, coordinator):
    client.force_login(coordinator)
    response = upload(client, leuven, b"PROGRAMMA 1: A\n1. a\n1. b\n")
    assert response.status_code == 200
    assert "Regel 3: actie 1 gaat achteruit" in response.content.decode()
    assert PolicyPlan.objects.count() == 0


def test_a_redacteur_does_not_see_plans_in_the_admin(client, leuven, redacteur):
    import_text(leuven, plan_text(2))
    client.force_login(redacteur)
    assert client.get(UPLOAD_URL).status_code == 403
    assert client.get("/admin/plannen/actionwerf/").status_code == 403
    assert "plannen" not in client.get("/admin/").content.decode()


def test_staff_confirm_and_reject_suggestions_with_history(client, leuven, coordinator):
    import_text(leuven, plan_text(5))
    client.force_login(coordinator)
    suggested = list(ActionWerf.objects.order_by("pk").values_list("pk", flat=True))
    response = client.post(
        "/admin/plannen/actionwerf/",
        {"action": "confirm_tags", "_selected_action": suggested[:2]},
    )
    assert response.status_code == 302
    client.post("/admin/plannen/actionwerf/", {"action": "reject_tags", "_selected_action": suggested[2:3]})
    origins = dict(ActionWerf.objects.values_list("pk", "origin"))
    assert [origins[pk] for pk in suggested[:3]] == ["bevestigd", "bevestigd", "afgewezen"]
    latest = ActionWerf.history.filter(id=suggested[0]).latest()
    assert (latest.origin, latest.history_user) == ("bevestigd", coordinator)
    assert ActionWerf.history.filter(id=suggested[0]).count() == 2  # suggested, then confirmed
    # A confirmed tag survives a new import of the same file.
    import_text(leuven, plan_text(5))
    assert ActionWerf.objects.get(pk=suggested[0]).origin == "bevestigd"


def test_the_plan_admin_pages_open_for_a_coordinator(client, leuven, coordinator):
    import_text(leuven, plan_text(3))
    client.force_login(coordinator)
    action = Action.objects.get(programme__number=1, number=1)
    tag = action.tags.get()
    for url in [
        "/admin/plannen/policyplan/",
        "/admin/plannen/action/?q=bomen",
        "/admin/plannen/actionwerf/?origin__exact=voorgesteld",
        f"/admin/plannen/action/{action.pk}/change/",
        f"/admin/plannen/action/{action.pk}/history/",
        f"/admin/plannen/actionwerf/{tag.pk}/history/",
        UPLOAD_URL,
    ]:
        assert client.get(url).status_code == 200, url
    # Confirming in the action's own form, through the inline, is kept in the history too.
    response = client.post(
        f"/admin/plannen/action/{action.pk}/change/",
        {
            "edit_version": current_version(action),
            "patrimonium": "",
            "tags-TOTAL_FORMS": "1",
            "tags-INITIAL_FORMS": "1",
            "tags-MIN_NUM_FORMS": "0",
            "tags-MAX_NUM_FORMS": "1000",
            "tags-0-id": tag.pk,
            "tags-0-action": action.pk,
            "tags-0-origin": "bevestigd",
            "tags-0-reason": "Bomen en hagen.",
        },
    )
    assert response.status_code == 302
    assert ActionWerf.history.filter(id=tag.pk).latest().origin == "bevestigd"


def test_two_people_deciding_on_the_same_tag_the_second_is_refused(client, leuven, coordinator, beheerder):
    """The tag's change form has the same version check as an offer's: nothing is silently overwritten."""
    import_text(leuven, plan_text(2))
    tag = ActionWerf.objects.order_by("pk").first()
    url = f"/admin/plannen/actionwerf/{tag.pk}/change/"
    first, second = Client(), Client()
    first.force_login(coordinator)
    second.force_login(beheerder)
    opened = {"edit_version": current_version(tag), "reason": ""}
    assert first.get(url).status_code == second.get(url).status_code == 200
    assert first.post(url, {**opened, "origin": ActionWerf.Origin.CONFIRMED}).status_code == 302
    response = second.post(url, {**opened, "origin": ActionWerf.Origin.REJECTED})
    assert response.status_code == 200
    assert "Niet opgeslagen" in response.content.decode()
    tag.refresh_from_db()
    assert tag.origin == ActionWerf.Origin.CONFIRMED
    assert tag.history.count() == 2  # the import and the first decision
