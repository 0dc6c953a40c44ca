"""What the board services share: the case argument a step's service receives, and the
document numbers of recommendations."""

import functools

KIND_ARGUMENTS = ("inspectioncase", "investmentround")


def on_case(service):
    """The kernel calls an action's service with the case named after its model
    (`inspectioncase=` or `investmentround=`); the services both kinds share take `case`."""

    @functools.wraps(service)
    def wrapper(*, actor, **data):
        for name in KIND_ARGUMENTS:
            if name in data:
                return service(case=data.pop(name), actor=actor, **data)
        return service(actor=actor, **data)

    return wrapper


def next_doc_number(case, year: int) -> str:
    """The board's next recommendation number of the year ("03/KN-BTTND"). The caller holds
    the board's row lock, so two recommendations sent at once never share a number."""
    model = type(case)
    suffix = "KN-BTTND" if model.__name__ == "InspectionCase" else "KN-GSĐTCĐ"
    count = (
        model.objects.filter(board=case.board, sent_on__year=year).exclude(doc_number="").count()
    )
    return f"{count + 1:02d}/{suffix}"
