//! Findings as GitHub Actions workflow commands: one `::error …::message` line each, which
//! the runner turns into annotations on the pull request's diff.
//!
//! Property values escape `%`, `\r`, `\n`, `:` and `,`; the message escapes `%`, `\r` and
//! `\n` (the toolkit's `escapeProperty` / `escapeData`). Columns count UTF-16 code units,
//! as the JavaScript that draws the annotations does, and are given only when the span
//! starts and ends on one line: GitHub ignores columns on a multi-line annotation.

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::Lang;

/// Every finding as a workflow command line, each ending with a newline.
pub fn render(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let source = &d.location.source;
        let (line, col) = source
            .lines()
            .lsp_position_utf16(&source.text, d.location.span.start);
        let (end_line, end_col) = source
            .lines()
            .lsp_position_utf16(&source.text, d.location.span.end);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = vec![
            ("file", super::relative_path(source)),
            ("line", (line + 1).to_string()),
        ];
        if line == end_line {
            props.push(("col", (col + 1).to_string()));
            props.push(("endLine", (end_line + 1).to_string()));
            props.push(("endColumn", (end_col + 1).to_string()));
        } else {
            props.push(("endLine", (end_line + 1).to_string()));
        }
        props.push(("title", d.code.as_str().to_string()));
        let props: Vec<String> = props
            .into_iter()
            .map(|(k, v)| format!("{k}={}", escape_property(&v)))
            .collect();
        let mut message = lang.say(&d.message);
        if let Some(help) = &d.help {
            message.push('\n');
            message.push_str(&lang.say(help));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

/// A message: `%`, `\r`, `\n`.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as a message, and `:` and `,` too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_toolkit() {
        assert_eq!(escape_data("50%\r\n完成: a,b"), "50%25%0D%0A完成: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
