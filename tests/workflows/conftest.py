import datetime as dt

import pytest

from casework import reception
from casework.services.intake import SignerData

DENOUNCER = SignerData(
    full_name="Nguyễn Văn Tố",
    id_number="001090012345",
    phone="0912345678",
    address="Số 5 ngõ 12, Xã An Bình",
)


@pytest.fixture
def receive(tree, reception_officer):
    def receive(kind="complaint", *, title="Tranh chấp ranh giới đất", signers=None, **extra):
        data = {
            "unit": tree.commune,
            "channel": "in_person",
            "kind": kind,
            "title": title,
            "content": "Hộ liền kề lấn chiếm 20 m² đất ở, đã hòa giải ở thôn không thành.",
            "received_on": dt.date(2026, 11, 23),
            "signers": signers or [DENOUNCER],
        }
        data.update(extra)
        return reception.petition_start(actor=reception_officer, **data).petition

    return receive


CLASSIFICATION = {
    "reason": "Đủ điều kiện xử lý",
    "field": "land",
    "processable": True,
}


@pytest.fixture
def postgres_only():
    """Row locks and concurrent connections are what these tests are about; SQLite has
    neither, so they run where production runs (CI sets DATABASE_URL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
