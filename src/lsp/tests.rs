//! The handlers called directly on documents with Chinese text and emoji, in both
//! position encodings.

use tower_lsp_server::ls_types::{
    HoverContents, Position, Range, TextDocumentContentChangeEvent, Uri,
};

use super::*;

const PLAN: &str = "plan \"计划\" { issued 2025-01-10  period 2025 }
owners {
  经信局 \"遂宁市安居区经济和信息化局\" aka \"区经信局\"
  发改局 \"遂宁市安居区发展和改革局\"
}
metric 规上工业总产值 \"🏭产值\" in 亿元
measure 新型工业化 \"🎯以实业兴区\" {
  owner 经信局
  target 规上工业总产值 >= 350 亿元 by 2025-06
}
measure 城镇化 {
  owner 发改局
  after 新型工业化
}
";

fn doc(text: &str, encoding: Encoding) -> Document {
    let loader = crate::model::Loader::new();
    let path = std::env::temp_dir().join("plan-lsp-test").join("安居.plan");
    let uri = Uri::from_file_path(&path).unwrap();
    Document::open(&loader, uri, 1, text.to_string(), encoding, None)
}

/// The position of the `n`th occurrence of `needle`, plus `extra` bytes.
fn pos(d: &Document, needle: &str, n: usize, extra: usize) -> Position {
    let at = d.text().match_indices(needle).nth(n).unwrap().0;
    d.position(at + extra)
}

fn hover_text(d: &Document, p: Position) -> String {
    match hover::hover(d, Lang::En, p).map(|h| h.contents) {
        Some(HoverContents::Markup(m)) => m.value,
        other => panic!("{other:?}"),
    }
}

#[test]
fn positions_count_utf16_units_or_utf8_bytes() {
    let d16 = doc(PLAN, Encoding::Utf16);
    let d8 = doc(PLAN, Encoding::Utf8);
    // `  target 规上工业总产值 >= 350 亿元`: `>=` is after 2+7+7+1 = 17 characters, 31 bytes.
    assert_eq!(pos(&d16, ">=", 0, 0), Position::new(8, 17));
    assert_eq!(pos(&d8, ">=", 0, 0), Position::new(8, 31));
    // `measure 新型工业化 "🎯以实业兴区"`: the emoji is two UTF-16 units, four bytes.
    assert_eq!(pos(&d16, "以实业", 0, 0), Position::new(6, 17));
    assert_eq!(pos(&d8, "以实业", 0, 0), Position::new(6, 29));
    for d in [&d16, &d8] {
        let at = d.text().find("以实业").unwrap();
        assert_eq!(d.offset(d.position(at)), at);
    }
    // Inside the surrogate pair / the emoji's bytes: the emoji's start, never a panic.
    let emoji = PLAN.find('🎯').unwrap();
    assert_eq!(d16.offset(Position::new(6, 16)), emoji);
    assert_eq!(d8.offset(Position::new(6, 27)), emoji);
    // Past the end of a line or of the text: clamped.
    assert_eq!(d16.offset(Position::new(999, 999)), PLAN.len());
}

