from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Commune boards: people's inspection and community investment supervision")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases import identity, mounts, registry
        from cases.identity import NobodyProtected

        from .identity import RequesterIdentity
        from .kind import inspection_kind, round_kind, vacancy_kind
        from .models import InspectionCase, InvestmentRound, Vacancy

        identity.register(InspectionCase, RequesterIdentity())
        identity.register(InvestmentRound, NobodyProtected())
        identity.register(Vacancy, NobodyProtected())
        registry.register(inspection_kind())
        registry.register(round_kind())
        registry.register(vacancy_kind())
        mounts.mount(
            "boards/",
            "supervision.urls",
            api=[
                ("boards", "supervision.api.BoardViewSet", "board"),
                ("inspection-cases", "supervision.api.InspectionCaseViewSet", "inspection-case"),
                ("investment-rounds", "supervision.api.InvestmentRoundViewSet", "investment-round"),
            ],
        )

        from units.choices import Role
        from units.home_panels import register

        from .views.home import home_panel

        for role in (Role.BOARD_HEAD, Role.BOARD_MEMBER):
            register(role, home_panel)

        # Project spreadsheets staged for a preview nobody imported go after a day.
        from celery import current_app

        current_app.conf.beat_schedule.setdefault(
            "sweep-project-imports",
            {"task": "supervision.tasks.project_imports_sweep", "schedule": 3600.0},
        )
