"""Supporter.targets replaces werven.Target.stated_by, and general offers carry every werf.

The relation moves up a layer (werven knows nothing of supporters); its rows are copied before
werven 0002 drops the old table. General support used to be recognised by its flag alone when
made in the admin; from now on it is linked to all four werven wherever it came from.
"""

from django.db import migrations, models


def through_tables(apps):
    """The old (Target.stated_by) and the new (Supporter.targets) link tables."""
    old = apps.get_model("werven", "Target")._meta.get_field("stated_by").remote_field.through
    new = apps.get_model("offers", "Supporter")._meta.get_field("targets").remote_field.through
    return old, new


def copy_links(source, destination):
    destination.objects.bulk_create(
        destination(supporter_id=supporter_id, target_id=target_id)
        for supporter_id, target_id in source.objects.values_list("supporter_id", "target_id")
    )


def copy_stated_by(apps, schema_editor):
    old, new = through_tables(apps)
    copy_links(old, new)


def copy_targets_back(apps, schema_editor):
    old, new = through_tables(apps)
    copy_links(new, old)


def link_general_offers_to_every_werf(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    Werf = apps.get_model("werven", "Werf")
    through = Offer._meta.get_field("werven").remote_field.through
    werf_ids = list(Werf.objects.values_list("pk", flat=True))
    general = Offer.objects.filter(is_general=True).values_list("pk", flat=True)
    existing = set(through.objects.filter(offer_id__in=general).values_list("offer_id", "werf_id"))
    through.objects.bulk_create(
        through(offer_id=offer_id, werf_id=werf_id)
        for offer_id in general
        for werf_id in werf_ids
        if (offer_id, werf_id) not in existing
    )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0004_project_ordering_nulls_last"),
        ("werven", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="supporter",
            name="targets",
            field=models.ManyToManyField(
                blank=True,
                help_text="De LEKP-doelstellingen die deze ondersteuner in zijn aanbod vermeldt.",
                related_name="stated_by",
                to="werven.target",
                verbose_name="vermelde doelstellingen",
            ),
        ),
        migrations.RunPython(copy_stated_by, copy_targets_back),
        migrations.AlterField(
            model_name="offer",
            name="werven",
            field=models.ManyToManyField(
                blank=True,
                help_text="Minstens één; algemene ondersteuning krijgt vanzelf alle werven.",
                related_name="offers",
                to="werven.werf",
                verbose_name="werven",
            ),
        ),
        # Going back leaves the extra links: they are what general support means either way.
        migrations.RunPython(link_general_offers_to_every_werf, migrations.RunPython.noop),
    ]
