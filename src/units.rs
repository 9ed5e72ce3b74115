//! Units: the one place that knows what `万吨`, `亿元/年` or `个百分点` mean.
//!
//! A metric, its targets, its baselines and its actuals are compared only after their units
//! agree, so every check (U301–U305, T501–T503) and the compiled output must see units the
//! same way. Keeping the prelude, the scale words, the compound rule and declared units here
//! (LANGUAGE.md §3 "Units", §4 "Conversion" and "Percentage points") means there is one
//! answer to "is this the same dimension, and by what factor?", and a new prelude unit is a
//! one-line change to the `PRELUDE` table.
//!
//! A [`Unit`] carries its [`Dimension`] and the factor to that dimension's base unit, so
//! `30 万亩` and `200 km2` compare in square metres while `万美元` and `亿元` never compare.
//! The prelude is a static table indexed once per process; a [`UnitRegistry`] holds only the
//! units one file declares, so building a registry per file costs nothing.

use crate::near::{levenshtein_within, PairIndex};
use foldhash::HashMap;
use std::fmt;

use crate::number::{Number, Ratio};
use std::sync::OnceLock;

/// A physical or counted dimension. [`Display`](fmt::Display) gives the name used in the
/// compiled output: `CNY`, `mass`, `count:家`, `CNY/mass`, or a declared dimension's own name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// A dimension with one base unit: `CNY`, `USD`, `mass`, `length`, `area`, `volume`,
    /// `energy`, `power`, `time`, `percent`, `percentage_points`, or a declared one
    /// (`unit 积分 : score` gives `score`).
    Base(String),
    /// Things counted with a classifier: `Some("家")` for 家, `None` for the generic 个.
    Count(Option<String>),
    /// A ratio of two dimensions: `万吨/日` is `mass/time`.
    Compound(Box<Dimension>, Box<Dimension>),
}

const CNY: &str = "CNY";
const USD: &str = "USD";
const MASS: &str = "mass";
const LENGTH: &str = "length";
const AREA: &str = "area";
const VOLUME: &str = "volume";
const ENERGY: &str = "energy";
const POWER: &str = "power";
const TIME: &str = "time";
const PERCENT: &str = "percent";
const POINTS: &str = "percentage_points";
const COUNT: &str = "count";
/// Energy as coal equivalent (吨标准煤): what energy-saving targets are written in; not
/// convertible to 千瓦时 without a conversion factor the plan does not give.
const COAL: &str = "coal_equivalent";

impl Dimension {
    /// Whether quantities of the two dimensions compare: the same dimension, or two counts
    /// where one side is the generic 个 (个 fits 家, but 家 does not fit 户). Compounds
    /// compare part-wise, so `个/日` fits `家/日`.
    pub fn compatible(&self, other: &Dimension) -> bool {
        match (self, other) {
            (Dimension::Count(None), Dimension::Count(_))
            | (Dimension::Count(_), Dimension::Count(None)) => true,
            (Dimension::Compound(a, b), Dimension::Compound(c, d)) => {
                a.compatible(c) && b.compatible(d)
            }
            _ => self == other,
        }
    }

    /// Whether this is the ratio dimension of `%`.
    pub fn is_percent(&self) -> bool {
        matches!(self, Dimension::Base(d) if d == PERCENT)
    }

    /// Whether this is the dimension of `个百分点`/`pp`, the unit of a change to a `%` metric.
    pub fn is_percentage_points(&self) -> bool {
        matches!(self, Dimension::Base(d) if d == POINTS)
    }

    /// Scale words make no sense on ratios: `万%` and `万个百分点` are unknown units.
    fn scalable(&self) -> bool {
        !(self.is_percent() || self.is_percentage_points())
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dimension::Base(name) => f.write_str(name),
            Dimension::Count(None) => f.write_str(COUNT),
            Dimension::Count(Some(classifier)) => write!(f, "{COUNT}:{classifier}"),
            Dimension::Compound(a, b) => write!(f, "{a}/{b}"),
        }
    }
}

/// A resolved unit: `亿元` is CNY with factor 1e8 to the base unit `元`.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// The name as written: `万吨`, `元/吨`.
    pub name: String,
    /// What the unit measures.
    pub dimension: Dimension,
    /// Multiply a value in this unit by `factor` to get base units: exact, a quotient where
    /// it is no finite decimal (1 小时 = 1/24 日).
    pub factor: Ratio,
    /// The base unit of the dimension: `元`, `吨`, `元/吨`.
    pub base: String,
}

impl Unit {
    /// `value` of this unit in the dimension's base unit, exactly: 350 亿元 is 35000000000
    /// 元. `None` only past 28 significant digits (src/number.rs).
    pub fn to_base(&self, value: Number) -> Option<Ratio> {
        self.factor.scale(value)
    }

    /// `value` of this unit expressed in `to`, exactly, or `None` when the dimensions do not
    /// compare.
    pub fn convert(&self, value: Number, to: &Unit) -> Option<Ratio> {
        if !self.dimension.compatible(&to.dimension) {
            return None;
        }
        self.to_base(value)?.checked_div(to.factor)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Why a `unit` declaration was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum DeclareError {
    /// The name already means a unit: a prelude name, a scaled form (`万吨`) or an earlier
    /// declaration.
    AlreadyDefined,
    /// `unit 标箱 = 20 屯`: the unit it is defined in is unknown; `suggestion` is the nearest
    /// known name.
    UnknownUnit {
        /// The nearest known unit name, if any is near.
        suggestion: Option<String>,
    },
    /// The factor is not a finite number greater than zero.
    BadFactor,
    /// `unit 斤 : mass`: the dimension already has a base unit, so the new unit's factor to
    /// it is unknown. Declare it from `base` instead (`unit 斤 = 0.0005 吨`).
    DimensionExists {
        /// The dimension's existing base unit.
        base: String,
    },
    /// The unit or dimension name is empty or contains `/` (which reads as a compound unit).
    BadName,
}

impl fmt::Display for DeclareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeclareError::AlreadyDefined => f.write_str("this unit is already defined"),
            DeclareError::UnknownUnit {
                suggestion: Some(s),
            } => write!(f, "the unit it is defined in is unknown (did you mean `{s}`?)"),
            DeclareError::UnknownUnit { suggestion: None } => {
                f.write_str("the unit it is defined in is unknown")
            }
            DeclareError::BadFactor => {
                f.write_str("a unit's factor must be a finite number greater than zero")
            }
            DeclareError::DimensionExists { base } => write!(
                f,
                "this dimension already has the base unit `{base}`; define the unit from it (`unit NAME = FACTOR {base}`)"
            ),
            DeclareError::BadName => {
                f.write_str("a unit or dimension name must not be empty or contain `/`")
            }
        }
    }
}

