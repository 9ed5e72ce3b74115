//! L802 too-many-findings: a report prints at most so many findings (issue 16). 8,000
//! findings of a plan generated wrongly scroll for minutes, and took seconds to render; past
//! the cap the report says, as a finding of its own at the first one left out, how many
//! more there are and how to see them. Counts and exit codes still take every finding.

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;

/// The findings a report for a person prints by default (`plan check --max-findings`, and
/// what `compile` and `render` print before refusing a plan): a screenful or two.
pub const MAX_FINDINGS_SHOWN: usize = 200;

/// The first `max` of `findings` (sorted as they are printed), then, if any were left out,
/// an L802 finding at the place of the first of them, saying how many. `max == 0` keeps all.
pub fn findings(mut findings: Vec<Diagnostic>, max: usize) -> Vec<Diagnostic> {
    let cut = left_out(&findings, max);
    if cut.is_some() {
        findings.truncate(max);
    }
    findings.extend(cut);
    findings
}

/// The L802 finding for printing the first `max` of `findings`, if that leaves any out.
pub fn left_out(findings: &[Diagnostic], max: usize) -> Option<Diagnostic> {
    if max == 0 {
        return None;
    }
    let first_hidden = findings.get(max)?.location.clone();
    let hidden = findings.len() - max;
    Some(
        Diagnostic::new(
            Code::L802,
            first_hidden,
            Msg::FindingsNotShown { hidden, shown: max },
        )
        .label(Msg::FindingsNotShownLabel)
        .help(Msg::FindingsNotShownHelp),
    )
}
