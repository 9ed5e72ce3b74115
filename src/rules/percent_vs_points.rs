//! U303 percent-vs-points: a `change` of a `%` metric written in `%` where percentage points
//! (`个百分点`, `pp`) are meant — "提高5个百分点" is not "增长5%". The reasoning is U302's (a
//! change of a `%` metric in any unit but points); this file keeps only the `%` case.

use super::unit_mismatch::findings;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    findings(model, Code::U303, out);
}
