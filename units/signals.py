from django.utils import timezone


def touch_last_login(sender, user, **kwargs) -> None:
    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
