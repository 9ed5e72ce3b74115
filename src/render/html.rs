//! The document as one self-contained HTML page for print: the same layout as the Word
//! file (GB/T 9704-2012) in print CSS — `@page` A4 with the 37/26/35/28 mm margins, 3号
//! 仿宋 at a 28.95 pt line pitch and a 15.79 pt character pitch (16 pt less 0.21 pt of
//! `letter-spacing`: 28 characters in the 156 mm line, as the Word file's grid), page
//! numbers "— 1 —" in the outer bottom corner, and the annex on a landscape page. No script,
//! no network: fonts are named with their fallbacks.

use super::{
    fonts, Block, Document, Level, ANNEX_COLUMNS, ANNEX_LABEL, ANNEX_TITLE, GLOSSARY_TITLE,
};

/// Escape text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A CSS font list: the font the document names, its stand-ins, then a generic family.
fn family(main: &str, fallbacks: &[&str], generic: &str) -> String {
    let mut names: Vec<String> = std::iter::once(main)
        .chain(fallbacks.iter().copied())
        .map(|f| format!("\"{f}\""))
        .collect();
    names.push(generic.to_string());
    names.join(", ")
}

fn style() -> String {
    let fang = family(fonts::FANG, fonts::FANG_FALLBACK, "serif");
    let kai = family(fonts::KAI, fonts::KAI_FALLBACK, "serif");
    let hei = family(fonts::HEI, fonts::HEI_FALLBACK, "sans-serif");
    let song = family(fonts::SONG, fonts::SONG_FALLBACK, "serif");
    let title = family(fonts::TITLE, fonts::TITLE_FALLBACK, "serif");
    format!(
        r#"
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
@page :right {{ @bottom-right {{ content: "— " counter(page) " —"; font-family: {song}; font-size: 14pt; margin-right: 1em; vertical-align: top; padding-top: 7mm; }} }}
@page :left {{ @bottom-left {{ content: "— " counter(page) " —"; font-family: {song}; font-size: 14pt; margin-left: 1em; vertical-align: top; padding-top: 7mm; }} }}
@page annex {{ size: A4 landscape; margin: 28mm 35mm 26mm 37mm; }}
html {{ background: #eee; }}
body {{ margin: 0; font-family: {fang}; font-size: 16pt; line-height: 28.95pt; letter-spacing: -0.21pt; color: #000; }}
.page {{ background: #fff; width: 156mm; margin: 0 auto; padding: 37mm 26mm 35mm 28mm; box-sizing: content-box; }}
p {{ margin: 0; text-align: justify; text-indent: calc(2em - 0.42pt); orphans: 1; widows: 1; }}
.ref {{ text-align: center; text-indent: 0; margin-bottom: 28.95pt; }}
h1 {{ font-family: {title}; font-weight: bold; font-size: 22pt; line-height: 36pt; text-align: center; margin: 0 0 28.95pt; letter-spacing: normal; }}
.l1 {{ font-family: {hei}; font-weight: normal; }}
.l2 {{ font-family: {kai}; }}
.l3, .l4 {{ font-family: {fang}; }}
.sign {{ text-align: right; text-indent: 0; padding-right: 4em; }}
p:not(.sign) + .sign {{ margin-top: 57.9pt; }}
h2 {{ font-family: {hei}; font-weight: normal; font-size: 16pt; text-align: center; margin: 28.95pt 0 0; }}
.term {{ font-family: {hei}; }}
.annex {{ page: annex; break-before: page; width: 225mm; padding: 28mm 35mm 26mm 37mm; }}
.annex .label {{ font-family: {hei}; text-indent: 0; }}
.annex h1 {{ margin: 0 0 14pt; }}
table {{ border-collapse: collapse; table-layout: fixed; width: 100%; font-size: 12pt; line-height: 1.4; letter-spacing: normal; }}
th, td {{ border: 1px solid #000; padding: 2pt 4pt; vertical-align: middle; }}
th {{ font-family: {hei}; font-weight: normal; }}
td.n, td.when {{ text-align: center; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
@media print {{
  html {{ background: none; }}
  .page, .annex {{ width: auto; margin: 0; padding: 0; }}
}}
"#
    )
}

/// The annex's column widths, as in the Word file: the targets get the most room, and an
/// empty column keeps its width.
const COLUMNS: &str = "<colgroup><col style=\"width:5%\"><col style=\"width:18%\"><col style=\"width:38%\"><col style=\"width:12%\"><col style=\"width:13%\"><col style=\"width:14%\"></colgroup>";

fn level_class(level: Level) -> &'static str {
    match level {
        Level::One => "l1",
        Level::Two => "l2",
        Level::Three => "l3",
        Level::Four => "l4",
    }
}

fn block(out: &mut String, b: &Block) {
    out.push_str(&format!(
        "<p><span class=\"{}\">{}</span>{}</p>\n",
        level_class(b.level),
        escape(&b.lead),
        escape(&b.text)
    ));
}

/// The page of a document.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&doc.title)));
    out.push_str(&format!("<style>{}</style>\n</head>\n<body>\n", style()));
    out.push_str("<main class=\"page\">\n");
    if let Some(r) = &doc.reference {
        out.push_str(&format!("<p class=\"ref\">{}</p>\n", escape(r)));
    }
    out.push_str(&format!("<h1>{}</h1>\n", escape(&doc.title)));
    for p in &doc.preamble {
        out.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    for b in &doc.body {
        block(&mut out, b);
    }
    for line in doc.issuer.iter().chain(doc.issued.iter()) {
        out.push_str(&format!("<p class=\"sign\">{}</p>\n", escape(line)));
    }
    if !doc.glossary.is_empty() {
        out.push_str(&format!("<h2>{GLOSSARY_TITLE}</h2>\n"));
        for (term, meaning) in &doc.glossary {
            out.push_str(&format!(
                "<p><span class=\"term\">{}：</span>{}</p>\n",
                escape(term),
                escape(meaning)
            ));
        }
    }
    out.push_str("</main>\n<section class=\"annex\">\n");
    out.push_str(&format!(
        "<p class=\"label\">{ANNEX_LABEL}</p>\n<h1>{ANNEX_TITLE}</h1>\n<table>\n{COLUMNS}\n<thead><tr>"
    ));
    for c in ANNEX_COLUMNS {
        out.push_str(&format!("<th>{c}</th>"));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, r) in doc.annex.iter().enumerate() {
        out.push_str(&format!(
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"when\">{}</td></tr>\n",
            i + 1,
            escape(&r.task),
            escape(&r.targets),
            escape(&r.lead),
            escape(&r.support),
            escape(&r.deadline)
        ));
    }
    out.push_str("</tbody>\n</table>\n</section>\n</body>\n</html>\n");
    out
}
