from django.urls import path
from rest_framework.routers import DefaultRouter

from units.api import UnitViewSet, me

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")

urlpatterns = [path("me/", me, name="me"), *router.urls]
