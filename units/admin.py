from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Unit, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Dân Nguyện", {"fields": ("full_name", "phone", "language")}),
    )
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "level", "admin_code", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("search_name", "admin_code")
    readonly_fields = ("path", "depth", "numchild")

    def has_add_permission(self, request) -> bool:
        # A unit's place in the tree is computed by the tree; units are created in the app.
        return False


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "unit", "role", "include_subtree")
    list_filter = ("role",)
    raw_id_fields = ("user", "unit")
