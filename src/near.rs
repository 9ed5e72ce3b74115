//! Names within a few edits of a name, without comparing every name: "did you mean" for
//! owners, measures and metrics (src/rules/suggest.rs) and for units (src/units.rs).
//!
//! [`PairIndex`] lists, for each pair of adjacent characters, the names holding it. Two
//! names within `k` edits share at least `longer + 1 − 2k` of their framed pairs (the q-gram
//! lemma of Jokinen and Ukkonen: an edit changes at most two of them), so a near name is in
//! one of the shortest few lists of the question's pairs, and shares enough pairs to be
//! worth comparing in full with [`levenshtein_within`].

use foldhash::{HashMap, HashMapExt};

/// A character pair of a name framed by [`START`] and [`END`], with how many times the same
/// pair came before it in the name (so that shared pairs are counted as a multiset).
type Pair = (u32, u32, u32);
const START: u32 = 0x11_0000;
const END: u32 = 0x11_0001;

/// The framed pairs of `chars`: `len + 1` of them, sorted.
fn pairs(chars: &[char]) -> Vec<Pair> {
    let framed: Vec<u32> = std::iter::once(START)
        .chain(chars.iter().map(|&c| c as u32))
        .chain(std::iter::once(END))
        .collect();
    let mut plain: Vec<(u32, u32)> = framed.windows(2).map(|w| (w[0], w[1])).collect();
    plain.sort_unstable();
    let mut out = Vec::with_capacity(plain.len());
    let mut repeat = 0;
    for (i, &(a, b)) in plain.iter().enumerate() {
        repeat = match i.checked_sub(1).and_then(|p| plain.get(p)) {
            Some(&before) if before == (a, b) => repeat + 1,
            _ => 0,
        };
        out.push((a, b, repeat));
    }
    out
}

/// The framed pairs two names of `len` and `m` characters at most `edits` apart share.
fn pairs_needed(len: usize, m: usize, edits: usize) -> usize {
    (len.max(m) + 1).saturating_sub(2 * edits)
}

/// Names, by id (their position in the list given), indexed by their framed pairs.
pub struct PairIndex {
    /// Each name's characters, one after another; name `id` is `chars[starts[id]..starts[id + 1]]`.
    chars: Vec<char>,
    starts: Vec<usize>,
    /// For each framed pair, the names holding it as `(length, id)`, shortest first.
    by_pair: HashMap<Pair, Vec<(u32, u32)>>,
}

impl PairIndex {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> PairIndex {
        let mut chars = Vec::new();
        let mut starts = Vec::new();
        let mut by_pair: HashMap<Pair, Vec<(u32, u32)>> = HashMap::new();
        for (id, name) in (0u32..).zip(names) {
            let start = chars.len();
            starts.push(start);
            chars.extend(name.chars());
            let own = chars.get(start..).unwrap_or_default();
            let len = u32::try_from(own.len()).unwrap_or(u32::MAX);
            for pair in pairs(own) {
                by_pair.entry(pair).or_default().push((len, id));
            }
        }
        starts.push(chars.len());
        for list in by_pair.values_mut() {
            list.sort_unstable();
        }
        PairIndex {
            chars,
            starts,
            by_pair,
        }
    }

    /// The characters of name `id`.
    pub fn chars_of(&self, id: u32) -> &[char] {
        let at = id as usize;
        match (self.starts.get(at), self.starts.get(at + 1)) {
            (Some(&a), Some(&b)) => self.chars.get(a..b).unwrap_or_default(),
            _ => &[],
        }
    }

    fn count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The ids of the names that may be at most `edits(len, m)` edits from `wanted` (`len`
    /// characters; `m`, the name's): every one that is, and some that [`levenshtein_within`]
    /// rules out. A near name's length has `|len − m| ≤ edits(len, m)`; it shares at least
    /// `pairs_needed` of its framed pairs, at least `need` over those lengths, so it is in
    /// one of any `pairs − need + 1` of the question's pair lists: the shortest are probed,
    /// within those lengths. Longer lists are then counted too while they are not much
    /// longer, only to compare fewer names in full. Where the lemma promises no shared pair
    /// (`need` 0), every name of a length in range is returned.
    pub fn near(&self, wanted: &[char], edits: impl Fn(usize, usize) -> usize) -> Vec<u32> {
        let len = wanted.len();
        let shortest = (0..=len).find(|&m| len - m <= edits(len, m)).unwrap_or(len);
        let longest = (len..)
            .take_while(|&m| m - len <= edits(len, m))
            .last()
            .unwrap_or(len);
        let needed = |m: usize| pairs_needed(len, m, edits(len, m));
        let need = (shortest..=longest).map(needed).min().unwrap_or(0);
        if need == 0 {
            return (0..u32::try_from(self.count()).unwrap_or(u32::MAX))
                .filter(|&id| (shortest..=longest).contains(&self.chars_of(id).len()))
                .collect();
        }
        let mut lists: Vec<&[(u32, u32)]> = pairs(wanted)
            .iter()
            .map(|pair| {
                let list = self.by_pair.get(pair).map_or(&[][..], Vec::as_slice);
                let lo = list.partition_point(|&(m, _)| (m as usize) < shortest);
                let hi = list.partition_point(|&(m, _)| (m as usize) <= longest);
                list.get(lo..hi).unwrap_or_default()
            })
            .collect();
        lists.sort_by_key(|list| list.len());
        let must = (lists.len() + 1).saturating_sub(need).min(lists.len());
        let (probed, rest) = lists.split_at(must);
        let budget: usize = 64 + 4 * probed.iter().map(|l| l.len()).sum::<usize>();
        let mut shared: HashMap<u32, (usize, usize)> = HashMap::new();
        for list in probed {
            for &(m, id) in *list {
                shared.entry(id).or_insert((m as usize, 0)).1 += 1;
            }
        }
        let mut spent = 0;
        let mut unprobed = rest.len();
        for list in rest {
            spent += list.len();
            if spent > budget {
                break;
            }
            unprobed -= 1;
            for &(_, id) in *list {
                if let Some(count) = shared.get_mut(&id) {
                    count.1 += 1;
                }
            }
        }
        let mut out: Vec<u32> = shared
            .into_iter()
            .filter(|&(_, (m, count))| count + unprobed >= needed(m))
            .map(|(id, _)| id)
            .collect();
        out.sort_unstable();
        out
    }
}

/// The edit distance of `a` and `b` if it is at most `bound`. Rows of the table stop as soon
/// as every cell of one passes the bound.
pub fn levenshtein_within(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        let mut lowest = left;
        for (cell, &y) in row.iter_mut().skip(1).zip(b) {
            let value = (diagonal + usize::from(x != y))
                .min(*cell + 1)
                .min(left + 1);
            diagonal = *cell;
            *cell = value;
            left = value;
            lowest = lowest.min(value);
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        if lowest > bound {
            return None;
        }
    }
    row.last().copied().filter(|&d| d <= bound)
}
