"""Petitions as a case kind of the kernel (`cases.registry`): registered from
`CaseworkConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from cases.registry import CaseKind

from .choices import FINAL_STATES, PetitionKind


def label(petition) -> str:
    """How notifications and lists name a petition: its code and kind, never a person."""
    return f"{petition.tracking_code} · {petition.get_kind_display()}"


def petition_kind() -> CaseKind:
    from . import demo, reception, services, timeline
    from .flows import PetitionFlow
    from .models import (
        Answer,
        Attachment,
        ClockChange,
        Disclosure,
        IdentityGrant,
        Petition,
        Petitioner,
        Referral,
        Signer,
    )
    from .selectors import petition_list, search_q

    return CaseKind(
        name="petition",
        label_text=_("Petition"),
        model=Petition,
        flow=PetitionFlow,
        visible=lambda user: petition_list(user=user),
        label=label,
        search=search_q,
        subkinds=PetitionKind.choices,
        subkind_field="kind",
        final_states=FINAL_STATES,
        reopen=services.petition_reopen,
        history_models=(
            Petition,
            Petitioner,
            Signer,
            Attachment,
            Referral,
            Answer,
            ClockChange,
            Disclosure,
            IdentityGrant,
        ),
        histories=timeline.histories,
        identity_models=timeline.IDENTITY_MODELS,
        identity_row=timeline.identity_row,
        record_names=timeline.RECORD_NAMES,
        reference_field="tracking_code",
        history_links=timeline.HISTORY_LINKS,
        identity_views=timeline.IDENTITY_VIEWS,
        describe=timeline.describe,
        extra_events=timeline.identity_views,
        head_template="casework/_audit_head.html",
        demo=demo.load_demo_petitions,
        row_template="casework/_inbox_case.html",
        receive=reception.petition_from_another_case,
    )
