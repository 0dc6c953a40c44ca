"""The same registration submitted twice (a double click, a retried request, two tabs) makes
one petition."""

import threading

import pytest
from django.db import connection

from casework import reception
from casework.models import Petition, RegistrationKey
from casework.services.intake import SignerData
from tests.factories import UserFactory, grant
from units.choices import Role
from units.errors import DomainError


def test_a_second_submission_with_the_same_key_returns_the_first_petition(receive):
    first = receive(registration_key="form-1")
    again = reception.petition_start(
        actor=first.received_by,
        registration_key="form-1",
        unit=first.unit,
        channel="in_person",
        kind="complaint",
        title="Tranh chấp ranh giới đất",
        content="Hộ liền kề lấn chiếm 20 m² đất ở.",
        received_on=first.received_on,
        signers=[],
    )
    assert again.repeated and again.petition == first and again.secret == ""
    assert Petition.objects.count() == 1


def test_another_key_registers_another_petition(receive):
    receive(registration_key="form-1")
    receive(registration_key="form-2")
    assert Petition.objects.count() == 2


def test_a_refused_registration_leaves_its_key_free_for_the_corrected_form(receive):
    with pytest.raises(DomainError):
        receive(registration_key="form-1", signers=[SignerData(full_name="")])
    assert not RegistrationKey.objects.exists()
    receive(registration_key="form-1")
    assert Petition.objects.count() == 1


def test_someone_else_reusing_a_key_is_refused(receive, tree):
    receive(registration_key="form-1")
    other = UserFactory(username="tiepdan2")
    grant(other, tree.commune, Role.RECEPTION_OFFICER)
    with pytest.raises(DomainError):
        reception.petition_start(actor=other, registration_key="form-1", unit=tree.commune)


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_make_one_petition(postgres_only, receive):
    barrier = threading.Barrier(2)
    results = []

    def submit():
        try:
            barrier.wait()
            results.append(receive(registration_key="double-click"))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and results[0] == results[1]
    assert Petition.objects.count() == 1
