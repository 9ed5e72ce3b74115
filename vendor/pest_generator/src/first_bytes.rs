// PATCH (vendor/pest/PATCHES.md, 6): first-byte guards.
//
//! The bytes an expression's match can start with, worked out from the grammar, so that the
//! generated parser can pass over an alternative, an optional part or a repetition that
//! cannot match at the next byte without trying it (a rule call, its bookkeeping and one
//! call per string or range it would try, only to fail).
//!
//! A set is kept only when it is a *guard*: when the next byte is outside it, or the input
//! has ended, the expression fails, whatever it is. Anything the analysis cannot vouch for
//! (an expression that can match nothing, a lookahead that succeeds on failure, a Unicode
//! property, the stack) has no guard and is always tried.

use std::collections::HashMap;

use pest_meta::ast::RuleType;
use pest_meta::optimizer::{OptimizedExpr, OptimizedRule};

/// A set of bytes, one bit each: bit `b & 63` of word `b >> 6`.
pub(crate) type ByteSet = [u64; 4];

const ALL: ByteSet = [!0; 4];

/// How deep a chain of rule references is followed before giving up (left recursion is
/// rejected by pest's validator, so this only bounds the work).
const MAX_DEPTH: usize = 32;

/// The grammar's rules by name, for following references.
pub(crate) struct Guards<'r> {
    rules: Option<HashMap<&'r str, &'r OptimizedExpr>>,
    /// The silent rules (`_{ }`), whose code calls no `rule`.
    silent: Option<HashMap<&'r str, &'r OptimizedExpr>>,
}

impl<'r> Guards<'r> {
    /// No guards at all: the code generated is pest's own.
    #[cfg(test)]
    pub(crate) fn off() -> Self {
        Guards {
            rules: None,
            silent: None,
        }
    }

    pub(crate) fn new(rules: &'r [OptimizedRule]) -> Self {
        Guards {
            rules: Some(
                rules
                    .iter()
                    .map(|rule| (rule.name.as_str(), &rule.expr))
                    .collect(),
            ),
            silent: Some(
                rules
                    .iter()
                    .filter(|rule| rule.ty == RuleType::Silent)
                    .map(|rule| (rule.name.as_str(), &rule.expr))
                    .collect(),
            ),
        }
    }

    /// Whether `expr` is a terminal: a string, a range, a built-in character class, a
    /// choice of them or a silent rule that is one. Matching a terminal calls no `rule`
    /// and never touches the stack, so a lookahead of one needs none of the lookahead's
    /// bookkeeping (`ParserState::lookahead_terminal`).
    pub(crate) fn is_terminal(&self, expr: &OptimizedExpr) -> bool {
        let Some(silent) = self.silent.as_ref() else {
            return false;
        };
        self.terminal(expr, silent, 0)
    }

    fn terminal(
        &self,
        expr: &OptimizedExpr,
        silent: &HashMap<&'r str, &'r OptimizedExpr>,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        match expr {
            OptimizedExpr::Str(_) | OptimizedExpr::Insens(_) | OptimizedExpr::Range(..) => true,
            OptimizedExpr::Choice(lhs, rhs) => {
                self.terminal(lhs, silent, depth + 1) && self.terminal(rhs, silent, depth + 1)
            }
            OptimizedExpr::Ident(name) => match silent.get(name.as_str()) {
                Some(expr) => self.terminal(expr, silent, depth + 1),
                None => {
                    let user_rule = self
                        .rules
                        .as_ref()
                        .is_some_and(|r| r.contains_key(name.as_str()));
                    !user_rule
                        && (builtin(name).is_some()
                            || name == "ANY"
                            || pest::unicode::unicode_property_names().any(|p| p == name))
                }
            },
            _ => false,
        }
    }

    /// The guard of `expr`, if it has one worth checking (not every byte).
    pub(crate) fn of(&self, expr: &OptimizedExpr) -> Option<ByteSet> {
        self.rules.as_ref()?;
        self.first(expr, 0).filter(|set| *set != ALL)
    }

    /// The guard of the rule `name`.
    pub(crate) fn of_rule(&self, name: &str) -> Option<ByteSet> {
        let expr = *self.rules.as_ref()?.get(name)?;
        self.of(expr)
    }

