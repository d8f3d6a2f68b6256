"""Regenerates the Word templates in templates/: the resolution and policy (one language and bilingual) and the
six board-packet documents (packet_*.docx).

The templates are ordinary Word files: open them in Word or LibreOffice to restyle them (fonts, letterhead,
margins, the look of each named style) and save; the builder keeps working as long as the {{ ... }} and
{%p ... %} lines stay in place. Run this script only to start again from the stock design:

    python tools/make_templates.py

``--slim`` only slims the templates as they are (see ``slim``), keeping any restyling done in Word.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from docx.shared import Inches, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates"
FONT = "Times New Roman"

POLICY_LIST, CLAUSE_LIST = 90, 91  # numbering ids, clear of the stock template's own lists
POLICY_LIST_2, CLAUSE_LIST_2 = 92, 93  # the second language's column counts on its own
PACKET_BULLETS, PACKET_STEPS, PACKET_STEPS_2 = 94, 95, 96  # the packet's bullets and numbered steps (per language)
PACKET_KINDS = ("board-summary", "talking-points", "faq", "staff-protocol", "family-notice", "cover-letter")
ONE_PAGE = {"staff-protocol": 11, "talking-points": 10.5}  # their text size: small enough to fit one page
# The board summary reads at an ordinary size with ordinary margins (review M-11): 10.5 pt, and it may run to a
# second page for a large selection; its spacing is snug so that the Spanish all-provisions summary takes two.
READABLE = {"board-summary": 10.5}
SECOND = " (Second Language)"  # the right-hand column's styles carry the second proofing language


def _style(doc, name, base="Normal", *, size=12, bold=False, italic=False, align=None, before=0, after=8,
           left=None, first=None, keep_next=False, caps=False, color=None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    font = style.font
    font.name, font.size, font.bold, font.italic, font.all_caps = FONT, Pt(size), bold, italic, caps
    if color:
        font.color.rgb = RGBColor.from_string(color)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if left is not None:  # numbered styles leave the indents to their list level
        fmt.left_indent = Inches(left)
    if first is not None:
        fmt.first_line_indent = Inches(first)
    fmt.keep_with_next = keep_next
    fmt.line_spacing = 1.0  # single spacing, as boards print resolutions
    if align is not None:
        fmt.alignment = align
    return style


def _char_style(doc, name, *, bold=False, italic=False):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    style.font.bold, style.font.italic = bold, italic
    style.quick_style = True
    return style


def _add_numbering(numbering, abstract, num_id):
    """Word wants every abstract numbering before the first concrete one, then the concrete one pointing to it."""
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))


def _numbering(doc, num_id, levels):
    """A list definition whose levels are tied to paragraph styles, so numbering follows the style."""
    levels = [(doc.styles[name].style_id, text, left) for name, text, left in levels]
    numbering = doc.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:pStyle w:val="{style_id}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{left}"/></w:pPr></w:lvl>'
        for i, (style_id, text, left) in enumerate(levels))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
    _add_numbering(numbering, abstract, num_id)
    for level, (style_id, _, _) in enumerate(levels):
        style = next(s for s in doc.styles if s.style_id == style_id)
        num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id


def _field(paragraph, instruction):
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out the page."""
    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def _run(paragraph, text, style=None):
    run = paragraph.add_run(text, style=style)
    return run


