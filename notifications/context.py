from django.utils.functional import SimpleLazyObject

from .selectors import notification_counts


def unread_count(request) -> dict:
    """The unread badge and the newest id for the page header, for signed-in users. Lazy, so a
    page that renders no header (an error page, a slip to print) runs no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = SimpleLazyObject(lambda: notification_counts(user=user))
    return {"notification_counts": counts}
