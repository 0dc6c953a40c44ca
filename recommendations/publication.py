"""What is published of an item's answers (NQLT 72 Art. 51): the merged wording and each
agency's answer, scrubbed of every person the identity module knows on the item."""

from django.utils.translation import gettext as _

from cases.identity import shield_for_outsiders


def proposed_text(item) -> str:
    shown = shield_for_outsiders(item, where="publication draft")
    parts = [shown.text(item.content)]
    for answer in item.answers.select_related("agency").order_by("pk"):
        if answer.content:
            parts.append(
                _("Answer of %(agency)s: %(answer)s")
                % {"agency": answer.agency.name, "answer": shown.text(answer.content)}
            )
    return "\n\n".join(parts)
