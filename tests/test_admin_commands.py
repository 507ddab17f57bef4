"""The role groups and the local demo accounts."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection

from offers.models import Membership
from offers.permissions import COORDINATOR, REDACTEUR


def perms(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_setup_roles_creates_both_groups_and_is_idempotent(db):
    call_command("setup_roles", stdout=StringIO())
    extra = Permission.objects.get(codename="delete_supporter")
    Group.objects.get(name=COORDINATOR).permissions.add(extra)  # a stray right added by hand
    out = StringIO()
    call_command("setup_roles", stdout=out)

    assert Group.objects.filter(name__in=[REDACTEUR, COORDINATOR]).count() == 2
    assert perms(REDACTEUR) == {
        f"{action}_{model}" for action in ["view", "add", "change", "delete"] for model in ["offer", "project"]
    }
    coordinator = perms(COORDINATOR)
    assert {"view_offer", "view_project", "view_all_supporters", "restore_offer"} <= coordinator
    assert not any(codename.startswith(("add_", "change_", "delete_")) for codename in coordinator)
    assert "Redacteur" in out.getvalue() and "Coördinator" in out.getvalue()


@pytest.fixture
def sqlite_debug(db, settings, monkeypatch):
    """The local setup the command is meant for; on the PostgreSQL run it pretends to be SQLite."""
    monkeypatch.setattr(connection, "vendor", "sqlite")
    settings.DEBUG = True


def test_demo_accounts_one_per_role_and_per_supporter(sqlite_debug, make_supporter, client):
    make_supporter("iok", name="IOK")
    make_supporter("interleuven", name="Interleuven")
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    call_command("create_demo_accounts", stdout=StringIO())  # a second `make run` must not fail

    users = get_user_model().objects
    assert users.get(username="beheerder").is_superuser
    assert list(users.get(username="coordinator").groups.values_list("name", flat=True)) == [COORDINATOR]
    redacteur = users.get(username="redacteur-iok")
    assert not redacteur.is_superuser and redacteur.is_staff
    assert [m.supporter.slug for m in Membership.objects.filter(user=redacteur)] == ["iok"]
    assert users.filter(username__startswith="redacteur-").count() == 2
    printed = out.getvalue()
    assert "redacteur-iok" in printed and "lekp-demo" in printed
    # Through the login page: login throttling needs the request that client.login() leaves out.
    response = client.post("/admin/login/", {"username": "redacteur-iok", "password": "lekp-demo"})
    assert response.status_code == 302
    assert client.get("/admin/").context["user"] == redacteur


def test_demo_accounts_refused_without_debug(db, settings, make_supporter):
    make_supporter("iok")
    settings.DEBUG = False
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    assert "Geen demo-accounts aangemaakt" in out.getvalue()
    assert not get_user_model().objects.exists()


def test_demo_accounts_refused_on_postgresql(db, settings, monkeypatch, make_supporter):
    settings.DEBUG = True
    monkeypatch.setattr(connection, "vendor", "postgresql")
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)
    assert "Geen demo-accounts aangemaakt" in out.getvalue()
    assert not get_user_model().objects.exists()