impl std::error::Error for DeclareError {}

/// The dimension of a prelude row, without allocation.
#[derive(Clone, Copy, Debug)]
enum Dim {
    Base(&'static str),
    Count(Option<&'static str>),
}

impl Dim {
    fn to_dimension(self) -> Dimension {
        match self {
            Dim::Base(d) => Dimension::Base(d.to_owned()),
            Dim::Count(c) => Dimension::Count(c.map(str::to_owned)),
        }
    }

    fn scalable(self) -> bool {
        !matches!(self, Dim::Base(PERCENT | POINTS))
    }
}

/// One built-in unit.
#[derive(Debug)]
struct PreludeUnit {
    name: &'static str,
    dim: Dim,
    factor: Ratio,
    base: &'static str,
}

/// `mantissa × 10^-scale` as a unit factor: `d(66667, 2)` is 666.67.
const fn d(mantissa: i64, scale: u32) -> Ratio {
    Ratio::decimal(Number::new(mantissa, scale))
}

const ONE: Ratio = Ratio::ONE;

const fn unit(
    name: &'static str,
    dim: &'static str,
    factor: Ratio,
    base: &'static str,
) -> PreludeUnit {
    PreludeUnit {
        name,
        dim: Dim::Base(dim),
        factor,
        base,
    }
}

/// A classifier is its own count dimension and its own base unit.
const fn classifier(name: &'static str) -> PreludeUnit {
    PreludeUnit {
        name,
        dim: Dim::Count(Some(name)),
        factor: ONE,
        base: name,
    }
}

/// The built-in units (LANGUAGE.md §3). Rows come roughly by how often plans use them:
/// when two names are equally near a misspelling, [`UnitRegistry::suggest`] takes the
/// earlier one. `km²`, `m²` and `m³` are accepted because the grammar admits `²`/`³`.
static PRELUDE: &[PreludeUnit] = &[
    unit("吨", MASS, ONE, "吨"),
    unit("t", MASS, ONE, "吨"),
    unit("公斤", MASS, d(1, 3), "吨"),
    unit("kg", MASS, d(1, 3), "吨"),
    // 斤 (half a 公斤): 粮食产量 in 万斤/亿斤, as county plans write it.
    unit("斤", MASS, d(5, 4), "吨"),
    unit("千克", MASS, d(1, 3), "吨"),
    // Air quality (PM2.5 in 微克/立方米) and doses: small masses, exact as decimals.
    unit("克", MASS, d(1, 6), "吨"),
    unit("毫克", MASS, d(1, 9), "吨"),
    unit("微克", MASS, d(1, 12), "吨"),
    unit("元", CNY, ONE, "元"),
    unit("美元", USD, ONE, "美元"),
    unit("亩", AREA, d(66667, 2), "平方米"),
    unit("公顷", AREA, d(10_000, 0), "平方米"),
    unit("平方公里", AREA, d(1_000_000, 0), "平方米"),
    unit("km2", AREA, d(1_000_000, 0), "平方米"),
    unit("km²", AREA, d(1_000_000, 0), "平方米"),
    unit("平方米", AREA, ONE, "平方米"),
    unit("m2", AREA, ONE, "平方米"),
    unit("m²", AREA, ONE, "平方米"),
    unit("公里", LENGTH, d(1_000, 0), "米"),
    unit("km", LENGTH, d(1_000, 0), "米"),
    unit("米", LENGTH, ONE, "米"),
    unit("m", LENGTH, ONE, "米"),
    unit("立方米", VOLUME, ONE, "立方米"),
    unit("m3", VOLUME, ONE, "立方米"),
    unit("m³", VOLUME, ONE, "立方米"),
    unit("方", VOLUME, ONE, "立方米"),
    unit("千瓦时", ENERGY, ONE, "千瓦时"),
    unit("kWh", ENERGY, ONE, "千瓦时"),
    unit("MWh", ENERGY, d(1_000, 0), "千瓦时"),
    unit("GWh", ENERGY, d(1_000_000, 0), "千瓦时"),
    unit("千瓦", POWER, ONE, "千瓦"),
    unit("kW", POWER, ONE, "千瓦"),
    unit("MW", POWER, d(1_000, 0), "千瓦"),
    unit("GW", POWER, d(1_000_000, 0), "千瓦"),
    unit("日", TIME, ONE, "日"),
    unit("天", TIME, ONE, "日"),
    unit("小时", TIME, Ratio::reciprocal(24), "日"),
    unit("h", TIME, Ratio::reciprocal(24), "日"),
    unit("月", TIME, d(30, 0), "日"),
    unit("年", TIME, d(365, 0), "日"),
    unit("吨标准煤", COAL, ONE, "吨标准煤"),
    unit("吨标煤", COAL, ONE, "吨标准煤"),
    unit("%", PERCENT, ONE, "%"),
    unit("个百分点", POINTS, ONE, "个百分点"),
    unit("pp", POINTS, ONE, "个百分点"),
    PreludeUnit {
        name: "个",
        dim: Dim::Count(None),
        factor: ONE,
        base: "个",
    },
    classifier("家"),
    classifier("户"),
    classifier("人"),
    classifier("人次"),
    classifier("头"),
    classifier("座"),
    classifier("所"),
    classifier("条"),
    classifier("项"),
    classifier("场"),
    classifier("台"),
    classifier("架"),
    classifier("套"),
    classifier("盏"),
    classifier("辆"),
    classifier("张"),
    classifier("批次"),
    classifier("件"),
    // (issue 9) classifiers the real plans use beyond LANGUAGE.md's list.
    classifier("次"),
    classifier("场次"),
    classifier("台套"),
    classifier("标箱"),
    classifier("床"),
];

/// Prelude names added after files may already have declared them (`unit 标箱 = 20 吨`,
/// `unit 场次 = 1 场`): a file may still declare one, and its declaration wins in that file,
/// so a plan written before the prelude knew the name keeps its meaning. Redefining any
/// other prelude unit stays R402.
const REDECLARABLE: &[&str] = &[
    "斤",
    "千克",
    "吨标准煤",
    "吨标煤",
    "次",
    "场次",
    "台套",
    "标箱",
    "床",
    "克",
    "毫克",
    "微克",
];

/// Scale words, longest first so that `万亿元` is 万亿 + 元, not 万 + 亿元.
const SCALES: &[(&str, Number)] = &[
    ("万亿", Number::new(1_000_000_000_000, 0)),
    ("百万", Number::new(1_000_000, 0)),
    ("千万", Number::new(10_000_000, 0)),
    ("百亿", Number::new(10_000_000_000, 0)),
    ("十万", Number::new(100_000, 0)),
    ("万", Number::new(10_000, 0)),
    ("亿", Number::new(100_000_000, 0)),
    ("千", Number::new(1_000, 0)),
];

/// Known unit names, indexed for [`UnitRegistry::suggest`] (see there).
pub struct UnitSuggester<'r> {
    registry: &'r UnitRegistry,
    /// Every candidate, the likelier first ([`UnitRegistry::candidates`]).
    candidates: Vec<String>,
    /// The candidates in lower case, distinct and sorted: an id is a position here.
    index: PairIndex,
    /// For each lower-case id, the positions in `candidates` spelt so.
    spelt: Vec<Vec<usize>>,
}

impl UnitSuggester<'_> {
    /// What [`UnitRegistry::suggest`] says of `name`: the same answer as comparing every
    /// candidate in order, the nearest in lower case, then as written, then the first.
    pub fn suggest(&self, name: &str) -> Option<String> {
        if self.registry.resolve(name).is_some() {
            return Some(name.to_owned());
        }
        if let Some((num, den)) = name.split_once('/') {
            if num.is_empty() || den.is_empty() || den.contains('/') {
                return None;
            }
            let num = self.suggest(num)?;
            let den = self.suggest(den)?;
            return Some(format!("{num}/{den}"));
        }
        let wanted: Vec<char> = name.to_lowercase().chars().collect();
        let len = wanted.len();
        // A third of the name may be wrong: at half, `微克每立方米` would "mean" `立方米`.
        // A one-char name is only ever near by case: any other one-char unit is a guess.
        let limit = (len / 3).max(1).min(len.saturating_sub(1));
        let mut best: Option<((usize, usize), usize)> = None;
        for id in self.index.near(&wanted, |_, _| limit) {
            let Some(distance) = levenshtein_within(&wanted, self.index.chars_of(id), limit) else {
                continue;
            };
            for &at in self.spelt.get(id as usize).map_or(&[][..], Vec::as_slice) {
                let Some(candidate) = self.candidates.get(at) else {
                    continue;
                };
                let key = (distance, strsim::levenshtein(name, candidate));
                if best.is_none_or(|b| (key, at) < b) {
                    best = Some((key, at));
                }
            }
        }
        best.and_then(|(_, at)| self.candidates.get(at)).cloned()
    }
}

