import threading

import pytest
from django.db import connection

from casework.choices import PetitionState as S
from casework.models import Petition
from tests.factories import UserFactory, grant
from units.choices import Role
from units.errors import DomainError
from workflows import acting

from .conftest import CLASSIFICATION


@pytest.mark.django_db(transaction=True)
def test_two_officers_classifying_at_once_one_succeeds_and_the_other_is_told(
    postgres_only, receive, case_officer, tree
):
    second_officer = UserFactory(username="chuyenvien2")
    grant(second_officer, tree.commune, Role.CASE_OFFICER)
    petition = receive()
    barrier = threading.Barrier(2)
    outcomes = {}

    def classify(officer):
        try:
            own_copy = Petition.objects.get(pk=petition.pk)
            barrier.wait()
            acting.act(
                case=own_copy,
                action="classify",
                actor=officer,
                kind="complaint",
                **CLASSIFICATION,
            )
            outcomes[officer.username] = "done"
        except DomainError as error:
            outcomes[officer.username] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=classify, args=(o,)) for o in (case_officer, second_officer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()).count("done") == 1
    refused = next(message for message in outcomes.values() if message != "done")
    assert refused  # a sentence for the officer, not a traceback
    petition.refresh_from_db()
    assert petition.state == S.CLASSIFIED
    assert petition.history.filter(state=S.CLASSIFIED).count() == 1
