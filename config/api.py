from django.urls import path
from rest_framework.routers import DefaultRouter

from casework.api import PetitionViewSet
from recommendations import api as voters
from units.api import UnitViewSet, me

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("petitions", PetitionViewSet, basename="petition")
router.register("voter-sessions", voters.SessionViewSet, basename="voter-session")
router.register("voter-meetings", voters.MeetingViewSet, basename="voter-meeting")
router.register("voter-opinions", voters.OpinionViewSet, basename="voter-opinion")
router.register("voter-items", voters.ItemViewSet, basename="voter-item")
router.register("voter-answers", voters.AnswerViewSet, basename="voter-answer")

urlpatterns = [path("me/", me, name="me"), *router.urls]