#[test]
fn diagnostics_carry_code_related_and_language() {
    let text = PLAN.replace("owner 发改局", "owner 发改");
    let d = doc(&text, Encoding::Utf16);
    let found = diagnostics::to_lsp(&d, Lang::Zh);
    let o102 = found
        .iter()
        .find(|x| x.code == Some(NumberOrString::String("O102".into())))
        .unwrap();
    assert_eq!(o102.range.start, pos(&d, "发改\n", 0, 0));
    assert!(o102
        .message
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    assert!(diagnostics::to_lsp(&doc(PLAN, Encoding::Utf16), Lang::En).is_empty());
}

#[test]
fn hover_owner_metric_target_and_code() {
    let d = doc(PLAN, Encoding::Utf16);
    let owner = hover_text(&d, pos(&d, "经信局", 1, 3));
    assert!(owner.contains("遂宁市安居区经济和信息化局") && owner.contains("区经信局"));
    let metric = hover_text(&d, pos(&d, "规上工业总产值", 1, 0));
    assert!(
        metric.contains("亿元") && metric.contains("CNY"),
        "{metric}"
    );
    let target = hover_text(&d, pos(&d, "350", 0, 0));
    assert!(target.contains("35000000000"), "{target}");
    assert!(target.contains("2025-06-30"), "{target}");
    let broken = PLAN.replace("  owner 发改局\n", "  # O101\n");
    let d = doc(&broken, Encoding::Utf16);
    let explained = hover_text(&d, pos(&d, "O101", 0, 1));
    assert!(explained.contains("O101"), "{explained}");
}

/// (v2) Hover says who leads (or that nobody does), which owners are groups, and how firm a
/// target is.
#[test]
fn hover_shows_leads_groups_and_firmness() {
    let text = "plan \"计划\" { issued 2025-01-10  period 2025  also 各县区政府 }
owners {
  经信局 \"遂宁市安居区经济和信息化局\"
  发改局 \"遂宁市安居区发展和改革局\"
  group 各县区政府 \"各县(市、区)人民政府\" members 经信局
}
measure 联合 {
  owner jointly 经信局, 发改局
  target stretch 规上工业总产值 >= 350 亿元
}
measure 主导 {
  owner lead 发改局, support 经信局
  target firm 城镇化率 >= 42 %
}
";
    let d = doc(text, Encoding::Utf16);
    let joint = hover_text(&d, pos(&d, "联合", 0, 0));
    assert!(joint.contains("no lead"), "{joint}");
    assert!(joint.contains("各县区政府 (group of units)"), "{joint}");
    let led = hover_text(&d, pos(&d, "主导", 0, 0));
    assert!(led.contains("lead: 发改局"), "{led}");
    assert!(led.contains("support: 经信局"), "{led}");
    let group = hover_text(&d, pos(&d, "各县区政府", 1, 0));
    assert!(
        group.contains("(group of units)") && group.contains("members: 经信局"),
        "{group}"
    );
    let stretch = hover_text(&d, pos(&d, "350", 0, 0));
    assert!(stretch.contains("stretch (力争)"), "{stretch}");
    let firm = hover_text(&d, pos(&d, "42", 0, 0));
    assert!(firm.contains("firm (确保)"), "{firm}");
    let zh = match hover::hover(&d, Lang::Zh, pos(&d, "联合", 0, 0)).map(|h| h.contents) {
        Some(HoverContents::Markup(m)) => m.value,
        other => panic!("{other:?}"),
    };
    assert!(zh.contains("无牵头单位"), "{zh}");
}

#[test]
fn hover_speaks_the_language_of_the_messages() {
    let d = doc(PLAN, Encoding::Utf16);
    let say = |lang, p| match hover::hover(&d, lang, p).map(|h| h.contents) {
        Some(HoverContents::Markup(m)) => m.value,
        other => panic!("{other:?}"),
    };
    let at = pos(&d, "350", 0, 0);
    let en = say(Lang::En, at);
    let zh = say(Lang::Zh, at);
    assert!(en.contains("effective deadline: 2025-06-30"), "{en}");
    assert!(zh.contains("实际截止日期: 2025-06-30"), "{zh}");
    let owner = say(Lang::Zh, pos(&d, "经信局", 1, 3));
    assert!(
        owner.contains("(责任单位)") && owner.contains("别名: 区经信局"),
        "{owner}"
    );
}

#[test]
fn definition_references_and_rename() {
    let d = doc(PLAN, Encoding::Utf16);
    let def = definition::definition(&d, pos(&d, "新型工业化", 1, 3)).unwrap();
    assert_eq!(def.range.start, pos(&d, "新型工业化", 0, 0));
    let refs = references::references(&d, pos(&d, "经信局", 0, 0), true).unwrap();
    // The registry id, its full name and alias, and the `owner` line.
    assert_eq!(refs.len(), 4, "{refs:?}");
    let edits = rename::rename(&d, pos(&d, "规上工业总产值", 0, 0), "工业产值").unwrap();
    assert_eq!(edits.len(), 2);
    let edits = rename::rename(&d, pos(&d, "经信局", 2, 0), "经信").unwrap();
    // The id in the registry and on the owner line; not the full name or the alias.
    assert_eq!(edits.len(), 2);
    assert!(rename::rename(&d, pos(&d, "新型工业化", 0, 0), "x").is_err());
    assert_eq!(rename::spelled("5G基站"), "\"5G基站\"");
    assert_eq!(rename::spelled("target"), "\"target\"");
}

#[test]
fn completion_by_context() {
    let text = format!("{PLAN}measure 新 {{\n  owner \n  target \n  target 规上工业总产值 >= 35\n  after \n  \n}}\n");
    // Half typed, the text does not parse: names come from the last text that did.
    let loader = crate::model::Loader::new();
    let before = doc(PLAN, Encoding::Utf16);
    let d = Document::open(
        &loader,
        before.uri.clone(),
        2,
        text,
        Encoding::Utf16,
        Some(&before),
    );
    assert!(d.model().is_none());
    let labels = |line: u32, col: u32| -> Vec<String> {
        completion::completion(&d, Lang::En, Position::new(line, col))
            .unwrap_or_default()
            .into_iter()
            .map(|i| i.label)
            .collect()
    };
    assert!(labels(15, 8).contains(&"经信局".to_string()));
    assert!(labels(16, 9).contains(&"规上工业总产值".to_string()));
    assert!(labels(17, 28).contains(&"亿元".to_string()));
    assert!(labels(18, 8).contains(&"新型工业化".to_string()));
    assert!(labels(19, 2).contains(&"target".to_string()));
}

#[test]
fn formatting_symbols_and_changes() {
    let d = doc("metric 产值   in 亿元\n", Encoding::Utf16);
    let edits = formatting::formatting(&d).unwrap();
    assert_eq!(edits[0].new_text, "metric 产值 in 亿元\n");
    assert!(formatting::formatting(&doc("measure {", Encoding::Utf16)).is_none());
    let d = doc(PLAN, Encoding::Utf16);
    let names: Vec<String> = symbols::document_symbols(&d)
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["owners", "规上工业总产值", "新型工业化", "城镇化"]);
    // An incremental edit replacing `350` (after Chinese text and before an emoji-free tail).
    let at = pos(&d, "350", 0, 0);
    let change = TextDocumentContentChangeEvent {
        range: Some(Range::new(at, Position::new(at.line, at.character + 3))),
        range_length: None,
        text: "400".into(),
    };
    assert!(d.apply_changes(&[change]).contains(">= 400 亿元"));
}