/// The largest scale word's factor: a declared unit must stay exact behind it.
const LARGEST_SCALE: Number = Number::new(1_000_000_000_000, 0);

/// Scale words by how often plans use them: the order [`UnitRegistry::suggest`] prefers.
const SCALES_BY_USE: &[&str] = &["万", "亿", "万亿", "千", "百万", "千万", "百亿", "十万"];

/// The prelude by name, built on first use.
fn prelude() -> &'static HashMap<&'static str, &'static PreludeUnit> {
    static INDEX: OnceLock<HashMap<&'static str, &'static PreludeUnit>> = OnceLock::new();
    INDEX.get_or_init(|| PRELUDE.iter().map(|u| (u.name, u)).collect())
}

/// A unit declared in a file, by its dimension and factor to that dimension's base unit.
#[derive(Clone, Debug)]
struct Declared {
    dimension: Dimension,
    factor: Ratio,
    base: String,
}

/// A unit found by exact name, borrowed until the caller builds a [`Unit`].
#[derive(Clone, Copy)]
enum Found<'a> {
    Prelude(&'static PreludeUnit),
    Declared(&'a Declared),
}

impl<'a> Found<'a> {
    fn base(self) -> &'a str {
        match self {
            Found::Prelude(u) => u.base,
            Found::Declared(d) => &d.base,
        }
    }

    /// The unit written `name`, this unit times `scale`.
    /// `None` only when the scaled factor leaves 28 digits, which
    /// [`UnitRegistry::declare_derived`] rules out.
    fn unit(self, name: &str, scale: Number) -> Option<Unit> {
        Some(Unit {
            name: name.to_owned(),
            dimension: self.dimension(),
            factor: self.factor().scale(scale)?,
            base: self.base().to_owned(),
        })
    }

    fn factor(self) -> Ratio {
        match self {
            Found::Prelude(u) => u.factor,
            Found::Declared(d) => d.factor,
        }
    }

    fn dimension(self) -> Dimension {
        match self {
            Found::Prelude(u) => u.dim.to_dimension(),
            Found::Declared(d) => d.dimension.clone(),
        }
    }

    fn scalable(self) -> bool {
        match self {
            Found::Prelude(u) => u.dim.scalable(),
            Found::Declared(d) => d.dimension.scalable(),
        }
    }
}

/// The prelude plus the units one file declares (and imports).
#[derive(Clone, Default)]
pub struct UnitRegistry {
    declared: HashMap<String, Declared>,
    /// Declared names in declaration order, so [`UnitRegistry::names`] and suggestions are
    /// stable from run to run.
    order: Vec<String>,
}

