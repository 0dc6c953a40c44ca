from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from units.choices import Role
from units.home_panels import panels_for
from units.selectors import user_memberships

# What each role does here, in the order a home page lists them.
ROLE_ORDER = [
    Role.ADMINISTRATOR,
    Role.UNIT_LEADER,
    Role.RECEPTION_OFFICER,
    Role.CASE_OFFICER,
    Role.AGENCY_OFFICIAL,
    Role.DEPUTY,
    Role.DEPUTIES_OFFICE,
    Role.BOARD_HEAD,
    Role.BOARD_MEMBER,
    Role.AUDITOR,
]


@login_required
def home(request):
    memberships = list(user_memberships(user=request.user))
    roles = {m.role for m in memberships}
    if request.user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    sections = [
        {
            "role": role,
            "label": Role(role).label,
            "units": [m for m in memberships if m.role == role],
            "template": f"units/home/{role}.html",
            "panels": panels_for(role, request),
        }
        for role in ROLE_ORDER
        if role in roles
    ]
    return render(
        request,
        "units/home.html",
        {"memberships": memberships, "sections": sections},
    )