def _base_document():
    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        section.left_margin = section.right_margin = Inches(1)
        section.top_margin = section.bottom_margin = Inches(1)
        section.header_distance = section.footer_distance = Inches(0.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(12)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    props = doc.core_properties
    props.author = props.comments = props.title = props.subject = props.keywords = ""
    props.last_modified_by = ""
    props.language = "en-US"

    _style(doc, "Document Label", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6, caps=True)
    _style(doc, "Title Block", align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    title = _style(doc, "Document Title", "Heading 1", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                   before=12, after=18)
    title.font.color.rgb = RGBColor(0, 0, 0)
    # The adoption block (vote, signatures, ATTEST) keeps together on one page: each paragraph keeps with the next.
    _style(doc, "Adoption Text", before=10, after=6, keep_next=True)
    vote = _style(doc, "Vote Line", after=2, left=0.5, keep_next=True)
    vote.paragraph_format.tab_stops.add_tab_stop(Inches(2), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.SPACES)
    vote.paragraph_format.tab_stops.add_tab_stop(Inches(4.5), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES)
    line = _style(doc, "Signature Line", before=22, after=0, keep_next=True)
    line.paragraph_format.tab_stops.add_tab_stop(Inches(3.5), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES)
    _style(doc, "Signature Name", after=0, keep_next=True)
    _style(doc, "Signature Role", after=6, keep_next=True)
    _style(doc, "Signature Role Last", "Signature Role", after=6)  # the block ends here
    _style(doc, "Certificate Title", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=6,
           keep_next=True)
    _style(doc, "Certificate Text", after=8, keep_next=True)
    _style(doc, "Draft Mark", "Header", size=10, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0, color="8B0000")
    _style(doc, "Page Number", "Footer", size=10, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _char_style(doc, "Connective", bold=True)
    _char_style(doc, "Defined Term", bold=True)
    appendix = _style(doc, "Appendix Heading", "Heading 1", size=12, bold=True, before=0, after=12, keep_next=True)
    appendix.font.color.rgb = RGBColor(0, 0, 0)
    appendix.paragraph_format.page_break_before = True
    _style(doc, "Appendix Reference", after=2, keep_next=True)
    _style(doc, "Appendix Note", size=11, italic=True, after=10, left=0.3)
    return doc


def _appendix(doc):
    """The annotated edition's legal references appendix; absent from the clean edition."""
    _tag(doc, "{%p if plan.appendix %}")
    doc.add_paragraph("{{ plan.appendix_title }}", style="Appendix Heading")
    _tag(doc, "{%p for a in plan.appendix %}")
    doc.add_paragraph("{{r a.citation }}", style="Appendix Reference")
    doc.add_paragraph("{{ a.used_in }}", style="Appendix Note")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")


def _header_footer(doc):
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.style = doc.styles["Draft Mark"]
    _run(header, "{{ plan.draft_mark }}")
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Page Number"]
    _run(footer, "{{ plan.page }} ")
    _field(footer, "PAGE")
    _run(footer, " {{ plan.page_of }} ")
    _field(footer, "NUMPAGES")


def _tag(doc, text):
    """A paragraph that holds only a {%p ... %} tag; docxtpl removes it when it renders."""
    doc.add_paragraph(text, style="Normal")


def _lead_paragraph(doc, style, item):
    paragraph = doc.add_paragraph(style=style)
    _run(paragraph, "{{ %s.lead }}" % item, style="Connective")
    _run(paragraph, "{{r %s.rest }}" % item)


def _resolution_styles(doc):
    _style(doc, "Recital", first=0.5, after=8)
    _style(doc, "Resolved Clause", after=8)


def make_resolution():
    doc = _base_document()
    _resolution_styles(doc)
    _numbering(doc, CLAUSE_LIST, [("Resolved Clause", "%1.", 576)])
    _header_footer(doc)
    doc.add_paragraph("{{ plan.resolution.label }}", style="Document Label")
    doc.add_paragraph("{{ plan.board_name }}", style="Title Block")
    doc.add_paragraph("{{ plan.district_name }}", style="Title Block")
    _place_line(doc)
    doc.add_paragraph("{{ plan.resolution.number_line }}", style="Title Block")
    doc.add_paragraph("{{ plan.resolution.title }}", style="Document Title")
    _tag(doc, "{%p for r in plan.resolution.recitals %}")
    _lead_paragraph(doc, "Recital", "r")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for c in plan.resolution.clauses %}")
    _lead_paragraph(doc, "Resolved Clause", "c")
    _tag(doc, "{%p endfor %}")
    doc.add_paragraph("{{ plan.resolution.adopted }}", style="Adoption Text")
    _tag(doc, "{%p for label in plan.resolution.vote_labels %}")
    vote = doc.add_paragraph("{{ label }}", style="Vote Line")
    vote.add_run("\t\t")
    _tag(doc, "{%p endfor %}")
    _signatures(doc)
    _appendix(doc)
    return doc


def _place_line(doc):
    _tag(doc, "{%p if plan.place_line %}")
    doc.add_paragraph("{{ plan.place_line }}", style="Title Block")
    _tag(doc, "{%p endif %}")


def _signature(doc, item, last_role):
    _tag(doc, "{%%p if %s.attest %%}" % item)
    doc.add_paragraph("{{ %s.attest }}" % item, style="Adoption Text")
    _tag(doc, "{%p endif %}")
    doc.add_paragraph("\t", style="Signature Line")
    _tag(doc, "{%%p if %s.name %%}" % item)
    doc.add_paragraph("{{ %s.name }}" % item, style="Signature Name")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%%p if %s %%}" % last_role)
    doc.add_paragraph("{{ %s.role }}" % item, style="Signature Role Last")
    _tag(doc, "{%p else %}")
    doc.add_paragraph("{{ %s.role }}" % item, style="Signature Role")
    _tag(doc, "{%p endif %}")


def _signatures(doc, bilingual=False):
    """The signatures, then the secretary's certificate; the block from the vote to the last signature keeps
    together. The bilingual edition signs once, captioned in both languages, and gives the certificate in the
    second language after the first."""
    _tag(doc, "{%p for s in plan.resolution.signatures %}")
    _signature(doc, "s", "loop.last")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if plan.resolution.certificate %}")
    doc.add_paragraph("{{ plan.resolution.certificate.title }}", style="Certificate Title")
    doc.add_paragraph("{{ plan.resolution.certificate.text }}", style="Certificate Text")
    if bilingual:
        _tag(doc, "{%p if plan.resolution.certificate.translation %}")
        doc.add_paragraph("{{ plan.resolution.certificate.translation }}", style="Certificate Text" + SECOND)
        _tag(doc, "{%p endif %}")
    _signature(doc, "plan.resolution.certificate.signature", "True")
    _tag(doc, "{%p endif %}")


