//! T504 share-contradicts: a metric declared as a share (`ratio A / B`, in %) has a level
//! target, A and B have level targets due the same date, and A ÷ B does not meet the share's
//! bound (beyond ±0.5 %): 工业投资占比 >= 30 % while 工业投资 1450 亿元 ÷ 固定资产投资
//! 6800 亿元 = 21.3 %. The plan contradicts itself; one of the three figures is wrong.
//!
//! A share in another unit than % is a ratio in a compound unit (`人均地区生产总值 in 元/人
//! ratio 地区生产总值 / 常住人口`): A ÷ B is compared in that unit, after conversion (亿元 and
//! 万人 give 元/人).
//!
//! A and B are read at the value the plan names (`=`, `~`, `>=`, `>`); targets that only cap
//! them (`<=`) say nothing about the share. A and B must be of one class (both level or both
//! cumulative), in units that compare; per-member targets are never used.

use super::quantity::{bound_text, shared_date, unit_of, Bounds};
use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::{number, Msg};
use crate::model::{Bound, Model, Repeat, TargetInfo};
use crate::number::{Number, Ratio};
use crate::syntax::ast::{Cmp, TargetKind};

/// Relative slack on the share's bound: the planners round shares to whole percent. A share
/// below `low × 0.995` or above `high × 1.005` contradicts; the comparison itself is exact.
const SLACK_BELOW: Number = Number::new(995, 3);
const SLACK_ABOVE: Number = Number::new(1005, 3);

/// The value a target names, in base units, and its unit's dimension.
fn named(model: &Model, t: &TargetInfo) -> Option<(Ratio, crate::units::Dimension)> {
    let Bound::Cmp {
        cmp: Cmp::Ge | Cmp::Gt | Cmp::Eq | Cmp::About,
        value,
    } = t.bound
    else {
        return None;
    };
    let unit = unit_of(model, t)?;
    Some((unit.to_base(value)?, unit.dimension.clone()))
}

fn levels(model: &Model, metric: usize) -> impl Iterator<Item = &TargetInfo> {
    model
        .targets_of(metric)
        .filter(|t| t.kind == TargetKind::Level && !matches!(t.repeat, Some(Repeat::Per(_))))
}

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for (id, metric) in model.metrics.iter().enumerate() {
        let Some(ratio) = &metric.ratio else { continue };
        let (Some(num), Some(den)) = (ratio.numerator_id, ratio.denominator_id) else {
            continue;
        };
        for share in levels(model, id) {
            let Some(unit) = unit_of(model, share) else {
                continue;
            };
            // A share in % is A ÷ B × 100; a ratio in a compound unit of A's and B's kinds
            // (人均 GDP in 元/人 = GDP ÷ 常住人口) is A ÷ B in that unit's base; any other
            // unit says nothing we can compute.
            let per_cent = unit.base == "%";
            let compound = match &unit.dimension {
                crate::units::Dimension::Compound(x, y) => Some((x.as_ref(), y.as_ref())),
                _ => None,
            };
            if !per_cent && compound.is_none() {
                continue;
            }
            let Some(bounds) = Bounds::of(&share.bound, unit.factor) else {
                continue;
            };
            let found = levels(model, num).find_map(|a| {
                let date = shared_date(share, a)?;
                let b = levels(model, den).find(|b| {
                    b.repeat == a.repeat
                        && shared_date(share, b) == Some(date)
                        && shared_date(a, b) == Some(date)
                })?;
                let ((av, ad), (bv, bd)) = (named(model, a)?, named(model, b)?);
                if bv.is_zero() {
                    return None;
                }
                let implied = match compound {
                    Some((x, y)) if x.compatible(&ad) && y.compatible(&bd) => av.checked_div(bv)?,
                    Some(_) => return None,
                    None if ad.compatible(&bd) => av.checked_div(bv)?.scale(Number::HUNDRED)?,
                    None => return None,
                };
                let low = match bounds.low {
                    Some(l) => implied < l.value.scale(SLACK_BELOW)?,
                    None => false,
                };
                let high = match bounds.high {
                    Some(h) => implied > h.value.scale(SLACK_ABOVE)?,
                    None => false,
                };
                (low || high).then_some((a, b, implied))
            });
            let Some((a, b, implied)) = found else {
                continue;
            };
            // In the share's own unit: `21.3%`, `52000 元/人`.
            let tenths = |v: Ratio| {
                v.to_number()
                    .map_or_else(String::new, |v| number(v.round_dp(1)))
            };
            let implied = if per_cent {
                format!("{}%", tenths(implied))
            } else {
                let v = implied.checked_div(unit.factor).unwrap_or(implied);
                format!("{} {}", tenths(v), unit.name)
            };
            let name = |t: &TargetInfo| {
                model
                    .metrics
                    .get(t.metric)
                    .map_or_else(String::new, |m| m.id.clone())
            };
            out.push(
                Diagnostic::new(
                    Code::T504,
                    model.at(share.span.clone()),
                    Msg::ShareContradicts {
                        metric: metric.id.clone(),
                        target: bound_text(model, share),
                        numerator: name(a),
                        denominator: name(b),
                        implied: implied.clone(),
                    },
                )
                .label(Msg::ShareContradictsLabel { implied })
                .related(
                    model.at(a.span.clone()),
                    Msg::NumeratorHere {
                        target: format!("{} {}", name(a), bound_text(model, a)),
                    },
                )
                .related(
                    model.at(b.span.clone()),
                    Msg::DenominatorHere {
                        target: format!("{} {}", name(b), bound_text(model, b)),
                    },
                )
                .help(Msg::ShareContradictsHelp),
            );
        }
    }
}
