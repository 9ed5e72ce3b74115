//! The document as a Word file in the layout of GB/T 9704-2012 (党政机关公文格式): A4,
//! margins top 37 mm and left 28 mm around a 156 × 225 mm text block, 22 lines of 28
//! characters in 3号 仿宋, the title in 2号 小标宋, page numbers "— 1 —" in 4号 宋体 on
//! the outer side (odd pages right, even pages left), and the annex 任务分工表 on a
//! landscape page. Headings are text, never Word numbering, so the numbers survive any
//! copy and paste.

use docx_rs::{
    AlignmentType, BuildXML, DocGrid, DocGridType, Docx, Footer, LineSpacing, LineSpacingType,
    PageMargin, PageNum, PageOrientationType, PageSize, Paragraph, Run, RunFonts, SectionProperty,
    SpecialIndentType, Style, StyleType, Table, TableCell, TableRow, VAlignType, WidthType,
};

use super::{
    fonts, Block, Document, Level, ANNEX_COLUMNS, ANNEX_LABEL, ANNEX_TITLE, GLOSSARY_TITLE,
};

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f64 = 56.692_913;

fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// A4, in twips.
const A4_W: u32 = 11906;
const A4_H: u32 = 16838;
/// Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt.
const SIZE_2: usize = 44;
const SIZE_3: usize = 32;
const SIZE_4: usize = 28;
const SIZE_SMALL_4: usize = 24;
/// The width of the characters on the grid, in percent of their size (Word's 字符缩放): a
/// 3号 character 16 pt wide is wider than the 15.79 pt cell, which Word and WPS squeeze into
/// one cell but LibreOffice spreads over two (`SnapToGrid` in its sw/source/core/txtnode:
/// cells per character = ⌈width / cell⌉). At 98 % (15.68 pt) it takes one cell in all three;
/// Word and WPS still place each character on its cell, so only LibreOffice's layout changes.
const GRID_SCALE: i32 = 98;
/// 22 lines in the 225 mm text block.
const LINES: f64 = 22.0;
/// 28 characters in the 156 mm text block.
const CHARS: i32 = 28;

/// The portrait margins: top 37, left 28, so that the text block is 156 × 225 mm.
fn margins() -> PageMargin {
    PageMargin::new()
        .top(mm(37.0))
        .left(mm(28.0))
        .right(mm(210.0 - 28.0 - 156.0))
        .bottom(mm(297.0 - 37.0 - 225.0))
        .header(mm(15.0))
        // The page number sits 7 mm below the text block (§7.5): its baseline about 23 mm
        // above the paper's edge.
        .footer(mm(23.0))
        .gutter(0)
}

/// The line pitch: 225 mm over 22 lines (28.95 pt, the "固定值" offices set).
fn line_pitch() -> i32 {
    (mm(225.0) as f64 / LINES).floor() as i32
}

/// The character pitch of the grid, in twips: 156 mm over 28 characters (15.79 pt).
fn char_pitch() -> i32 {
    mm(156.0) / CHARS
}

/// Word's `charSpace`: what the grid adds to the default font size (3号, 16 pt, the
/// document default) to make a character's pitch, in 4096ths of a point: 15.79 pt − 16 pt
/// = −848 (Word's own 公文 templates write −849, from its centimetre rounding).
fn char_space() -> isize {
    let pitch_pt = f64::from(mm(156.0)) / f64::from(CHARS) / 20.0;
    ((pitch_pt - 16.0) * 4096.0).round() as isize
}

/// The first line of a paragraph is indented two characters (of the 28-character grid).
fn first_line() -> SpecialIndentType {
    SpecialIndentType::FirstLine(2 * char_pitch())
}

