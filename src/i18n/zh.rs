//! 中文消息目录。

use super::en::line_form;
use super::{chain, DefKind, Msg};
use crate::dates::Period;
use crate::model::ImportFailure;
use crate::syntax::ast::NodeKind;
use crate::syntax::{Expected, Instead, SyntaxProblem};
use crate::units::Dimension;

/// A message in Chinese. Keywords quoted in it (`` `owner` ``, `` `part of` ``) are given
/// in their Chinese form (`` `责任单位` ``): a planner who reads Chinese writes them so
/// (LANGUAGE.md §8), and both forms mean the same.
pub fn say(msg: &Msg) -> String {
    chinese_keywords(&say_raw(msg))
}

/// Each backquoted span whose English words are all keywords (`` `owner` ``, `` `part of` ``,
/// `` `metric 名称 in 单位` ``), with them in their Chinese form; a span with any other English
/// word (`` `plan check FILE` ``, a metric named `GDP`) as it is. Linear in the message.
fn chinese_keywords(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are quoted, when a closing backquote follows.
        let quoted = i % 2 == 1 && i + 1 < parts.len();
        if quoted {
            out.push_str(&quoted_keywords(part).unwrap_or_else(|| part.to_string()));
        } else {
            target_words(part, &mut out);
        }
    }
    out
}

/// A quoted span with its keywords in Chinese, when every English word in it is a keyword
/// (two-word keywords such as `part of` taken together); `None` when one is not.
fn quoted_keywords(span: &str) -> Option<String> {
    use crate::syntax::keywords::chinese;
    let words: Vec<&str> = span.split(' ').collect();
    let english = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while let Some(&word) = words.get(i) {
        if let Some(zh) = words
            .get(i + 1)
            .and_then(|next| chinese(&format!("{word} {next}")))
        {
            out.push(zh);
            i += 2;
            continue;
        }
        match chinese(word) {
            Some(zh) => out.push(zh),
            None if english(word) => return None,
            None => out.push(word),
        }
        i += 1;
    }
    Some(out.join(" "))
}

/// A target quoted in a message is written by the rules as the English source would be
/// (`growth >= 6 %`): its kind words, standing alone between spaces, in their Chinese form
/// (`增长 >= 6 %`), as a file in Chinese keywords writes them.
fn target_words(text: &str, out: &mut String) {
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let zh = match word {
            "growth" | "change" | "average" => crate::syntax::keywords::chinese(word),
            _ => None,
        };
        out.push_str(zh.unwrap_or(word));
    }
}

