"""Templates render a case's free text only through its identity shield: `shown.title` or
`value|shown:shield`. A template that prints a raw subject, content, reason, note, summary or
file name of a case would bypass the identity module, so this test reads them all."""

import re
from pathlib import Path

from django.conf import settings
from django.template.utils import get_app_template_dirs

FREE_TEXT = (
    "title",
    "content",
    "request",
    "classification_reason",
    "outcome_reason",
    "summary",
    "note",
    "reason",
    "original_name",
    "withdrawal_reason",
    "history_change_reason",
    "subject",
    "findings",
    "recommendation",
    "response",
    "report_note",
)
PRINTED = re.compile(r"{{\s*([\w.]+)\.(" + "|".join(FREE_TEXT) + r")\s*(\|[^}]*)?}}")
# Objects that are not cases: a page section's heading, a flow step's title, a calendar day
# off. The audit pages print events and versions that `audit.selectors` already read through a
# shield (the crawler test in tests/identity reads what they show).
NOT_A_CASE = {"section", "step", "action", "form", "field", "page", "o", "override"}
# A session of the National Assembly or a People's Council: its title is public, not a case's.
NOT_A_CASE |= {"session", "s"}
# A line of a spreadsheet being previewed before import: the uploader's own file, not yet a case.
NOT_A_CASE |= {"sheet_row"}
# A session report's heading, built from the data through the national export's scrubber.
NOT_A_CASE |= {"report"}
# An official document's content, built from the data by the kind's documents module, which
# scrubs every person the case names (`supervision.documents`).
NOT_A_CASE |= {"doc"}
# A board's plan and its items are posted publicly (NQLT 403 Art. 11.1a); a rating's reason is
# the Front's own assessment of a board.
NOT_A_CASE |= {"plan", "plan_item", "rating"}
ALREADY_SHIELDED = {"e", "diff", "state"}


def _templates():
    """The project's templates and every local app's own (not Django's or a library's)."""
    root = Path(settings.BASE_DIR)
    local = [Path(d) for d in get_app_template_dirs("templates") if Path(d).is_relative_to(root)]
    directories = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]] + local
    assert root / "casework" / "templates" in directories
    for directory in directories:
        if ".venv" not in directory.parts:
            yield from directory.rglob("*.html")


def test_no_template_prints_a_case_text_past_the_identity_shield():
    raw = []
    for path in _templates():
        for match in PRINTED.finditer(path.read_text()):
            root, _name, filters = match.groups()
            through_shield = root == "shown" or root.endswith(".shown")
            through_shield = through_shield or "|shown:" in (filters or "")
            first = root.split(".")[0]
            if not through_shield and first not in NOT_A_CASE | ALREADY_SHIELDED:
                raw.append(f"{path.name}: {match.group(0)}")
    assert raw == []


def test_the_check_finds_a_raw_subject():
    assert PRINTED.search("<td>{{ petition.title }}</td>")
    assert PRINTED.search("{{ a.summary|linebreaksbr }}").group(3) == "|linebreaksbr "
