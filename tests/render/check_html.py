"""Validate HTML pages: each must parse under html5lib's strict mode (any parse error of the
WHATWG algorithm fails), and every inline <svg> must be well-formed XML in the SVG namespace.
Prints one line per file: its name and how many SVGs it holds."""
import re
import sys
import xml.etree.ElementTree as ET

import html5lib


def main(paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        html5lib.HTMLParser(strict=True).parse(text)
        svgs = re.findall(r"<svg\b.*?</svg>", text, flags=re.S)
        for svg in svgs:
            root = ET.fromstring(svg)
            assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
        print(f"{path}: {len(svgs)} svg")


if __name__ == "__main__":
    main(sys.argv[1:])
