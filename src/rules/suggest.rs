//! "Did you mean …?": the nearest known name to a name that found nothing.

/// The candidate nearest to `name` by edit distance over characters (so one wrong Chinese
/// character counts as one), if it is near enough to be a likely typo. A candidate that
/// contains the name or is contained in it (`发改委` / `市发改委`) also counts as near.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let len = name.chars().count();
    if len < 2 {
        return None; // one letter off a one-letter name is noise, not a typo
    }
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name || c.is_empty() {
            continue;
        }
        let mut d = strsim::levenshtein(name, c);
        let c_len = c.chars().count();
        if (c.contains(name) || name.contains(c)) && len.min(c_len) >= 2 {
            d = d.min(1);
        }
        let limit = (len.max(c_len) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, bc)| (d, c) < (bd, bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn one_wrong_character_is_near() {
        assert_eq!(nearest("经信", ["经信局", "发改局"]), Some("经信局".into()));
        assert_eq!(
            nearest("发该局", ["经信局", "发改局"]),
            Some("发改局".into())
        );
        assert_eq!(nearest("市发改委", ["发改委"]), Some("发改委".into()));
    }

    #[test]
    fn unrelated_names_are_not_suggested() {
        assert_eq!(nearest("农业农村局", ["经信局", "发改局"]), None);
        assert_eq!(nearest("x", ["y"]), None);
        assert_eq!(nearest("abcdef", ["uvwxyz"]), None);
    }
}
