//! "Did you mean …?": the nearest known name to a name that found nothing.
//!
//! A plan with thousands of misspelt owners asks this thousands of times against thousands
//! of names; comparing each with each took 8.6 s for 8,000 (issue 16). [`Names`] indexes the
//! names once, so that a question compares only the names that can be near it, and gives
//! exactly the answer comparing every name gives (the proptests hold it to that):
//!
//! - a name written inside the question (`发改委` in `市发改委`): an Aho–Corasick automaton
//!   of all names finds every one in one pass over the question;
//! - a name the question is written inside (`市发改委牵头` for `发改委`): all of them are
//!   equally near, so only the first in order matters; a suffix array of all names gives the
//!   range of names holding the question, and a segment tree the first of that range;
//! - a name within the edit distance allowed: it shares enough character pairs with the
//!   question (the q-gram lemma, src/near.rs), so it is in one of the pair lists probed.

use aho_corasick::AhoCorasick;

use crate::near::{levenshtein_within, PairIndex};

/// The candidate nearest to `name` by edit distance over characters (so one wrong Chinese
/// character counts as one), if it is near enough to be a likely typo. A candidate that
/// contains the name or is contained in it (`发改委` / `市发改委`) also counts as near.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    Names::new(candidates).nearest(name)
}

/// The most edits that still make `a` (`a_len` characters) a likely typo of `b`: a third of
/// the longer name, at least one.
fn limit(a_len: usize, b_len: usize) -> usize {
    (a_len.max(b_len) / 3).max(1)
}

/// Known names, indexed for [`Names::nearest`].
pub struct Names<'a> {
    /// Distinct, non-empty, sorted: an id is a position here, so a smaller id is the name
    /// first in order (the tie-break between names equally near).
    names: Vec<&'a str>,
    pairs: PairIndex,
    /// Every name, to find those written inside a question; `None` only if the automaton
    /// could not be built (more states than it can number), when substrings are looked up.
    inside: Option<AhoCorasick>,
    around: Around,
}

impl<'a> Names<'a> {
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Names<'a> {
        let mut names: Vec<&str> = candidates.into_iter().filter(|c| !c.is_empty()).collect();
        names.sort_unstable();
        names.dedup();
        let pairs = PairIndex::new(names.iter().copied());
        let inside = AhoCorasick::new(&names).ok();
        let around = Around::new(&names);
        Names {
            names,
            pairs,
            inside,
            around,
        }
    }

    /// The names that may be within [`limit`] edits of `wanted`.
    fn sharing_pairs(&self, wanted: &[char]) -> Vec<u32> {
        self.pairs.near(wanted, limit)
    }

    /// The known name nearest to `name` (see [`nearest`]).
    pub fn nearest(&self, name: &str) -> Option<String> {
        let wanted: Vec<char> = name.chars().collect();
        if wanted.len() < 2 {
            return None; // one letter off a one-letter name is noise, not a typo
        }
        let mut best: Option<(usize, u32)> = None;
        let mut consider = |id: u32| {
            let Some(d) = self.distance(name, &wanted, id) else {
                return;
            };
            if best.is_none_or(|b| (d, id) < b) {
                best = Some((d, id));
            }
        };
        self.written_inside(name, &mut consider);
        let own = self.names.binary_search(&name).ok();
        if let Some(id) = self
            .around
            .first_holding(&wanted, own.and_then(|id| u32::try_from(id).ok()))
        {
            consider(id);
        }
        for id in self.sharing_pairs(&wanted) {
            consider(id);
        }
        best.and_then(|(_, id)| self.names.get(id as usize))
            .map(|c| c.to_string())
    }

    /// How near name `id` is to `name`, as comparing every name measures it, if near enough:
    /// the edit distance, or 1 when one is written inside the other.
    fn distance(&self, name: &str, wanted: &[char], id: u32) -> Option<usize> {
        let c = *self.names.get(id as usize)?;
        if c == name {
            return None;
        }
        let theirs = self.pairs.chars_of(id);
        let bound = limit(wanted.len(), theirs.len());
        if wanted.len().min(theirs.len()) >= 2 && (c.contains(name) || name.contains(c)) {
            return Some(1);
        }
        levenshtein_within(wanted, theirs, bound)
    }

    /// Every name written inside `name` (and `name` itself, if it is one), each once: a
    /// name written many times (`aa` in `aaaa…`) is compared once.
    fn written_inside(&self, name: &str, found: &mut impl FnMut(u32)) {
        match &self.inside {
            Some(automaton) if automaton.try_find_overlapping_iter(name).is_ok() => {
                let mut ids: Vec<u32> = automaton
                    .try_find_overlapping_iter(name)
                    .into_iter()
                    .flatten()
                    .map(|m| m.pattern().as_u32())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_iter().for_each(found);
            }
            _ => {
                let bounds: Vec<usize> = name
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(name.len()))
                    .collect();
                for (i, &start) in bounds.iter().enumerate() {
                    for &end in bounds.iter().skip(i + 1) {
                        let part = name.get(start..end).unwrap_or_default();
                        if let Ok(id) = self.names.binary_search(&part) {
                            found(u32::try_from(id).unwrap_or(u32::MAX));
                        }
                    }
                }
            }
        }
    }
}