/// The document grid of GB/T 9704 §5.2.2, as Word's 指定行和字符网格: 22 lines (the line
/// pitch) of 28 characters (the character pitch) in the text block. The pitch is the Normal
/// style's size plus `charSpace`: Word and WPS read the size through the style (or the
/// document defaults), LibreOffice from the Normal style's own `w:sz` only — hence
/// `normal_style`, and `GRID_SCALE` for LibreOffice's cells (docs/render/README.md).
fn grid() -> DocGrid {
    DocGrid::new()
        .grid_type(DocGridType::LinesAndChars)
        .line_pitch(line_pitch() as usize)
        .char_space(char_space())
}

/// The annex's landscape table in 小四 follows no grid: 12 pt characters on the 3号 grid
/// would stand 15.8 pt apart and every row would take a 29 pt line.
fn no_grid() -> DocGrid {
    DocGrid::with_empty()
}

fn font(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
}

/// A run of text on the grid: its width is the Normal style's (`GRID_SCALE`).
fn run(text: &str, east_asia: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(font(east_asia)).size(size)
}

/// A run of text off the grid (the title, page numbers, the annex): characters at their full
/// width, as nothing has to fit them into cells.
fn free_run(text: &str, east_asia: &str, size: usize) -> Run {
    run(text, east_asia, size).stretch(100)
}

/// The Normal style as the 公文 templates of Word carry it: 3号 仿宋, at `GRID_SCALE`, and
/// no widow/orphan control, so that every full page has its 22 lines (LibreOffice otherwise
/// moves a paragraph's second-last line over to keep two together). Text typed into the
/// document later takes it, and stays on the 28-character grid.
fn normal_style() -> Style {
    let mut style = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .size(SIZE_3)
        .fonts(font(fonts::FANG));
    style.run_property = style.run_property.stretch(GRID_SCALE);
    style.paragraph_property = style.paragraph_property.widow_control(false);
    style
}

/// styles.xml with `normal_style` in place of the empty Normal style docx-rs always writes
/// (its `Styles` has no way to give it properties; a second Normal style would be a
/// duplicate id, which Word resolves differently from LibreOffice).
fn with_normal_style(styles: &[u8]) -> Result<Vec<u8>, String> {
    let empty = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .build();
    let at = styles
        .windows(empty.len())
        .position(|w| w == empty.as_slice())
        .ok_or("docx-rs wrote no Normal style to replace")?;
    let mut out = Vec::with_capacity(styles.len() + 256);
    out.extend_from_slice(styles.get(..at).unwrap_or_default());
    out.extend_from_slice(&normal_style().build());
    out.extend_from_slice(styles.get(at + empty.len()..).unwrap_or_default());
    Ok(out)
}

fn exact_lines() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line_pitch())
        .before(0)
        .after(0)
}

fn para() -> Paragraph {
    Paragraph::new().line_spacing(exact_lines())
}

fn blank() -> Paragraph {
    para().add_run(run("", fonts::FANG, SIZE_3))
}

/// 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋 (GB/T 9704 §7.3.3).
fn lead_font(level: Level) -> &'static str {
    match level {
        Level::One => fonts::HEI,
        Level::Two => fonts::KAI,
        Level::Three | Level::Four => fonts::FANG,
    }
}

fn block(b: &Block) -> Paragraph {
    let mut p = para()
        .indent(None, Some(first_line()), None, None)
        .align(AlignmentType::Both)
        .add_run(run(&b.lead, lead_font(b.level), SIZE_3));
    if !b.text.is_empty() {
        p = p.add_run(run(&b.text, fonts::FANG, SIZE_3));
    }
    if b.text.is_empty() {
        p = p.keep_next(true);
    }
    p
}

/// "— 1 —" in 4号 宋体, one character in from the outer edge.
fn page_number(align: AlignmentType) -> Footer {
    let one_char = 280;
    let (left, right) = match align {
        AlignmentType::Right => (0, one_char),
        _ => (one_char, 0),
    };
    let dash = |t: &str| free_run(t, fonts::SONG, SIZE_4);
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(align)
            .snap_to_grid(false)
            .indent(Some(left), None, Some(right), None)
            .add_run(dash("— "))
            .add_page_num(PageNum::new())
            .add_run(dash(" —")),
    )
}

