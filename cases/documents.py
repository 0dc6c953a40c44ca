"""An administrative document laid out as Nghị định 30/2020/NĐ-CP Annex I asks, as a Word file
(python-docx) and as a PDF (WeasyPrint, from `cases/document_pdf.html`): A4,
margins 20 mm top and bottom, 30 mm left, 15 mm right, Times New Roman 13–14 pt; the body above
and the issuer with the number top left, the national motto top right, each with a short rule
under it; place and date; title; "Kính gửi"; the body; the signer beside the recipients.

Nothing here knows about a kind: a kind's own module fills a `Document` (the boards'
`supervision.documents`) and these writers only lay it out. Voter contact's reports still have
their own writer (`recommendations/documents_*.py`), older than this one; they are to move here.

The PDF renderer fetches nothing: the template carries its own style and the fonts come from
the system, so text typed by a user cannot make the server request a URL."""

import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import cache

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document as Docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
DRAFT = "DỰ THẢO"
BLANK = "…"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
TEMPLATE = "cases/document_pdf.html"

FONT = "Times New Roman"
PAGE_WIDTH, LEFT, RIGHT = Cm(21), Cm(3), Cm(1.5)
TEXT_WIDTH = Emu(PAGE_WIDTH - LEFT - RIGHT)
HEAD_LEFT, HEAD_RIGHT = Cm(7), Emu(TEXT_WIDTH - Cm(7))
_RANK = re.compile(r"^(tỉnh|thành phố|xã|phường|đặc khu|thị trấn|huyện|quận)\s+", re.IGNORECASE)


# The document model -------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False
    # Bold in a box: what the reader must not miss (a request to suspend an investment).
    alert: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]  # relative; the writers scale them to the text width


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Document:
    parent: str  # the body the issuer belongs to, above it
    issuer: str
    number_line: str
    place_date: str
    title: str
    subtitle: str
    addressee: str
    body: tuple[Block, ...]
    mandate: str  # "TM. BAN …": who the signer signs for
    signer_title: str
    signer_name: str  # blank: a line left for the name
    recipients: tuple[str, ...]
    draft: bool = False
    certification: tuple[str, ...] = ()  # a heading then its lines, beside the recipients

    def texts(self) -> list[str]:
        """Every string the document shows, in reading order."""
        out = [self.parent, self.issuer, self.number_line, MOTTO, MOTTO_SUB]
        out += [DRAFT] if self.draft else []
        out += [self.place_date, self.title, self.subtitle, f"Kính gửi: {self.addressee}"]
        for block in self.body:
            if isinstance(block, Table):
                out += [*block.columns, *(cell for row in block.rows for cell in row)]
            else:
                out.append(block.text)
        out += [self.mandate, self.signer_title, self.signer_name, *self.certification]
        return [*out, "Nơi nhận:", *self.recipients]


def vietnamese_date(day: dt.date | None) -> str:
    """ "ngày 05 tháng 3 năm 2026": a day below 10 and the months January and February take a
    leading zero (Annex I, I.5); no date leaves blanks for the signer's hand."""
    if day is None:
        return f"ngày {BLANK} tháng {BLANK} năm {timezone.localdate().year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def area(unit) -> str:
    return unit.area_name or unit.name


def area_in_text(unit) -> str:
    """ "Xã An Bình" inside a sentence is "xã An Bình"."""
    return _RANK.sub(lambda m: m.group(0).lower(), area(unit))


def place_date(unit, day: dt.date | None) -> str:
    """ "An Bình, ngày …": the place is the area's name without its rank (Annex I, I.5)."""
    place = _RANK.sub("", area(unit)).strip() or area(unit)
    return f"{place}, {vietnamese_date(day)}"


def paragraphs(text: str, *, empty: str = "") -> list[Paragraph]:
    """A paragraph a line; `empty` (in italics) when there is none."""
    found = [Paragraph(p.strip()) for p in re.split(r"\r?\n", text or "") if p.strip()]
    return found or ([Paragraph(empty, italic=True)] if empty else [])


def recipients(lines) -> tuple[str, ...]:
    """ "- Ủy ban nhân dân xã …;" a line each, the last closed with a full stop."""
    lines = [line.strip().rstrip(";.,") for line in lines if line.strip()]
    return tuple(f"- {line}{'.' if n == len(lines) else ';'}" for n, line in enumerate(lines, 1))


# Word ---------------------------------------------------------------------------------------


