//! Values are exact decimals (src/number.rs): what a user sees where floats got it wrong.
//! Roll-ups and contradictions judged exactly, compiled numbers with the digits they stand
//! for, and two properties: a number reads back as written, and parts add up as integer
//! arithmetic on scaled values says they do.

mod common;

use proptest::prelude::*;

use plan::number::Number;

const HEADER: &str = "plan \"2025年计划\" {\n  issued 2025-01-10\n  period 2025\n  issuer 发改局\n}\n\nowners {\n  发改局 \"某某区发展和改革局\"\n}\n\n";

fn codes(text: &str) -> Vec<&'static str> {
    plan::check_text("exact.plan", text)
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

fn compile(body: &str, to: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.plan"), format!("{HEADER}{body}")).expect("write");
    let (code, out, err) = common::run(dir.path(), &["compile", "p.plan", "--to", to]);
    assert_eq!(code, 0, "{err}");
    out
}

const FIGURES: &str = "measure 粮食 \"稳定粮食生产\" {\n  owner 发改局\n  target 粮食产量 >= 1.1 万吨\n  target 地区生产总值 >= 12345678901234567.89 亿元\n  target 城镇化率 >= 0.3 %\n  target 工时 <= 1 小时\n  target 事故率 <= 2 人/百亿元\n}\n";

#[test]
fn compiled_json_keeps_every_digit() {
    let json = compile(FIGURES, "json");
    // 1.1 万吨 is 11000 吨, an integer, not 11000.000000000002.
    assert!(json.contains("\"value\": 1.1,"), "{json}");
    assert!(json.contains("\"base_value\": 11000,"), "{json}");
    // Beyond a double's 17 digits: the digits written, and exactly 10^8 times them.
    assert!(json.contains("\"value\": 12345678901234567.89,"), "{json}");
    assert!(
        json.contains("\"base_value\": 1234567890123456789000000,"),
        "{json}"
    );
    assert!(json.contains("\"value\": 0.3,"), "{json}");
    // 1 小时 = 1/24 日 is no finite decimal: 28 significant digits.
    assert!(
        json.contains("\"base_value\": 0.0416666666666666666666666667,"),
        "{json}"
    );
    // Small values with their digits, not in exponent form (2e-10 was what a float gave).
    assert!(json.contains("\"base_value\": 0.0000000002,"), "{json}");
    // Still JSON numbers a consumer reads as numbers.
    let doc: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let targets = &doc["measures"][0]["targets"];
    assert_eq!(targets[0]["base_value"].as_u64(), Some(11000));
    assert!(targets[1]["value"].is_f64());
}

#[test]
fn compiled_toml_is_exact_within_what_toml_holds() {
    let toml = compile(FIGURES, "toml");
    assert!(toml.contains("value = 1.1\n"), "{toml}");
    assert!(toml.contains("base_value = 11000\n"), "{toml}");
    assert!(toml.contains("value = 0.3\n"), "{toml}");
    // TOML floats are IEEE doubles (TOML 1.0): past 17 digits, the nearest one.
    assert!(toml.contains("value = 12345678901234568.0\n"), "{toml}");
    let doc: toml::Table = toml.parse().expect("valid TOML");
    assert!(doc.contains_key("measures"));
}

#[test]
fn a_figure_with_too_many_digits_is_a_finding_not_a_rounding() {
    let body = "measure m \"m\" {\n  owner 发改局\n  target x >= 1.00000000000000000000000000001 亿元\n}\n";
    let checked = plan::check_text("exact.plan", &format!("{HEADER}{body}"));
    let d = checked.diagnostics.first().expect("a finding");
    assert_eq!(d.code.as_str(), "P001");
    let msg = plan::i18n::Lang::En.say(&d.message);
    assert!(msg.contains("more than 28 significant digits"), "{msg}");
}

/// `mantissa / 10^scale` written by hand, independent of the crate: the canonical form.
fn canonical(mantissa: i128, scale: u32) -> String {
    let sign = if mantissa < 0 { "-" } else { "" };
    let digits = format!(
        "{:0>width$}",
        mantissa.unsigned_abs(),
        width = scale as usize + 1
    );
    let (int, frac) = digits.split_at(digits.len() - scale as usize);
    let frac = frac.trim_end_matches('0');
    if mantissa == 0 {
        "0".into()
    } else if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// The same value as a planner might type it: `_` between thousands, trailing zeros.
fn written(mantissa: i128, scale: u32, underscores: bool, zeros: usize) -> String {
    let mut text = canonical(mantissa, scale);
    if zeros > 0 {
        if !text.contains('.') {
            text.push('.');
        }
        text.push_str(&"0".repeat(zeros));
    }
    if underscores {
        let (sign, rest) = text.split_at(usize::from(text.starts_with('-')));
        let (int, frac) = rest
            .split_once('.')
            .map_or((rest, None), |(i, f)| (i, Some(f)));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push('_');
            }
            grouped.push(c);
        }
        text = format!(
            "{sign}{grouped}{}",
            frac.map(|f| format!(".{f}")).unwrap_or_default()
        );
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// parse ∘ display is the identity on decimals: what is written is what is read back.
    #[test]
    fn a_number_reads_back_as_written(
        mantissa in -10i128.pow(20)..10i128.pow(20),
        scale in 0u32..8,
        underscores: bool,
        zeros in 0usize..3,
    ) {
        let text = written(mantissa, scale, underscores, zeros);
        let n = Number::parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e:?}")))?;
        prop_assert_eq!(n.to_string(), canonical(mantissa, scale));
        prop_assert_eq!(Number::parse(&n.to_string()), Ok(n));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Parts written with up to 6 decimals fill a whole equal to their sum (integer arithmetic
    /// on values scaled by 10^6), and exceed a whole one millionth smaller: U305 exactly then.
    #[test]
    fn parts_add_up_as_integers_do(
        parts in prop::collection::vec((1i128..10i128.pow(12), 0u32..7), 2..6),
    ) {
        const SCALE: u32 = 6;
        let scaled: Vec<i128> = parts
            .iter()
            .map(|&(m, s)| m * 10i128.pow(SCALE - s))
            .collect();
        let total: i128 = scaled.iter().sum();
        let mut text = String::from(HEADER);
        text.push_str("metric 总量 in 万元\n");
        for i in 0..parts.len() {
            text.push_str(&format!("metric 分项{i} in 万元 part of 总量\n"));
        }
        text.push_str("measure m \"m\" {\n  owner 发改局\n  target 总量 <= WHOLE 万元\n");
        for (i, &(m, s)) in parts.iter().enumerate() {
            text.push_str(&format!("  target 分项{i} >= {} 万元\n", canonical(m, s)));
        }
        text.push_str("}\n");
        let exact = text.replace("WHOLE", &canonical(total, SCALE));
        prop_assert!(!codes(&exact).contains(&"U305"), "{exact}");
        let less = text.replace("WHOLE", &canonical(total - 1, SCALE));
        prop_assert!(codes(&less).contains(&"U305"), "{less}");
    }
}
