from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

# PostgreSQL only (SQLite has no GIN and searches without it): every search asks for one kind
# (kind = 'aanbod' AND vector @@ …), so one GIN index over both answers it, where the index on
# the vector alone also fetched every other kind's hits to drop them. btree_gin lets a GIN index
# hold the plain column kind. BtreeGinExtension itself does nothing on another database.
POSTGRES_SQL = [
    "CREATE INDEX zoeken_entry_kind_vector_gin ON zoeken_entry USING gin (kind, vector)",
    "DROP INDEX IF EXISTS zoeken_entry_vector_gin",
]
POSTGRES_REVERSE_SQL = [
    "CREATE INDEX zoeken_entry_vector_gin ON zoeken_entry USING gin (vector)",
    "DROP INDEX IF EXISTS zoeken_entry_kind_vector_gin",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("zoeken", "0001_initial")]

    operations = [
        BtreeGinExtension(),
        migrations.RunPython(run_on_postgresql(POSTGRES_SQL), run_on_postgresql(POSTGRES_REVERSE_SQL)),
    ]
