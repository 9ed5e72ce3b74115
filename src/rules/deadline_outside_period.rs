//! D201 deadline-outside-period: a written date (`deadline`, a target's or milestone's `by`)
//! falls outside the plan period. Targets that inherit the date are not reported again.
//! (v2) A target's own `over` window that shares no day with the plan period.

use super::written::{fault, window_fault, written_windows, Fault};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let Some(period) = model.period() else {
        return;
    };
    let period_span = model.header.as_ref().and_then(|h| h.period_span.clone());
    for w in model.written_dates() {
        if fault(model, w.date) != Some(Fault::OutsidePeriod) {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::D201,
            model.at(w.span.clone()),
            Msg::DeadlineOutsidePeriod {
                date: w.date,
                period,
            },
        )
        .label(Msg::DeadlineOutsidePeriodLabel {
            after_end: w.date > period.end,
        })
        .help(Msg::DeadlineOutsidePeriodHelp { period });
        if let Some(span) = &period_span {
            d = d.related(model.at(span.clone()), Msg::PlanPeriodHere { period });
        }
        out.push(d);
    }
    for w in written_windows(model) {
        if window_fault(model, w.window) != Some(Fault::OutsidePeriod) {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::D201,
            model.at(w.span.clone()),
            Msg::WindowOutsidePeriod {
                window: w.window,
                period,
            },
        )
        .label(Msg::WindowOutsidePeriodLabel)
        .help(Msg::WindowOutsidePeriodHelp);
        if let Some(span) = &period_span {
            d = d.related(model.at(span.clone()), Msg::PlanPeriodHere { period });
        }
        out.push(d);
    }
}
