"""Build a .docx from a plan document in plain text, the way Word users write one: every
heading number (一、 （一） 1. （1）) removed from the text and drawn by Word's automatic
numbering instead (numbering.xml), so an importer that ignores numbering loses them.

usage: make_docx.py IN.txt OUT.docx
"""
import re
import sys

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

CN = "一二三四五六七八九十"
STYLES = [
    # (pattern, numFmt, lvlText template: {} is replaced by the level placeholder)
    (re.compile(r"^([" + CN + r"]{1,3})、"), "chineseCounting", "{}、"),
    (re.compile(r"^([（(])([" + CN + r"]{1,3})([）)])"), "chineseCounting", None),
    (re.compile(r"^(\d{1,2})([.．、])(?!\d)"), "decimal", None),
    (re.compile(r"^([（(])(\d{1,2})([）)])"), "decimal", None),
]


def abstract_num(aid, fmt, text):
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
        f'<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    )


def num(nid, aid):
    return parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )


def main(src, out):
    doc = Document()
    numbering = doc.part.numbering_part.element
    abstract_ids = {}  # (style, lvlText) -> abstractNumId
    current = {}  # style -> numId of the list it is in
    next_id = [100]

    def list_for(style, text, number):
        key = (style, text)
        if key not in abstract_ids:
            aid = next_id[0]
            next_id[0] += 1
            abstract_ids[key] = aid
            # abstractNum elements must come before num elements
            first_num = numbering.find(qn("w:num"))
            el = abstract_num(aid, STYLES[style][1], text)
            if first_num is not None:
                first_num.addprevious(el)
            else:
                numbering.append(el)
        # Number 1 starts a new list (Word restarts numbering); otherwise it continues.
        if number == 1 or style not in current:
            nid = next_id[0]
            next_id[0] += 1
            numbering.append(num(nid, abstract_ids[key]))
            current[style] = nid
        return current[style]

    for line in open(src, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        numbered = None
        for i, (pattern, _, template) in enumerate(STYLES):
            m = pattern.match(line)
            if not m:
                continue
            g = m.groups()
            if i == 0:
                value, text = g[0], "%1、"
            elif i == 2:
                value, text = g[0], "%1" + g[1]
            else:
                value, text = g[1], g[0] + "%1" + g[2]
            number = CN.index(value) + 1 if value in CN else int(value) if value.isdigit() else 0
            if number:
                numbered = (i, text, number, line[m.end():])
            break
        if numbered is None:
            doc.add_paragraph(line)
            continue
        style, text, number, rest = numbered
        p = doc.add_paragraph(rest)
        nid = list_for(style, text, number)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{nid}"/></w:numPr>')
        )
    doc.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
