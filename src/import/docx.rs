//! Word documents (.docx): the paragraphs of `word/document.xml`, each with the label Word
//! draws for its automatic numbering (`numbering.xml`, on the paragraph or through its
//! style in `styles.xml`): 一、 （一） 1. （1） ① are not in the text, and without them the
//! headings would be lost. Positions are reported in the text so rendered: one paragraph
//! per line, the label first.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Document, DocxProblem, ImportError};

/// An XML part is never larger than this once inflated (a zip bomb is refused).
const MAX_PART: u64 = 256 * 1024 * 1024;

#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → levels by ilvl.
    abstract_levels: HashMap<String, HashMap<u32, Level>>,
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
}

fn part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, ImportError> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(_)) => {
            return Err(ImportError::BadDocx(DocxProblem::Unsupported))
        }
        Err(_) => return Err(ImportError::BadDocx(DocxProblem::BadPart(name.to_owned()))),
    };
    let mut text = String::new();
    file.take(MAX_PART)
        .read_to_string(&mut text)
        .map_err(|_| ImportError::BadDocx(DocxProblem::BadPart(name.to_owned())))?;
    Ok(Some(text))
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key || a.key.local_name().as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn local(e: &BytesStart) -> Vec<u8> {
    e.local_name().as_ref().to_vec()
}

