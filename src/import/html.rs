//! HTML (a government site's page saved from the browser): the text of its elements, one
//! paragraph per block element (`p`, `div`, `br`, `li`, headings, table rows), without
//! scripts and styles, entities decoded. Every run of text keeps where it came from in
//! the HTML, so `source` spans point into the file the user gave.

use super::Document;

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
];

/// Read the text of an HTML document.
pub fn read(html: &str) -> Document {
    let mut text = String::with_capacity(html.len() / 2);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0usize;
    let mut skip_until: Option<&'static str> = None;
    let bytes = html.as_bytes();
    while i < html.len() {
        let rest = html.get(i..).unwrap_or("");
        if let Some(end_tag) = skip_until {
            match find_ci(rest, end_tag) {
                Some(p) => {
                    let after = rest.get(p..).unwrap_or("");
                    i += p + after.find('>').map_or(after.len(), |q| q + 1);
                    skip_until = None;
                    continue;
                }
                None => break,
            }
        }
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |p| p + 3);
            continue;
        }
        if bytes.get(i) == Some(&b'<') {
            let end = rest.find('>').map_or(rest.len(), |p| p + 1);
            let tag = rest.get(1..end.saturating_sub(1)).unwrap_or("");
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if !tag.starts_with('/') && (name == "script" || name == "style") {
                skip_until = Some(if name == "script" {
                    "</script"
                } else {
                    "</style"
                });
            } else if BLOCKS.contains(&name.as_str()) && !text.ends_with('\n') {
                text.push('\n');
            }
            i += end;
            continue;
        }
        if bytes.get(i) == Some(&b'&') {
            if let Some((c, len)) = entity(rest) {
                runs.push((text.len(), i));
                text.push(c);
                i += len;
                runs.push((text.len(), i));
                continue;
            }
        }
        // A run of text up to the next tag or entity, copied as is (whitespace folded to
        // spaces, as a browser shows it).
        let len = rest.find(['<', '&']).unwrap_or(rest.len()).max(1);
        let len = (len..=rest.len())
            .find(|&l| rest.is_char_boundary(l))
            .unwrap_or(rest.len());
        let chunk = rest.get(..len).unwrap_or("");
        runs.push((text.len(), i));
        for c in chunk.chars() {
            // Keep byte lengths: a folded newline is one byte, as is the space.
            text.push(if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            });
        }
        i += len;
    }
    runs.dedup_by_key(|r| r.0);
    Document::mapped(text, html.to_owned(), runs)
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let lower = hay.to_ascii_lowercase();
    lower.find(needle)
}

/// A character entity at the start of `s`: the character and the entity's length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.get(..12.min(s.len())).and_then(|h| h.find(';'))?;
    let body = s.get(1..end)?;
    let c = match body {
        "nbsp" | "ensp" | "emsp" => ' ',
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "mdash" => '—',
        "middot" => '·',
        _ => {
            let code = if let Some(hex) = body.strip_prefix("#x").or(body.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                body.strip_prefix('#')?.parse().ok()?
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_blocks_with_positions() {
        let html = "<html><head><style>p{}</style></head><body><p>一、总体要求</p>\n<p>原煤产量&nbsp;150万吨以上</p></body></html>";
        let doc = read(html);
        let lines: Vec<&str> = doc
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines, ["一、总体要求", "原煤产量 150万吨以上"]);
        let at = doc.text.find("150").unwrap_or(0);
        let span = doc.span(&(at..at + 3));
        assert_eq!((span.line, span.text.as_str()), (2, "150"));
        assert_eq!(
            html.lines().nth(1).map(|l| l.chars().nth(span.column - 1)),
            Some(Some('1'))
        );
    }
}
