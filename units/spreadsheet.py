"""Cells for CSV and Excel exports, safe to open in a spreadsheet.

Text that starts with = + - @ (or a tab or carriage return, which some programs skip before
reading one of those) is run as a formula when the file is opened: a petition titled
`=HYPERLINK("http://…","Bấm vào đây")` would become a live link in an auditor's workbook.
Such text is written with a leading apostrophe, so it stays text (OWASP, "CSV injection").
Every export writes each cell through `safe_cell`.
"""

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value itself, unless it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]
