from django.urls import path
from rest_framework.routers import DefaultRouter

from cases.mounts import api_routes
from units.api import UnitViewSet, me

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
# Every case kind's viewsets, as its app mounted them (cases/mounts.py).
for route, viewset, basename in api_routes():
    router.register(route, viewset, basename=basename)

urlpatterns = [path("me/", me, name="me"), *router.urls]
