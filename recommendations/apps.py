from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Voter contact and voter recommendations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases import identity, registry

        from .identity import VoterIdentity
        from .kind import answer_kind, item_kind, meeting_kind
        from .models import AgencyAnswer, Item, Meeting

        rules = VoterIdentity()
        for model in (Meeting, Item, AgencyAnswer):
            identity.register(model, rules)
        registry.register(meeting_kind())
        registry.register(item_kind())
        registry.register(answer_kind())

        from cases import mounts

        mounts.mount(
            "voters/",
            "recommendations.urls",
            api=[
                ("voter-sessions", "recommendations.api.SessionViewSet", "voter-session"),
                ("voter-meetings", "recommendations.api.MeetingViewSet", "voter-meeting"),
                ("voter-opinions", "recommendations.api.OpinionViewSet", "voter-opinion"),
                ("voter-items", "recommendations.api.ItemViewSet", "voter-item"),
                ("voter-answers", "recommendations.api.AnswerViewSet", "voter-answer"),
            ],
        )

        # Staged spreadsheets nobody imported are deleted after a day (recommendations.tasks).
        from celery import current_app

        current_app.conf.beat_schedule.setdefault(
            "sweep-opinion-imports",
            {"task": "recommendations.tasks.imports_sweep", "schedule": 3600.0},
        )