fn say_raw(msg: &Msg) -> String {
    match msg {
        Msg::Hover(w) => hover_word(*w).into(),
        Msg::Report(w) => report_word(*w).into(),
        Msg::RenderRefused { errors } => {
            format!("未生成：计划有{errors}个错误（运行检查命令可查看）")
        }
        Msg::RenameRefused(r) => rename_refused(r),
        Msg::Syntax(p) => syntax(p),
        Msg::SyntaxLabel(p) => syntax_label(p),
        Msg::SyntaxHelp(p) => syntax_help(p),
        Msg::SyntaxFileEnds => "文件在此结束".into(),
        Msg::NotUtf8 { offset } => format!("文件不是 UTF-8 文本（第一个错误字节在第 {offset} 字节）"),
        Msg::NotUtf8Help => "请将文件另存为 UTF-8 编码".into(),

        Msg::MissingOwner { kind, id } => format!("{}“{id}”没有责任单位", node_kind(*kind)),
        Msg::MissingOwnerLabel => "本措施及其所属章节都没有 `owner` 行".into(),
        Msg::MissingOwnerHelp => "在该措施或其所属章节中加上 `owner 单位`（牵头单位写在最前）".into(),
        Msg::UnknownOwner { name } => format!("“{name}”不是已登记的责任单位"),
        Msg::UnknownOwnerLabel => "不在任何 `owners` 登记表中".into(),
        Msg::UnknownOwnerHelp { name } => {
            format!("请登记：`owners {{ {name} \"单位全称\" }}`，或用 `use` 引入登记表")
        }
        Msg::DuplicateOwner { name } => format!("“{name}”被登记给了两个责任单位"),
        Msg::DuplicateOwnerLabel => "此处再次登记".into(),
        Msg::FirstRegisteredHere => "首次登记于此".into(),
        Msg::DuplicateOwnerHelp => "简称、全称和别名都只能指向一个单位：请删除或改名其中之一".into(),
        Msg::UnusedOwner { id } => format!("责任单位“{id}”已登记但从未使用"),
        Msg::UnusedOwnerLabel => "没有任何措施、章节或计划基本信息用到它".into(),
        Msg::UnusedOwnerHelp => {
            "把它分配给负责的措施，或删除它；多个计划共用的登记表请单独放在一个不含章节和措施的文件中"
                .into()
        }

        Msg::UnknownReference { kind, name } => format!("没有名为“{name}”的{}", def_kind(*kind)),
        Msg::UnknownReferenceLabel => "找不到所指对象".into(),
        Msg::UnknownReferenceHelp { kind } => match kind {
            DefKind::Metric => "用 `metric 名称 in 单位` 声明该指标，或在目标中使用它".into(),
            _ => "请检查拼写，或先定义它".into(),
        },
        Msg::ImportMissing { path, reason } => {
            let why = match reason {
                ImportFailure::NotFound => "文件不存在".to_string(),
                ImportFailure::Directory => "这是一个目录".to_string(),
                ImportFailure::NotUtf8 => "不是 UTF-8 文本".to_string(),
                ImportFailure::TooDeep(n, _) => format!("引入层级超过 {n} 个文件"),
                ImportFailure::Io(e) => e.clone(),
                ImportFailure::Unreadable(why) => unreadable(why),
            };
            format!("无法引入“{path}”：{why}")
        }
        Msg::ImportBroken { path, line } => {
            format!("无法引入“{path}”：该文件第 {line} 行有语法错误")
        }
        Msg::ImportMissingHelp => "路径相对于本文件；请确认文件存在".into(),
        Msg::ImportBrokenHelp { path } => format!("请先运行 `plan check {path}` 并修正"),
        Msg::DuplicateDefinition { kind, name } => {
            format!("{}“{name}”被定义了两次", def_kind(*kind))
        }
        Msg::DuplicateDefinitionLabel => "此处再次定义".into(),
        Msg::DuplicatePrelude { name } => format!("单位“{name}”是内置单位，不能重复定义"),
        Msg::FirstDefinedHere => "首次定义于此".into(),
        Msg::DuplicateDefinitionHelp => "措施和章节共用一个命名空间，请各取不同的名称".into(),
        Msg::ImportCycle { chain: c } => format!("引入关系形成循环：{}", chain(c)),
        Msg::ImportCycleLabel => "此引入最终又引回本文件".into(),
        Msg::ImportCycleHelp => "把两个文件都需要的内容移到一个不引入其他文件的登记表中".into(),
        Msg::DidYouMean { name } => format!("是否想写“{name}”？"),
        Msg::DidYouMeanOtherScale {
            name,
            written,
            suggested,
        } => {
            let scale = |w: &str| {
                if w.is_empty() {
                    "不带数量级".to_string()
                } else {
                    format!("以“{w}”为数量级")
                }
            };
            format!(
                "是否想写“{name}”？注意数量级：“{name}”{}，而原文的单位{}，请核对数值",
                scale(suggested),
                scale(written)
            )
        }
        Msg::UnknownUnit { name } => format!("未知单位“{name}”"),
        Msg::UnknownUnitLabel => "既不是内置单位，也没有声明".into(),
        Msg::UnknownUnitHelp => {
            "请声明：`unit 名称 = 数值 单位`（已知单位的倍数）或 `unit 名称 : 量纲`（新的量）".into()
        }

        Msg::Summary {
            errors,
            warnings,
            files,
        } => format!("{files} 个文件中有 {errors} 个错误、{warnings} 个警告"),
        Msg::CompileRefused { errors } => format!("未编译：计划中有 {errors} 个错误"),
        Msg::FmtRefused => "未格式化：请先修正语法错误".to_string(),
        Msg::UnknownCode { code, known } => {
            format!("未知代码“{code}”；可用的代码有 {}", known.join("、"))
        }
        Msg::IoDirectory => "是一个目录，不是计划文件".into(),
        Msg::IoNotFound => "文件或目录不存在".into(),
        Msg::NoPaths => "没有要检查的内容：请给出路径，或在 plan.toml 中列出 `paths`".into(),
        // ── plan import (issue 12) ──
        Msg::ImportIo { reason } => {
            use crate::import::IoProblem as P;
            let why = match reason {
                P::NotFound => "文件不存在",
                P::PermissionDenied => "没有读取权限（请申请该文件的读取权限）",
                P::IsADirectory => "这是一个目录：请给出文件本身",
                P::Other => "系统无法读取该文件（磁盘或网络共享是否可用？）",
            };
            format!("无法读取文件：{why}")
        }
        Msg::ImportTooLarge { bytes, max } => format!(
            "文件大小为 {} MB，导入的文件不能超过 {} MB（请确认文件是否正确）",
            bytes / (1024 * 1024),
            max / (1024 * 1024)
        ),
        Msg::ImportUndecodable => "文件不是 UTF-8、UTF-16 或 GBK/GB18030 编码的文本：请另存为 UTF-8 文本，或导入 .docx、.html 文件".into(),
        Msg::ImportNoText => "文件中没有文字（空文件，或仅含扫描图片）：请导入计划的文字版".into(),
        Msg::ImportBadDocx { reason } => {
            use crate::import::DocxProblem as P;
            let why = match reason {
                P::NotZip => "它不是压缩包格式（是否把旧版文档直接改了扩展名？请另存为新版格式）".to_owned(),
                P::Unsupported => "压缩包已加密或采用了不支持的压缩方式（请去掉密码后重新保存）".to_owned(),
                P::NoDocument => "压缩包中没有文档正文（这是文字处理文档吗？）".to_owned(),
                P::BadPart(part) => format!("其中的 {part} 无法读取（文件已损坏）"),
                P::BadXml(part) => format!("其中 {part} 的内容格式有误（文件已损坏）"),
            };
            format!("无法读取该 Word 文档（.docx）：{why}")
        }
        Msg::ImportUnknownKind { ext } => format!("不能导入 .{ext} 文件：请提供 .txt、.md、.html 或 .docx 文件"),
        Msg::ImportDrafted { measures, targets, owners, doubts } => format!(
            "已起草 {measures} 项措施、{targets} 个目标、{owners} 个责任单位；{doubts} 处标有“待核”，请核对"
        ),
        Msg::ImportDraftBroken => "内部错误：草稿无法解析，未写出任何文件".into(),
        Msg::ConfigSyntax { detail } => format!("配置文件有误：{detail}"),
        Msg::ConfigUnknownCode { code } => format!("“{code}”不是检查项的代码"),
        Msg::ConfigBadSeverity { value } => {
            format!("“{value}”不是严重程度：请写 \"error\"、\"warning\" 或 \"off\"")
        }
        Msg::ConfigBadLang { value } => {
            format!("“{value}”不是消息语言：请写 \"en\" 或 \"zh\"")
        }
        Msg::ConfigLabel => "此处".into(),
        Msg::ConfigHelp => "plan.toml 可用的各项设置见 `plan explain C001`".into(),
        Msg::InvalidDate { text, error } => match error {
            crate::dates::DateError::EndBeforeStart { .. } => {
                format!("“{text}”不是有效的期间：{}", date_error(error))
            }
            _ => format!("“{text}”不是有效日期：{}", date_error(error)),
        },
        Msg::InvalidDateLabel => "没有这个日期".into(),
        Msg::InvalidDateHelp => {
            "日期写作 2025-06-30、2025-06、2025-Q1…Q4、2025-H1 或 H2、2025".into()
        }

        Msg::DeadlineOutsidePeriod { date, period } => {
            format!("截止日期 {date} 超出了计划期（{}）", zh_period(period))
        }
        Msg::DeadlineOutsidePeriodLabel { after_end: true } => "晚于计划期结束".into(),
        Msg::DeadlineOutsidePeriodLabel { after_end: false } => "早于计划期开始".into(),
        Msg::DeadlineOutsidePeriodHelp { period } => format!(
            "请把日期改到计划期（{}）之内，或修改计划基本信息中的 `period`",
            zh_period(period)
        ),
        Msg::PlanPeriodHere { period } => format!("计划期为 {}", zh_period(period)),
        Msg::DeadlineBeforeIssue { date, issued } => {
            format!("截止日期 {date} 早于计划印发日期 {issued}：发布时即已过期")
        }
        Msg::DeadlineBeforeIssueLabel => "发布时即已过期".into(),
        Msg::DeadlineBeforeIssueHelp => {
            "请改为印发日期当天或之后的日期；已经完成的结果请写成 `actual` 行".into()
        }
        Msg::PeriodBeforeIssue { period, issued } => format!(
            "整个计划期（{}）在计划印发日期 {issued} 之前就已结束",
            zh_period(period)
        ),
        Msg::WindowOutsidePeriod { window, period } => format!(
            "该目标的时段（{}）完全在计划期（{}）之外",
            zh_period(window),
            zh_period(period)
        ),
        Msg::WindowOutsidePeriodLabel => "这一时段没有一天落在计划期内".into(),
        Msg::WindowOutsidePeriodHelp => "目标自己的时段可以早于计划期开始（如下半年计划中的全年目标）或晚于计划期结束，但须与计划期有重叠：请核对年份".into(),
        Msg::WindowBeforeIssue { window, issued } => format!(
            "该目标的时段（{}）在计划印发日期 {issued} 之前已经结束：发布时即已过期",
            zh_period(window)
        ),
        Msg::WindowBeforeIssueHelp => "请改为印发时仍未结束的时段；已经完成的结果请写成 `实际` 行".into(),
        Msg::PeriodBeforeIssueHelp => {
            "请核对 `issued` 和 `period`：计划应在计划期开始前或计划期内印发".into()
        }
        Msg::IssuedHere { issued } => format!("计划印发日期为 {issued}"),
        Msg::RepetitionsBeforeIssue {
            metric,
            periods,
            issued,
        } => format!(
            "“{metric}”按期重复的目标中，{} 的一期在计划印发日期 {issued} 之前就已到期：发布时即已过期",
            periods.join("、")
        ),
        Msg::RepetitionsBeforeIssueLabel { count } => format!("{count} 期已过期"),
        Msg::RepetitionsBeforeIssueHelp => {
            "已过去的年份请用 `actual` 行记录实际完成值，尚未到期的年份分别写目标（如 `by 2023`）；或核对印发日期".into()
        }
        Msg::DeadlineBeforeDependency {
            id,
            date,
            dep,
            dep_date,
        } => format!(
            "“{id}”的截止日期 {date} 早于其前置措施“{dep}”的截止日期 {dep_date}"
        ),
        Msg::DeadlineBeforeDependencyLabel { dep } => format!("“{dep}”完成之前就已到期"),
        Msg::DependencyDue { dep, date } => format!("“{dep}”的截止日期为 {date}"),
        Msg::DeadlineBeforeDependencyHelp { id, dep, dep_date } => format!(
            "把“{id}”的截止日期推迟到 {dep_date} 或之后，或提前“{dep}”的截止日期"
        ),
        Msg::DependencyCycle { cycle } => {
            format!("`after` 前置关系形成了循环：{}", chain(cycle))
        }
        Msg::DependencyCycleLabel => "这个 `after` 使前置关系闭合成环".into(),
        Msg::DependencyCycleHelp => {
            "措施不能（间接地）等待自己完成：请删除其中不是真正前置条件的 `after`".into()
        }
        Msg::ChildDeadlineAfterParent {
            date,
            parent,
            parent_date,
        } => format!("日期 {date} 晚于上级“{parent}”的截止日期 {parent_date}"),
        Msg::ChildDeadlineAfterParentLabel { parent } => {
            format!("晚于上级“{parent}”的截止日期")
        }
        Msg::ChildDeadlineAfterParentHelp { parent_date } => {
            format!("请把此日期提前到 {parent_date} 或之前，或推迟上级的截止日期")
        }
        Msg::MilestonesBackwards {
            metric,
            later,
            later_date,
            earlier,
            earlier_date,
            at_least: true,
        } => format!(
            "“{metric}”在 {later_date} 的目标（`{later}`）反而低于 {earlier_date} 的目标（`{earlier}`）"
        ),
        Msg::MilestonesBackwards {
            metric,
            later,
            later_date,
            earlier,
            earlier_date,
            at_least: false,
        } => format!(
            "“{metric}”在 {later_date} 的上限（`{later}`）反而高于 {earlier_date} 的上限（`{earlier}`）"
        ),
        Msg::MilestonesBackwardsLabel { at_least: true } => "后期目标反而更低".into(),
        Msg::MilestonesBackwardsLabel { at_least: false } => "后期上限反而更高".into(),
        Msg::EarlierTarget { text, date } => format!("较早的目标 `{text}`，{date} 到期"),
        Msg::MilestonesBackwardsHelp { at_least: true } => {
            "分阶段的目标不应倒退：请核对数值和日期（后期目标一般不低于前期）".into()
        }
        Msg::MilestonesBackwardsHelp { at_least: false } => {
            "分阶段的目标不应倒退：请核对数值和日期（后期上限一般不高于前期）".into()
        }

        Msg::MetricUnit {
            metric,
            unit,
            dimension: d,
        } => format!("“{metric}”以 {unit} 计量（{}）", dimension(d)),
        Msg::UnitMismatch {
            metric,
            unit,
            dimension: d,
            metric_unit,
            metric_dimension,
        } => format!(
            "“{metric}”的计量单位是 {metric_unit}（{}），此处却用了 {unit}（{}）",
            dimension(metric_dimension),
            dimension(d)
        ),
        Msg::UnitMismatchLabel { dimension: d } => format!("这是{}的单位", dimension(d)),
        Msg::UnitMismatchHelp {
            metric_unit,
            metric_dimension,
        } => format!(
            "请改用 {metric_unit} 或其他{}单位填写，或更正该指标的单位",
            dimension(metric_dimension)
        ),
        Msg::ChangeInPointsHelp => {
            "百分比指标的变化量以百分点计：请写 `个百分点`（或 `pp`）".into()
        }
        Msg::PercentVsPoints { metric } => format!(
            "“{metric}”是百分比指标，其变化量却用了 `%`；比率的变化应以百分点计"
        ),
        Msg::PercentVsPointsLabel => "此处应为百分点".into(),
        Msg::PercentVsPointsHelp => {
            "请写 `个百分点`（或 `pp`）：从 50% 提高到 55% 是提高 5 个百分点，相当于增长 10%，而不是 5%".into()
        }
        Msg::RollupDimension {
            part,
            part_unit,
            part_dimension,
            whole,
            whole_unit,
            whole_dimension,
        } => format!(
            "“{part}”（{part_unit}，{}）被声明为“{whole}”（{whole_unit}，{}）的组成部分：量纲不同，无法加总",
            dimension(part_dimension),
            dimension(whole_dimension)
        ),
        Msg::RollupDimensionLabel { dimension: d } => format!("总量以{}计", dimension(d)),
        Msg::RollupDimensionHelp => {
            "请用与总量同量纲的单位计量该组成部分，或删除 `part of`".into()
        }
        Msg::RollupExceeds {
            whole,
            date,
            sum,
            target,
            whole_at_least: false,
        } => format!(
            "“{whole}”的各组成部分到 {date} 合计至少 {sum}，超过了总量目标 `{target}`"
        ),
        Msg::RollupExceeds {
            whole,
            date,
            sum,
            target,
            whole_at_least: true,
        } => format!(
            "“{whole}”的目标 `{target}` 低于其各组成部分到 {date} 的合计（至少 {sum}）"
        ),
        Msg::RollupExceedsLabel { sum } => format!("各组成部分合计至少 {sum}"),
        Msg::RollupExceedsHelp {
            whole_at_least: false,
        } => "请调低各组成部分的目标或调高总量目标，并核对各部分之间是否有重叠".into(),
        Msg::RollupExceedsHelp {
            whole_at_least: true,
        } => "请把总量目标提高到不低于各组成部分之和，或调低各组成部分的目标".into(),
        Msg::PartTarget { text } => format!("组成部分：{text}"),

        Msg::ContradictoryTargets {
            metric,
            date,
            first,
            second,
        } => format!(
            "“{metric}”在 {date} 到期的两个目标不可能同时达到：`{first}` 与 `{second}`"
        ),
        Msg::ContradictoryTargetsLabel { other } => format!("与 `{other}` 相矛盾"),
        Msg::OtherTarget { text, date } => format!("`{text}`，同样在 {date} 到期"),
        Msg::ContradictoryTargetsHelp => {
            "请保留其中一个；如果其中一个是阶段性目标，请给它写上不同的日期".into()
        }
        Msg::BaselineInconsistent {
            metric,
            baseline,
            growth,
            implied,
            level,
        } => format!(
            "“{metric}”：基数 {baseline} 按 `{growth}` 计算应为 {implied}，而目标值为 `{level}`"
        ),
        Msg::BaselineInconsistentLabel { implied } => format!("按增长目标应为 {implied}"),
        Msg::GrowthTarget { text } => format!("增长目标 `{text}`"),
        Msg::BaselineHere {
            baseline,
            at: Some(at),
        } => format!("基数 {baseline}（{at}）"),
        Msg::BaselineHere { baseline, at: None } => format!("基数 {baseline}"),
        Msg::BaselineInconsistentHelp => {
            "请使增长目标与目标值一致（目标值 = 基数 × （1 + 增速）），或核对基数".into()
        }
        Msg::TargetBelowBaseline {
            metric,
            target,
            baseline,
            at,
        } => format!(
            "目标“{metric} {target}”低于已经达到的基数 {baseline}{}：计划在倒退",
            at.map(|a| format!("({a})")).unwrap_or_default()
        ),
        Msg::TargetBelowBaselineLabel { baseline } => format!("低于基数 {baseline}"),
        Msg::TargetBelowBaselineHelp => {
            "请把目标提高到不低于基数；如果确实计划下降，请写成 `<=` 或 `change`".into()
        }

        // ── 第10号任务 ──
        Msg::NoOwnerInFile { count } => {
            format!("本计划没有任何措施明确责任单位：全部{count}项措施均无人负责")
        }
        Msg::NoOwnerInFileLabel => "整个文件没有一行 `owner`".into(),
        Msg::NoOwnerInFileHelp => {
            "请在 `owners { … }` 中登记责任单位，并为每项措施或章节加上 `owner 单位`；各项措施列于下方".into()
        }
        Msg::EachNotAGroup { name } => {
            format!("“每个 {name}”：“{name}”是单个单位，不是单位组")
        }
        Msg::EachNotAGroupLabel => "按成员分列的目标须指向单位组".into(),
        Msg::RegisteredAsUnitHere => "此处登记为单个单位".into(),
        Msg::EachNotAGroupHelp { name } => format!(
            "请把它登记为单位组（`group {name} … members …`）；如果数值是{name}本身的，请去掉 `each`"
        ),
        Msg::PlanWindowElapsed {
            period,
            issued,
            percent,
        } => format!(
            "计划于 {issued} 印发，此时计划期（{}）已过去{percent}%",
            zh_period(period)
        ),
        Msg::TargetWindowElapsed {
            window,
            issued,
            percent,
        } => format!(
            "计划于 {issued} 印发时，该目标的时段（{}）已过去{percent}%",
            zh_period(window)
        ),
        Msg::WindowElapsedLabel { percent } => format!("时段已过去{percent}%"),
        Msg::WindowElapsedHelp => {
            "目标所依据的时间在印发前已部分流逝：请确认目标仍可实现，或用 `actual` 写明印发前已完成的数量".into()
        }
        Msg::TargetBelowLastYear {
            metric,
            target,
            baseline,
            at,
        } => format!(
            "目标“{metric} {target}”少于上年的 {baseline}{}",
            at.map(|a| format!("（截至 {a} 的一年）")).unwrap_or_default()
        ),
        Msg::TargetRepeatsBaseline {
            metric,
            target,
            baseline,
            at,
        } => format!(
            "目标“{metric} {target}”只是重复基数 {baseline}{}：没有提出任何进步",
            at.map(|a| format!("（{a}）")).unwrap_or_default()
        ),
        Msg::TargetRepeatsBaselineLabel => "与基数相同".into(),
        Msg::TargetRepeatsBaselineHelp => {
            "请提出进步（写 `>` 或更高的数值），或用 `note` 说明保持现有水平就是目标".into()
        }
        Msg::ShareContradicts {
            metric,
            target,
            numerator,
            denominator,
            implied,
        } => format!(
            "目标“{metric} {target}”与计划自身的目标相矛盾：{numerator} ÷ {denominator} = {implied}"
        ),
        Msg::ShareContradictsLabel { implied } => format!("分子、分母的目标得出 {implied}"),
        Msg::NumeratorHere { target } => format!("分子：{target}"),
        Msg::DenominatorHere { target } => format!("分母：{target}"),
        Msg::ShareContradictsHelp => {
            "三个数字中有一个有误：请使占比与两个指标的目标相符".into()
        }
        Msg::AverageGrowthInconsistent {
            metric,
            target,
            start,
            end,
            years,
            implied,
        } => format!(
            "目标“{metric} {target}”与其首末水平不符：{years}年内由 {start} 到 {end}，年均为 {implied}%"
        ),
        Msg::AverageGrowthInconsistentLabel { implied } => format!("首末水平得出年均 {implied}%"),
        Msg::WindowStartLevel { level } => format!("时段开始时的水平：{level}"),
        Msg::WindowEndLevel { level } => format!("时段结束时的水平：{level}"),
        Msg::SameTargetAgain => "同一目标在此再次出现".into(),
        Msg::AverageGrowthInconsistentHelp => {
            "请使年均增长与首末水平一致：（末值 ÷ 初值）^（1 ÷ 年数） − 1".into()
        }

        // ── 第13号任务：进度 ──
        Msg::Status(m) => status(m),
        // ── 输出文件 ──
        Msg::OutputRefused(r) => output_refusal(r),
        Msg::Unreadable(why) => unreadable(why),
        Msg::NoPlanFiles => "没有找到 `.plan` 文件：什么也没有检查".into(),
        Msg::IoErrorsSummary { count } => format!("；另有 {count} 个路径无法读取"),
        Msg::ImportUnreadableHelp => "请引入 `.plan` 文件：不超过 64 MB 的普通文本文件".into(),
        Msg::LeftoverRemoved { path } => {
            format!("已删除“{path}”：这是一次中断的运行留下的临时文件")
        }
        Msg::LeftoverKept { path } => format!(
            "“{path}”是另一次运行（或一分钟内刚中断的运行）的临时文件，未删除"
        ),
        // ── 上限（issue 16） ──
        Msg::TooManyRepetitions { count, kept, limit } => format!(
            "该目标重复 {count} 次；单个目标最多重复 {limit} 次，只检查和编译前 {kept} 个期限"
        ),
        Msg::TooManyRepetitionsInPlan { count, kept, limit } => format!(
            "该目标重复 {count} 次，超出全文件的上限：一个文件中按期重复的目标合计最多重复 {limit} 次，只检查和编译前 {kept} 个期限"
        ),
        Msg::TooManyRepetitionsLabel { count } => format!("重复 {count} 次"),
        Msg::FindingsNotShown { hidden, shown } => format!(
            "自此项起另有 {hidden} 项发现未显示：报告只列出前 {shown} 项"
        ),
        Msg::FindingsNotShownLabel => "第一项未显示的发现".into(),
        Msg::FindingsNotShownHelp => "`plan check --max-findings 0` 列出全部发现（`--max-findings N` 列出前 N 项）；汇总中的计数包括全部发现".into(),
        Msg::ImportTooDeepHelp { limit, chain } => format!(
            "引入最多嵌套 {limit} 层文件；这条引入链更深，链末的文件及其引入的一切都没有读取：{}。请直接引入链末端附近的文件，或合并链中的部分文件",
            super::long_chain(chain, |n| format!("…另 {n} 个"))
        ),
        Msg::TooManyRepetitionsHelp => {
            "请检查计划期间或目标的时段（如 `期间 1000..9999` 多半是年份写错）；确实这么长的计划，宜按时期拆成多个文件".into()
        }
    }
}

