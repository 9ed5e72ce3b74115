//! Who answers for a measure, as the documents say it. A v1 list (`owner A, B`) is the
//! documents' （责任单位：A、B） — its first unit leads (LANGUAGE.md §3); marked roles
//! (`owner lead A, support B`) are （A牵头，B配合）; `owner jointly A, B` is
//! （A、B按职责分工负责）, with no single lead. Units carried by `also` are written once, where
//! the clause stands (以下均需…落实，不再列出), not after every measure; the annex lists them.

use crate::model::{Model, NodeId, Role};
use crate::syntax::ast::OwnerForm;

use super::written::Written;

/// The units of one measure, by role, each by the short name the documents use (its id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Responsible {
    pub leads: Vec<String>,
    pub supports: Vec<String>,
    /// Named on the measure's `owner` lines with no role (`jointly`, or before any mark).
    pub jointly: Vec<String>,
    /// Added by `also` clauses of the header or an enclosing section.
    pub carried: Vec<String>,
    /// Every `owner` line is a v1 list: the first unit leads, as the text put it first.
    pub listed: bool,
}

impl Responsible {
    pub fn of(model: &Model, written: &Written, id: NodeId) -> Responsible {
        let mut r = Responsible::default();
        let Some(node) = model.nodes.get(id) else {
            return r;
        };
        let mut seen = Vec::new();
        let name = |o: usize| model.owners.get(o).map(|o| o.id.clone());
        if let Some(from) = node.owners_from {
            let forms = written.owner_forms(from);
            r.listed = !forms.is_empty() && forms.iter().all(|f| *f == OwnerForm::Listed);
            if let Some(f) = model.nodes.get(from) {
                for &reference in &f.own_owners {
                    let Some((o, role)) = model
                        .owner_refs
                        .get(reference)
                        .and_then(|r| Some((r.resolved?, r.role)))
                    else {
                        continue;
                    };
                    if seen.contains(&o) {
                        continue;
                    }
                    seen.push(o);
                    let list = match role {
                        Some(Role::Lead) => &mut r.leads,
                        Some(Role::Support) => &mut r.supports,
                        None => &mut r.jointly,
                    };
                    list.extend(name(o));
                }
            }
        }
        for &reference in &node.carried {
            let Some(o) = model.owner_refs.get(reference).and_then(|r| r.resolved) else {
                continue;
            };
            if !seen.contains(&o) {
                seen.push(o);
                r.carried.extend(name(o));
            }
        }
        r
    }

    /// The clause after the measure's text: （责任单位：A、B）, （A牵头，B配合）,
    /// （A、B按职责分工负责）; empty when only `also` units answer for it.
    pub fn clause(&self) -> String {
        if self.listed {
            let all: Vec<&str> = self
                .leads
                .iter()
                .chain(&self.supports)
                .chain(&self.jointly)
                .map(String::as_str)
                .collect();
            return format!("（责任单位：{}）", all.join("、"));
        }
        let mut parts = Vec::new();
        if !self.leads.is_empty() {
            parts.push(format!("{}牵头", self.leads.join("、")));
        }
        if !self.supports.is_empty() {
            parts.push(format!("{}配合", self.supports.join("、")));
        }
        if !self.jointly.is_empty() {
            parts.push(format!("{}按职责分工负责", self.jointly.join("、")));
        }
        if parts.is_empty() {
            return String::new();
        }
        format!("（{}）", parts.join("，"))
    }

    /// The annex's 牵头单位 and 配合单位. With no lead named, every unit of the `owner`
    /// lines answers jointly and is listed as leading (按职责分工负责: none is only
    /// helping); with none at all, the carried units do.
    pub fn columns(&self) -> (String, String) {
        let (leads, mut supports) = if !self.leads.is_empty() {
            let mut s = self.supports.clone();
            s.extend(self.jointly.iter().cloned());
            (self.leads.clone(), s)
        } else if !self.jointly.is_empty() {
            (self.jointly.clone(), self.supports.clone())
        } else if !self.supports.is_empty() {
            (Vec::new(), self.supports.clone())
        } else {
            return (self.carried.join("、"), String::new());
        };
        supports.extend(self.carried.iter().cloned());
        (leads.join("、"), supports.join("、"))
    }

    /// Every unit, in the order the clause and columns name them (the round trip compares
    /// these).
    pub fn all(&self) -> Vec<String> {
        self.leads
            .iter()
            .chain(&self.supports)
            .chain(&self.jointly)
            .chain(&self.carried)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn each_form_reads_as_the_documents_write_it() {
        let listed = Responsible {
            leads: names(&["市发改委"]),
            supports: names(&["市财政局"]),
            listed: true,
            ..Responsible::default()
        };
        assert_eq!(listed.clause(), "（责任单位：市发改委、市财政局）");
        assert_eq!(listed.columns(), ("市发改委".into(), "市财政局".into()));
        let marked = Responsible {
            listed: false,
            ..listed.clone()
        };
        assert_eq!(marked.clause(), "（市发改委牵头，市财政局配合）");
        let jointly = Responsible {
            jointly: names(&["市发改委", "市财政局"]),
            carried: names(&["各县区政府"]),
            ..Responsible::default()
        };
        assert_eq!(jointly.clause(), "（市发改委、市财政局按职责分工负责）");
        assert_eq!(
            jointly.columns(),
            ("市发改委、市财政局".into(), "各县区政府".into())
        );
        let carried = Responsible {
            carried: names(&["各县区政府"]),
            ..Responsible::default()
        };
        assert_eq!(carried.clause(), "");
        assert_eq!(carried.columns(), ("各县区政府".into(), String::new()));
    }
}
