//! Plain text (`.txt`, `.md`): bytes to text. Government documents are often saved as
//! GBK/GB18030 by Chinese editions of Windows, or as UTF-16 by Notepad; both are decoded
//! rather than refused. Text that is none of these is refused with a message (never read
//! as mojibake).

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use super::ImportError;

/// Decode a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030 (a
/// superset of GBK) when it decodes without a single error.
pub fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    let text = decode_any(bytes)?;
    // Line endings as one form, so lines and columns count the same way everywhere.
    Ok(text.replace("\r\n", "\n"))
}

fn decode_any(bytes: &[u8]) -> Result<String, ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| ImportError::Undecodable);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes.starts_with(b"\xFF\xFE") {
            UTF_16LE
        } else {
            UTF_16BE
        };
        let (text, had_errors) = enc.decode_with_bom_removal(bytes.get(2..).unwrap_or(&[]));
        return if had_errors {
            Err(ImportError::Undecodable)
        } else {
            Ok(text.into_owned())
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    if bytes.contains(&0) {
        // NUL bytes: a binary file (an image, a .doc), not text in any encoding.
        return Err(ImportError::Undecodable);
    }
    let (text, _, had_errors) = GB18030.decode(bytes);
    if had_errors {
        return Err(ImportError::Undecodable);
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_decoded() {
        let (bytes, _, _) = GB18030.encode("原煤产量150万吨以上");
        assert_eq!(decode(&bytes).as_deref(), Ok("原煤产量150万吨以上"));
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        assert_eq!(
            decode("\u{FEFF}一、总体要求\r\n二、重点任务".as_bytes()).as_deref(),
            Ok("一、总体要求\n二、重点任务")
        );
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(&[0x89, b'P', b'N', b'G', 0, 0, 0xFF]),
            Err(ImportError::Undecodable)
        );
    }
}