/// 不写输出文件的原因（src/output.rs）。
fn output_refusal(r: &crate::output::Refusal) -> String {
    use crate::output::Refusal;
    match r {
        Refusal::NotRegular(kind) => {
            let what = file_kind(*kind);
            format!("未写入：它是{what}，不是普通文件（写到标准输出请用 `-`）")
        }
        Refusal::DanglingLink => "未写入：它是指向不存在文件的符号链接".into(),
        Refusal::IsInput(input) => format!(
            "未写入：它就是输入文件“{}”本身，请换一个输出文件",
            input.display()
        ),
        Refusal::ReadOnly => "未写入：文件是只读的（加 `--force` 可替换）".into(),
        Refusal::HardLinks(n) => format!(
            "未写入：文件有 {n} 个硬链接，替换它会使这些链接分开（加 `--force` 则原地改写）"
        ),
    }
}

/// `2025-01-01 至 2025-12-31`
fn zh_period(p: &Period) -> String {
    format!("{} 至 {}", p.start, p.end)
}

/// 量纲的中文说法:重量、人民币金额、按“家”计数、重量/时间。
fn dimension(d: &Dimension) -> String {
    match d {
        Dimension::Base(name) => match name.as_str() {
            "CNY" => "人民币金额".into(),
            "USD" => "美元金额".into(),
            "mass" => "重量".into(),
            "length" => "长度".into(),
            "area" => "面积".into(),
            "volume" => "体积".into(),
            "energy" => "电量".into(),
            "power" => "功率".into(),
            "time" => "时间".into(),
            "percent" => "百分比".into(),
            "percentage_points" => "百分点".into(),
            "coal_equivalent" => "标准煤当量".into(),
            other => other.to_string(),
        },
        Dimension::Count(None) => "数量".into(),
        Dimension::Count(Some(c)) => format!("按“{c}”计数"),
        Dimension::Compound(a, b) => format!("{}/{}", dimension(a), dimension(b)),
    }
}