# A board policy and its regulation read at 10.5 pt with normal margins of 0.75" (issue 22: the policy fits 2-4
# pages for the recommended set and 5 for every provision; never under 10.5 pt); the legal references and related
# policies, a list for the record, at 9 pt in two columns.
POLICY_SIZE, REFERENCE_SIZE = 10.5, 9


def _policy_styles(doc):
    heading = _style(doc, "Policy Heading", "Heading 2", size=POLICY_SIZE, bold=True, before=4, after=2,
                     keep_next=True)
    heading.font.color.rgb = RGBColor(0, 0, 0)
    _style(doc, "Policy Text", size=POLICY_SIZE, after=2)
    _style(doc, "Policy Rule", size=POLICY_SIZE, after=2)
    _style(doc, "Definition", size=POLICY_SIZE, after=1, left=0.25)
    _style(doc, "Legal Reference", size=REFERENCE_SIZE, after=0, left=0.2, first=-0.2)
    title = doc.styles["Document Title"].paragraph_format  # a policy's title block is shorter than a resolution's
    title.space_before, title.space_after = Pt(6), Pt(8)
    # The empty paragraph that ends a section (the two columns of references): one point high, taking no line.
    brk = _style(doc, "Section Break", size=1, after=0)
    brk.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    brk.paragraph_format.line_spacing = Pt(1)


