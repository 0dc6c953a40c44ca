from django import template

from units.permissions import has_role_anywhere

from ..choices import AUDIT_ROLES

register = template.Library()


@register.filter
def may_audit(user) -> bool:
    """Whether the audit workspace is for this user (the navigation shows its link)."""
    return has_role_anywhere(user, AUDIT_ROLES)
