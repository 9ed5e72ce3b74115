"""Read a .docx back with python-docx and print what the render tests assert, as JSON:
page size, orientation and margins of every section, the line grid, the Normal style, the
footers (odd and even), every paragraph's text with its runs' East-Asian fonts, sizes and
widths, and the tables."""
import json
import sys

import docx
from docx.oxml.ns import qn


def mm(length):
    return None if length is None else round(length.mm, 1)


def runs(paragraph):
    out = []
    for r in paragraph.runs:
        fonts = r._element.rPr.rFonts if r._element.rPr is not None else None
        out.append({
            "text": r.text,
            "east_asia": fonts.get(qn("w:eastAsia")) if fonts is not None else None,
            "size": r.font.size.pt if r.font.size is not None else None,
            "scale": scale(r._element.rPr),
        })
    return out


def scale(rpr):
    """A run's or style's character width in percent (w:w), or None when it inherits it."""
    w = rpr.find(qn("w:w")) if rpr is not None else None
    return int(w.get(qn("w:val"))) if w is not None else None


def footer(f):
    xml = f._element.xml
    return {
        "text": "".join(p.text for p in f.paragraphs),
        "page_field": "PAGE" in xml,
        "align": [str(p.alignment) for p in f.paragraphs],
    }


def main(path):
    d = docx.Document(path)
    sections = []
    for s in d.sections:
        grid = s._sectPr.find(qn("w:docGrid"))
        sections.append({
            "orientation": "landscape" if s.orientation == 1 else "portrait",
            "width": mm(s.page_width), "height": mm(s.page_height),
            "top": mm(s.top_margin), "bottom": mm(s.bottom_margin),
            "left": mm(s.left_margin), "right": mm(s.right_margin),
            "line_pitch": grid.get(qn("w:linePitch")) if grid is not None else None,
            "grid_type": grid.get(qn("w:type")) if grid is not None else None,
            "char_space": grid.get(qn("w:charSpace")) if grid is not None else None,
            "footer": footer(s.footer),
            "even_footer": footer(s.even_page_footer),
        })
    # Which section each table lies in: count the section breaks before it in the body.
    body = d.element.body
    table_sections = []
    section = 0
    for child in body.iterchildren():
        if child.tag == qn("w:p") and child.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            section += 1
        elif child.tag == qn("w:tbl"):
            table_sections.append(section)
    defaults = d.styles.element.find(qn("w:docDefaults"))
    default_size = None
    if defaults is not None:
        sz = defaults.find(".//" + qn("w:sz"))
        default_size = int(sz.get(qn("w:val"))) / 2 if sz is not None else None
    # The Normal style: LibreOffice sizes the character grid from its own w:sz.
    normal = d.styles["Normal"]
    print(json.dumps({
        "default_size": default_size,
        "normal": {
            "size": normal.font.size.pt if normal.font.size is not None else None,
            "east_asia": normal.element.rPr.rFonts.get(qn("w:eastAsia"))
            if normal.element.rPr is not None and normal.element.rPr.rFonts is not None else None,
            "scale": scale(normal.element.rPr),
        },
        "even_and_odd": d.settings.odd_and_even_pages_header_footer,
        "sections": sections,
        "paragraphs": [
            {"text": p.text, "align": str(p.alignment), "runs": runs(p),
             "first_line": mm(p.paragraph_format.first_line_indent)}
            for p in d.paragraphs if p.text
        ],
        "tables": [
            {"section": sec, "rows": [[c.text for c in row.cells] for row in t.rows]}
            for t, sec in zip(d.tables, table_sections)
        ],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
