"""`{{ value|shown:shield }}` renders a free text of a case through its identity Shield.

Without a shield (a template that forgot to pass one) a text is withheld rather than shown:
forgetting fails closed."""

from django import template

from cases.identity import WITHHELD, Shield

register = template.Library()


@register.filter
def shown(value, shield) -> str:
    if not isinstance(shield, Shield):
        return str(WITHHELD) if value else ""
    return shield.text(value)