def make_policy():
    doc = _base_document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Inches(0.75)
        section.top_margin = section.bottom_margin = Inches(0.75)
        section.header_distance = section.footer_distance = Inches(0.35)
    _policy_styles(doc)
    # Numbers in a narrow hanging indent, so that the text keeps most of the line (4.12 fits in 0.45")
    _numbering(doc, POLICY_LIST, [("Policy Heading", "%1.", 432), ("Policy Rule", "%1.%2", 648)])
    _header_footer(doc)
    doc.add_paragraph("{{ plan.policy.label }}", style="Document Label")
    doc.add_paragraph("{{ plan.district_name }}", style="Title Block")
    _place_line(doc)
    doc.add_paragraph("{{ plan.policy.number_line }}", style="Title Block")
    doc.add_paragraph("{{ plan.policy.title }}", style="Document Title")
    # The legal references and related policies, a list for the record, print in two columns (a continuous
    # section of their own), so that the policy keeps to 2-4 pages for the recommended set.
    _tag(doc, "{%p for s in plan.policy.sections %}")
    _tag(doc, "{%p if s.id == 'legal-references' %}")
    _section_break(doc, columns=1)
    _tag(doc, "{%p endif %}")
    doc.add_paragraph("{{ s.title }}", style="Policy Heading")
    _tag(doc, "{%p for p in s.paragraphs %}")
    _tag(doc, "{%p if p.kind == 'rule' %}")
    doc.add_paragraph("{{r p.text }}", style="Policy Rule")
    _tag(doc, "{%p elif p.kind == 'definition' %}")
    definition = doc.add_paragraph(style="Definition")
    _run(definition, "{{ p.term }}", style="Defined Term")
    _run(definition, "{{r p.text }}")
    _tag(doc, "{%p elif p.kind == 'reference' %}")
    doc.add_paragraph("{{r p.text }}", style="Legal Reference")
    _tag(doc, "{%p else %}")
    doc.add_paragraph("{{r p.text }}", style="Policy Text")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if plan.policy.sections|selectattr('id', 'equalto', 'legal-references')|list %}")
    _section_break(doc, columns=2)
    _tag(doc, "{%p endif %}")
    _continuous(doc.element.body.sectPr)  # the history line follows the two columns on the same page
    doc.add_paragraph("{{ plan.policy.adopted }}", style="Adoption Text")
    _appendix(doc)
    return doc


def _continuous(sect) -> None:
    """The section starts where the one before it ends, not on a new page."""
    kind = sect.find(qn("w:type"))
    if kind is None:
        kind = parse_xml(f'<w:type {nsdecls("w")}/>')
        anchor = sect.find(qn("w:pgSz"))
        anchor.addprevious(kind)  # after the header and footer references, before the page size
    kind.set(qn("w:val"), "continuous")


def _section_break(doc, columns):
    """An empty, one-point paragraph that ends a continuous section of ``columns`` columns, with the page setup,
    header and footer of the document's own (last) section."""
    sect = copy.deepcopy(doc.element.body.sectPr)
    _continuous(sect)
    cols = sect.find(qn("w:cols"))
    if cols is None:
        cols = parse_xml(f'<w:cols {nsdecls("w")}/>')
        sect.append(cols)
    cols.set(qn("w:num"), str(columns))
    cols.set(qn("w:space"), "360")
    paragraph = doc.add_paragraph(style="Section Break")
    paragraph._p.get_or_add_pPr().append(sect)


# The bilingual edition: one borderless two-column table, a row per paragraph, the first language on the
# left and the second on the right; each kind of paragraph keeps its named style in both columns.
_KIND_STYLES = [("label", "Document Label"), ("block", "Title Block"), ("title", "Document Title"),
                ("recital", "Recital"), ("clause", "Resolved Clause"), ("adopted", "Adoption Text"),
                ("vote", "Vote Line"), ("heading", "Policy Heading"), ("rule", "Policy Rule"),
                ("definition", "Definition"), ("reference", "Legal Reference"), ("text", "Policy Text")]


