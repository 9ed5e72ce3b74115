//! Issue 11 item 5 and issue 16 item 4: the command line in CI. Each of these passed a job
//! that should have failed, or ignored what the repository says, before.

mod common;

const ERRORS: &str = "measure 新型工业化 \"以实业兴区引领新型工业化\" {\n  owner 经信局\n}\n";
const CLEAN: &str = r#"plan "安居区2025年计划" { issued 2025-03-26  period 2025 }
owners { 发改局 "遂宁市安居区发展和改革局" }
measure 粮食 "提升农业现代化水平" {
  owner 发改局
  target 粮食总产量 >= 42 万吨
}
"#;

#[test]
fn a_folder_with_no_plan_is_exit_2_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    let (code, out, err) = common::run(dir.path(), &["check", "empty"]);
    assert_eq!(code, 2, "{out}");
    assert_eq!(err, "plan: no `.plan` file found: nothing was checked\n");
    let (_, _, err) = common::run(dir.path(), &["check", "empty", "--lang", "zh"]);
    assert_eq!(err, "plan: 没有找到 `.plan` 文件：什么也没有检查\n");
}

#[test]
fn io_failures_are_counted_in_the_summary_and_the_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("ok.plan"), CLEAN).expect("write");
    let (code, out, _) = common::run(dir.path(), &["check", "ok.plan", "missing.plan"]);
    assert_eq!(code, 2);
    assert!(
        out.ends_with("0 errors, 0 warnings in 1 file; 1 path could not be read\n"),
        "{out}"
    );
    let (code, out, _) = common::run(
        dir.path(),
        &["check", "ok.plan", "missing.plan", "--format", "json"],
    );
    assert_eq!(code, 2);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["io_errors"], 1, "{out}");
    assert_eq!(json["files"], 1);
}

#[test]
fn compile_honours_plan_toml_and_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    // O104 (an unused owner) is a warning by default; this repository makes it an error.
    let plan = "owners {\n  发改局 \"遂宁市安居区发展和改革局\"\n  经信局 \"遂宁市安居区经济和信息化局\"\n}\nmeasure 粮食 \"提升农业现代化水平\" { owner 发改局 }\n";
    std::fs::write(dir.path().join("p.plan"), plan).expect("write");
    let (code, _, err) = common::run(dir.path(), &["compile", "p.plan", "--to", "json"]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(
        dir.path().join("strict.toml"),
        "[severity]\nO104 = \"error\"\n",
    )
    .expect("write");
    let (code, out, err) = common::run(
        dir.path(),
        &[
            "compile",
            "p.plan",
            "--to",
            "json",
            "--config",
            "strict.toml",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("not compiled: the plan has 1 error"), "{err}");
    std::fs::rename(dir.path().join("strict.toml"), dir.path().join("plan.toml")).expect("mv");
    let (code, _, err) = common::run(dir.path(), &["compile", "p.plan", "--to", "json"]);
    assert_eq!(code, 1, "plan.toml was ignored: {err}");
}

#[test]
fn a_dash_reads_standard_input_for_check_fmt_and_compile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = common::run_with_stdin(dir.path(), &["check", "-"], ERRORS);
    assert_eq!(code, 1);
    assert!(out.contains("╭─[<stdin>:2:9]"), "{out}");
    assert!(out.ends_with("1 error, 0 warnings in 1 file\n"), "{out}");

    let (code, out, err) = common::run_with_stdin(
        dir.path(),
        &["fmt", "-"],
        "owners {   发改局 \"遂宁市安居区发展和改革局\" }\n",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "owners {\n  发改局 \"遂宁市安居区发展和改革局\"\n}\n");

    let (code, out, err) =
        common::run_with_stdin(dir.path(), &["compile", "-", "--to", "json"], CLEAN);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"粮食总产量\""), "{out}");
}

