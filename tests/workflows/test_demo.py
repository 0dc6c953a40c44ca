import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from casework.choices import PetitionState
from casework.demo import load_demo_petitions
from casework.models import Petition
from units.demo import load_demo_organisation


@pytest.mark.django_db
def test_the_demo_has_a_petition_in_every_state_and_loads_only_once(time_limits):
    places = load_demo_organisation()
    assert load_demo_petitions(places) > 0
    assert set(Petition.objects.values_list("state", flat=True)) == set(PetitionState.values)
    assert not Task.objects.filter(status=STATUS.ERROR).exists()
    overdue = Petition.objects.get(title__startswith="Phản ánh tiếng ồn")
    assert overdue.current_referral().escalated_to is not None
    assert Petition.objects.filter(kind="denunciation", state="awaiting_answer").exists()
    count = Petition.objects.count()
    assert load_demo_petitions(places) == 0
    assert Petition.objects.count() == count