def _second_language_styles(doc):
    _style(doc, "Column Heading", size=10, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6, caps=True)
    for name in [name for _, name in _KIND_STYLES] + ["Column Heading", "Certificate Text"]:
        style = doc.styles.add_style(name + SECOND, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[name]
        style.quick_style = False
        lang = parse_xml(f'<w:lang {nsdecls("w")} w:val="es-US"/>')  # set to the real language when rendered
        style.element.get_or_add_rPr().append(lang)


def _cell_paragraphs(cell, side, suffix):
    """One branch per kind of paragraph; docxtpl keeps the one that matches the row."""
    cell.paragraphs[0].text = "{%%p if row.kind == '%s' %%}" % _KIND_STYLES[0][0]
    for index, (kind, name) in enumerate(_KIND_STYLES):
        if index:
            cell.add_paragraph("{%%p elif row.kind == '%s' %%}" % kind)
        paragraph = cell.add_paragraph(style=name + suffix)
        _run(paragraph, "{{ row.%s.lead }}" % side, style="Defined Term" if kind == "definition" else "Connective")
        _run(paragraph, "{{r row.%s.rest }}" % side)
        if kind == "vote":
            paragraph.add_run("\t")
    cell.add_paragraph("{%p endif %}")


def _bilingual_table(doc, rows):
    """A header row naming each column's language (repeated on every page), then one row per paragraph."""
    table = doc.add_table(rows=4, cols=2)
    table.autofit = False
    borders = parse_xml(f'<w:tblBorders {nsdecls("w")}>' + "".join(
        f'<w:{edge} w:val="nil"/>' for edge in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")
    # in the schema's order (before the layout and look): Word drops an element out of place
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                           "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    for row in table.rows:
        for cell in row.cells:
            cell.width = Inches(3.25)
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    header.cells[0].paragraphs[0].style = doc.styles["Column Heading"]
    _run(header.cells[0].paragraphs[0], "{{ plan.column_titles[0] }}")
    header.cells[1].paragraphs[0].style = doc.styles["Column Heading" + SECOND]
    _run(header.cells[1].paragraphs[0], "{{ plan.column_titles[1] }}")
    table.rows[1].cells[0].paragraphs[0].text = "{%%tr for row in %s %%}" % rows
    _cell_paragraphs(table.rows[2].cells[0], "left", "")
    _cell_paragraphs(table.rows[2].cells[1], "right", SECOND)
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    return table


def _bilingual_vote_tabs(doc):
    """A column is half a page wide: one tab stop draws the line to fill in (the second column inherits it)."""
    vote = doc.styles["Vote Line"].paragraph_format
    vote.left_indent = Inches(0.25)
    tabs = vote.tab_stops
    while len(tabs):
        del tabs[0]
    tabs.add_tab_stop(Inches(2.9), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES)


def _bilingual_document():
    """Every kind of paragraph's style, in both columns, for either bilingual document."""
    doc = _base_document()
    _resolution_styles(doc)
    _policy_styles(doc)
    _second_language_styles(doc)
    _bilingual_vote_tabs(doc)
    _header_footer(doc)
    return doc


ADOPTION_KINDS = ("adopted", "vote")
"""The bilingual resolution's rows that leave the table: LibreOffice keeps no table row with the paragraph after
the table, so the vote block (PASSED AND ADOPTED, then AYES/NOES ...) is set as full-width paragraphs, each keeping
with the next down to the last signature, and so lands on the signatures' page in every language order (M-13)."""


def _bilingual_adoption(doc):
    """The adoption sentence in each language, one after the other, then one vote line captioned in both."""
    vote = _style(doc, "Bilingual Vote Line", after=2, left=0.5, keep_next=True)
    tabs = vote.paragraph_format.tab_stops
    tabs.add_tab_stop(Inches(3.5), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.SPACES)
    tabs.add_tab_stop(Inches(6), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES)
    _tag(doc, "{%p for row in plan.resolution_rows if row.kind == 'adopted' %}")
    for side, style in (("left", "Adoption Text"), ("right", "Adoption Text" + SECOND)):
        paragraph = doc.add_paragraph(style=style)
        _run(paragraph, "{{ row.%s.lead }}" % side, style="Connective")
        _run(paragraph, "{{r row.%s.rest }}" % side)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for row in plan.resolution_rows if row.kind == 'vote' %}")
    line = doc.add_paragraph(style="Bilingual Vote Line")
    for text in ("{{ row.left.lead }}", "{{r row.left.rest }}", " / ", "{{ row.right.lead }}", "{{r row.right.rest }}",
                 "\t\t"):
        _run(line, text)
    _tag(doc, "{%p endfor %}")


def make_resolution_bilingual():
    doc = _bilingual_document()
    _numbering(doc, CLAUSE_LIST, [("Resolved Clause", "%1.", 576)])
    _numbering(doc, CLAUSE_LIST_2, [("Resolved Clause" + SECOND, "%1.", 576)])
    _bilingual_table(doc, "plan.resolution_rows if row.kind not in %r" % (ADOPTION_KINDS,))
    _bilingual_adoption(doc)
    _signatures(doc, bilingual=True)
    _appendix(doc)
    return doc


def make_policy_bilingual():
    doc = _bilingual_document()
    _numbering(doc, POLICY_LIST, [("Policy Heading", "%1.", 720), ("Policy Rule", "%1.%2", 864)])
    _numbering(doc, POLICY_LIST_2, [("Policy Heading" + SECOND, "%1.", 720), ("Policy Rule" + SECOND, "%1.%2", 864)])
    _bilingual_table(doc, "plan.policy_rows")
    _appendix(doc)
    return doc


def _bullets(doc, num_id, style_name, left):
    """A bulleted list tied to a paragraph style, so that any paragraph in that style is a bullet."""
    style_id = doc.styles[style_name].style_id
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="{style_id}"/>'
        f'<w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="{left // 2}"/>'
        f'</w:pPr></w:lvl></w:abstractNum>')
    _add_numbering(numbering, abstract, num_id)
    num_pr = doc.styles[style_name].element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


_PACKET_STYLES = (("title", "Document Title"), ("subtitle", "Packet Subtitle"), ("heading", "Packet Heading"),
                  ("question", "Packet Question"), ("text", "Packet Text"), ("bullet", "Packet Bullet"),
                  ("step", "Packet Step"), ("signature", "Packet Signature"), ("language", "Packet Language"))
"""Each block kind and its style; in the bilingual edition the second language's blocks (``kind`` + "2") use the
same style + " (Second Language)", which carries that language for spelling and screen readers."""


def make_packet(kind):
    """One board-packet document: a loop over ``packet.blocks``, each block in the Word style its kind names."""
    doc = _base_document()
    compact = kind in ONE_PAGE or kind in READABLE
    size = ONE_PAGE.get(kind) or READABLE.get(kind, 11)
    if kind in ONE_PAGE:
        for section in doc.sections:
            section.left_margin = section.right_margin = Inches(0.6)
            section.top_margin = section.bottom_margin = Inches(0.45)
            section.header_distance = section.footer_distance = Inches(0.2)
    elif kind in READABLE:  # normal margins: never under 0.75"
        for section in doc.sections:
            section.left_margin = section.right_margin = Inches(0.75)
            section.top_margin = section.bottom_margin = Inches(0.75)
            section.header_distance = section.footer_distance = Inches(0.35)
    title = doc.styles["Document Title"]
    title.font.size = Pt(13 if compact else 15)
    title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(0), Pt(2 if compact else 6)
    _style(doc, "Packet Subtitle", size=size, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=4 if compact else 12)
    for name, base, level_size in (("Packet Heading", "Heading 2", size + (1 if compact else 1.5)),
                                     ("Packet Question", "Heading 3", size + 0.5)):
        heading = _style(doc, name, base, size=level_size, bold=True, before=3 if compact else 12,
                         after=1 if compact else 4, keep_next=True)
        heading.font.color.rgb = RGBColor(0, 0, 0)
    after = 1 if compact else 6
    _style(doc, "Packet Text", size=size, after=after)
    _style(doc, "Packet Bullet", size=size, after=after)
    _style(doc, "Packet Step", size=size, after=after)
    _style(doc, "Packet Signature", size=size, before=24, after=0)
    language = _style(doc, "Packet Language", "Heading 1", size=size + 2, bold=True, after=6)
    language.font.color.rgb = RGBColor(0, 0, 0)
    language.paragraph_format.page_break_before = True  # the second language starts on its own page
    for _, name in _PACKET_STYLES:
        style = doc.styles.add_style(name + SECOND, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[name]
        style.quick_style = False
        style.element.get_or_add_rPr().append(parse_xml(f'<w:lang {nsdecls("w")} w:val="es-US"/>'))  # set when rendered
    _bullets(doc, PACKET_BULLETS, "Packet Bullet", 360)
    _numbering(doc, PACKET_STEPS, [("Packet Step", "%1.", 360)])
    _numbering(doc, PACKET_STEPS_2, [("Packet Step" + SECOND, "%1.", 360)])  # the second language counts anew
    _header_footer(doc)
    _tag(doc, "{%p for b in packet.blocks %}")
    branches = [(kind + suffix, style + (SECOND if suffix else "")) for suffix in ("", "2") for kind, style in _PACKET_STYLES]
    for index, (block_kind, style) in enumerate(branches):
        _tag(doc, "{%%p %s b.kind == '%s' %%}" % ("if" if index == 0 else "elif", block_kind))
        paragraph = doc.add_paragraph(style=style)
        if block_kind.rstrip("2") in ("text", "bullet"):  # a lead in bold, where the block has one
            _run(paragraph, "{{ b.lead }}", style="Connective")
        _run(paragraph, "{{ b.text }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    return doc


def _valid_zoom(doc) -> None:
    """python-docx's stock settings say ``<w:zoom w:val="bestFit"/>``, which the schema refuses without the
    ``w:percent`` it requires (Word writes both)."""
    for zoom in doc.settings.element.iter(qn("w:zoom")):
        if zoom.get(qn("w:percent")) is None:
            zoom.set(qn("w:percent"), "100")


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


def slim(doc) -> None:
    """Leaves out what python-docx's stock template carries and no draft uses: Word 2010's copy of the styles
    (stylesWithEffects.xml, 438 KB) and a hundred table styles (300 KB of styles.xml; Word still offers every
    built-in table style). Each draft is read and written from its template: this halves a build's time and
    makes each .docx less than half the size. Also the stock thumbnail, a blank page that a file browser would
    show for every draft instead of its first page."""
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == THUMBNAIL:
            package_rels.pop(rel_id)
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:default")) != "1":
            styles.remove(style)


def main(argv: list[str] | None = None):
    if (argv if argv is not None else sys.argv[1:]) == ["--slim"]:  # the templates as they are, slimmed
        for path in sorted(OUT.glob("*.docx")):
            doc = Document(str(path))
            slim(doc)
            doc.save(path)
            print(f"slimmed {path}")
        return
    OUT.mkdir(exist_ok=True)
    made = {"resolution": make_resolution(), "policy": make_policy(),
            "resolution_bilingual": make_resolution_bilingual(), "policy_bilingual": make_policy_bilingual()}
    made.update({f"packet_{kind.replace('-', '_')}": make_packet(kind) for kind in PACKET_KINDS})
    for name, doc in made.items():
        _valid_zoom(doc)
        slim(doc)
        doc.save(OUT / f"{name}.docx")
        print(f"wrote {OUT / (name + '.docx')}")


if __name__ == "__main__":
    main()