fn node_kind(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Section => "章节",
        NodeKind::Measure => "措施",
    }
}

fn def_kind(k: DefKind) -> &'static str {
    match k {
        DefKind::Measure => "措施",
        DefKind::Section => "章节",
        DefKind::Metric => "指标",
        DefKind::Unit => "单位",
        DefKind::Owner => "责任单位",
    }
}

fn expected_word(e: &Expected) -> String {
    match e {
        Expected::Item => {
            "一个条目（`plan`、`use`、`owners`、`unit`、`metric`、`section` 或 `measure`）".into()
        }
        Expected::BodyLine => "`owner`、`deadline`、`after`、`target`、`note` 等行".into(),
        Expected::HeaderField => {
            "计划基本信息中的一行（`issued`、`period`、`issuer`、`region`、`status`、`ref` 或 `note`）"
                .into()
        }
        Expected::OwnerEntry => "一条单位登记（`简称 \"全称\"`）".into(),
        Expected::Name => "一个名称".into(),
        Expected::String => "一个双引号字符串".into(),
        Expected::Number => "一个数字".into(),
        Expected::Unit => "一个单位（如 `亿元`、`万吨` 或 `%`）".into(),
        Expected::Percent => "`%`".into(),
        Expected::Date => "一个日期（如 `2025-06-30`、`2025-06`、`2025-Q1` 或 `2025`）".into(),
        Expected::Comparator => "一个比较符（`>=`、`<=`、`=`、`~`、`>` 或 `<`）".into(),
        Expected::Status => "`draft` 或 `approved`".into(),
        Expected::Every => "`year`、`quarter` 或 `month`".into(),
        Expected::Keyword(k) => format!("`{k}`"),
        Expected::Punct(p) => format!("`{p}`"),
        Expected::EndOfFile => "文件结尾".into(),
    }
}

