import datetime as dt

from django import forms
from django.utils import timezone
from rest_framework import serializers
from viewflow import this
from viewflow.workflow import flow

from units.choices import Role
from workflows.acting import Action
from workflows.announce import announce
from workflows.flows import CaseFlowMixin
from workflows.nodes import Clock, UnitTask

from . import services


class ReasonForm(forms.Form):
    reason = forms.CharField()

    def __init__(self, *args, petition=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class ExtendForm(ReasonForm):
    days = forms.IntegerField(min_value=1)


class ReasonBody(serializers.Serializer):
    reason = serializers.CharField()


class ExtendBody(ReasonBody):
    days = serializers.IntegerField(min_value=1)


FINISH = Action("finish", "Finish", services.errand_finish, form=ReasonForm, body=ReasonBody)
EXTEND = Action(
    "extend",
    "Extend",
    services.errand_extend,
    form=ExtendForm,
    body=ExtendBody,
    completes_task=False,
)


def _reminder_at(errand):
    return timezone.make_aware(dt.datetime.combine(errand.due, dt.time(7)))


class ErrandFlow(CaseFlowMixin, flow.Flow):
    start = flow.StartHandle(this.begin).Next(this.work)
    work = (
        UnitTask(
            title="Run the errand",
            role=Role.CASE_OFFICER,
            actions=(FINISH,),
            side_actions=(EXTEND,),
            due=lambda errand: errand.due,
        )
        .OnTimeout(Clock(_reminder_at), this.remind, interrupting=False)
        .Next(this.end)
    )
    remind = flow.Function(this.send_reminder).Next(this.timer_done)
    timer_done = flow.End()
    end = flow.End()

    def send_reminder(self, activation):
        errand = activation.process.artifact
        announce(
            errand,
            unit=errand.unit,
            roles=(Role.CASE_OFFICER,),
            kind="deadline_reminder",
            step="Run the errand",
            deadline=errand.due,
        )
