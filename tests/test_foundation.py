import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from lekp_portal.settings import env_bool
from offers.models import Offer
from werven.models import Target, Werf
from zoeken.text import normalize


def test_werf_number_outside_1_to_4_is_rejected_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Werf.objects.create(number=5, name="Bestaat niet", theme="-")
    with pytest.raises(IntegrityError), transaction.atomic():
        Werf.objects.create(number=0, name="Bestaat niet", theme="-")


def test_werf_number_constraint_has_a_dutch_validation_message(db):
    with pytest.raises(ValidationError, match="werven 1 tot en met 4"):
        Werf(number=5, name="x", theme="y").full_clean()


def test_duplicate_werf_number_is_rejected(werven):
    with pytest.raises(IntegrityError), transaction.atomic():
        Werf.objects.create(number=2, name="Dubbel", theme="-")


def test_offer_slug_is_unique_per_supporter_only(werven, make_supporter, make_offer):
    iok, interleuven = make_supporter("iok"), make_supporter("interleuven")
    make_offer(iok, slug="groepsaankoop")
    make_offer(interleuven, slug="groepsaankoop")  # another supporter may use the same slug
    with pytest.raises(IntegrityError), transaction.atomic():
        make_offer(iok, slug="groepsaankoop")


def test_target_with_quantity_needs_a_unit(werven):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(werf=werven[1], slug="zonder-eenheid", text="x", quantity=1)


def test_published_only_returns_published_offers(werven, make_supporter, make_offer):
    supporter = make_supporter()
    published = make_offer(supporter)
    make_offer(supporter, status="concept")
    assert list(Offer.objects.published()) == [published]


def test_general_offers_serve_every_werf(werven, make_supporter, make_offer):
    supporter = make_supporter()
    general = make_offer(supporter, is_general=True)
    water = make_offer(supporter, werven=[werven[4]])
    make_offer(supporter, werven=[werven[1]])
    assert set(Offer.objects.serving_werven([4])) == {general, water}


def test_search_ignores_case_and_accents(werven, make_supporter, make_offer):
    supporter = make_supporter()
    offer = make_offer(supporter, description="Een Coöperatief energieproject.")
    make_offer(supporter, description="Iets anders.")
    assert list(Offer.objects.search("COOPERATIEF")) == [offer]
    assert normalize("  Coöperatief\nÉnergie ") == "cooperatief energie"


def test_str_and_absolute_urls(werven, make_supporter, make_offer, make_project):
    supporter = make_supporter("iok", name="IOK")
    offer = make_offer(supporter, title="Warmtemakelaar", slug="warmtemakelaar")
    project = make_project(supporter, slug="circuler", title="CIRCULER")
    assert str(werven[1]) == "Werf 1: Laten we een boom opzetten"
    assert werven[4].get_absolute_url() == "/werven/4/"
    assert str(supporter) == "IOK" and supporter.get_absolute_url() == "/ondersteuners/iok/"
    assert str(offer) == "Warmtemakelaar" and offer.get_absolute_url() == "/aanbod/iok/warmtemakelaar/"
    assert project.get_absolute_url() == "/projecten/circuler/"


def test_no_missing_migrations(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_home_page_lists_the_four_werven_from_the_database(client, werven):
    Werf.objects.filter(number=3).update(name="Een naam die enkel in de databank staat")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for number in (1, 2, 4):
        assert werven[number].name in html
    assert "Een naam die enkel in de databank staat" in html


def test_admin_login_page_is_served_in_dutch(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Gebruikersnaam" in response.content.decode()


def _run_settings(env):
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    clean_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "lekp_portal.settings", **env},
        capture_output=True,
        text=True,
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = _run_settings({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY ontbreekt" in result.stderr


def test_settings_start_in_production_with_a_secret_key():
    # `check --deploy` with production settings: tests/test_production.py (it needs collectstatic).
    env = {"DEBUG": "false", "SECRET_KEY": "x" * 64 + "-Yz9!qR", "ALLOWED_HOSTS": "lekp.example.be"}
    assert _run_settings(env).stdout.strip() == "False"


def test_target_unit_reads_singular_after_one(werven):
    one = Target(werf=werven[2], slug="a", text="x", quantity=1, unit=Target.Unit.PROJECTEN)
    fifty = Target(werf=werven[2], slug="b", text="x", quantity=50, unit=Target.Unit.RENOVATIES)
    metre = Target(werf=werven[3], slug="c", text="x", quantity=1, unit=Target.Unit.M_FIETSPAD)
    assert (one.unit_label, fifty.unit_label, metre.unit_label) == ("project", "renovaties", "m fietspad")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), (" yes ", True), ("1", True), ("false", False), ("No", False), ("0", False)],
)
def test_boolean_settings_accept_clear_values_in_any_case(monkeypatch, value, expected):
    monkeypatch.setenv("LEKP_TEST_FLAG", value)
    assert env_bool("LEKP_TEST_FLAG", not expected) is expected


def test_boolean_settings_fall_back_to_their_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("LEKP_TEST_FLAG", raising=False)
    assert env_bool("LEKP_TEST_FLAG", True) is True
    monkeypatch.setenv("LEKP_TEST_FLAG", "")
    assert env_bool("LEKP_TEST_FLAG", False) is False


@pytest.mark.parametrize("value", ["ture", "on", "ja", "2", "enabled"])
def test_boolean_settings_refuse_anything_unclear(monkeypatch, value):
    monkeypatch.setenv("LEKP_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match=f"LEKP_TEST_FLAG='{value}' is geen geldige waarde"):
        env_bool("LEKP_TEST_FLAG", True)


def test_a_typo_in_a_safety_setting_stops_start_up_and_names_the_variable():
    env = {"DEBUG": "false", "SECRET_KEY": "x" * 64, "ALLOWED_HOSTS": "lekp.example.be", "SECURE_SSL_REDIRECT": "ture"}
    result = _run_settings(env)
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT='ture' is geen geldige waarde" in result.stderr