/// In declaration order, not the map's (which differs from run to run): two registries
/// of the same declarations print alike.
impl fmt::Debug for UnitRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.order
                    .iter()
                    .filter_map(|name| Some((name, self.declared.get(name)?))),
            )
            .finish()
    }
}

impl UnitRegistry {
    /// A registry that knows the prelude only.
    pub fn new() -> Self {
        Self::default()
    }

    /// The unit `name` denotes: an exact prelude or declared name, a scale word in front of
    /// one (`万吨`, `百万千瓦`, `万标箱`), or a compound `A/B` of two such (`万吨/日`), also
    /// written as it is read, `A每B` (`微克每立方米`, LANGUAGE.md §2's example: the same
    /// unit as `微克/立方米`). Exact names win over splitting (`千瓦` is not 千 + 瓦); scales
    /// do not stack (`万万吨`) and do not apply to `%` or percentage points.
    pub fn resolve(&self, name: &str) -> Option<Unit> {
        if let Some((found, scale)) = self.simple(name) {
            return found.unit(name, scale);
        }
        let (num, den) = name.split_once('/').or_else(|| name.split_once('每'))?;
        if den.contains('每') {
            return None;
        }
        if den.contains('/') {
            return None;
        }
        let (a, a_scale) = self.simple(num)?;
        let (b, b_scale) = self.simple(den)?;
        let (a_base, b_base) = (a.base(), b.base());
        let mut base = String::with_capacity(a_base.len() + 1 + b_base.len());
        base.push_str(a_base);
        base.push('/');
        base.push_str(b_base);
        Some(Unit {
            name: name.to_owned(),
            dimension: Dimension::Compound(Box::new(a.dimension()), Box::new(b.dimension())),
            factor: a
                .factor()
                .scale(a_scale)?
                .checked_div(b.factor().scale(b_scale)?)?,
            base,
        })
    }

    /// Declares `unit NAME = FACTOR OF` (`unit 标箱 = 20 吨`): a unit of `of`'s dimension
    /// worth `factor` of it.
    pub fn declare_derived(
        &mut self,
        name: &str,
        factor: Number,
        of: &str,
    ) -> Result<(), DeclareError> {
        self.check_new_name(name)?;
        if !factor.is_positive() {
            return Err(DeclareError::BadFactor);
        }
        let Some(of) = self.resolve(of) else {
            return Err(DeclareError::UnknownUnit {
                suggestion: self.suggest(of),
            });
        };
        // Exact, and still exact behind the largest scale word (`万亿标箱`), or refused.
        let Some(total) = of.factor.scale(factor) else {
            return Err(DeclareError::BadFactor);
        };
        if total.scale(LARGEST_SCALE).is_none() {
            return Err(DeclareError::BadFactor);
        }
        self.insert(
            name,
            Declared {
                dimension: of.dimension,
                factor: total,
                base: of.base,
            },
        );
        Ok(())
    }

    /// Declares `unit NAME : DIMENSION` (`unit 积分 : score`): the base unit of a new
    /// dimension. A dimension that already has a base unit is refused, since the new
    /// unit's factor to it would be unknown.
    pub fn declare_base(&mut self, name: &str, dimension: &str) -> Result<(), DeclareError> {
        self.check_new_name(name)?;
        if dimension.is_empty() || dimension.contains('/') || dimension.contains(':') {
            return Err(DeclareError::BadName);
        }
        if let Some(base) = self.base_of_dimension(dimension) {
            return Err(DeclareError::DimensionExists { base });
        }
        self.insert(
            name,
            Declared {
                dimension: Dimension::Base(dimension.to_owned()),
                factor: Ratio::ONE,
                base: name.to_owned(),
            },
        );
        Ok(())
    }

    /// The known unit name nearest to `name`, for a "did you mean" help: prelude names,
    /// declared names and their scaled forms (`万吨`, `亿元`), by edit distance on chars,
    /// ignoring case (`KWH` suggests `kWh`). A compound gets a suggestion per side; a name
    /// that already resolves is its own suggestion. `None` when nothing is near: more than max(1, len/3) edits away, or a complete rewrite.
    pub fn suggest(&self, name: &str) -> Option<String> {
        self.suggester().suggest(name)
    }