fn one_of(words: Vec<String>) -> String {
    match words.len() {
        0 => "其他内容".into(),
        1 => words.into_iter().next().unwrap_or_default(),
        n => {
            let (init, last) = words.split_at(n - 1);
            format!("{}或{}", init.join("、"), last.join(""))
        }
    }
}

fn syntax(p: &SyntaxProblem) -> String {
    match p {
        SyntaxProblem::Expected {
            expected,
            after,
            found,
            ..
        } => {
            let what = one_of(expected.iter().map(expected_word).collect());
            let after = after
                .as_ref()
                .map(|a| format!("`{a}` 之后"))
                .unwrap_or_default();
            if expected.is_empty() {
                return match found {
                    Some(f) => format!("此处不能写“{f}”"),
                    None => "文件提前结束了".into(),
                };
            }
            let found = match found {
                Some(f) => format!("，实际是 `{f}`"),
                None => "，实际已到文件结尾".into(),
            };
            format!("{after}应为{what}{found}")
        }
        SyntaxProblem::NotInSection(word) => {
            format!("`{word}` 行应写在措施中，不能直接写在章节里")
        }
        SyntaxProblem::NumberTooLarge => "数字太大，不能作为数量".into(),
        SyntaxProblem::NumberTooPrecise => "这个数字的有效数字超过 28 位，无法精确保存".into(),
        SyntaxProblem::TooDeep(limit) => format!("章节和措施嵌套超过 {limit} 层"),
        SyntaxProblem::DuplicateField(f) => format!("计划基本信息中出现了第二个 `{f}` 行"),
        SyntaxProblem::RepeatTwice(_) => {
            "一个目标只能有 `per year`、`per quarter`、`per month` 或 `cumulative` 之一".into()
        }
        SyntaxProblem::ByTwice => "一个目标只能有一个 `by` 日期".into(),
        SyntaxProblem::RepeatOnlyOnLevel => {
            "`per …` 和 `cumulative` 只能用于水平目标，不能用于 `growth` 或 `change`".into()
        }
        SyntaxProblem::RangeBackwards => "区间的上限小于下限".into(),
        SyntaxProblem::UnterminatedString => "字符串在本行内没有结束".into(),
        SyntaxProblem::EmptyName => "名称不能为空".into(),
        SyntaxProblem::Empty => "这一行不完整".into(),
        SyntaxProblem::SecondHeader => "一个文件最多只能有一个 `plan` 块".into(),
        SyntaxProblem::Stray { ch, .. } => format!("计划文件中不使用“{ch}”"),
        SyntaxProblem::Misspelt { found, keyword } => {
            format!("“{found}”不是关键词，是否应为“{keyword}”？")
        }
        SyntaxProblem::Unclosed { .. } => "这个“{”没有对应的“}”".into(),
        SyntaxProblem::EndsEarly {
            expected, after, ..
        } => {
            let what = one_of(expected.iter().map(expected_word).collect());
            match after {
                Some(a) => format!("这一行没有写完：“{a}”之后应为{what}"),
                None => format!("这一行没有写完：应为{what}"),
            }
        }
        SyntaxProblem::NeedsEquals(kind) => {
            format!(
                "“{}”是一个已知数值，用“=”书写，不用比较符",
                zh_keyword(kind)
            )
        }
    }
}

