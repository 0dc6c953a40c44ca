"""A report of `documents` as a PDF: the HTML template `recommendations/report_pdf.html`
rendered by WeasyPrint.

WeasyPrint needs Pango at run time; where it cannot load, `available()` says so and the form
offers the Word file only. The renderer fetches nothing: the template carries its own style and
fonts come from the system (Times New Roman where installed, else Liberation Serif or DejaVu
Serif, all with the Vietnamese letters), so text typed into the form cannot make the server
request a URL.
"""

from functools import cache

from django.template.loader import render_to_string

from .documents import Heading, Paragraph, Report, Table

CONTENT_TYPE = "application/pdf"


@cache
def available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def report_html(report: Report) -> str:
    blocks = []
    for block in report.body:
        if isinstance(block, Heading):
            blocks.append({"kind": "heading", "block": block})
        elif isinstance(block, Paragraph):
            blocks.append({"kind": "paragraph", "block": block})
        elif isinstance(block, Table):
            total = sum(block.widths)
            blocks.append(
                {
                    "kind": "table",
                    "block": block,
                    "widths": [round(100 * w / total, 2) for w in block.widths],
                    "rows": [
                        [
                            (cell, n in block.flagged and at == len(row) - 1)
                            for at, cell in enumerate(row)
                        ]
                        for n, row in enumerate(block.rows)
                    ],
                }
            )
    return render_to_string("recommendations/report_pdf.html", {"report": report, "blocks": blocks})


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"The report does not fetch {url!r}.")


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(report), url_fetcher=_refuse).write_pdf()
