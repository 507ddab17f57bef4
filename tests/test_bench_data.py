"""`manage.py generate_bench_data`: the database of `make bench`, small here and on SQLite."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from gemeenten.models import Municipality, Service
from offers.models import Offer, Project, Supporter
from plannen.models import Action, PolicyPlan
from seeding.bench_data import BENCH_PASSWORD, COORDINATOR_USERNAME, MARKER_KIND
from seeding.models import SeedRecord
from zoeken.models import Entry

SMALL = ["--supporters", "8", "--offers", "101", "--projects", "10", "--plans", "1", "--staff", "6"]


def test_refuses_a_database_with_data_it_did_not_generate(db, werven):
    supporter = Supporter.objects.create(slug="eigen", name="Eigen ondersteuner")
    with pytest.raises(CommandError, match="niet door generate_bench_data gemaakt.*werven"):
        call_command("generate_bench_data", *SMALL)
    assert list(Supporter.objects.all()) == [supporter]
    assert not SeedRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_small_run_fills_every_page_type(capsys):
    call_command("generate_bench_data", *SMALL)
    assert "Benchmarkgegevens aangemaakt" in capsys.readouterr().out
    assert SeedRecord.objects.filter(kind=MARKER_KIND).exists()
    assert Municipality.objects.count() == 285  # the real ones, from the seed
    assert Supporter.objects.count() == 8
    assert Offer.objects.count() == 101
    assert Project.objects.count() == 10
    # Every offer has a werf; a generated province serves exactly its own province.
    assert not Offer.objects.filter(werven__isnull=True).exists()
    province = Supporter.objects.get(kind=Supporter.Kind.PROVINCIE, slug="bench-ondersteuner-1")
    served = Municipality.objects.filter(services__supporter=province)
    assert served.exists()
    assert served.values("province").distinct().count() == 1
    assert served.count() == Municipality.objects.filter(province=served.first().province).count()
    assert Service.objects.filter(supporter__slug__startswith="bench-").values("supporter").distinct().count() == 5
    # Leuven's real plan, its actions searchable; the generated offers too (one reindex at the end).
    plan = PolicyPlan.objects.get()
    assert plan.municipality.nis_code == "24062"
    assert Action.objects.count() > 1000
    assert Entry.objects.filter(kind="aanbod").count() == Offer.objects.count()
    coordinator = get_user_model().objects.get(username=COORDINATOR_USERNAME)
    assert coordinator.check_password(BENCH_PASSWORD)
    assert coordinator.is_staff and coordinator.has_perm("offers.view_all_supporters")
    assert get_user_model().objects.filter(is_staff=True).count() == 6


@pytest.mark.django_db(transaction=True)
def test_a_generated_database_is_emptied_and_filled_again():
    sizes = ["--supporters", "5", "--offers", "60", "--projects", "3", "--plans", "0", "--staff", "3"]
    call_command("generate_bench_data", *sizes)
    call_command("generate_bench_data", *sizes)
    assert Offer.objects.count() == 60
    assert SeedRecord.objects.filter(kind=MARKER_KIND).count() == 1