    /// The known unit names indexed once, for many suggestions: a plan with thousands of
    /// unknown units compared each with every name (4,000 against 4,000 declared: 109 s).
    pub fn suggester(&self) -> UnitSuggester<'_> {
        let candidates: Vec<String> = self.candidates().collect();
        let mut lower: Vec<String> = candidates.iter().map(|c| c.to_lowercase()).collect();
        lower.sort_unstable();
        lower.dedup();
        let mut spelt: Vec<Vec<usize>> = vec![Vec::new(); lower.len()];
        for (at, candidate) in candidates.iter().enumerate() {
            let folded = candidate.to_lowercase();
            if let Some(list) = lower
                .binary_search(&folded)
                .ok()
                .and_then(|id| spelt.get_mut(id))
            {
                list.push(at);
            }
        }
        UnitSuggester {
            registry: self,
            index: PairIndex::new(lower.iter().map(String::as_str)),
            candidates,
            spelt,
        }
    }

    /// Every unit name without a scale word, prelude first, then declared ones in order:
    /// what an editor offers for completion.
    pub fn names(&self) -> Vec<String> {
        PRELUDE
            .iter()
            .map(|u| u.name.to_owned())
            .chain(
                self.order
                    .iter()
                    .filter(|n| !prelude().contains_key(n.as_str()))
                    .cloned(),
            )
            .collect()
    }

    /// An exact declared or prelude name (a declaration can only shadow a prelude name
    /// of [`REDECLARABLE`]: `check_new_name` refuses the others).
    fn exact(&self, name: &str) -> Option<Found<'_>> {
        if let Some(d) = self.declared.get(name) {
            return Some(Found::Declared(d));
        }
        prelude().get(name).map(|u| Found::Prelude(u))
    }

    /// The scale word a unit name is written with (`万` for `万吨`, `百亿` in `人/百亿元` is
    /// not one: compounds have none), `""` when none. For a name that does not resolve, the
    /// scale word it starts with, if what follows is not empty.
    pub fn scale_word(&self, name: &str) -> &'static str {
        if self.exact(name).is_some() {
            return "";
        }
        SCALES
            .iter()
            .find(|(word, _)| name.strip_prefix(word).is_some_and(|rest| !rest.is_empty()))
            .map_or("", |(word, _)| word)
    }

    /// An exact name, or one scale word in front of a scalable exact name; with the scale.
    fn simple(&self, name: &str) -> Option<(Found<'_>, Number)> {
        if let Some(found) = self.exact(name) {
            return Some((found, Number::ONE));
        }
        SCALES.iter().find_map(|&(word, scale)| {
            let found = self.exact(name.strip_prefix(word)?)?;
            found.scalable().then_some((found, scale))
        })
    }

    /// The base unit of a dimension named `dimension`, built in or declared.
    fn base_of_dimension(&self, dimension: &str) -> Option<String> {
        let built_in = PRELUDE.iter().find(|u| match u.dim {
            Dim::Base(d) => d == dimension,
            Dim::Count(None) => dimension == COUNT,
            Dim::Count(Some(_)) => false,
        });
        if let Some(u) = built_in {
            return Some(u.base.to_owned());
        }
        self.order.iter().find_map(|name| {
            let d = self.declared.get(name)?;
            matches!(&d.dimension, Dimension::Base(x) if x == dimension).then(|| d.base.clone())
        })
    }

    fn check_new_name(&self, name: &str) -> Result<(), DeclareError> {
        // A name read as `A每B` only by splitting it may be declared, as files did before
        // the spoken compound was understood (`unit 微克每立方米 : 浓度`): it wins there.
        let spoken = name.contains('每') && self.simple(name).is_none();
        let shadows_prelude =
            (REDECLARABLE.contains(&name) || spoken) && !self.declared.contains_key(name);
        if self.resolve(name).is_some() && !shadows_prelude {
            return Err(DeclareError::AlreadyDefined);
        }
        if name.is_empty() || name.contains('/') {
            return Err(DeclareError::BadName);
        }
        Ok(())
    }

    fn insert(&mut self, name: &str, unit: Declared) {
        self.declared.insert(name.to_owned(), unit);
        self.order.push(name.to_owned());
    }

    /// Names `suggest` measures against, the likelier first: declared, prelude, then every
    /// scalable one behind each scale word.
    fn candidates(&self) -> impl Iterator<Item = String> + '_ {
        let plain = self
            .order
            .iter()
            .map(|n| (n.as_str(), self.exact(n)))
            .chain(PRELUDE.iter().map(|u| (u.name, Some(Found::Prelude(u)))));
        let scalable: Vec<&str> = plain
            .clone()
            .filter(|(_, f)| f.is_some_and(|f| f.scalable()))
            .map(|(n, _)| n)
            .collect();
        let scaled = SCALES_BY_USE.iter().flat_map(move |word| {
            scalable
                .clone()
                .into_iter()
                .map(move |n| format!("{word}{n}"))
        });
        plain.map(|(n, _)| n.to_owned()).chain(scaled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decimal a test wrote (`0.0005`, `666.67e4`): its shortest form is exact.
    fn n(x: f64) -> Number {
        Number::from_f64(x).unwrap_or_else(|| panic!("{x} is no decimal"))
    }

    /// `a` is exactly the decimal `b`, or for a factor that is no finite decimal (1/24) the
    /// nearest double.
    fn close(a: Ratio, b: f64) -> bool {
        a == Ratio::from(n(b)) || (!a.is_decimal() && a.to_f64() == b)
    }

    fn get(r: &UnitRegistry, name: &str) -> Unit {
        r.resolve(name)
            .unwrap_or_else(|| panic!("`{name}` should resolve"))
    }

    fn compatible(r: &UnitRegistry, a: &str, b: &str) -> bool {
        get(r, a).dimension.compatible(&get(r, b).dimension)
    }

    #[test]
    fn every_prelude_name_resolves_with_its_dimension_factor_and_base() {
        let r = UnitRegistry::new();
        let table: &[(&str, &str, f64, &str)] = &[
            ("吨", "mass", 1.0, "吨"),
            ("t", "mass", 1.0, "吨"),
            ("公斤", "mass", 0.001, "吨"),
            ("kg", "mass", 0.001, "吨"),
            ("元", "CNY", 1.0, "元"),
            ("美元", "USD", 1.0, "美元"),
            ("公里", "length", 1000.0, "米"),
            ("km", "length", 1000.0, "米"),
            ("米", "length", 1.0, "米"),
            ("m", "length", 1.0, "米"),
            ("亩", "area", 666.67, "平方米"),
            ("公顷", "area", 1e4, "平方米"),
            ("平方公里", "area", 1e6, "平方米"),
            ("km2", "area", 1e6, "平方米"),
            ("平方米", "area", 1.0, "平方米"),
            ("m2", "area", 1.0, "平方米"),
            ("立方米", "volume", 1.0, "立方米"),
            ("m3", "volume", 1.0, "立方米"),
            ("方", "volume", 1.0, "立方米"),
            ("千瓦时", "energy", 1.0, "千瓦时"),
            ("kWh", "energy", 1.0, "千瓦时"),
            ("MWh", "energy", 1e3, "千瓦时"),
            ("GWh", "energy", 1e6, "千瓦时"),
            ("千瓦", "power", 1.0, "千瓦"),
            ("kW", "power", 1.0, "千瓦"),
            ("MW", "power", 1e3, "千瓦"),
            ("GW", "power", 1e6, "千瓦"),
            ("日", "time", 1.0, "日"),
            ("天", "time", 1.0, "日"),
            ("小时", "time", 1.0 / 24.0, "日"),
            ("h", "time", 1.0 / 24.0, "日"),
            ("月", "time", 30.0, "日"),
            ("年", "time", 365.0, "日"),
            ("%", "percent", 1.0, "%"),
            ("个百分点", "percentage_points", 1.0, "个百分点"),
            ("pp", "percentage_points", 1.0, "个百分点"),
            ("个", "count", 1.0, "个"),
        ];
        for &(name, dim, factor, base) in table {
            let u = get(&r, name);
            assert_eq!(u.name, name);
            assert_eq!(u.dimension.to_string(), dim, "{name}");
            assert!(close(u.factor, factor), "{name}: {} != {factor}", u.factor);
            assert_eq!(u.base, base, "{name}");
        }
        for c in [
            "家", "户", "人", "人次", "头", "座", "所", "条", "项", "场", "台", "架", "套", "盏",
            "辆", "张", "批次", "件",
        ] {
            let u = get(&r, c);
            assert_eq!(u.dimension, Dimension::Count(Some(c.to_owned())));
            assert_eq!(u.dimension.to_string(), format!("count:{c}"));
            assert_eq!((u.factor, u.base.as_str()), (Ratio::ONE, c));
        }
    }

    #[test]
    fn the_units_real_plans_use_resolve() {
        let r = UnitRegistry::new();
        for (name, dim, factor, base) in [
            ("斤", "mass", 0.0005, "吨"),
            ("万斤", "mass", 5.0, "吨"),
            ("亿斤", "mass", 5e4, "吨"),
            ("千克", "mass", 0.001, "吨"),
            ("吨标准煤", "coal_equivalent", 1.0, "吨标准煤"),
            ("万吨标准煤", "coal_equivalent", 1e4, "吨标准煤"),
            ("万千瓦", "power", 1e4, "千瓦"),
            ("万平方米", "area", 1e4, "平方米"),
            ("万标箱", "count:标箱", 1e4, "标箱"),
            ("千万元", "CNY", 1e7, "元"),
            ("人/百亿元", "count:人/CNY", 1e-10, "人/元"),
            ("次", "count:次", 1.0, "次"),
            ("场次", "count:场次", 1.0, "场次"),
            ("台套", "count:台套", 1.0, "台套"),
            ("床", "count:床", 1.0, "床"),
            ("微克", "mass", 1e-12, "吨"),
            ("毫克", "mass", 1e-9, "吨"),
            ("克", "mass", 1e-6, "吨"),
            ("微克/立方米", "mass/volume", 1e-12, "吨/立方米"),
            ("微克每立方米", "mass/volume", 1e-12, "吨/立方米"),
            ("万吨每日", "mass/time", 1e4, "吨/日"),
        ] {
            let u = get(&r, name);
            assert_eq!(u.dimension.to_string(), dim, "{name}");
            assert!(close(u.factor, factor), "{name}: {} != {factor}", u.factor);
            assert_eq!(u.base, base, "{name}");
        }
        // 亿斤 is mass, never a misspelt 公斤: 5 万吨 a 亿斤.
        assert!(compatible(&r, "亿斤", "万吨"));
        // `A每B` is `A/B` read aloud: one unit, two spellings; one 每 only.
        assert!(compatible(&r, "微克每立方米", "微克/立方米"));
        assert!(r.resolve("吨每日每人").is_none());
    }

    #[test]
    fn a_file_may_still_declare_a_name_the_prelude_gained() {
        let mut r = UnitRegistry::new();
        assert_eq!(r.declare_derived("标箱", n(20.0), "吨"), Ok(()));
        assert_eq!(get(&r, "标箱").dimension.to_string(), "mass");
        assert!(close(get(&r, "万标箱").factor, 2e5));
        assert_eq!(
            r.declare_derived("标箱", n(10.0), "吨"),
            Err(DeclareError::AlreadyDefined)
        );
        assert_eq!(
            r.declare_derived("吨", n(1000.0), "公斤"),
            Err(DeclareError::AlreadyDefined)
        );
        assert_eq!(r.names().iter().filter(|n| *n == "标箱").count(), 1);
        // A spoken compound a file declared before `A每B` was read keeps its meaning there.
        assert_eq!(r.declare_base("微克每立方米", "浓度"), Ok(()));
        assert_eq!(get(&r, "微克每立方米").dimension.to_string(), "浓度");
    }

    #[test]
    fn a_suggestion_knows_its_scale_word() {
        let r = UnitRegistry::new();
        assert_eq!(r.scale_word("万吨"), "万");
        assert_eq!(r.scale_word("千瓦"), "");
        assert_eq!(r.scale_word("吨"), "");
        assert_eq!(r.scale_word("亿屯"), "亿");
        assert_eq!(r.scale_word("万"), "");
    }

    #[test]
    fn prelude_names_are_unique_and_listed() {
        assert_eq!(
            prelude().len(),
            PRELUDE.len(),
            "a prelude name appears twice"
        );
        let names = UnitRegistry::new().names();
        assert!(names.iter().any(|n| n == "个百分点"));
        assert!(
            !names.iter().any(|n| n == "万吨"),
            "scaled forms are not base names"
        );
    }

    #[test]
    fn scale_words_multiply_any_unit() {
        let r = UnitRegistry::new();
        for (name, factor, base) in [
            ("万吨", 1e4, "吨"),
            ("亿元", 1e8, "元"),
            ("万元", 1e4, "元"),
            ("万亿元", 1e12, "元"),
            ("千元", 1e3, "元"),
            ("百万千瓦", 1e6, "千瓦"),
            ("万千瓦", 1e4, "千瓦"),
            ("万亩", 666.67e4, "平方米"),
            ("亿立方米", 1e8, "立方米"),
            ("亿千瓦时", 1e8, "千瓦时"),
            ("万美元", 1e4, "美元"),
            ("万人次", 1e4, "人次"),
            ("万户", 1e4, "户"),
            ("千千瓦", 1e3, "千瓦"),
        ] {
            let u = get(&r, name);
            assert!(close(u.factor, factor), "{name}: {} != {factor}", u.factor);
            assert_eq!(u.base, base, "{name}");
            assert_eq!(u.name, name);
        }
        assert_eq!(
            get(&r, "万人").dimension,
            Dimension::Count(Some("人".into()))
        );
    }

    #[test]
    fn exact_names_win_over_scale_words() {
        let r = UnitRegistry::new();
        assert_eq!(get(&r, "千瓦").dimension.to_string(), "power");
        assert_eq!(get(&r, "千瓦").factor, Ratio::ONE);
        assert_eq!(get(&r, "千瓦时").dimension.to_string(), "energy");
        assert_eq!(
            get(&r, "个百分点").dimension.to_string(),
            "percentage_points"
        );
    }

    #[test]
    fn scale_words_do_not_stack_or_apply_to_ratios() {
        let r = UnitRegistry::new();
        for name in [
            "万万吨",
            "亿万元",
            "万%",
            "万个百分点",
            "百万pp",
            "万千元",
            "万",
            "万亿",
        ] {
            assert_eq!(r.resolve(name), None, "{name}");
        }
    }

    #[test]
    fn same_dimension_converts_after_scaling() {
        let r = UnitRegistry::new();
        assert!(compatible(&r, "万亩", "km2"));
        let mu = get(&r, "万亩");
        let km2 = get(&r, "km2");
        let ratio = mu.convert(n(30.0), &km2).unwrap_or(Ratio::ONE);
        assert!(close(ratio, 200.001), "30 万亩 is {ratio} km2");
        let wan = get(&r, "万元");
        let yi = get(&r, "亿元");
        assert!(close(wan.factor, 1e4) && close(yi.factor, 1e8));
        assert!(yi
            .convert(n(1450.0), &wan)
            .is_some_and(|v| close(v, 1450e4)));
        assert!(yi.to_base(n(350.0)).is_some_and(|v| close(v, 3.5e10)));
        // 1 小时 is 1/24 日 exactly: 24 of them are one day, not 0.9999999999999999.
        let hours = get(&r, "小时").convert(n(24.0), &get(&r, "日"));
        assert_eq!(hours, Some(Ratio::ONE));
    }

    #[test]
    fn different_dimensions_never_compare() {
        let r = UnitRegistry::new();
        assert!(!compatible(&r, "万美元", "亿元"));
        assert_eq!(get(&r, "万美元").convert(n(1.0), &get(&r, "亿元")), None);
        assert!(!compatible(&r, "个百分点", "%"));
        assert!(compatible(&r, "pp", "个百分点"));
        assert!(!compatible(&r, "吨", "立方米"));
        assert!(!compatible(&r, "千瓦", "千瓦时"));
    }

    #[test]
    fn generic_count_fits_any_classifier_but_classifiers_differ() {
        let r = UnitRegistry::new();
        assert!(compatible(&r, "个", "家"));
        assert!(compatible(&r, "家", "个"));
        assert!(compatible(&r, "万个", "家"));
        assert!(!compatible(&r, "家", "户"));
        assert!(!compatible(&r, "人", "人次"));
        assert!(!compatible(&r, "个", "吨"));
    }

    #[test]
    fn compound_units_compare_part_wise() {
        let r = UnitRegistry::new();
        let u = get(&r, "万吨/日");
        assert!(close(u.factor, 1e4));
        assert_eq!(u.base, "吨/日");
        assert_eq!(u.dimension.to_string(), "mass/time");
        assert!(compatible(&r, "万吨/日", "吨/日"));
        assert!(compatible(&r, "万吨/日", "吨/年"));
        assert!(!compatible(&r, "万吨/日", "吨"));
        assert!(!compatible(&r, "元/吨", "美元/吨"));
        assert!(compatible(&r, "个/日", "家/日"));
        let price = get(&r, "元/吨");
        assert_eq!(price.dimension.to_string(), "CNY/mass");
        assert_eq!(price.base, "元/吨");
        assert!(close(get(&r, "元/公斤").factor, 1000.0));
        assert!(close(
            get(&r, "吨/年")
                .convert(n(365.0), &get(&r, "吨/日"))
                .unwrap_or(Ratio::ONE.scale(n(2.0)).unwrap_or(Ratio::ONE)),
            1.0
        ));
    }

    #[test]
    fn derived_units_take_the_dimension_of_their_unit() {
        let mut r = UnitRegistry::new();
        assert_eq!(r.declare_derived("标箱", n(20.0), "吨"), Ok(()));
        let u = get(&r, "标箱");
        assert_eq!(u.dimension.to_string(), "mass");
        assert_eq!((u.factor, u.base.as_str()), (Ratio::from(n(20.0)), "吨"));
        assert!(close(get(&r, "万标箱").factor, 2e5));
        assert!(compatible(&r, "万标箱", "亿吨"));
        assert_eq!(get(&r, "元/标箱").base, "元/吨");
        assert_eq!(r.declare_derived("斤", n(0.5), "公斤"), Ok(()));
        assert!(close(get(&r, "斤").factor, 0.0005));
        assert_eq!(r.declare_derived("千吨标箱", n(2.0), "万标箱"), Ok(()));
        assert!(close(get(&r, "千吨标箱").factor, 4e5));
        assert_eq!(r.names().last().map(String::as_str), Some("千吨标箱"));
    }

    #[test]
    fn base_units_start_a_new_dimension() {
        let mut r = UnitRegistry::new();
        assert_eq!(r.declare_base("积分", "score"), Ok(()));
        let u = get(&r, "积分");
        assert_eq!(u.dimension, Dimension::Base("score".into()));
        assert_eq!(u.dimension.to_string(), "score");
        assert_eq!((u.factor, u.base.as_str()), (Ratio::ONE, "积分"));
        assert!(close(get(&r, "万积分").factor, 1e4));
        assert!(!compatible(&r, "积分", "个"));
        assert_eq!(r.declare_derived("千分", n(1000.0), "积分"), Ok(()));
        assert!(compatible(&r, "千分", "积分"));
        assert!(r.names().contains(&"积分".to_owned()));
    }

    #[test]
    fn redeclaring_a_name_is_refused() {
        let mut r = UnitRegistry::new();
        assert_eq!(
            r.declare_derived("吨", n(1.0), "吨"),
            Err(DeclareError::AlreadyDefined)
        );
        assert_eq!(
            r.declare_base("%", "ratio"),
            Err(DeclareError::AlreadyDefined)
        );
        assert_eq!(
            r.declare_derived("万吨", n(1e4), "吨"),
            Err(DeclareError::AlreadyDefined)
        );
        assert_eq!(r.declare_derived("标箱", n(20.0), "吨"), Ok(()));
        assert_eq!(
            r.declare_derived("标箱", n(20.0), "吨"),
            Err(DeclareError::AlreadyDefined)
        );
        assert_eq!(
            r.declare_base("标箱", "box"),
            Err(DeclareError::AlreadyDefined)
        );
        assert_eq!(r.declare_base("积分", "score"), Ok(()));
        assert_eq!(
            r.declare_base("积分", "score"),
            Err(DeclareError::AlreadyDefined)
        );
    }

    #[test]
    fn bad_declarations_are_refused_without_effect() {
        let mut r = UnitRegistry::new();
        for factor in [n(0.0), n(-1.0)] {
            assert_eq!(
                r.declare_derived("x", factor, "吨"),
                Err(DeclareError::BadFactor)
            );
        }
        assert_eq!(
            r.declare_derived(
                "x",
                Number::parse(&"9".repeat(28)).unwrap_or(Number::ONE),
                "万亿吨"
            ),
            Err(DeclareError::BadFactor)
        );
        assert_eq!(
            r.declare_derived("x", n(20.0), "万屯"),
            Err(DeclareError::UnknownUnit {
                suggestion: Some("万吨".into())
            })
        );
        assert_eq!(
            r.declare_base("两", "mass"),
            Err(DeclareError::DimensionExists { base: "吨".into() })
        );
        assert_eq!(
            r.declare_base("只", "count"),
            Err(DeclareError::DimensionExists { base: "个".into() })
        );
        assert_eq!(r.declare_base("积分", "score"), Ok(()));
        assert_eq!(
            r.declare_base("分", "score"),
            Err(DeclareError::DimensionExists {
                base: "积分".into()
            })
        );
        assert_eq!(
            r.declare_derived("", n(1.0), "吨"),
            Err(DeclareError::BadName)
        );
        assert_eq!(
            r.declare_derived("a/b", n(1.0), "吨"),
            Err(DeclareError::BadName)
        );
        assert_eq!(r.declare_base("y", ""), Err(DeclareError::BadName));
        assert_eq!(r.resolve("x"), None);
        assert_eq!(r.resolve("两"), None);
        assert_eq!(r.names().len(), UnitRegistry::new().names().len() + 1);
        assert!(DeclareError::BadFactor
            .to_string()
            .contains("greater than zero"));
    }

    /// Every candidate compared, in order, as `suggest` did before its index (issue 16).
    fn suggest_by_comparing_all(r: &UnitRegistry, name: &str) -> Option<String> {
        if r.resolve(name).is_some() {
            return Some(name.to_owned());
        }
        if let Some((num, den)) = name.split_once('/') {
            if num.is_empty() || den.is_empty() || den.contains('/') {
                return None;
            }
            let num = suggest_by_comparing_all(r, num)?;
            let den = suggest_by_comparing_all(r, den)?;
            return Some(format!("{num}/{den}"));
        }
        let wanted = name.to_lowercase();
        let len = wanted.chars().count();
        let limit = (len / 3).max(1).min(len.saturating_sub(1));
        let mut best: Option<((usize, usize), String)> = None;
        for candidate in r.candidates() {
            let distance = strsim::levenshtein(&wanted, &candidate.to_lowercase());
            if distance > limit {
                continue;
            }
            let key = (distance, strsim::levenshtein(name, &candidate));
            if best.as_ref().is_none_or(|(best_key, _)| key < *best_key) {
                best = Some((key, candidate));
            }
        }
        best.map(|(_, candidate)| candidate)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// The index suggests what comparing every candidate in order does: declared
        /// names that differ by case and a character, prelude names, scale words.
        #[test]
        fn the_index_suggests_what_comparing_every_unit_does(
            declared in proptest::collection::vec("[aAbB箱吨万]{1,5}", 0..12),
            questions in proptest::collection::vec("[aAbBk箱吨万亿hW/]{0,7}", 1..12),
        ) {
            let mut r = UnitRegistry::new();
            for name in &declared {
                let _ = r.declare_base(name, "维度");
            }
            let index = r.suggester();
            for q in &questions {
                proptest::prop_assert_eq!(index.suggest(q), suggest_by_comparing_all(&r, q), "{}", q);
            }
        }
    }

    #[test]
    fn suggestions_name_a_near_known_unit() {
        let mut r = UnitRegistry::new();
        assert_eq!(r.suggest("万屯").as_deref(), Some("万吨"));
        assert_eq!(r.suggest("万万吨").as_deref(), Some("万吨"));
        assert_eq!(r.suggest("公吨").as_deref(), Some("吨"));
        assert_eq!(r.suggest("KWH").as_deref(), Some("kWh"));
        assert_eq!(r.suggest("万屯/日").as_deref(), Some("万吨/日"));
        assert_eq!(r.suggest("亿元").as_deref(), Some("亿元"));
        assert_eq!(r.suggest("zzzzzz"), None);
        assert_eq!(r.suggest("屯"), None, "a one-char guess is no help");
        assert_eq!(r.suggest("微克每立方米").as_deref(), Some("微克每立方米"));
        assert_eq!(r.suggest("纳克每升"), None);
        assert_eq!(r.declare_derived("标准箱", n(20.0), "吨"), Ok(()));
        assert_eq!(r.suggest("标准相").as_deref(), Some("标准箱"));
        assert_eq!(r.suggest("万标准相").as_deref(), Some("万标准箱"));
        for s in ["万屯", "公吨", "KWH", "万屯/日", "万标准相"] {
            let found = r.suggest(s).unwrap_or_default();
            assert!(
                r.resolve(&found).is_some(),
                "{s} → {found} does not resolve"
            );
        }
    }

    #[test]
    fn odd_input_is_unknown_not_a_panic() {
        let r = UnitRegistry::new();
        for name in [
            "",
            "/",
            "//",
            "a/b/c",
            "万",
            "吨/",
            "/吨",
            "吨/日/日",
            " 吨",
            "吨 ",
            "💥",
        ] {
            assert_eq!(r.resolve(name), None, "{name:?}");
            let _ = r.suggest(name);
        }
        assert_eq!(r.suggest(""), None);
        assert_eq!(r.suggest("/"), None);
    }
}
