//! S601 target-overdue and S602 target-behind: the status of each target as findings, for
//! `plan check --as-of DATE` and the language server. One finding per target line, for its
//! worst stretch (of its worst member, for a per-member target); pointed at the target, with
//! the latest actual as the related place. S601 on a stretch target (力争) is a warning.

use chrono::NaiveDate;

use super::{compute, show, target_text, Actuals, Instance, Status};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::i18n::{Msg, StatusMsg};
use crate::model::Model;

/// The S601/S602 findings of a plan on `as_of`, from its own actuals.
pub fn findings(model: &Model, as_of: NaiveDate) -> Vec<Diagnostic> {
    let actuals = Actuals::of(model);
    let report = compute(model, &actuals, as_of);
    let mut worst: Vec<Option<&Instance>> = vec![None; model.targets.len()];
    for i in report.measures.iter().flat_map(|m| &m.targets) {
        if let Some(slot) = worst.get_mut(i.target) {
            if slot.is_none_or(|w| i.status > w.status) {
                *slot = Some(i);
            }
        }
    }
    let mut out = Vec::new();
    for i in worst.into_iter().flatten() {
        let Some(t) = model.targets.get(i.target) else {
            continue;
        };
        let mut target = target_text(model, t, crate::i18n::Lang::En);
        if let Some(member) = &i.member {
            target = format!("{target} ({member})");
        }
        let quantity =
            |v: Option<rust_decimal::Decimal>| v.map(|v| format!("{} {}", show(v, 2), i.unit));
        let latest = i.actual.as_ref().zip(quantity(i.actual_value));
        let diagnostic = match (i.status, i.deadline) {
            (Status::Overdue, Some(deadline)) => Diagnostic::new(
                Code::S601,
                model.at(t.span.clone()),
                Msg::Status(StatusMsg::Overdue {
                    target,
                    deadline,
                    actual: latest.as_ref().map(|(a, q)| (q.clone(), a.at)),
                }),
            )
            .label(Msg::Status(StatusMsg::OverdueLabel { deadline }))
            .help(Msg::Status(StatusMsg::OverdueHelp)),
            (Status::Behind, _) => {
                let (Some((a, actual)), Some(expected)) = (latest.as_ref(), quantity(i.expected))
                else {
                    continue;
                };
                Diagnostic::new(
                    Code::S602,
                    model.at(t.span.clone()),
                    Msg::Status(StatusMsg::Behind {
                        target,
                        actual: actual.clone(),
                        at: a.at,
                        expected: expected.clone(),
                    }),
                )
                .label(Msg::Status(StatusMsg::BehindLabel { expected }))
                .help(Msg::Status(StatusMsg::BehindHelp))
            }
            _ => continue,
        };
        // A stretch target (力争) the plan strives for but does not guarantee: missing it
        // is worth knowing, not an error that fails `plan check` (docs/status.md).
        let diagnostic = if t.firm == Some(false) {
            Diagnostic {
                severity: Severity::Warning,
                ..diagnostic
            }
        } else {
            diagnostic
        };
        let diagnostic = match &latest {
            Some((a, actual)) => diagnostic.related(
                a.location.clone(),
                Msg::Status(StatusMsg::LatestActual {
                    actual: actual.clone(),
                    at: a.at,
                }),
            ),
            None => diagnostic,
        };
        out.push(diagnostic);
    }
    out
}