def document_docx(document: Document) -> bytes:
    out = Docx()
    _page(out)
    head = _columns(out, (HEAD_LEFT, HEAD_RIGHT))
    left, right = head.rows[0].cells
    _line(left.paragraphs[0], document.parent, size=13)
    _line(left.add_paragraph(), document.issuer, size=13, bold=True)
    _rule(left.add_paragraph(), HEAD_LEFT, Cm(2.5))
    _line(left.add_paragraph(), document.number_line, size=13)
    _line(right.paragraphs[0], MOTTO, size=13, bold=True)
    _line(right.add_paragraph(), MOTTO_SUB, size=14, bold=True)
    _rule(right.add_paragraph(), HEAD_RIGHT, Cm(5.5))
    _line(right.add_paragraph(), document.place_date, size=14, italic=True)
    if document.draft:
        _line(out.add_paragraph(), DRAFT, size=14, bold=True).paragraph_format.space_before = Pt(12)
    title = _line(out.add_paragraph(), document.title, size=14, bold=True)
    title.paragraph_format.space_before = Pt(12 if document.draft else 18)
    _line(out.add_paragraph(), document.subtitle, size=14, bold=True)
    _rule(out.add_paragraph(), TEXT_WIDTH, Cm(4))
    _line(
        out.add_paragraph(), f"Kính gửi: {document.addressee}", size=14
    ).paragraph_format.space_after = Pt(8)
    for block in document.body:
        if isinstance(block, Heading):
            _body(out.add_paragraph(), block.text, bold=True).paragraph_format.keep_with_next = True
        elif isinstance(block, Table):
            _table(out, block)
        elif block.alert:
            box = _columns(out, (TEXT_WIDTH,))
            box.style = "Table Grid"
            _body(box.rows[0].cells[0].paragraphs[0], block.text, bold=True)
        else:
            _body(out.add_paragraph(), block.text, italic=block.italic)
    _signature(out, document)
    raw = io.BytesIO()
    out.save(raw)
    return raw.getvalue()


def _page(out) -> None:
    section = out.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = LEFT, RIGHT
    style = out.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    # The East-Asian and complex-script slots too, or Word falls back for some letters.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(0)


def _columns(out, widths):
    table = out.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cells' widths, LibreOffice the grid's: both are set.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


def _line(paragraph, text: str, *, size: int, bold=False, italic=False):
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    return paragraph


def _rule(paragraph, width, length) -> None:
    """A short centred rule: an empty paragraph with a bottom border, indented on both sides so
    that the border is `length` long."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # First into the empty properties: python-docx then puts the indents after it, in the
    # order the schema wants (ECMA-376 CT_PPr).
    paragraph._p.get_or_add_pPr().append(borders)
    side = Emu(max((width - length) // 2, 0))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.line_spacing = Pt(4)


def _body(paragraph, text: str, *, bold=False, italic=False):
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    return paragraph


def _table(out, block: Table) -> None:
    total = sum(block.widths)
    table = _columns(out, [Emu(int(TEXT_WIDTH * w / total)) for w in block.widths])
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, block.columns, strict=True):
        _cell(cell, name, bold=True)
    for row in block.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            _cell(cell, text)
    out.add_paragraph().paragraph_format.space_after = Pt(4)


def _cell(cell, text: str, *, bold=False) -> None:
    run = cell.paragraphs[0].add_run(text)
    run.font.size, run.bold = Pt(12), bold


def _signature(out, document: Document) -> None:
    """The signer on the right; on the left the recipients, or the Front's certification when
    the document needs one (the recipients then follow below)."""
    out.add_paragraph().paragraph_format.space_before = Pt(6)
    half = Emu(TEXT_WIDTH // 2)
    left, right = _columns(out, (half, Emu(TEXT_WIDTH - half))).rows[0].cells
    if document.certification:
        heading, *lines = document.certification
        _line(left.paragraphs[0], heading, size=13, bold=True)
        for line in lines:
            _line(left.add_paragraph(), line, size=13, italic=True)
        _recipients(out.add_paragraph(), out.add_paragraph, document)
    else:
        _recipients(left.paragraphs[0], left.add_paragraph, document)
    _line(right.paragraphs[0], document.mandate, size=14, bold=True)
    _line(right.add_paragraph(), document.signer_title, size=14, bold=True)
    for _ in range(4):
        right.add_paragraph()
    # A blank name keeps its line: the signer writes it by hand.
    _line(right.add_paragraph(), document.signer_name or "\u00a0", size=14, bold=True)


def _recipients(first, add, document: Document) -> None:
    heading = first.add_run("Nơi nhận:")
    heading.bold = heading.italic = True
    heading.font.size = Pt(12)
    for line in document.recipients:
        add().add_run(line).font.size = Pt(11)


# PDF ----------------------------------------------------------------------------------------


@cache
def pdf_available() -> bool:
    """WeasyPrint needs Pango at run time; where it cannot load, only the Word file is served."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def document_html(document: Document) -> str:
    blocks = []
    for block in document.body:
        kind = type(block).__name__.lower()
        entry = {"kind": kind, "block": block}
        if isinstance(block, Table):
            total = sum(block.widths)
            # Formatted here: the template would localise "33.33" into "33,33" in Vietnamese.
            entry["widths"] = [f"{100 * w / total:.2f}" for w in block.widths]
        blocks.append(entry)
    context = {"doc": document, "blocks": blocks, "motto": MOTTO, "motto_sub": MOTTO_SUB}
    return render_to_string(TEMPLATE, {**context, "draft": DRAFT})


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"The document does not fetch {url!r}.")


def document_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=document_html(document), url_fetcher=_refuse).write_pdf()