fn syntax_label(p: &SyntaxProblem) -> String {
    match p {
        SyntaxProblem::Expected { expected, .. } => {
            let what = one_of(expected.iter().take(3).map(expected_word).collect());
            format!("此处应为{what}")
        }
        SyntaxProblem::NotInSection(_) => "在章节中".into(),
        SyntaxProblem::NumberTooLarge => "太大".into(),
        SyntaxProblem::NumberTooPrecise => "位数太多".into(),
        SyntaxProblem::TooDeep(_) => "嵌套过深".into(),
        SyntaxProblem::DuplicateField(_) => "重复的行".into(),
        SyntaxProblem::RepeatTwice(_) => "第二个重复方式".into(),
        SyntaxProblem::ByTwice => "第二个 `by`".into(),
        SyntaxProblem::RepeatOnlyOnLevel => "不适用于此类目标".into(),
        SyntaxProblem::RangeBackwards => "上限写在了前面".into(),
        SyntaxProblem::UnterminatedString => "缺少结尾的 `\"`".into(),
        SyntaxProblem::EmptyName => "空名称".into(),
        SyntaxProblem::Empty => "不完整".into(),
        SyntaxProblem::SecondHeader => "第二个计划块".into(),
        SyntaxProblem::Stray { .. } => "计划文件中不使用".into(),
        SyntaxProblem::Misspelt { keyword, .. } => format!("是否应为“{keyword}”？"),
        SyntaxProblem::Unclosed { .. } => "在此打开，没有关闭".into(),
        SyntaxProblem::EndsEarly { expected, .. } => {
            let what = one_of(expected.iter().take(3).map(expected_word).collect());
            format!("行末缺少{what}")
        }
        SyntaxProblem::NeedsEquals(_) => "此处应写“=”".into(),
    }
}

