from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.IntegerChoices):
    CENTRAL = 0, _("Central")
    PROVINCE = 1, _("Province")
    DISTRICT = 2, _("District")
    COMMUNE = 3, _("Commune / ward")
    RESIDENTIAL_AREA = 4, _("Residential area")


class UnitKind(models.TextChoices):
    COMMITTEE = "committee", _("Fatherland Front committee")
    INSPECTION_BOARD = "inspection_board", _("People's Inspection Board")
    INVESTMENT_SUPERVISION_BOARD = (
        "investment_supervision_board",
        _("Community Investment Supervision Board"),
    )
    AGENCY = "agency", _("Agency")
    DEPUTIES_DELEGATION = "deputies_delegation", _("Deputies' delegation")


class Role(models.TextChoices):
    RECEPTION_OFFICER = "reception_officer", _("Reception officer")
    CASE_OFFICER = "case_officer", _("Case officer")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    BOARD_HEAD = "board_head", _("Board head")
    BOARD_MEMBER = "board_member", _("Board member")
    AGENCY_OFFICIAL = "agency_official", _("Agency official")
    DEPUTY = "deputy", _("Deputy")
    DEPUTIES_OFFICE = "deputies_office", _("Deputies' office staff")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")