fn parse_numbering(xml: &str) -> Numbering {
    let mut n = Numbering::default();
    let mut reader = Reader::from_str(xml);
    let mut abstract_id: Option<String> = None;
    let mut num_id: Option<String> = None;
    let mut level: Option<(u32, Level)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(&e).as_slice() {
                b"abstractNum" => abstract_id = attr(&e, b"w:abstractNumId"),
                b"lvl" => {
                    let ilvl = attr(&e, b"w:ilvl")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    level = Some((
                        ilvl,
                        Level {
                            start: 1,
                            ..Level::default()
                        },
                    ));
                }
                b"start" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(&e, b"w:val")) {
                        l.start = v.parse().unwrap_or(1);
                    }
                }
                b"numFmt" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(&e, b"w:val")) {
                        l.format = v;
                    }
                }
                b"lvlText" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(&e, b"w:val")) {
                        l.text = v;
                    }
                }
                b"num" => num_id = attr(&e, b"w:numId"),
                b"abstractNumId" => {
                    if let (Some(id), Some(v)) = (num_id.clone(), attr(&e, b"w:val")) {
                        n.nums.insert(id, v);
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"lvl" => {
                    if let (Some(a), Some((i, l))) = (abstract_id.clone(), level.take()) {
                        n.abstract_levels.entry(a).or_default().insert(i, l);
                    }
                }
                b"abstractNum" => abstract_id = None,
                b"num" => num_id = None,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    n
}

/// styleId → (numId, ilvl) of styles that number their paragraphs.
fn parse_styles(xml: &str) -> HashMap<String, (String, u32)> {
    let mut out = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut style: Option<String> = None;
    let mut num: Option<String> = None;
    let mut ilvl = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(&e).as_slice() {
                b"style" => {
                    style = attr(&e, b"w:styleId");
                    num = None;
                    ilvl = 0;
                }
                b"numId" => num = attr(&e, b"w:val"),
                b"ilvl" => ilvl = attr(&e, b"w:val").and_then(|v| v.parse().ok()).unwrap_or(0),
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == b"style" => {
                if let (Some(s), Some(n)) = (style.take(), num.take()) {
                    out.insert(s, (n, ilvl));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| D.get(d as usize).copied().unwrap_or("");
    match n {
        0..=9 => digit(n).to_owned(),
        10..=19 => format!("十{}", if n % 10 == 0 { "" } else { digit(n % 10) }),
        20..=99 => format!(
            "{}十{}",
            digit(n / 10),
            if n % 10 == 0 { "" } else { digit(n % 10) }
        ),
        _ => n.to_string(),
    }
}

fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "ideographDigital"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "chineseLegalSimplified" => chinese(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            char::from_u32('①' as u32 + n.saturating_sub(1)).map_or(n.to_string(), String::from)
        }
        "lowerLetter" => char::from_u32('a' as u32 + (n.saturating_sub(1) % 26))
            .map_or(String::new(), String::from),
        "upperLetter" => char::from_u32('A' as u32 + (n.saturating_sub(1) % 26))
            .map_or(String::new(), String::from),
        "bullet" | "none" => String::new(),
        _ => n.to_string(),
    }
}

/// Word's counters: per list, the current number of each level.
#[derive(Default)]
struct Counters {
    by_list: HashMap<String, Vec<u32>>,
}

impl Counters {
    fn label(&mut self, numbering: &Numbering, num_id: &str, ilvl: u32) -> String {
        let Some(levels) = numbering
            .nums
            .get(num_id)
            .and_then(|a| numbering.abstract_levels.get(a))
        else {
            return String::new();
        };
        let Some(level) = levels.get(&ilvl) else {
            return String::new();
        };
        if level.format == "bullet" || level.format == "none" {
            return String::new();
        }
        let counts = self.by_list.entry(num_id.to_owned()).or_default();
        let depth = ilvl as usize + 1;
        let start_of = |i: usize| levels.get(&(i as u32)).map_or(1, |l| l.start.max(1));
        // A level opened now starts one before its start (it is counted just below); a
        // level above it that was never used shows its start.
        for i in counts.len()..depth {
            counts.push(if i + 1 == depth {
                start_of(i) - 1
            } else {
                start_of(i)
            });
        }
        counts.truncate(depth);
        if let Some(c) = counts.get_mut(ilvl as usize) {
            *c += 1;
        }
        let mut text = level.text.clone();
        for (i, c) in counts.iter().enumerate() {
            let fmt = levels
                .get(&(i as u32))
                .map_or("decimal", |l| l.format.as_str());
            text = text.replace(&format!("%{}", i + 1), &format_number(*c, fmt));
        }
        text
    }
}

/// Read a .docx into a document: one line per paragraph, numbering labels restored.
pub fn read(bytes: &[u8]) -> Result<Document, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ImportError::BadDocx(match e {
            zip::result::ZipError::UnsupportedArchive(_) => DocxProblem::Unsupported,
            _ => DocxProblem::NotZip,
        })
    })?;
    let body = part(&mut archive, "word/document.xml")?
        .ok_or(ImportError::BadDocx(DocxProblem::NoDocument))?;
    let bad_xml = || ImportError::BadDocx(DocxProblem::BadXml("word/document.xml".into()));
    let numbering = part(&mut archive, "word/numbering.xml")?
        .map(|x| parse_numbering(&x))
        .unwrap_or_default();
    let styles = part(&mut archive, "word/styles.xml")?
        .map(|x| parse_styles(&x))
        .unwrap_or_default();

    let mut reader = Reader::from_str(&body);
    let mut out = String::new();
    let mut counters = Counters::default();
    let mut para = String::new();
    let mut in_text = false;
    let mut num_id: Option<String> = None;
    let mut ilvl: Option<u32> = None;
    let mut style: Option<String> = None;
    let mut in_para = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match local(&e).as_slice() {
                b"p" => {
                    in_para = true;
                    para.clear();
                    num_id = None;
                    ilvl = None;
                    style = None;
                }
                b"t" => in_text = true,
                _ => {}
            },
            Ok(Event::Empty(e)) => match local(&e).as_slice() {
                b"pStyle" => style = attr(&e, b"w:val"),
                b"numId" => num_id = attr(&e, b"w:val"),
                b"ilvl" => ilvl = attr(&e, b"w:val").and_then(|v| v.parse().ok()),
                b"tab" if in_para => para.push(' '),
                b"br" if in_para => para.push(' '),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let s = t.decode().map_err(|_| bad_xml())?;
                let s = quick_xml::escape::unescape(&s).map_err(|_| bad_xml())?;
                para.push_str(&s);
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                let name = r.decode().map_err(|_| bad_xml())?;
                let entity = format!("&{name};");
                if let Ok(s) = quick_xml::escape::unescape(&entity) {
                    para.push_str(&s);
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    in_para = false;
                    let from_style = style.as_ref().and_then(|s| styles.get(s));
                    let list = num_id.clone().or(from_style.map(|s| s.0.clone()));
                    let level = ilvl.or(from_style.map(|s| s.1)).unwrap_or(0);
                    let label = match list {
                        Some(id) if id != "0" => counters.label(&numbering, &id, level),
                        _ => String::new(),
                    };
                    out.push_str(&label);
                    out.push_str(para.trim_end());
                    out.push('\n');
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(_) => return Err(bad_xml()),
            _ => {}
        }
    }
    Ok(Document::plain(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counters() {
        assert_eq!(chinese(1), "一");
        assert_eq!(chinese(10), "十");
        assert_eq!(chinese(13), "十三");
        assert_eq!(chinese(20), "二十");
        assert_eq!(chinese(34), "三十四");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
    }

    #[test]
    fn corrupt_docx_is_an_error() {
        assert!(matches!(
            read(b"PK\x03\x04 not really"),
            Err(ImportError::BadDocx(_))
        ));
        assert!(matches!(read(b""), Err(ImportError::BadDocx(_))));
    }
}