/// The portrait pages: title block, body, signature, glossary.
fn body(doc: &Document) -> Vec<Paragraph> {
    let mut s = Pages(Vec::new());
    if let Some(reference) = &doc.reference {
        s = s
            .add_paragraph(para().align(AlignmentType::Center).add_run(run(
                reference,
                fonts::FANG,
                SIZE_3,
            )))
            .add_paragraph(blank());
    }
    s = s
        .add_paragraph(
            // 2号 characters keep their own width, not two cells of the 3号 grid.
            Paragraph::new()
                .align(AlignmentType::Center)
                .snap_to_grid(false)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Exact)
                        .line(mm(13.0)),
                )
                .add_run(free_run(&doc.title, fonts::TITLE, SIZE_2)),
        )
        .add_paragraph(blank());
    for p in &doc.preamble {
        s = s.add_paragraph(
            para()
                .indent(None, Some(first_line()), None, None)
                .align(AlignmentType::Both)
                .add_run(run(p, fonts::FANG, SIZE_3)),
        );
    }
    for b in &doc.body {
        s = s.add_paragraph(block(b));
    }
    // 发文机关署名 and 成文日期, right-aligned, four characters in (§7.3.5.2).
    if doc.issuer.is_some() || doc.issued.is_some() {
        s = s.add_paragraph(blank()).add_paragraph(blank());
        for line in doc.issuer.iter().chain(doc.issued.iter()) {
            s = s.add_paragraph(
                para()
                    .align(AlignmentType::Right)
                    .indent(None, None, Some(4 * 320), None)
                    .add_run(run(line, fonts::FANG, SIZE_3)),
            );
        }
    }
    if !doc.glossary.is_empty() {
        s = s.add_paragraph(blank()).add_paragraph(
            para()
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(run(GLOSSARY_TITLE, fonts::HEI, SIZE_3)),
        );
        for (term, meaning) in &doc.glossary {
            s = s.add_paragraph(
                para()
                    .indent(None, Some(first_line()), None, None)
                    .align(AlignmentType::Both)
                    .add_run(run(&format!("{term}："), fonts::HEI, SIZE_3))
                    .add_run(run(meaning, fonts::FANG, SIZE_3)),
            );
        }
    }
    s.0
}

/// Paragraphs in order (a builder like docx-rs's own).
struct Pages(Vec<Paragraph>);

impl Pages {
    fn add_paragraph(mut self, p: Paragraph) -> Self {
        self.0.push(p);
        self
    }
}

/// The portrait section, ended on the last body paragraph. Its footers are the files that
/// `Docx::footer` and `Docx::even_footer` register first (docx-rs's `add_section` keeps only
/// one footer of a section).
fn body_property() -> SectionProperty {
    SectionProperty::new()
        .page_size(PageSize::new().size(A4_W, A4_H))
        .page_margin(margins())
        .doc_grid(grid())
        .footer(page_number(AlignmentType::Right), "rIdFooter1")
        .even_footer(page_number(AlignmentType::Left), "rIdFooter2")
}

/// Column widths of the annex in twips: the landscape text block is 225 mm wide.
fn annex_widths() -> [usize; 6] {
    let total = mm(225.0) as usize;
    let fixed = [700, 2600, 0, 1900, 2100, 1500];
    let target = total.saturating_sub(fixed.iter().sum::<usize>());
    [fixed[0], fixed[1], target, fixed[3], fixed[4], fixed[5]]
}

fn cell(text: &str, width: usize, east_asia: &str, align: AlignmentType) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .add_paragraph(Paragraph::new().align(align).add_run(free_run(
            text,
            east_asia,
            SIZE_SMALL_4,
        )))
}

