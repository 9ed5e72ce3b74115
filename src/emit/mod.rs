//! Output: findings for people (`human`), for machines (`report`, JSON), for CI services
//! (`sarif`, `github`, `gitlab`), and the compiled plan (`compiled`, as JSON or TOML).

pub mod compiled;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod report;
pub mod sarif;

use crate::source::Source;

/// The file's path for CI services, which want it relative to the repository: a path
/// given as absolute is made relative to the current folder when it lies below it.
pub(crate) fn relative_path(source: &Source) -> String {
    if source.path.is_absolute() {
        if let Some(rel) = std::env::current_dir()
            .ok()
            .and_then(|cwd| source.path.strip_prefix(cwd).ok().map(|p| p.to_path_buf()))
        {
            return rel.to_string_lossy().replace('\\', "/");
        }
    }
    let path = source.display_path();
    match path.strip_prefix("./") {
        Some(rest) => rest.trim_start_matches('/').to_string(),
        None => path,
    }
}

/// A relative path as a URI reference: every byte but unreserved characters and `/`
/// percent-encoded, so Chinese file names and spaces survive (RFC 3986).
pub(crate) fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_encode_chinese_and_spaces() {
        assert_eq!(
            super::uri("plans/安居 2025.plan"),
            "plans/%E5%AE%89%E5%B1%85%202025.plan"
        );
        assert_eq!(super::uri("a/b-c_d.plan"), "a/b-c_d.plan");
    }
}
