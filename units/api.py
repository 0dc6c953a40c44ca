from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .models import Membership, Unit
from .selectors import unit_list, user_memberships


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "level",
            "level_display",
            "admin_code",
            "area_name",
            "division_type",
            "is_active",
        ]


class MembershipSerializer(serializers.ModelSerializer):
    unit = UnitSerializer(read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "unit", "role", "role_display", "include_subtree"]


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Units the caller may see; `q` searches names without regard to diacritics."""

    serializer_class = UnitSerializer
    lookup_value_regex = r"[0-9]{1,19}"  # a 64-bit id, as units.converters

    def get_queryset(self):
        params = self.request.query_params
        return unit_list(
            user=self.request.user,
            term=params.get("q", ""),
            kind=params.get("kind", ""),
            level=params.get("level", ""),
        )


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    language = serializers.CharField()
    roles = MembershipSerializer(many=True)


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    memberships = user_memberships(user=request.user)
    return Response(
        {
            "username": request.user.username,
            "full_name": request.user.get_full_name(),
            "language": request.user.language,
            "roles": MembershipSerializer(memberships, many=True).data,
        }
    )
