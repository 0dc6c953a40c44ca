"""What every registered case kind promises the kernel, checked for each: petitions and the
test-only kind (tests/errands) alike, and any kind added later without a line of this file.

- Only the flow changes state: a kind's transitions are called only from its services, and the
  services its actions run only from the kernel's acting layer or the kind's own flow.
- Every action has a label, a form for the case page and a body for the API.
- The identity module knows the kind (`cases.identity.register`): its outputs pass through it.
- Every history table of the kind is hash-chained and read by the case timeline, which the
  case page, the API and the audit workspace share.
- Every deadline clock of the flow is found again by `workflows.timers` (what an extension
  or a suspension reschedules).
"""

import ast
import sys
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django_fsm import FSMField
from rest_framework import serializers

from cases import identity, registry
from cases.timeline import histories_of
from units.history import ChainedHistory
from workflows import acting, timers

ROOT = Path(__file__).resolve().parents[2]
PROJECT_APPS = ["cases", "casework", "workflows", "units", "notifications"]
PROJECT_APPS += ["workdays", "audit", "config", "recommendations"]

KINDS = registry.kinds()


def _ids(kind) -> str:
    return kind.name


def test_the_kinds_under_contract_include_petitions_and_the_test_kind():
    assert {
        "petition",
        "errand",
        "meeting",
        "voter_item",
        "voter_answer",
        "inspection_case",
        "investment_round",
        "board_vacancy",
    } <= {kind.name for kind in KINDS}


def _kind_dir(kind) -> Path:
    return Path(sys.modules[kind.model.__module__].__file__).resolve().parent


def _sources(kind):
    dirs = {ROOT / app for app in PROJECT_APPS} | {_kind_dir(kind)}
    for directory in dirs:
        for path in directory.rglob("*.py"):
            if "migrations" not in path.parts and not path.name.startswith("test_"):
                yield path


def _in_service_layer(kind, path: Path) -> bool:
    inside = path.is_relative_to(_kind_dir(kind))
    return inside and ("services" in path.parts or path.stem == "services")


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                receiver = func.value
                name = getattr(receiver, "id", "") or getattr(receiver, "attr", "")
                yield func.attr, name, node.lineno
            elif isinstance(func, ast.Name):
                yield func.id, "", node.lineno


def _transitions(kind) -> set[str]:
    return {
        t.name
        for f in kind.model._meta.fields
        if isinstance(f, FSMField)
        for t in f.get_all_transitions(kind.model)
    }


@pytest.mark.parametrize("kind", KINDS, ids=_ids)
def test_only_the_services_call_the_transitions(kind):
    names, model = _transitions(kind), kind.model._meta.model_name
    assert names, "a kind's state is an FSM field with transitions"
    offenders = [
        f"{path.relative_to(ROOT)}:{line} .{attr}()"
        for path in _sources(kind)
        if not _in_service_layer(kind, path)
        for attr, receiver, line in _calls(path)
        if attr in names and (model in receiver.lower() or receiver == "case")
    ]
    assert offenders == []


@pytest.mark.parametrize("kind", KINDS, ids=_ids)
def test_only_the_flow_calls_the_services_of_actions(kind):
    services = {a.service.__name__ for a in acting.actions_of(kind.flow).values()}
    flow_file = Path(sys.modules[kind.flow.__module__].__file__).resolve()
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {attr}()"
        for path in _sources(kind)
        if path.parts[len(ROOT.parts)] != "workflows"
        and path != flow_file
        and not _in_service_layer(kind, path)
        for attr, _receiver, line in _calls(path)
        if attr in services
    ]
    assert offenders == []


@pytest.mark.parametrize("kind", KINDS, ids=_ids)
def test_every_action_has_a_label_a_form_and_an_api_body(kind):
    actions = acting.actions_of(kind.flow)
    assert actions
    for action in actions.values():
        assert str(action.label).strip(), action.name
        assert isinstance(action.form, type) and issubclass(action.form, forms.Form), action.name
        assert hasattr(action.form, "service_data"), action.name
        assert isinstance(action.body, type), action.name
        assert issubclass(action.body, serializers.Serializer), action.name


@pytest.mark.parametrize("kind", KINDS, ids=_ids)
def test_every_step_names_its_actions_and_its_people(kind):
    for step in acting.steps(kind.flow):
        assert step.actions, step.name
        assert step.role and str(step.task_title), step.name


@pytest.mark.parametrize("kind", KINDS, ids=_ids)
def test_the_identity_module_knows_the_kind(kind):
    assert identity.rules_for(kind.model) is not None
    for model in kind.identity_models:
        assert model in kind.history_models


@pytest.mark.parametrize("kind", KINDS, ids=_ids)
def test_every_history_table_is_chained_and_read_by_the_timeline(kind):
    # An app may host several kinds (a voter meeting, an item, an agency's answer): together
    # they read every history table of the app, each table read by the kinds listing it.
    app = apps.get_containing_app_config(kind.model.__module__)
    with_history = {m for m in app.get_models() if hasattr(m, "history")}
    siblings = [k for k in KINDS if apps.get_containing_app_config(k.model.__module__) == app]
    assert set(kind.history_models) <= with_history
    assert set().union(*(k.history_models for k in siblings)) == with_history
    read = {model for model, _rows in histories_of(kind.model(pk=0), kind)}
    for model in kind.history_models:
        assert issubclass(model.history.model, ChainedHistory), model
        assert model in read, model


@pytest.mark.parametrize("kind", KINDS, ids=_ids)
def test_every_deadline_clock_is_found_again_for_rescheduling(kind):
    clocks = sum(len(step.clocks) for step in acting.steps(kind.flow))
    found = timers.timer_nodes(kind.flow)
    assert len(found) == clocks
    for _boundary, clock in found:
        assert callable(clock.at)
