//! "Did you mean …?": the nearest known name to a name that found nothing.
//!
//! A plan with thousands of misspelt owners asks this thousands of times against thousands
//! of names; comparing each with each took 8.6 s for 8,000 (issue 16). [`Names`] indexes the
//! names once by character, and a question compares only names that share one of its rarer
//! characters or are written inside it, at most [`MAX_COMPARED`] of them.

use std::collections::{HashMap, HashSet};

/// The most names one question compares in full. Past it (names that all share the same
/// few characters, which real registries do not), the suggestion is the nearest of the
/// names compared, taken from the rarest characters first.
pub const MAX_COMPARED: usize = 1_000;

/// Names longer than this (in characters) are not searched for registered names written
/// inside them (`市发改委` in `市发改委牵头`): that search grows with the square of the length,
/// and an owner's or a measure's name is a few words.
pub const MAX_INNER_SEARCH: usize = 32;

/// The candidate nearest to `name` by edit distance over characters (so one wrong Chinese
/// character counts as one), if it is near enough to be a likely typo. A candidate that
/// contains the name or is contained in it (`发改委` / `市发改委`) also counts as near.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    Names::new(candidates).nearest(name)
}

/// Known names, indexed for [`Names::nearest`].
pub struct Names<'a> {
    /// Distinct, non-empty, sorted: an id is a position here.
    names: Vec<&'a str>,
    ids: HashMap<&'a str, u32>,
    /// Each name's length in characters.
    lens: Vec<usize>,
    /// For each character, the names holding it (each once), shortest first.
    by_char: HashMap<char, Vec<u32>>,
}

impl<'a> Names<'a> {
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Names<'a> {
        let mut names: Vec<&str> = candidates.into_iter().filter(|c| !c.is_empty()).collect();
        names.sort_unstable();
        names.dedup();
        let mut ids = HashMap::with_capacity(names.len());
        let lens: Vec<usize> = names.iter().map(|n| n.chars().count()).collect();
        let mut by_char: HashMap<char, Vec<u32>> = HashMap::new();
        for (id, name) in (0u32..).zip(&names) {
            ids.insert(*name, id);
            let mut seen = HashSet::new();
            for c in name.chars().filter(|c| seen.insert(*c)) {
                by_char.entry(c).or_default().push(id);
            }
        }
        for list in by_char.values_mut() {
            list.sort_by_key(|&id| (lens.get(id as usize).copied().unwrap_or(0), id));
        }
        Names {
            names,
            ids,
            lens,
            by_char,
        }
    }

    /// The known name nearest to `name` (see [`nearest`]).
    pub fn nearest(&self, name: &str) -> Option<String> {
        let len = name.chars().count();
        if len < 2 {
            return None; // one letter off a one-letter name is noise, not a typo
        }
        let mut best: Option<(usize, &str)> = None;
        for id in self.worth_comparing(name, len) {
            let Some(&c) = self.names.get(id as usize) else {
                continue;
            };
            if c == name {
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

    /// The names that can be near `name`, as ids. A near name is either written inside
    /// `name` (looked up by each of its substrings), or shares enough characters with it:
    /// an edit distance of at most max(len, its len) / 3 leaves at least
    /// len − max(1, len / 3) of the name's characters in place, so it holds one of any
    /// max(1, len / 3) + 1 of them — the rarest are probed. A name containing `name` holds
    /// all of its characters, the rarest among them. Within a character's list, names of a
    /// length an edit can reach (len − len / 3 to 1.5 × len) come first, longer ones after
    /// (they can only contain `name`).
    fn worth_comparing(&self, name: &str, len: usize) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        let mut taken: HashSet<u32> = HashSet::new();
        if len <= MAX_INNER_SEARCH {
            let bounds: Vec<usize> = name
                .char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(name.len()))
                .collect();
            for (i, &start) in bounds.iter().enumerate() {
                for &end in bounds.iter().skip(i + 2) {
                    if end - start == name.len() {
                        continue;
                    }
                    if let Some(&id) = name.get(start..end).and_then(|s| self.ids.get(s)) {
                        if taken.insert(id) {
                            out.push(id);
                        }
                    }
                }
            }
        }
        let mut chars: Vec<(usize, char)> = name
            .chars()
            .map(|c| (self.by_char.get(&c).map_or(0, Vec::len), c))
            .collect();
        chars.sort_unstable();
        let probes = (len / 3).max(1) + 1;
        let mut probed = HashSet::new();
        for (_, c) in chars.into_iter().take(probes) {
            if !probed.insert(c) {
                continue;
            }
            let list = self.by_char.get(&c).map_or(&[][..], Vec::as_slice);
            let len_of = |id: &u32| self.lens.get(*id as usize).copied().unwrap_or(0);
            let lo = list.partition_point(|id| len_of(id) < len - (len / 3).max(1));
            let hi = list.partition_point(|id| len_of(id) <= len + len / 2 + 1);
            let near = list.get(lo..hi).unwrap_or_default();
            let longer = list.get(hi..).unwrap_or_default();
            for &id in near.iter().chain(longer) {
                if out.len() >= MAX_COMPARED {
                    return out;
                }
                if taken.insert(id) {
                    out.push(id);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{nearest, Names};
    use proptest::prelude::*;

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

    /// Every name compared with every other, as before the index: the index must find the
    /// same suggestion whenever it compares fewer than its cap.
    fn brute_force(name: &str, candidates: &[String]) -> Option<String> {
        let len = name.chars().count();
        if len < 2 {
            return None;
        }
        let mut best: Option<(usize, &str)> = None;
        for c in candidates {
            if c == name || c.is_empty() {
                continue;
            }
            let mut d = strsim::levenshtein(name, c);
            let c_len = c.chars().count();
            if (c.contains(name) || name.contains(c.as_str())) && len.min(c_len) >= 2 {
                d = d.min(1);
            }
            let limit = (len.max(c_len) / 3).max(1);
            if d <= limit && best.is_none_or(|(bd, bc)| (d, c.as_str()) < (bd, bc)) {
                best = Some((d, c));
            }
        }
        best.map(|(_, c)| c.to_string())
    }

    proptest! {
        #[test]
        fn the_index_suggests_what_comparing_every_name_does(
            names in proptest::collection::vec("[局市发改委经信ab12]{0,9}", 0..40),
            name in "[局市发改委经信ab12x]{0,12}",
        ) {
            let index = Names::new(names.iter().map(String::as_str));
            prop_assert_eq!(index.nearest(&name), brute_force(&name, &names));
        }
    }

    #[test]
    fn eight_thousand_misspelt_names_are_answered_in_linear_time() {
        let names: Vec<String> = (0..8000).map(|i| format!("单位{i}")).collect();
        let index = Names::new(names.iter().map(String::as_str));
        let mut found = 0;
        let mut compared = 0;
        for i in 0..8000 {
            let name = format!("单伟{i}");
            compared += index.worth_comparing(&name, name.chars().count()).len();
            if index.nearest(&name).is_some() {
                found += 1;
            }
        }
        assert_eq!(found, 8000);
        assert_eq!(index.nearest("单伟39"), Some("单位39".into()));
        // Counted, not timed (the machine is shared): comparing each with each was 64
        // million comparisons; the index makes at most 1,000 per question.
        assert!(compared <= 8000 * super::MAX_COMPARED, "{compared}");
        assert!(compared <= 64_000_000 / 8, "{compared}");
    }
}