#[test]
fn half_typed_and_malformed_input_never_panics() {
    for text in [
        "",
        "measure",
        "measure 新 { target 规上 >= ",
        "}}}{{",
        "owners { \"",
        "🎯\r\n\r",
    ] {
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            let d = doc(text, encoding);
            for p in [
                Position::new(0, 0),
                Position::new(0, 3),
                Position::new(5, u32::MAX),
            ] {
                let _ = hover::hover(&d, Lang::En, p);
                let _ = definition::definition(&d, p);
                let _ = references::references(&d, p, true);
                let _ = completion::completion(&d, Lang::En, p);
                let _ = rename::rename(&d, p, "新");
            }
            let _ = symbols::document_symbols(&d);
            let _ = formatting::formatting(&d);
            let _ = diagnostics::to_lsp(&d, Lang::Zh);
        }
    }
}

#[test]
fn definition_into_an_imported_registry_and_the_use_file() {
    let dir = tempfile::tempdir().unwrap();
    let registry = dir.path().join("注册表.plan");
    std::fs::write(
        &registry,
        "owners {\n  经信局 \"遂宁市安居区经济和信息化局\"\n}\nmetric 产值 in 亿元\n",
    )
    .unwrap();
    let text = "use \"注册表.plan\"\nmeasure 工业 {\n  owner 经信局\n  target 产值 >= 1 亿元\n}\n";
    let loader = crate::model::Loader::new();
    let uri = Uri::from_file_path(dir.path().join("计划.plan")).unwrap();
    let d = Document::open(&loader, uri, 1, text.to_string(), Encoding::Utf16, None);
    assert!(diagnostics::to_lsp(&d, Lang::En).is_empty());
    let registry_uri = Uri::from_file_path(std::fs::canonicalize(&registry).unwrap()).unwrap();

    let owner = definition::definition(&d, pos(&d, "经信局", 0, 0)).unwrap();
    assert_eq!(owner.uri, registry_uri);
    assert_eq!(owner.range.start, Position::new(1, 2));
    let metric = definition::definition(&d, pos(&d, "产值", 0, 0)).unwrap();
    assert_eq!(
        (metric.uri, metric.range.start),
        (registry_uri.clone(), Position::new(3, 7))
    );
    let file = definition::definition(&d, pos(&d, "注册表", 0, 0)).unwrap();
    assert_eq!(file.uri, registry_uri);
    // Defined in the registry: renamed there, not here.
    assert!(rename::rename(&d, pos(&d, "经信局", 0, 0), "经信").is_err());
}