    /// The bytes that, as the next byte, are a whole match of the rule `name` by
    /// themselves: the first alternative of its choice that can start with the byte is that
    /// one ASCII character (`' '`, `'\t'..'\n'`). The skip between tokens steps over them
    /// without trying the rule (it is atomic and silent: no token, no rule tracked).
    pub(crate) fn single_bytes_of_rule(&self, name: &str) -> ByteSet {
        let mut single = [0; 4];
        let Some(expr) = self.rules.as_ref().and_then(|rules| rules.get(name)) else {
            return single;
        };
        let mut claimed = [0u64; 4];
        let mut alternative = *expr;
        loop {
            let (head, rest) = match alternative {
                OptimizedExpr::Choice(head, rest) => (&**head, Some(&**rest)),
                last => (last, None),
            };
            let one = match head {
                OptimizedExpr::Range(start, end) => {
                    match (start.chars().next(), end.chars().next()) {
                        (Some(start), Some(end)) if end.is_ascii() => {
                            Some(range_lead_bytes(start, end))
                        }
                        _ => None,
                    }
                }
                OptimizedExpr::Str(string) if string.len() == 1 && string.is_ascii() => {
                    Some(of_bytes(string.as_bytes()))
                }
                _ => None,
            };
            if let Some(one) = one {
                for i in 0..4 {
                    single[i] |= one[i] & !claimed[i];
                }
            }
            // A byte an earlier alternative may start with is that alternative's to match.
            let Some(first) = self.first(head, 0) else {
                return single;
            };
            for i in 0..4 {
                claimed[i] |= first[i];
            }
            match rest {
                Some(rest) => alternative = rest,
                None => return single,
            }
        }
    }

    fn first(&self, expr: &OptimizedExpr, depth: usize) -> Option<ByteSet> {
        if depth > MAX_DEPTH {
            return None;
        }
        match expr {
            OptimizedExpr::Str(string) => string.bytes().next().map(|b| of_bytes(&[b])),
            OptimizedExpr::Insens(string) => {
                let c = string.chars().next()?;
                // pest folds ASCII letters only; any other first character stays unguarded.
                if !c.is_ascii() {
                    return None;
                }
                let (lower, upper) = (c.to_ascii_lowercase() as u8, c.to_ascii_uppercase() as u8);
                Some(of_bytes(&[lower, upper]))
            }
            OptimizedExpr::Range(start, end) => {
                let start = start.chars().next()?;
                let end = end.chars().next()?;
                Some(range_lead_bytes(start, end))
            }
            OptimizedExpr::Ident(name) => match self.rules.as_ref()?.get(name.as_str()) {
                Some(expr) => self.first(expr, depth + 1),
                None => builtin(name),
            },
            // `&e` fails where `e` does; `e ~ f` fails where `e` does. (No more than that for a
            // sequence: when `e` can match nothing, `f` may start after skipped whitespace.)
            OptimizedExpr::PosPred(expr)
            | OptimizedExpr::Seq(expr, _)
            | OptimizedExpr::Push(expr)
            | OptimizedExpr::RestoreOnErr(expr) => self.first(expr, depth + 1),
            #[cfg(feature = "grammar-extras")]
            OptimizedExpr::RepOnce(expr) | OptimizedExpr::NodeTag(expr, _) => {
                self.first(expr, depth + 1)
            }
            OptimizedExpr::Choice(lhs, rhs) => {
                let lhs = self.first(lhs, depth + 1)?;
                let rhs = self.first(rhs, depth + 1)?;
                Some([
                    lhs[0] | rhs[0],
                    lhs[1] | rhs[1],
                    lhs[2] | rhs[2],
                    lhs[3] | rhs[3],
                ])
            }
            // These can succeed without consuming anything, or depend on the stack.
            _ => None,
        }
    }
}