fn annex_table(doc: &Document) -> Table {
    let widths = annex_widths();
    let header = TableRow::new(
        ANNEX_COLUMNS
            .iter()
            .zip(widths)
            .map(|(c, w)| cell(c, w, fonts::HEI, AlignmentType::Center))
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header];
    for (i, r) in doc.annex.iter().enumerate() {
        let texts = [
            (i + 1).to_string(),
            r.task.clone(),
            r.targets.clone(),
            r.lead.clone(),
            r.support.clone(),
            r.deadline.clone(),
        ];
        rows.push(TableRow::new(
            texts
                .iter()
                .zip(widths)
                .enumerate()
                .map(|(col, (t, w))| {
                    let align = if col == 0 || col == 5 {
                        AlignmentType::Center
                    } else {
                        AlignmentType::Left
                    };
                    cell(t, w, fonts::FANG, align)
                })
                .collect(),
        ));
    }
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
}

/// The landscape section of the annex: its properties end the document.
fn annex_property() -> SectionProperty {
    SectionProperty::new()
        .page_size(
            PageSize::new()
                .size(A4_H, A4_W)
                .orient(PageOrientationType::Landscape),
        )
        .page_margin(
            PageMargin::new()
                .top(mm(28.0))
                .bottom(mm(26.0))
                .left(mm(37.0))
                .right(mm(35.0))
                .header(mm(15.0))
                .footer(mm(15.0))
                .gutter(0),
        )
        .doc_grid(no_grid())
}

/// The Word file of a document, as bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let mut docx = Docx::new()
        .default_fonts(font(fonts::FANG))
        .default_size(SIZE_3);
    docx.document = docx.document.default_section_property(annex_property());
    // Registered first, so they are rIdFooter1 and rIdFooter2 (see `body_property`).
    docx = docx
        .footer(page_number(AlignmentType::Right))
        .even_footer(page_number(AlignmentType::Left));
    let mut paragraphs = body(doc);
    if let Some(last) = paragraphs.pop() {
        paragraphs.push(last.section_property(body_property()));
    }
    for p in paragraphs {
        docx = docx.add_paragraph(p);
    }
    // The annex is always there: a plan without measures shows its empty table.
    docx = docx
        .add_paragraph(para().add_run(free_run(ANNEX_LABEL, fonts::HEI, SIZE_3)))
        .add_paragraph(para().align(AlignmentType::Center).add_run(free_run(
            ANNEX_TITLE,
            fonts::TITLE,
            SIZE_2,
        )))
        .add_paragraph(para().add_run(free_run("", fonts::FANG, SIZE_3)))
        .add_table(annex_table(doc));
    let mut xml = docx.build();
    xml.styles = with_normal_style(&xml.styles)?;
    let mut bytes = std::io::Cursor::new(Vec::new());
    xml.pack(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_is_22_lines_of_28_characters() {
        // 225 mm / 22 = 28.95 pt; 156 mm / 28 = 15.79 pt, a little under 3号's 16 pt.
        assert_eq!(line_pitch(), 579);
        assert_eq!(char_space(), -848);
        assert_eq!(char_pitch(), 315);
        assert_eq!(annex_widths().iter().sum::<usize>(), mm(225.0) as usize);
        // 98 % of 16 pt fits the 15.79 pt cell that LibreOffice makes; 99 % would not.
        assert!(16.0 * f64::from(GRID_SCALE) / 100.0 < f64::from(char_pitch()) / 20.0);
    }

    #[test]
    fn the_normal_style_replaces_the_empty_one_of_docx_rs() {
        let styles = docx_rs::Styles::new().build();
        let ours =
            String::from_utf8(with_normal_style(&styles).expect("a Normal style")).expect("UTF-8");
        assert_eq!(ours.matches(r#"w:styleId="Normal""#).count(), 1, "{ours}");
        assert!(ours.contains(r#"<w:sz w:val="32" />"#), "{ours}");
        assert!(ours.contains(r#"<w:w w:val="98" />"#), "{ours}");
        assert!(ours.contains(r#"<w:widowControl w:val="0" />"#), "{ours}");
    }
}