#[test]
fn explain_without_a_code_lists_every_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = common::run(dir.path(), &["explain"]);
    assert_eq!(code, 0);
    // Every code of src/diagnostic.rs, one per line (29 since issue 10 added five, 31 with
    // issue 13's S601 and S602, 32 with issue 16's L801).
    assert_eq!(out.lines().count(), 32, "{out}");
    assert!(out.starts_with("P001 "), "{out}");
    assert!(
        out.contains("\nO101 missing-owner — A measure has no responsible unit:"),
        "{out}"
    );
    let (_, zh, _) = common::run(dir.path(), &["explain", "--lang", "zh"]);
    assert!(
        zh.contains("O101 missing-owner — 某项措施没有责任单位"),
        "{zh}"
    );
}

/// Issue 16: `plan check FOLDER` skipped symlinked `.plan` files, so a folder whose only
/// broken plan was a link exited 0. Links are followed; a loop is reported and fails.
#[cfg(unix)]
#[test]
fn folders_follow_symlinked_plans_and_report_loops() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("plans")).expect("mkdir");
    std::fs::write(dir.path().join("broken.plan"), ERRORS).expect("write");
    std::os::unix::fs::symlink("../broken.plan", dir.path().join("plans/linked.plan"))
        .expect("symlink");
    let (code, out, _) = common::run(dir.path(), &["check", "plans"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("plans/linked.plan:2:9"), "{out}");

    std::os::unix::fs::symlink("..", dir.path().join("plans/loop")).expect("symlink");
    let (code, _, err) = common::run(dir.path(), &["check", "plans"]);
    assert_eq!(code, 2);
    assert!(err.contains("loop"), "{err}");
}

#[test]
fn completions_and_a_man_page_are_generated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = common::run(dir.path(), &["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("complete -F _plan") && out.contains("--deny"),
        "{out}"
    );
    // bash itself accepts the script.
    let script = dir.path().join("plan.bash");
    std::fs::write(&script, &out).expect("write");
    let sourced = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status();
    assert!(
        sourced.is_ok_and(|s| s.success()),
        "bash -n refused the script"
    );
    let (code, out, _) = common::run(dir.path(), &["completions", "zsh"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("#compdef plan"), "{out}");

    let (code, out, _) = common::run(dir.path(), &["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH plan 1"), "{out}");
    assert!(
        out.contains("Check files and folders of `.plan` files"),
        "{out}"
    );
}

/// Issue 16: 8,000 findings scrolled for minutes. The human report prints 200, then says
/// how many more there are; `--max-findings` changes the cap (0: all); the summary, the exit
/// code and the JSON report count every finding.
#[test]
fn the_human_report_prints_200_findings_then_says_how_many_more() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from("owners { 甲 \"甲单位\" }\n");
    for i in 0..250 {
        text.push_str(&format!("measure m{i} \"措施\" {{ owner 乙{i} }}\n"));
    }
    std::fs::write(dir.path().join("p.plan"), text).expect("write");
    let (code, out, _) = common::run(dir.path(), &["check", "p.plan"]);
    assert_eq!(code, 1, "{out}");
    // 250 O102 and the O104 of `甲`, in line order: the O104 is printed first.
    let codes = |text: &str| text.lines().filter(|l| l.starts_with("O10")).count();
    assert_eq!(codes(&out), 200, "{out}");
    assert!(
        out.ends_with(
            "… and 51 more findings not shown (`--max-findings 0` shows all)\n\n250 errors, 1 warning in 1 file\n"
        ),
        "{out}"
    );
    let (_, zh, _) = common::run(dir.path(), &["check", "p.plan", "--lang", "zh"]);
    assert!(
        zh.contains("……另有 51 项发现未显示（`--max-findings 0` 显示全部）"),
        "{zh}"
    );
    let (_, all, _) = common::run(dir.path(), &["check", "p.plan", "--max-findings", "0"]);
    assert_eq!(codes(&all), 251);
    assert!(!all.contains("not shown"), "{all}");
    let (_, three, _) = common::run(dir.path(), &["check", "p.plan", "--max-findings", "3"]);
    assert!(
        three.contains("… and 248 more findings not shown"),
        "{three}"
    );
    let (_, json, _) = common::run(dir.path(), &["check", "p.plan", "--format", "json"]);
    assert_eq!(json.matches("\"code\": \"O102\"").count(), 250);
}