/// The guards of pest's built-in rules over ASCII.
fn builtin(name: &str) -> Option<ByteSet> {
    let ranges: &[(u8, u8)] = match name {
        "ASCII_DIGIT" => &[(b'0', b'9')],
        "ASCII_NONZERO_DIGIT" => &[(b'1', b'9')],
        "ASCII_BIN_DIGIT" => &[(b'0', b'1')],
        "ASCII_OCT_DIGIT" => &[(b'0', b'7')],
        "ASCII_HEX_DIGIT" => &[(b'0', b'9'), (b'a', b'f'), (b'A', b'F')],
        "ASCII_ALPHA_LOWER" => &[(b'a', b'z')],
        "ASCII_ALPHA_UPPER" => &[(b'A', b'Z')],
        "ASCII_ALPHA" => &[(b'a', b'z'), (b'A', b'Z')],
        "ASCII_ALPHANUMERIC" => &[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9')],
        "ASCII" => &[(0, 0x7f)],
        "NEWLINE" => &[(b'\n', b'\n'), (b'\r', b'\r')],
        _ => return None,
    };
    let mut set = [0; 4];
    for &(lo, hi) in ranges {
        for b in lo..=hi {
            insert(&mut set, b);
        }
    }
    Some(set)
}

/// The first bytes of the UTF-8 encodings of the characters `start..=end`. The first byte
/// of an encoding grows with the character, so the characters above ASCII start with the
/// bytes between those of the lowest and of the highest.
fn range_lead_bytes(start: char, end: char) -> ByteSet {
    let mut set = [0; 4];
    if start > end {
        return set;
    }
    if start.is_ascii() {
        for b in start as u8..=end.min('\x7f') as u8 {
            insert(&mut set, b);
        }
    }
    if !end.is_ascii() {
        let low = start.max('\u{80}');
        let mut buffer = [0; 4];
        let first = low.encode_utf8(&mut buffer).as_bytes()[0];
        let last = end.encode_utf8(&mut buffer).as_bytes()[0];
        for b in first..=last {
            insert(&mut set, b);
        }
    }
    set
}

fn of_bytes(bytes: &[u8]) -> ByteSet {
    let mut set = [0; 4];
    for &b in bytes {
        insert(&mut set, b);
    }
    set
}

fn insert(set: &mut ByteSet, b: u8) {
    set[usize::from(b >> 6)] |= 1 << (b & 63);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(set: ByteSet, b: u8) -> bool {
        set[usize::from(b >> 6)] >> (b & 63) & 1 != 0
    }

    fn members(set: ByteSet) -> Vec<u8> {
        (0..=255).filter(|&b| contains(set, b)).collect()
    }

    fn s(text: &str) -> Box<OptimizedExpr> {
        Box::new(OptimizedExpr::Str(text.to_owned()))
    }

    fn rule(name: &str, expr: OptimizedExpr) -> OptimizedRule {
        OptimizedRule {
            name: name.to_owned(),
            ty: RuleType::Normal,
            expr,
        }
    }

    #[test]
    fn a_range_starts_with_the_lead_bytes_of_its_characters() {
        assert_eq!(members(range_lead_bytes('a', 'c')), b"abc");
        assert_eq!(members(range_lead_bytes('\u{3000}', '\u{3000}')), [0xe3]);
        // ASCII up to 0x7f, then every lead byte from U+0080 (0xc2) to U+FF03 (0xef).
        let wide = members(range_lead_bytes('x', '＃'));
        assert_eq!(wide.first(), Some(&b'x'));
        assert!(wide.contains(&0x7f) && wide.contains(&0xc2) && wide.contains(&0xef));
        assert!(!wide.contains(&0x80) && !wide.contains(&0xf0) && !wide.contains(&b'w'));
        assert_eq!(
            members(range_lead_bytes('\u{10000}', '\u{10FFFF}')),
            [0xf0, 0xf1, 0xf2, 0xf3, 0xf4]
        );
    }

    #[test]
    fn only_expressions_that_fail_outside_their_set_are_guarded() {
        let rules = vec![
            rule("kw", OptimizedExpr::Choice(s("target"), s("目标"))),
            rule("opt", OptimizedExpr::Opt(s("x"))),
        ];
        let guards = Guards::new(&rules);
        let kw = guards.of_rule("kw").unwrap();
        assert_eq!(members(kw), [b't', "目".as_bytes()[0]]);
        // `x?` matches nothing anywhere: no guard, and none for a sequence starting with it.
        assert_eq!(guards.of_rule("opt"), None);
        let seq = OptimizedExpr::Seq(Box::new(OptimizedExpr::Ident("opt".into())), s("y"));
        assert_eq!(guards.of(&seq), None);
        // A sequence fails where its first part fails; a choice needs a guard on both sides.
        let seq = OptimizedExpr::Seq(Box::new(OptimizedExpr::Ident("kw".into())), s("y"));
        assert_eq!(guards.of(&seq), Some(kw));
        let choice = OptimizedExpr::Choice(Box::new(OptimizedExpr::Ident("kw".into())), s(""));
        assert_eq!(guards.of(&choice), None);
        // A negative lookahead, a Unicode property, an unknown name: never guarded.
        assert_eq!(guards.of(&OptimizedExpr::NegPred(s("a"))), None);
        assert_eq!(guards.of(&OptimizedExpr::Ident("XID_START".into())), None);
        assert_eq!(
            members(
                guards
                    .of(&OptimizedExpr::Ident("ASCII_DIGIT".into()))
                    .unwrap()
            ),
            b"0123456789"
        );
        assert_eq!(
            members(guards.of(&OptimizedExpr::Insens("Ab".into())).unwrap()),
            b"Aa"
        );
        assert_eq!(Guards::off().of_rule("kw"), None);
    }

    #[test]
    fn terminals_are_strings_ranges_classes_and_silent_rules_of_them() {
        let mut digit = rule(
            "digit",
            OptimizedExpr::Choice(
                Box::new(OptimizedExpr::Ident("ASCII_DIGIT".into())),
                Box::new(OptimizedExpr::Range("０".into(), "９".into())),
            ),
        );
        digit.ty = RuleType::Silent;
        let rules = vec![digit, rule("kw", OptimizedExpr::Str("a".into()))];
        let guards = Guards::new(&rules);
        let id = |name: &str| OptimizedExpr::Ident(name.into());
        assert!(guards.is_terminal(&id("digit")));
        assert!(guards.is_terminal(&id("XID_CONTINUE")));
        assert!(guards.is_terminal(&OptimizedExpr::Choice(s("\n"), s("}"))));
        // A rule that is not silent calls `rule`; a sequence may skip; the stack is not one.
        assert!(!guards.is_terminal(&id("kw")));
        assert!(!guards.is_terminal(&OptimizedExpr::Seq(s("a"), s("b"))));
        assert!(!guards.is_terminal(&id("PEEK")));
        assert!(!Guards::off().is_terminal(&OptimizedExpr::Str("a".into())));
    }

    #[test]
    fn single_bytes_are_the_first_alternatives_of_one_ascii_character() {
        let range = |a: &str, b: &str| Box::new(OptimizedExpr::Range(a.into(), b.into()));
        // `"ab" | ' ' | 'a'..'b' | '\t'..'\n' | '\u{3000}' | "#"`
        let expr = OptimizedExpr::Choice(
            s("ab"),
            Box::new(OptimizedExpr::Choice(
                range(" ", " "),
                Box::new(OptimizedExpr::Choice(
                    range("a", "b"),
                    Box::new(OptimizedExpr::Choice(
                        range("\t", "\n"),
                        Box::new(OptimizedExpr::Choice(range("\u{3000}", "\u{3000}"), s("#"))),
                    )),
                )),
            )),
        );
        let rules = vec![rule("WHITESPACE", expr)];
        let guards = Guards::new(&rules);
        // `a` may start `"ab"`, so it is not single; `b` is; `#` is a one-byte string.
        assert_eq!(
            members(guards.single_bytes_of_rule("WHITESPACE")),
            b"\t\n #b"
        );
        // After an alternative with no guard, nothing more is single.
        let rules = vec![rule(
            "WHITESPACE",
            OptimizedExpr::Choice(
                range(" ", " "),
                Box::new(OptimizedExpr::Choice(
                    Box::new(OptimizedExpr::Opt(s("x"))),
                    range("\t", "\t"),
                )),
            ),
        )];
        assert_eq!(
            members(Guards::new(&rules).single_bytes_of_rule("WHITESPACE")),
            b" "
        );
        assert_eq!(
            members(Guards::off().single_bytes_of_rule("WHITESPACE")),
            b""
        );
    }
}