fn syntax_help(p: &SyntaxProblem) -> String {
    if let Some(word) = super::keyword_for_name(p) {
        // “…”, not `…`: a backquoted keyword would be shown in Chinese, and this one is
        // the word as written.
        return format!("“{word}”是关键字：用作名称时须加引号，写作 `\"{word}\"`");
    }
    match p {
        SyntaxProblem::Expected { line, .. } => match line.and_then(line_form) {
            Some(form) => format!("`{}` 行的写法：{form}", line.unwrap_or_default()),
            None => "各行写法见 `plan explain P001` 和 LANGUAGE.md 第 3 节".into(),
        },
        SyntaxProblem::NotInSection(_) => "把这一行移到本章节内的某个 `measure { … }` 中".into(),
        SyntaxProblem::NumberTooLarge => {
            "请在单位中使用数量级词，如 `350 亿元`，而不是 `35000000000 元`".into()
        }
        SyntaxProblem::NumberTooPrecise => "请按计划的本意保留位数，或改用较小的单位书写".into(),
        SyntaxProblem::TooDeep(_) => "请简化层级：实际的计划只需要几层".into(),
        SyntaxProblem::DuplicateField(_) => "保留其中一行".into(),
        SyntaxProblem::RepeatTwice(_) => "保留其中一个".into(),
        SyntaxProblem::ByTwice => {
            "两个日期请写成两个目标，或写成时间窗口 `by 2024-03-11..2024-03-31`".into()
        }
        SyntaxProblem::RepeatOnlyOnLevel => "删除它，或改为水平目标".into(),
        SyntaxProblem::RangeBackwards => "先写下限：`6..7`".into(),
        SyntaxProblem::UnterminatedString => "补上结尾的 `\"`；字符串中的换行写作 `\\n`".into(),
        SyntaxProblem::EmptyName => "在引号中写上名称".into(),
        SyntaxProblem::Empty => "请把这一行写完整".into(),
        SyntaxProblem::SecondHeader => "把两个计划块合并为一个".into(),
        SyntaxProblem::Stray { instead, .. } => match instead {
            Instead::OneItemPerLine => "每行只写一项，行末不加标点".into(),
            Instead::Quote => "说明文字请写在带引号的标题或“备注”行中，引号内可用任何字符".into(),
            Instead::Twin(c) => format!("请改写为“{c}”"),
            Instead::Nothing => "删除它，或把它写在引号内".into(),
        },
        SyntaxProblem::Misspelt { keyword, .. } => format!("请写作“{keyword}”"),
        SyntaxProblem::Unclosed { .. } => "在这一块结束的地方补上“}”（先打开的后关闭）".into(),
        SyntaxProblem::EndsEarly { line, .. } => match line.and_then(line_form) {
            Some(form) => format!("“{}”行的写法：{form}", zh_keyword(line.unwrap_or_default())),
            None => "请把这一行写完整".into(),
        },
        SyntaxProblem::NeedsEquals(kind) => format!(
            "写法如“{} 粮食总产量 = 41.54 万吨 于 2024”；要达到的数值请写成“目标”",
            zh_keyword(kind)
        ),
    }
}

fn date_error(e: &crate::dates::DateError) -> String {
    use crate::dates::DateError;
    match e {
        DateError::BadMonth(m) => format!("没有 {m} 月"),
        DateError::BadDay {
            year,
            month,
            day,
            days_in_month,
        } => format!("{year} 年 {month} 月只有 {days_in_month} 天，没有 {day} 日"),
        DateError::BadQuarter(q) => format!("没有第 {q} 季度（只有 Q1–Q4）"),
        DateError::BadHalf(h) => format!("没有 H{h}（只有 H1、H2）"),
        DateError::BadYear(y) => format!("年份“{y}”无效"),
        DateError::Malformed(t) => format!("“{t}”不是日期格式"),
        DateError::EndBeforeStart { start, end } => {
            format!("结束日期（{end}）早于开始日期（{start}）")
        }
    }
}

/// The fixed words of hover texts.
fn hover_word(w: super::HoverWord) -> &'static str {
    use super::HoverWord as W;
    match w {
        W::Owner => "责任单位",
        W::Metric => "指标",
        W::Section => "章节",
        W::Measure => "措施",
        W::Unit => "单位",
        W::Target => "目标",
        W::Aka => "别名",
        W::UnitLabel => "单位",
        W::DimensionLabel => "量纲",
        W::FromFirstUse => "取自首次使用",
        W::Unknown => "未知",
        W::PartOf => "属于",
        W::Owners => "责任单位",
        W::Deadline => "截止日期",
        W::EffectiveDeadline => "实际截止日期",
        W::FromBy => "取自本目标的 `by`",
        W::FromDeadlineLine => "取自 `deadline` 行",
        W::FromPeriodEnd => "取自计划期末",
        W::FromNothing => "无来源",
        W::NoDeadline => "无",
        W::Repeats => "重复",
        W::Group => "单位组",
        W::Members => "成员",
        W::Leads => "牵头",
        W::Supports => "配合",
        W::NoLead => "无牵头单位（按职责分工负责）",
        W::Firm => "确保",
        W::Stretch => "力争",
        W::Window => "时段",
        W::FromWindow => "自身时段的末日",
        W::Each => "对每个成员",
        W::AverageGrowth => "年均增长",
        W::Imports => "引入其中的责任单位、单位和指标：",
    }
}