/// Issue 11 item 3: the editor's loader is the command line's, so `use` of a device or a
/// FIFO is an R401 diagnostic with the reason, not a hung or swamped server.
#[cfg(unix)]
#[test]
fn imports_of_devices_and_fifos_are_findings_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.plan");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()));
    let text = "use \"/dev/zero\"\nuse \"pipe.plan\"\n";
    let loader = crate::model::Loader::new();
    let uri = Uri::from_file_path(dir.path().join("计划.plan")).unwrap();
    let d = Document::open(&loader, uri, 1, text.to_string(), Encoding::Utf16, None);
    let messages: Vec<String> = diagnostics::to_lsp(&d, Lang::En)
        .into_iter()
        .filter(|x| x.code == Some(NumberOrString::String("R401".into())))
        .map(|x| x.message)
        .collect();
    assert_eq!(
        messages,
        [
            "cannot import `/dev/zero`: it is a device, not a regular file\n\
             import a `.plan` file: a regular text file of at most 64 MB",
            "cannot import `pipe.plan`: it is a FIFO (named pipe), not a regular file\n\
             import a `.plan` file: a regular text file of at most 64 MB",
        ]
    );
}

#[test]
fn rename_refuses_a_name_in_use_and_completion_filters_by_what_is_typed() {
    let d = doc(PLAN, Encoding::Utf16);
    let refused = rename::rename(&d, pos(&d, "经信局", 2, 0), "发改局").unwrap_err();
    assert_eq!(
        refused,
        rename::Refused::Taken {
            name: "发改局".into()
        }
    );
    assert_eq!(
        Lang::Zh.say(&refused.into()),
        "“发改局”已是本计划中的名称，请另选一个"
    );
    // Onto another owner's alias, too.
    assert!(rename::rename(&d, pos(&d, "发改局", 1, 0), "区经信局").is_err());

    let text = PLAN.replace("  owner 发改局\n", "  owner 发\n");
    let d = Document::open(
        &crate::model::Loader::new(),
        d.uri.clone(),
        2,
        text.clone(),
        Encoding::Utf16,
        Some(&d),
    );
    let at = pos(&d, "owner 发\n", 0, "owner 发".len());
    let labels: Vec<String> = completion::completion(&d, Lang::En, at)
        .unwrap_or_default()
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert_eq!(labels, ["发改局"]);
}

/// A keyword explains itself in either spelling: hover on `责任单位` says what `owner` means
/// (in Chinese when the messages are), hover on `owner` names its Chinese form.
#[test]
fn hover_explains_keywords_in_both_languages() {
    let text = "计划 “计划” ｛ 印发：2025-01-10 期间 2025 ｝
责任单位名录 ｛ 经信局 “经济和信息化局” ｝
措施 新型工业化 ｛
  责任单位：经信局
  target 争取产值 >= 350 亿元
｝
measure 城镇化 {
  owner 经信局
}
";
    let d = doc(text, Encoding::Utf16);
    let zh = match hover::hover(&d, Lang::Zh, pos(&d, "责任单位：", 0, 3)).map(|h| h.contents)
    {
        Some(HoverContents::Markup(m)) => m.value,
        other => panic!("{other:?}"),
    };
    assert!(zh.starts_with("`责任单位`（`owner`）："), "{zh}");
    assert!(zh.contains("牵头"), "{zh}");
    let en = hover_text(&d, pos(&d, "owner 经信局", 0, 2));
    assert!(
        en.starts_with("`owner` (`责任单位`): the responsible units"),
        "{en}"
    );
    // A name that starts like a keyword is a name (`争取产值`): no keyword hover there.
    let name = hover_text(&d, pos(&d, "争取产值", 0, 0));
    assert!(!name.contains("strives"), "{name}");
}

/// Hover gives a value in base units exactly: 1.1 万吨 is 11000 吨 (not 11000.000000000002),
/// and a unit whose factor is no finite decimal says so as a fraction (1 小时 = 1/24 日).
#[test]
fn hover_values_are_exact() {
    let text = "plan \"计划\" { issued 2025-01-10  period 2025 }
owners {
  发改局 \"某某区发展和改革局\"
}
measure 粮食 {
  owner 发改局
  target 粮食产量 >= 1.1 万吨
  target 会议时长 <= 3 小时
  target 工时 <= 1.1 小时
}
";
    let d = doc(text, Encoding::Utf16);
    let grain = hover_text(&d, pos(&d, "1.1", 0, 0));
    assert!(grain.contains("1.1 万吨 = 11000 吨"), "{grain}");
    let meeting = hover_text(&d, pos(&d, "3 小时", 0, 0));
    assert!(meeting.contains("3 小时 = 0.125 日"), "{meeting}");
    let hours = hover_text(&d, pos(&d, "1.1 小时", 0, 0));
    assert!(hours.contains("1.1 小时 = 1.1/24 日"), "{hours}");
    let unit = hover_text(&d, pos(&d, "小时", 0, 1));
    assert!(unit.contains("1 小时 = 1/24 日"), "{unit}");
}
