"""Every domain model keeps history, and the history is append-only and tamper-evident."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from units.history import ChainedHistory

# Rows that are themselves records of events, or machinery, rather than domain state.
NOT_DOMAIN = {
    "units.AuditChainHead": "the chain's own bookkeeping",
    "casework.IdentityView": "an access log: each row is the record of a view",
    "casework.NumberSequence": "a counter; the numbers it issues are in the referrals' history",
    "casework.RegistrationKey": "a submission's idempotency key; the petition has the history",
    "notifications.Notification": "an outbox of messages, not a change to a case",
    "workflows.TaskRoute": "the queue of a viewflow task",
}
DOMAIN_APPS = {
    "units",
    "workdays",
    "casework",
    "workflows",
    "notifications",
    "audit",
}


def test_every_domain_model_has_chained_history():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS
        and not model.__name__.startswith("Historical")
        and model._meta.label not in NOT_DOMAIN
        and not (hasattr(model, "history") and issubclass(model.history.model, ChainedHistory))
    ]
    assert missing == []


def _verify(capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit")
    return exit_info.value.code, capsys.readouterr().err


def _tamper(sql: str, params) -> None:
    """What someone with direct database access could do; on PostgreSQL that takes switching
    the append-only triggers off (superuser), as an attacker would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def three_changes(tree, province_admin):
    from units import services

    unit = tree.commune
    for name in ("Xã An Bình mới", "Xã An Bình (sáp nhập)", "Xã An Bình"):
        services.unit_update(actor=province_admin, unit=unit, reason="Đổi tên", name=name)
    return list(unit.history.order_by("history_id"))


@pytest.mark.django_db
def test_an_untouched_trail_verifies_and_prints_each_chain_head(three_changes, capsys):
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "units_historicalunit:" in out and "chains intact" in out


@pytest.mark.django_db
def test_editing_a_history_row_directly_breaks_the_chain_at_that_row(three_changes, capsys):
    target = three_changes[1]
    _tamper(
        "UPDATE units_historicalunit SET name = %s WHERE history_id = %s",
        ["Xã khác", target.history_id],
    )
    code, err = _verify(capsys)
    assert code == 1
    assert f"units_historicalunit at row history_id={target.history_id}" in err


@pytest.mark.django_db
def test_deleting_a_history_row_directly_is_detected(three_changes, capsys):
    target = three_changes[1]
    _tamper("DELETE FROM units_historicalunit WHERE history_id = %s", [target.history_id])
    code, err = _verify(capsys)
    assert code == 1 and "units_historicalunit" in err


@pytest.mark.django_db
def test_deleting_the_newest_row_is_detected_by_the_head(three_changes, capsys):
    last = three_changes[-1]
    later = type(last).objects.filter(history_id__gt=last.history_id)
    assert not later.exists()
    _tamper("DELETE FROM units_historicalunit WHERE history_id = %s", [last.history_id])
    code, err = _verify(capsys)
    assert code == 1 and "head does not match" in err


@pytest.mark.django_db
def test_a_statement_kept_outside_detects_a_rewritten_chain(three_changes, tmp_path, capsys):
    statement = tmp_path / "audit-statement.txt"
    call_command("verify_audit", statement_out=str(statement))
    capsys.readouterr()
    first = three_changes[0]
    # Rewrite the row and recompute every link and the head, as someone holding the chain key
    # could; only the statement kept outside the system still tells.
    _tamper("UPDATE units_historicalunit SET name = %s WHERE history_id = %s", ["X", first.pk])
    from units.audit_chain import GENESIS, link
    from units.models import AuditChainHead

    model = type(first)
    previous = GENESIS
    for row in model.objects.order_by("history_id"):
        previous = link(previous, row)
        _tamper(
            "UPDATE units_historicalunit SET chain_hash = %s WHERE history_id = %s",
            [previous, row.history_id],
        )
    AuditChainHead.objects.filter(table=model._meta.db_table).update(last_hash=previous)

    call_command("verify_audit")  # the rewritten chain is consistent in itself
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit", against=str(statement))
    assert exit_info.value.code == 1
    assert "differs from the statement" in capsys.readouterr().err


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE units_historicalunit SET name = 'x' WHERE history_id = %s",
        "DELETE FROM units_historicalunit WHERE history_id = %s",
    ],
)
def test_postgresql_refuses_to_update_or_delete_history(sql, three_changes):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only triggers are PostgreSQL's")
    refused = pytest.raises(DatabaseError, match="pgtrigger")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [three_changes[0].history_id])