/// The names a question is written inside: a suffix array of every name (each followed by a
/// separator of its own, so no match runs from one name into the next) and a segment tree
/// giving the smallest id over a range of it.
struct Around {
    /// The names' characters as symbols: name `id`'s separator is `id`, a character `c` is
    /// `separators + c`, so separators sort first and are all different.
    text: Vec<u64>,
    /// The suffixes of `text`, sorted, as start positions.
    order: Vec<u32>,
    /// The position in `order` of the suffix starting at each name's first character.
    rank_of_start: Vec<u32>,
    /// Segment tree over the id of the name each suffix of `order` starts in: the leaves at
    /// `leaves..2·leaves`, each inner node the smaller of its two children.
    tree: Vec<u32>,
    leaves: usize,
    separators: u64,
}

impl Around {
    fn new(names: &[&str]) -> Around {
        let count = names.len();
        let separators = count as u64;
        let mut text = Vec::new();
        let mut owner = Vec::new();
        let mut name_starts = Vec::with_capacity(count);
        for (id, name) in (0u32..).zip(names) {
            name_starts.push(text.len());
            for c in name.chars() {
                text.push(separators + u64::from(u32::from(c)));
                owner.push(id);
            }
            text.push(u64::from(id));
            owner.push(id);
        }
        let order = suffix_array(&text);
        let mut rank = vec![0u32; order.len()];
        for (r, &p) in (0u32..).zip(&order) {
            if let Some(slot) = rank.get_mut(p as usize) {
                *slot = r;
            }
        }
        let rank_of_start = name_starts
            .iter()
            .map(|&p| rank.get(p).copied().unwrap_or(0))
            .collect();
        let leaves = order.len().max(1);
        let mut tree = vec![u32::MAX; 2 * leaves];
        for (i, &p) in order.iter().enumerate() {
            if let (Some(slot), Some(&id)) = (tree.get_mut(leaves + i), owner.get(p as usize)) {
                *slot = id;
            }
        }
        for i in (1..leaves).rev() {
            let smaller = tree
                .get(2 * i)
                .copied()
                .unwrap_or(u32::MAX)
                .min(tree.get(2 * i + 1).copied().unwrap_or(u32::MAX));
            if let Some(slot) = tree.get_mut(i) {
                *slot = smaller;
            }
        }
        Around {
            text,
            order,
            rank_of_start,
            tree,
            leaves,
            separators,
        }
    }

    /// The smallest id of a name holding `wanted`, other than name `own` (the question
    /// itself, when it is a name).
    fn first_holding(&self, wanted: &[char], own: Option<u32>) -> Option<u32> {
        let symbols: Vec<u64> = wanted
            .iter()
            .map(|&c| self.separators + u64::from(u32::from(c)))
            .collect();
        let compare = |&p: &u32| {
            let from = p as usize;
            let to = (from + symbols.len()).min(self.text.len());
            self.text
                .get(from..to)
                .unwrap_or_default()
                .cmp(&symbols[..])
        };
        let lo = self.order.partition_point(|p| compare(p).is_lt());
        let hi = self.order.partition_point(|p| {
            let from = *p as usize;
            let to = (from + symbols.len()).min(self.text.len());
            self.text.get(from..to).unwrap_or_default() <= &symbols[..]
        });
        let skip = own
            .and_then(|id| self.rank_of_start.get(id as usize))
            .map(|&r| r as usize);
        let first = match skip {
            Some(s) if (lo..hi).contains(&s) => self.smallest(lo, s).min(self.smallest(s + 1, hi)),
            _ => self.smallest(lo, hi),
        };
        (first != u32::MAX).then_some(first)
    }