/// 进度相关命令：S601/S602、进度表和台账。
fn status(m: &super::StatusMsg) -> String {
    use super::{CellProblem, Column as C, Sheet, StatusMsg as S};
    use crate::status::Status;
    match m {
        S::Word(w) => match w {
            Status::Done => "达成",
            Status::NotStarted => "未开始",
            Status::OnTrack => "正常推进",
            Status::NoReport => "未报送",
            Status::Behind => "滞后",
            Status::Overdue => "逾期",
        }
        .into(),
        S::Column(c) => match c {
            C::Row => "序号",
            C::Section => "章节",
            C::Measure => "措施",
            C::Owners => "责任单位",
            C::Metric => "指标",
            C::Target => "目标",
            C::Unit => "计量单位",
            C::Deadline => "时限",
            C::Baseline => "基数",
            C::Actual => "最新实际",
            C::At => "截至",
            C::Expected => "应达",
            C::Completion => "完成率（%）",
            C::Status => "状态",
            C::Owner => "责任单位",
            C::Total => "合计",
            C::Note => "说明",
        }
        .into(),
        S::Sheet(Sheet::Detail) => "明细".into(),
        S::Sheet(Sheet::Summary) => "汇总".into(),
        S::Title { title, as_of } => format!("{title}：截至{}的进度", zh_date(*as_of)),
        S::NoOwner => "（未明确责任单位）".into(),
        S::Lead => "牵头".into(),
        S::Support => "配合".into(),
        S::Member => "成员单位".into(),
        S::Note(r) => {
            use crate::status::Reason as R;
            match r {
                R::Measured | R::NotOpen | R::NoActual => "",
                R::NoBaseline => "没有基数，实际值无从比较",
                R::NoDeadline => "没有时限，不跟踪",
                R::NoMembers => "单位组未列出成员单位，无法分别跟踪",
                R::NotWholeYears => "年均增长的时段不是整年，无法计算",
                R::FromRatio => "由分子、分母的实际值计算的占比",
            }
            .into()
        }
        S::Totals { counts } => {
            let total: usize = counts.iter().sum();
            let parts: Vec<String> = Status::ALL
                .iter()
                .zip(counts)
                .map(|(s, n)| format!("{}{n}项", status(&S::Word(*s))))
                .collect();
            format!("共{total}项目标：{}", parts.join("，"))
        }
        S::Refused { errors } => {
            format!("无法给出进度：计划无法解析（{errors}个错误，见 `plan check`）")
        }
        S::HasErrors { errors } => {
            format!("计划中有{errors}个错误（见 `plan check`），进度照常计算")
        }
        S::UnknownMetric { metric, plan } => {
            format!("“{metric}”不是{plan}中的指标：这条实际值无处对应")
        }
        S::NotAReport { file, plan } => format!(
            "{file}不是{plan}的实际值文件：它应当用 `use` 引用该计划，只写 `actual` 行而不写目标"
        ),
        S::LatestActual { actual, at } => format!("最新实际值：{}为{actual}", zh_date(*at)),
        S::Overdue {
            target,
            deadline,
            actual: Some((actual, at)),
        } => format!(
            "目标“{target}”已逾期：时限为{}，到期前最新实际值为{actual}（{}）",
            zh_date(*deadline),
            zh_date(*at)
        ),
        S::Overdue {
            target,
            deadline,
            actual: None,
        } => format!(
            "目标“{target}”已逾期：时限为{}，未报送实际值",
            zh_date(*deadline)
        ),
        S::OverdueLabel { deadline } => format!("{}前未完成", zh_date(*deadline)),
        S::OverdueHelp => {
            "请报送达到目标的实际值（`实际 指标 = 数量 于 日期`），或在新版计划中调整目标".into()
        }
        S::Behind {
            target,
            actual,
            at,
            expected,
        } => format!(
            "目标“{target}”进度滞后：{}为{actual}，按进度应达{expected}",
            zh_date(*at)
        ),
        S::BehindLabel { expected } => format!("按进度应达{expected}"),
        S::BehindHelp => {
            "进度线从时段开始时的基数（没有基数则为零）直线通向时限时的目标；详见 docs/status.md"
                .into()
        }
        S::Cell { at, problem } => {
            let what = match problem {
                CellProblem::NotANumber { text } => format!("“{text}”不是数字"),
                CellProblem::WrongUnit { unit, expected } => {
                    format!("“{unit}”与目标的计量单位（{expected}）不是同一种量")
                }
                CellProblem::UnknownUnit { unit } => format!("“{unit}”不是已知的计量单位"),
                CellProblem::UnknownRow { key } => format!("行“{key}”对应不到计划中的任何目标"),
                CellProblem::BadPeriod { text } => {
                    format!("“{text}”不是报送期（应写作 2025-03）")
                }
            };
            format!("{at}：{what}")
        }
        S::ReadDone { count, out } => format!("已将{count}条实际值写入{out}"),
        S::NoDetailSheet { sheet } => {
            format!("工作簿中没有“{sheet}”工作表：它是由 `plan ledger` 生成的台账吗？")
        }
        S::ActualsHeader { plan, workbook } => {
            format!("{workbook}中报送的实际值，由 `plan ledger --read` 生成；对应计划 {plan}")
        }
    }
}

/// 非普通文件的种类。
fn file_kind(kind: crate::output::FileKind) -> &'static str {
    use crate::output::FileKind;
    match kind {
        FileKind::Directory => "目录",
        FileKind::Fifo => "命名管道",
        FileKind::Socket => "套接字",
        FileKind::CharDevice | FileKind::BlockDevice => "设备文件",
        FileKind::Other => "特殊文件",
    }
}

/// 不读取某个文件的原因（src/source.rs）。
fn unreadable(why: &crate::source::Unreadable) -> String {
    use crate::source::Unreadable;
    match why {
        Unreadable::NotRegular(kind) => format!("它是{}，不是普通文件", file_kind(*kind)),
        Unreadable::SymlinkLoop => "它的符号链接构成了循环".into(),
        Unreadable::SystemFile => "它是系统文件（位于 /proc 或 /sys 下），不是计划文件".into(),
        Unreadable::TooLarge(limit) => {
            format!("它超过了计划文件 {} MB 的大小上限", limit / (1024 * 1024))
        }
    }
}

/// 2025年6月30日
fn zh_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// 报告页面的固定用语。
fn report_word(w: super::ReportWord) -> &'static str {
    use super::ReportWord as W;
    match w {
        W::Title => "计划执行报告",
        W::Today => "截至",
        W::TodayMark => "今天",
        W::Files => "个文件",
        W::Measures => "项措施",
        W::Targets => "项目标",
        W::Errors => "个错误",
        W::Warnings => "个警告",
        W::PastDeadline => "项已过时限",
        W::Findings => "检查发现",
        W::AllFindings => "全部检查发现",
        W::NoFindings => "未发现问题。",
        W::Code => "代码",
        W::Severity => "级别",
        W::Place => "位置",
        W::Message => "说明",
        W::Error => "错误",
        W::Warning => "警告",
        W::Timeline => "各责任单位完成时限",
        W::NoOwner => "（未明确责任单位）",
        W::NoDeadlines => "没有措施写明完成时限。",
        W::Progress => "目标完成进度",
        W::Reported => "已完成",
        W::Rollups => "分项汇总",
    }
}

/// 拒绝重命名的原因。
fn rename_refused(r: &super::RenameRefusal) -> String {
    use super::RenameRefusal as R;
    match r {
        R::NotRenamable => "只能重命名责任单位标识或指标".into(),
        R::Imported => "它定义在引入的文件中，请在该文件中重命名".into(),
        R::EmptyName => "新名称为空".into(),
        R::Taken { name } => format!("“{name}”已是本计划中的名称，请另选一个"),
    }
}

/// The Chinese alias of an English keyword (src/syntax/keywords.rs).
fn zh_keyword(en: &str) -> &str {
    crate::syntax::keywords::chinese(en).unwrap_or(en)
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoted_keywords_read_in_chinese() {
        assert_eq!(
            super::chinese_keywords("加上 `owner` 行，或删除 `part of`；`owner 单位` 也是"),
            "加上 `责任单位` 行，或删除 `属于`；`责任单位 单位` 也是"
        );
        assert_eq!(
            super::chinese_keywords("用 `metric 名称 in 单位` 声明，或 `target GDP growth >= 6 %`"),
            "用 `指标 名称 单位为 单位` 声明，或 `target GDP growth >= 6 %`"
        );
        assert_eq!(
            super::chinese_keywords("请先运行 `plan check a.plan`，见 `per …`"),
            "请先运行 `plan check a.plan`，见 `per …`"
        );
        assert_eq!(super::chinese_keywords("没有反引号"), "没有反引号");
        assert_eq!(super::chinese_keywords("未闭合 `owner"), "未闭合 `owner");
    }
}
