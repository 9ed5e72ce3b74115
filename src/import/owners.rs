//! Responsible units: the clause that names them — （责任单位：A、B）, a 责任单位：… line,
//! 【责任单位：…】, （A牵头，B配合）, （A、B负责）, （…按职责分工负责） — the plan-wide
//! carry-forward clause (以下均需各县区政府…落实，不再列出), and the registry of every unit
//! named. Where a list drops a shared prefix after its first unit (市商务局、民政局), the
//! prefix is restored in the id and the written form kept as an alias.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::OwnerEntry;

/// The owner clause of a paragraph: the units named (lead first), the plan-wide units of a
/// carry-forward clause, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    pub names: Vec<String>,
    /// How many of `names` (the first ones) lead: the clause said 牵头. 0 when it names no
    /// lead (按职责分工负责, a plain 责任单位 list): the units share the measure.
    pub leads: usize,
    pub carry: Vec<String>,
    pub range: Range<usize>,
}

/// Every unit named, in order of first mention.
#[derive(Debug, Default)]
pub struct Registry {
    pub entries: Vec<OwnerEntry>,
    by_name: HashMap<String, usize>,
}

impl Registry {
    /// The entry of a unit as written in a list whose first unit is `first`; registered on
    /// first mention.
    pub fn register(&mut self, name: &str, first: Option<&str>) -> usize {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        let id = match first.and_then(|f| shared_prefix(f, name)) {
            Some(prefix) => format!("{prefix}{name}"),
            None => name.to_owned(),
        };
        let i = match self.by_name.get(&id) {
            Some(&i) => i,
            None => {
                self.entries.push(OwnerEntry {
                    group: is_group(&id),
                    id: id.clone(),
                    aliases: Vec::new(),
                });
                let i = self.entries.len() - 1;
                self.by_name.insert(id.clone(), i);
                i
            }
        };
        if id != name {
            if let Some(e) = self.entries.get_mut(i) {
                e.aliases.push(name.to_owned());
            }
            self.by_name.insert(name.to_owned(), i);
        }
        i
    }
}

/// The prefix (市, 县, 区) a list's first unit has and `name` dropped: 市商务局、民政局.
fn shared_prefix(first: &str, name: &str) -> Option<char> {
    let p = first.chars().next()?;
    if !"市县区州".contains(p) || first.chars().count() < 3 {
        return None;
    }
    let starts_like_a_place = name
        .chars()
        .next()
        .is_some_and(|c| "市县区州省各国中全".contains(c));
    let a_department = ["局", "委", "委员会", "办", "办公室", "中心"]
        .iter()
        .any(|s| name.ends_with(s));
    // Branches of national bodies carry their own place name (遵义银保监分局, 遵义供电局).
    let own_place = ["分局", "供电局", "分行", "支行", "海关", "公司", "管理处"]
        .iter()
        .any(|s| name.ends_with(s));
    (!starts_like_a_place && a_department && !own_place && !name.contains('市')).then_some(p)
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid constant pattern")
}

const OWNER_WORDS: &[&str] = &["负责", "责任单位", "牵头", "配合", "责任部门", "牵头单位"];

