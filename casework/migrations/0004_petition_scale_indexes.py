"""Indexes for the pages that read petitions across a province at a million rows
(bench/data_at_scale.py). PostgreSQL only, like 0002: SQLite scans, which is fine at the size an
embedded install holds.

- The overdue list (`casework.selectors.overdue_q`) as two partial indexes, one per branch of the
  condition, led by the unit: a scope of a few hundred units becomes a few hundred short range
  scans over the overdue rows only, instead of every open petition of the country.
- The monthly statistics (`casework.statistics`): the petitions a unit received in a date range.
- The search (`casework.selectors.search_q`): every word of the folded term as a whole word of
  `search_text` (`to_tsvector('simple', …) @@ plainto_tsquery('simple', …)`). The expression
  must stay exactly the one `casework.selectors.SEARCH_VECTOR` sends. (A GIN index on
  (unit_id, vector) with btree_gin was tried: for a province's 298 units it scans the index
  once per unit, 600-750 ms; slower than this index ANDed with the unit index.)
"""

from django.db import migrations

INDEXES = {
    "casework_petition_overdue_classify": (
        "ON casework_petition (unit_id, classify_due) WHERE state IN ('received', 'classified')"
    ),
    "casework_petition_overdue_answer": (
        "ON casework_petition (unit_id, answer_due) "
        "WHERE state = 'awaiting_answer' AND suspended_since IS NULL"
    ),
    "casework_petition_unit_received": "ON casework_petition (unit_id, received_on)",
    "casework_petition_search_fts": (
        "ON casework_petition USING gin (to_tsvector('simple'::regconfig, search_text))"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")
    # The planner's statistics of the indexed expression (how common each word is).
    schema_editor.execute("ANALYZE casework_petition")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_disclosure_withdrawal")]

    operations = [migrations.RunPython(create, drop)]
