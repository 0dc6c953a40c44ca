"""A report of `documents` as a Word file, laid out as Nghị định 30/2020/NĐ-CP Annex I asks:
A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 13–14 pt; the
issuing body and the motto side by side, each with a short rule under it; the signer's block
beside the recipients."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from .documents import Heading, Paragraph, Report, Table

FONT = "Times New Roman"
PAGE_WIDTH, LEFT, RIGHT = Cm(21), Cm(3), Cm(1.5)
TEXT_WIDTH = Emu(PAGE_WIDTH - LEFT - RIGHT)
# The letterhead's two columns: the issuing body on the left, the motto on the right.
HEAD_LEFT, HEAD_RIGHT = Cm(6.5), Emu(TEXT_WIDTH - Cm(6.5))

# What follows `w:pBdr` in a paragraph's properties (ECMA-376 Part 1, CT_PPr).
_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def report_docx(report: Report) -> bytes:
    document = Document()
    _page(document)
    _letterhead(document, report)
    _title(document, report)
    for text in report.narrative:
        _body_paragraph(document, text)
    for block in report.body:
        if isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            _body_paragraph(document, block.text, lead=block.lead, italic=block.italic)
        elif isinstance(block, Table):
            _table(document, block)
    _signature(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = LEFT, RIGHT
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    # East-Asian and complex-script slots too, or Word falls back for some letters.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(0)


def _letterhead(document, report: Report) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, (HEAD_LEFT, HEAD_RIGHT))
    left, right = table.rows[0].cells
    _line(left.paragraphs[0], report.issuer, size=13)
    _line(left.add_paragraph(), report.board, size=13, bold=True)
    _rule(left.add_paragraph(), HEAD_LEFT, Cm(2.5))
    _line(left.add_paragraph(), report.number_line, size=13)
    _line(right.paragraphs[0], report.motto, size=13, bold=True)
    _line(right.add_paragraph(), report.motto_sub, size=14, bold=True)
    _rule(right.add_paragraph(), HEAD_RIGHT, Cm(5.5))
    place = right.add_paragraph()
    place.paragraph_format.space_before = Pt(6)
    _line(place, report.place_date, size=14, italic=True)


def _title(document, report: Report) -> None:
    title = document.add_paragraph()
    title.paragraph_format.space_before = Pt(18)
    _line(title, report.title, size=14, bold=True)
    _line(document.add_paragraph(), report.subtitle, size=14, bold=True)
    _rule(document.add_paragraph(), TEXT_WIDTH, Cm(4))


def _line(paragraph, text: str, *, size: int, bold=False, italic=False, center=True) -> None:
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic


def _rule(paragraph, width, length) -> None:
    """A short centred rule: an empty paragraph with a bottom border, indented on both sides so
    that the border is `length` long (Word draws a paragraph border between the indents)."""
    side = Emu(max((width - length) // 2, 0))
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.line_spacing = Pt(4)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # The schema orders a paragraph's properties: the border goes before spacing and indents.
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDER)


def _heading(document, block: Heading) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(8 if block.level == 1 else 4)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(block.text)
    run.bold = True
    run.italic = block.level == 3


def _body_paragraph(document, text: str, *, lead: str = "", italic: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(6)
    if lead:
        paragraph.add_run(lead).bold = True
    paragraph.add_run(text).italic = italic


def _table(document, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(block.widths)
    widths = [Emu(int(TEXT_WIDTH * w / total)) for w in block.widths]
    for cell, name in zip(table.rows[0].cells, block.columns, strict=True):
        _cell(cell, name, bold=True, center=True)
    for n, row in enumerate(block.rows):
        cells = table.add_row().cells
        for at, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell(cell, text, bold=n in block.flagged and at == len(row) - 1)
    _widths(table, widths)
    document.add_paragraph().paragraph_format.space_after = Pt(4)


def _widths(table, widths) -> None:
    """Word reads the cells' widths, LibreOffice the grid's: both are set."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _cell(cell, text: str, *, bold=False, center=False) -> None:
    paragraph = cell.paragraphs[0]
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(12)
    run.bold = bold


def _signature(document, report: Report) -> None:
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(12)
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    _widths(table, (Emu(TEXT_WIDTH // 2), Emu(TEXT_WIDTH - TEXT_WIDTH // 2)))
    left, right = table.rows[0].cells
    heading = left.paragraphs[0].add_run("Nơi nhận:")
    heading.bold, heading.italic = True, True
    heading.font.size = Pt(12)
    for line in report.recipients:
        left.add_paragraph().add_run(line).font.size = Pt(11)
    _line(right.paragraphs[0], report.mandate, size=14, bold=True)
    _line(right.add_paragraph(), report.signer_title, size=14, bold=True)
    for _ in range(4):
        right.add_paragraph()
    _line(right.add_paragraph(), report.signer_name, size=14, bold=True)