/// The owner clause at the end of a paragraph (`text` is the paragraph), if any.
pub fn find(text: &str) -> Option<Clause> {
    // A bracketed group: scan back from the end for the last top-level group whose content
    // names owners.
    let mut best: Option<Range<usize>> = None;
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' | '【' | '[' => stack.push((i, c.len_utf8())),
            '）' | ')' | '】' | ']' => {
                if let Some((open, open_len)) = stack.pop() {
                    if stack.is_empty() {
                        let inner = text.get(open + open_len..i).unwrap_or("");
                        let end = i + c.len_utf8();
                        let rest = text.get(end..).unwrap_or("").trim();
                        // Only punctuation or page furniture (` |`) may follow the clause.
                        let at_end = rest.chars().all(|c| !c.is_alphanumeric())
                            || rest.starts_with(|c: char| c.is_whitespace());
                        if at_end && OWNER_WORDS.iter().any(|w| inner.contains(w)) {
                            best = Some(open..end);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(range) = best {
        let inner = text.get(range.clone()).unwrap_or("");
        let inner = inner
            .trim_start_matches(['（', '(', '【', '['])
            .trim_end_matches(['）', ')', '】', ']']);
        let (names, leads, carry) = parse(inner);
        if !names.is_empty() {
            return Some(Clause {
                names,
                leads,
                carry,
                range,
            });
        }
    }
    // A 责任单位：… line or sentence closing the paragraph.
    static LINE: OnceLock<Regex> = OnceLock::new();
    let line = LINE.get_or_init(|| re(r"(?:责任单位|牵头单位|责任部门)[:：]\s*([^。\n]+)。?\s*$"));
    let caps = line.captures(text)?;
    let whole = caps.get(0)?;
    let (names, leads, carry) = parse(caps.get(1)?.as_str());
    (!names.is_empty()).then_some(Clause {
        names,
        leads,
        carry,
        range: whole.range(),
    })
}

/// The units of a clause's content, how many of them lead (牵头), and the units of its
/// carry-forward part.
fn parse(content: &str) -> (Vec<String>, usize, Vec<String>) {
    static CARRY: OnceLock<Regex> = OnceLock::new();
    let carry_re = CARRY.get_or_init(|| {
        re(r"以下均(?:需|由|要)?(.+?)(?:负责|落实|承担)[，,]?\s*不再(?:一一)?列出")
    });
    let mut carry = Vec::new();
    let mut main = content.to_owned();
    if let Some(c) = carry_re.captures(content) {
        if let (Some(whole), Some(who)) = (c.get(0), c.get(1)) {
            carry = split_names(who.as_str());
            main = content.replace(whole.as_str(), "");
        }
    }
    if let Some(labeled) = labeled(&main) {
        return (labeled.0, labeled.1, carry);
    }
    // 牵头单位：A；配合单位：B — the two lists of one clause.
    static LEAD_LIST: OnceLock<Regex> = OnceLock::new();
    let lead_list = LEAD_LIST.get_or_init(|| {
        re(r"牵头(?:单位|部门)[:：]\s*([^；;。]+)[；;，,。]\s*配合(?:单位|部门)[:：]\s*([^；;。]+)")
    });
    if let Some(c) = lead_list.captures(&main) {
        let leads = split_names(c.get(1).map_or("", |m| m.as_str()));
        let n = leads.len();
        let mut names = leads;
        for s in split_names(c.get(2).map_or("", |m| m.as_str())) {
            if !names.contains(&s) {
                names.push(s);
            }
        }
        return (names, n, carry);
    }
    let main = main
        .split(['。', '；', ';'])
        .next()
        .unwrap_or("")
        .to_owned();
    static PREFIX: OnceLock<Regex> = OnceLock::new();
    let prefix = PREFIX.get_or_init(|| re(r"^\s*(?:责任单位|牵头单位|责任部门|配合单位)[:：]\s*"));
    let main = prefix.replace(&main, "").into_owned();
    // A牵头，B配合: the units before 牵头 lead, the others support.
    if let Some(at) = main.find("牵头") {
        let before = main.get(..at).unwrap_or("");
        let before = before.strip_prefix('由').unwrap_or(before);
        let after = main.get(at + "牵头".len()..).unwrap_or("");
        let leads = split_names(before.trim_end_matches("单位"));
        let n = leads.len();
        let mut names = leads;
        // (由县发改局牵头实施): the verb after 牵头 names no unit.
        let after = after.trim_start_matches("单位");
        let after = ["实施", "落实", "推进", "负责"]
            .iter()
            .find_map(|v| after.strip_prefix(v))
            .unwrap_or(after)
            .replace("配合单位", "")
            .replace("配合", "")
            .replace("参与", "");
        for s in split_names(&after) {
            if !names.contains(&s) {
                names.push(s);
            }
        }
        return (names, n, carry);
    }
    let main = main
        .replace("配合单位", "")
        .replace("配合", "")
        .replace("参与", "");
    (split_names(&main), 0, carry)
}

/// A clause of labelled lists — (牵头领导:谢瑞武,牵头单位:市发改委,责任单位:市经信局;
/// 数据提供单位:市统计局): the 牵头 list leads, the 责任/配合 lists support (or share the
/// work when nothing leads), and the people and the data providers are no owners.
fn labeled(content: &str) -> Option<(Vec<String>, usize)> {
    static LABEL: OnceLock<Regex> = OnceLock::new();
    let label = LABEL.get_or_init(|| {
        re(r"(牵头领导|责任领导|分管领导|联系领导|牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|协办单位|参与单位|数据提供单位)\s*[:：]")
    });
    let found: Vec<regex::Captures> = label.captures_iter(content).collect();
    // One leading label is the plain "责任单位：A、B" form, read as before.
    if found.len() < 2
        && !found
            .first()
            .is_some_and(|c| c.get(1).is_some_and(|l| l.as_str().starts_with("牵头")))
    {
        return None;
    }
    let mut leads: Vec<String> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for (i, c) in found.iter().enumerate() {
        let (Some(whole), Some(name)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let end = found
            .get(i + 1)
            .and_then(|n| n.get(0))
            .map_or(content.len(), |n| n.start());
        let list = content.get(whole.end()..end).unwrap_or("");
        let list = list.trim_end_matches(|c: char| "；;，,。 ".contains(c));
        let into = match name.as_str() {
            "牵头单位" | "牵头部门" => &mut leads,
            "责任单位" | "责任部门" | "配合单位" | "配合部门" | "协办单位" | "参与单位" => {
                &mut others
            }
            _ => continue,
        };
        for n in split_names(list) {
            if !into.contains(&n) {
                into.push(n);
            }
        }
    }
    let n = leads.len();
    for o in others {
        if !leads.contains(&o) {
            leads.push(o);
        }
    }
    (!leads.is_empty()).then_some((leads, n))
}

/// A table cell that only names units (发改局, 发改局(服务业发展局)): the owners of the
/// row's task.
pub fn cell(text: &str) -> Option<Clause> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 40 || t.contains(['。', '，', ',', '：', ':']) {
        return None;
    }
    static NOTE: OnceLock<Regex> = OnceLock::new();
    let note = NOTE.get_or_init(|| re(r"[（(][^（()）]*[）)]"));
    let names = split_names(&note.replace_all(t, ""));
    (!names.is_empty() && names.iter().all(|n| ends_as_unit(n))).then(|| Clause {
        names,
        leads: 0,
        carry: Vec::new(),
        range: 0..text.len(),
    })
}

/// Whether a named unit stands for several: 各县区政府, 各产业链责任单位,
/// 市安全生产委员会成员单位, 市级相关部门 — a `group` in the registry.
pub fn is_group(name: &str) -> bool {
    name.starts_with('各')
        || ["成员单位", "相关部门", "有关部门", "相关单位", "有关单位"]
            .iter()
            .any(|s| name.ends_with(s))
}

fn ends_as_unit(s: &str) -> bool {
    [
        "政府", "委", "局", "办", "厅", "部", "中心", "单位", "公司", "行", "院", "所", "队", "会",
        "室", "站", "社", "处", "关",
    ]
    .iter()
    .any(|suffix| s.ends_with(suffix))
}

/// Units of a list: split at 、，及 (and at 和 only between two whole unit names, since
/// 工业和信息化局 is one unit); trailing 负责 / 按职责分工 / 等 dropped.
pub fn split_names(list: &str) -> Vec<String> {
    static TAIL: OnceLock<Regex> = OnceLock::new();
    let tail = TAIL.get_or_init(|| {
        re(r"(?:按职责分工|按照职责分工|按职责|分别|共同|具体|负责|落实|等相关部门|等有关部门|等相关单位|等有关单位|等单位|等部门|等)+$")
    });
    let mut out: Vec<String> = Vec::new();
    for part in list.split(['、', '，', ',', '及', ' ', '　', '/']) {
        let part = tail.replace(part.trim(), "").trim().to_owned();
        if part.is_empty() {
            continue;
        }
        // 和 between two whole units: 各县区政府和城乡一体化示范区管委会.
        let mut pieces: Vec<String> = Vec::new();
        let mut rest = part.as_str();
        while let Some(pos) = rest.find('和') {
            let (left, right) = (
                rest.get(..pos).unwrap_or(""),
                rest.get(pos + '和'.len_utf8()..).unwrap_or(""),
            );
            if ends_as_unit(left) && ends_as_unit(right) && left.chars().count() >= 2 {
                pieces.push(left.to_owned());
                rest = right;
            } else {
                break;
            }
        }
        pieces.push(rest.to_owned());
        for p in pieces {
            let p = tail.replace(&p, "").trim().to_owned();
            if p.chars().count() >= 2 && p.chars().count() <= 40 && !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_clauses() {
        let c = find("加快推进。(责任单位:市工业和能源局、市发展改革委)").map(|c| c.names);
        assert_eq!(
            c,
            Some(vec!["市工业和能源局".to_owned(), "市发展改革委".to_owned()])
        );
        let c = find("确保落实。(市发改委、市工信局,各县区人民政府负责)").map(|c| c.names);
        assert_eq!(
            c,
            Some(vec![
                "市发改委".into(),
                "市工信局".into(),
                "各县区人民政府".into()
            ])
        );
        let c = find("做强链群。(市工业和信息化局、发展改革委及各产业链责任单位按职责分工负责。以下均需各县区政府和城乡一体化示范区管委会落实,不再列出)");
        let c = c.unwrap_or(Clause {
            names: vec![],
            leads: 0,
            carry: vec![],
            range: 0..0,
        });
        assert_eq!(
            c.names,
            ["市工业和信息化局", "发展改革委", "各产业链责任单位"]
        );
        assert_eq!(c.carry, ["各县区政府", "城乡一体化示范区管委会"]);
        let c = find("一、扩大有效投资政策(由县发改局牵头实施)").map(|c| (c.names, c.leads));
        assert_eq!(c, Some((vec!["县发改局".to_owned()], 1)));
        let c = find("推进改革（市发改委牵头，市财政局配合）").map(|c| (c.names, c.leads));
        assert_eq!(c, Some((vec!["市发改委".into(), "市财政局".into()], 1)));
        let c = find("推进改革。（牵头单位：市发改委、市工信局；配合单位：市财政局）")
            .map(|c| (c.names, c.leads));
        assert_eq!(
            c,
            Some((
                vec!["市发改委".into(), "市工信局".into(), "市财政局".into()],
                2
            ))
        );
        let c = find("推进改革（市发改委、市财政局按职责分工负责）").map(|c| c.leads);
        assert_eq!(c, Some(0));
        let c = find("增长10%。(牵头领导:谢瑞武,牵头单位:市发改委,责任单位:市经信局、市商务局,数据提供单位:市统计局)")
            .map(|c| (c.names, c.leads));
        assert_eq!(
            c,
            Some((
                vec!["市发改委".into(), "市经信局".into(), "市商务局".into()],
                1
            ))
        );
        assert_eq!(find("加快建设(2021-2023年)。"), None);
    }

    #[test]
    fn shared_prefix_restored() {
        let mut r = Registry::default();
        let a = r.register("市商务局", None);
        let b = r.register("民政局", Some("市商务局"));
        let c = r.register("市民政局", None);
        assert_eq!((a, b, c), (0, 1, 1));
        assert_eq!(
            r.entries.get(1).map(|e| e.aliases.clone()),
            Some(vec!["民政局".into()])
        );
        let d = r.register("开封海关", Some("市商务局"));
        assert_eq!(r.entries.get(d).map(|e| e.id.as_str()), Some("开封海关"));
    }
}