    /// The smallest id over `order[lo..hi]`.
    fn smallest(&self, lo: usize, hi: usize) -> u32 {
        let (mut lo, mut hi) = (lo + self.leaves, hi + self.leaves);
        let mut out = u32::MAX;
        let at = |i: usize| self.tree.get(i).copied().unwrap_or(u32::MAX);
        while lo < hi {
            if lo % 2 == 1 {
                out = out.min(at(lo));
                lo += 1;
            }
            if hi % 2 == 1 {
                hi -= 1;
                out = out.min(at(hi));
            }
            lo /= 2;
            hi /= 2;
        }
        out
    }
}

/// The suffix array of `text` by prefix doubling: sorted by their first 1, 2, 4 … symbols
/// until all differ. Every name ends in a separator of its own, so that takes
/// log₂ of the longest name rounds, each a sort: n log n for names of any length.
fn suffix_array(text: &[u64]) -> Vec<u32> {
    let n = text.len();
    let mut order: Vec<u32> = (0..u32::try_from(n).unwrap_or(u32::MAX)).collect();
    order.sort_unstable_by_key(|&p| text.get(p as usize).copied().unwrap_or(0));
    let mut rank = vec![0u32; n];
    let mut next = vec![0u32; n];
    let mut r = 0u32;
    for w in 0..order.len() {
        let p = order.get(w).copied().unwrap_or(0) as usize;
        let before = w
            .checked_sub(1)
            .and_then(|v| order.get(v))
            .map(|&q| text.get(q as usize));
        if before.is_some_and(|b| b != text.get(p)) {
            r += 1;
        }
        if let Some(slot) = rank.get_mut(p) {
            *slot = r;
        }
    }
    let mut k = 1;
    while (r as usize) + 1 < n {
        let key = |p: u32| {
            let p = p as usize;
            let head = rank.get(p).copied().unwrap_or(0);
            let tail = rank.get(p + k).map_or(0, |&t| u64::from(t) + 1);
            (head, tail)
        };
        order.sort_unstable_by_key(|&p| key(p));
        r = 0;
        for w in 0..order.len() {
            let p = order.get(w).copied().unwrap_or(0);
            let differs = w
                .checked_sub(1)
                .and_then(|v| order.get(v))
                .is_some_and(|&q| key(q) != key(p));
            if differs {
                r += 1;
            }
            if let Some(slot) = next.get_mut(p as usize) {
                *slot = r;
            }
        }
        std::mem::swap(&mut rank, &mut next);
        k *= 2;
    }
    order
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
        assert_eq!(
            nearest("发改委", ["乙市发改委牵头单位", "甲市发改委牵头单位"]),
            Some("乙市发改委牵头单位".into()),
            "a name written around the question, however long, and the first of them"
        );
    }

    #[test]
    fn unrelated_names_are_not_suggested() {
        assert_eq!(nearest("农业农村局", ["经信局", "发改局"]), None);
        assert_eq!(nearest("x", ["y"]), None);
        assert_eq!(nearest("abcdef", ["uvwxyz"]), None);
    }

    /// Every name compared with every other, as before the index: the index must find the
    /// same suggestion for every question.
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
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn the_index_suggests_what_comparing_every_name_does(
            names in proptest::collection::vec("[局市发改委经信ab12]{0,9}", 0..40),
            name in "[局市发改委经信ab12x]{0,12}",
        ) {
            let index = Names::new(names.iter().map(String::as_str));
            prop_assert_eq!(index.nearest(&name), brute_force(&name, &names));
        }

        /// Few letters, so that names repeat pairs and nest in each other; some questions
        /// are names themselves, or edits of them.
        #[test]
        fn ascii_names_and_their_edits(
            names in proptest::collection::vec("[abc]{1,7}", 0..60),
            pick in 0usize..64,
            edit in "[abcd]{0,3}",
            at in 0usize..8,
        ) {
            let index = Names::new(names.iter().map(String::as_str));
            let base = names.get(pick).cloned().unwrap_or_else(|| edit.clone());
            let cut = base.char_indices().map(|(i, _)| i).nth(at).unwrap_or(base.len());
            for question in [
                base.clone(),
                format!("{}{edit}{}", &base[..cut], &base[cut..]),
                format!("{edit}{}", base.get(cut.min(1)..).unwrap_or_default()),
                edit.clone(),
            ] {
                prop_assert_eq!(index.nearest(&question), brute_force(&question, &names), "{}", question);
            }
        }

        #[test]
        fn chinese_names_and_their_edits(
            names in proptest::collection::vec("[市区县发改委局办单位部门1]{1,10}", 0..60),
            question in "[市区县发改委局办单位部门12]{0,14}",
        ) {
            let index = Names::new(names.iter().map(String::as_str));
            prop_assert_eq!(index.nearest(&question), brute_force(&question, &names));
            for name in &names {
                prop_assert_eq!(index.nearest(name), brute_force(name, &names));
            }
        }
    }

    /// The two cases: `单伟N` (one character off `单位N`) and `部门N` (two off, sharing
    /// only digits with every name), 8,000 of each against 8,000 names. Each gets what
    /// comparing every name gives (every one of them is answered).
    #[test]
    fn eight_thousand_misspelt_names_get_the_full_scans_answer() {
        let names: Vec<String> = (0..8000).map(|i| format!("单位{i}")).collect();
        let index = Names::new(names.iter().map(String::as_str));
        for i in (0..8000).step_by(97) {
            for question in [format!("单伟{i}"), format!("部门{i}")] {
                assert_eq!(
                    index.nearest(&question),
                    brute_force(&question, &names),
                    "{question}"
                );
            }
        }
        let found = (0..8000)
            .filter(|i| index.nearest(&format!("部门{i}")).is_some())
            .count();
        let expected = (0..8000)
            .filter(|i| format!("{i}").chars().count() == 4)
            .count();
        // Two edits are within a third of six characters, not of five.
        assert_eq!(
            found, expected,
            "`部门N` is near `单位N` when N has four digits"
        );
        assert_eq!(index.nearest("单伟39"), Some("单位39".into()));
        // Counted, not timed (the machine is shared): comparing each with each is 64 million
        // comparisons per case; the pair lists leave at most 160 per question (150 for `单伟N`,
        // which shares `单` and digit pairs with every name).
        for misspell in ["单伟", "部门"] {
            let compared: usize = (0..8000)
                .map(|i| {
                    let question: Vec<char> = format!("{misspell}{i}").chars().collect();
                    index.sharing_pairs(&question).len()
                })
                .sum();
            assert!(compared <= 8000 * 160, "{misspell}: {compared}");
        }
    }

    /// Timings for docs/reliability.md: `cargo test --release --lib suggest::tests::timings
    /// -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timings() {
        let names: Vec<String> = (0..8000).map(|i| format!("单位{i}")).collect();
        for (case, misspell) in [("单伟N", "单伟"), ("部门N", "部门")] {
            let questions: Vec<String> = (0..8000).map(|i| format!("{misspell}{i}")).collect();
            let start = std::time::Instant::now();
            let naive: Vec<_> = questions.iter().map(|q| brute_force(q, &names)).collect();
            let naive_time = start.elapsed();
            let start = std::time::Instant::now();
            let index = Names::new(names.iter().map(String::as_str));
            let indexed: Vec<_> = questions.iter().map(|q| index.nearest(q)).collect();
            let indexed_time = start.elapsed();
            let differ = naive.iter().zip(&indexed).filter(|(a, b)| a != b).count();
            let found = indexed.iter().filter(|s| s.is_some()).count();
            println!(
                "{case}: 8000 x 8000: every name compared {naive_time:.2?}, indexed {indexed_time:.2?}; {found} suggestions, {differ} differ"
            );
        }
    }
}
