"""The history and review tables refuse UPDATE and DELETE in the database itself.

The models refuse to change a saved row, but ``QuerySet.update()``/``delete()`` and raw SQL go
around them; these triggers do not let anything rewrite who did what. On SQLite a row may be
deleted only once its evaluation is gone (which PROTECT forbids while it has history; the test
database's flush empties the evaluations first); PostgreSQL's flush uses TRUNCATE, which row
triggers do not see.
"""

from django.db import migrations

TABLES = ("evaluations_historyentry", "evaluations_review")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'append-only: {table} rows cannot be changed'); END;")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"WHEN EXISTS (SELECT 1 FROM evaluations_evaluation WHERE id = OLD.evaluation_id) "
                f"BEGIN SELECT RAISE(ABORT, 'append-only: {table} rows cannot be deleted'); END;")
        elif vendor == "postgresql":
            schema_editor.execute(
                "CREATE OR REPLACE FUNCTION jixiao_append_only() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'append-only: %% rows cannot be changed or deleted', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;")
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION jixiao_append_only();")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete;")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS jixiao_append_only();")


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0002_version")]
    operations = [migrations.RunPython(forwards, backwards)]
