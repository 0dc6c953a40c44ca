from django.urls import path
from rest_framework.routers import DefaultRouter

from casework.api import PetitionViewSet
from units.api import UnitViewSet, me

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("petitions", PetitionViewSet, basename="petition")

urlpatterns = [path("me/", me, name="me"), *router.urls]
