//! U301 unknown-unit: a unit neither in the prelude nor declared with `unit`. Suggests the
//! nearest known unit (`万屯` → `万吨`), saying so when it has another scale word than the
//! name as written (`万吨` for `吨吨` is not a typo fix but a factor of ten thousand).

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::Model;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    // Indexed once for every unknown unit, and only when one is unknown (issue 16).
    let mut units = None;
    for r in model.unit_refs.iter().filter(|r| r.unit.is_none()) {
        let units = units.get_or_insert_with(|| model.units.suggester());
        out.push(
            Diagnostic::new(
                Code::U301,
                model.at(r.span.clone()),
                Msg::UnknownUnit {
                    name: r.name.to_string(),
                },
            )
            .label(Msg::UnknownUnitLabel)
            .help(match units.suggest(&r.name) {
                Some(name) => {
                    let (written, suggested) = scales(model, &r.name, &name);
                    // Another scale than written (`亿斤` → `公斤`, `百吨` → `吨`) is said,
                    // never slipped in.
                    if written == suggested {
                        Msg::DidYouMean { name }
                    } else {
                        Msg::DidYouMeanOtherScale {
                            name,
                            written,
                            suggested,
                        }
                    }
                }
                None => Msg::UnknownUnitHelp,
            }),
        );
    }
}

/// The scale word of the unit as written and of the suggestion. A written name that is the
/// suggestion's unit with numeral characters in front that are no scale of the prelude
/// (`百吨` for `吨`, `十亿元`) has them as its scale: a planner wrote them as one.
fn scales(model: &Model, written: &str, suggestion: &str) -> (String, String) {
    let suggested = model.units.scale_word(suggestion);
    let unit = suggestion.strip_prefix(suggested).unwrap_or(suggestion);
    let mut scale = model.units.scale_word(written).to_string();
    if scale.is_empty() {
        if let Some(front) = written
            .strip_suffix(unit)
            .filter(|f| !f.is_empty() && f.chars().all(|c| "十百千万亿兆".contains(c)))
        {
            scale = front.to_string();
        }
    }
    (scale, suggested.to_string())
}
