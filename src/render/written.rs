//! What the plan wrote, where the model keeps only values: the numbers of each target as
//! written (`41.54`, not the float nearest to it) and the form of each `owner` line (a v1
//! list, `jointly`, or marked `lead` / `support`), found from the syntax tree by span.

use std::collections::HashMap;

use crate::model::{Model, NodeId, TargetInfo};
use crate::syntax::ast::{self, BodyItem, Item, OwnerForm};

/// The syntax behind a model, indexed once (linear in the file).
pub struct Written<'a> {
    model: &'a Model,
    /// Target lines by the start of their span.
    targets: HashMap<usize, &'a ast::Target>,
    /// The forms of a node's `owner` lines, by the start of the node's span.
    owner_forms: HashMap<usize, Vec<OwnerForm>>,
    /// The units a section's `also` lines add, as written, by the start of its span.
    also: HashMap<usize, Vec<String>>,
}

/// A number as the plan wrote it, its sign apart: `-3.5` is `(true, "3.5")`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub negative: bool,
    pub digits: String,
}

impl<'a> Written<'a> {
    pub fn new(model: &'a Model) -> Self {
        let mut targets = HashMap::new();
        let mut owner_forms: HashMap<usize, Vec<OwnerForm>> = HashMap::new();
        let mut also: HashMap<usize, Vec<String>> = HashMap::new();
        // An explicit stack: sections nest as deep as a (hostile) file makes them. A model
        // built for findings only has no tree: nothing is worded then.
        let mut stack: Vec<&'a ast::Node> = model
            .ast
            .iter()
            .flat_map(|f| f.items.iter())
            .filter_map(|item| match item {
                Item::Node(n) => Some(n.as_ref()),
                _ => None,
            })
            .collect();
        while let Some(node) = stack.pop() {
            for item in &node.body {
                match item {
                    BodyItem::Target(t) => {
                        targets.insert(t.span.start, t.as_ref());
                    }
                    BodyItem::Owner { form, .. } => {
                        owner_forms.entry(node.span.start).or_default().push(*form);
                    }
                    BodyItem::Also(a) => also
                        .entry(node.span.start)
                        .or_default()
                        .extend(a.owners.iter().map(|o| o.text.clone())),
                    BodyItem::Node(child) => stack.push(child),
                    _ => {}
                }
            }
        }
        Written {
            model,
            targets,
            owner_forms,
            also,
        }
    }

    /// The target line a target of the model comes from.
    pub fn target(&self, t: &TargetInfo) -> Option<&'a ast::Target> {
        self.targets.get(&t.span.start).copied()
    }

    /// A number as written: full-width digits and `_` separators normalised, nothing else
    /// changed (`1_450` → `1450`, `０．５` → `0.5`, `41.540` stays `41.540`).
    pub fn figure(&self, n: &ast::Number) -> Figure {
        let text = self
            .model
            .source
            .text
            .get(n.span.clone())
            .map(str::to_owned)
            // The span always lies in the source; should it not, the value is the best left.
            .unwrap_or_else(|| crate::i18n::number(n.value));
        let mut negative = false;
        let mut digits = String::with_capacity(text.len());
        for c in text.trim().chars() {
            match c {
                '-' | '－' => negative = true,
                '_' => {}
                '．' => digits.push('.'),
                '０'..='９' => {
                    let d = u32::from(c) - u32::from('０');
                    digits.extend(char::from_digit(d, 10));
                }
                c => digits.push(c),
            }
        }
        Figure { negative, digits }
    }

    /// The units a node's own `also` lines name, as written.
    pub fn also(&self, node: NodeId) -> Vec<String> {
        self.model
            .nodes
            .get(node)
            .and_then(|n| self.also.get(&n.span.start))
            .cloned()
            .unwrap_or_default()
    }

    /// The forms of the `owner` lines of a node (empty when it has none).
    pub fn owner_forms(&self, node: NodeId) -> &[OwnerForm] {
        self.model
            .nodes
            .get(node)
            .and_then(|n| self.owner_forms.get(&n.span.start))
            .map_or(&[], Vec::as_slice)
    }
}
