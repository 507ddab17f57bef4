from django.db import migrations


class Migration(migrations.Migration):
    # offers 0005 copies the rows to Supporter.targets first.
    dependencies = [
        ("werven", "0001_initial"),
        ("offers", "0005_supporter_targets_general_offers_all_werven"),
    ]

    operations = [
        migrations.RemoveField(model_name="target", name="stated_by"),
    ]
