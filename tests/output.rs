//! The one output writer (src/output.rs) as a user meets it through `plan compile -o` and
//! `plan fmt`: what it refuses, what it keeps (modes, links), and what it leaves behind.
//! Issue 16: every case here destroyed or changed a file before the writer existed. CI runs
//! these as root, which is where the worst of them happened (root may write anywhere).
#![cfg(unix)]

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

mod common;

const CLEAN: &str = r#"plan "安居区2025年计划" { issued 2025-03-26  period 2025 }
owners { 发改局 "遂宁市安居区发展和改革局" }
measure 粮食 "提升农业现代化水平" {
  owner 发改局
  target 粮食总产量 >= 42 万吨
}
"#;

/// Not in the canonical layout: `plan fmt` rewrites it.
const UNFORMATTED: &str = "owners {   发改局 \"遂宁市安居区发展和改革局\" }\n";
const FORMATTED: &str = "owners {\n  发改局 \"遂宁市安居区发展和改革局\"\n}\n";

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("p.plan"), CLEAN).expect("write");
    dir
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("metadata").mode() & 0o7777
}

/// The temporary files the writer left in a folder.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read_dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".plan-tmp-"))
        .collect()
}

#[test]
fn a_device_is_refused_and_left_a_device() {
    let dir = setup();
    let (code, _, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "/dev/null"],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err,
        "plan: /dev/null: not written: it is a device, not a regular file (write `-` for standard output)\n"
    );
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
    assert!(leftovers(Path::new("/dev")).is_empty());
}

#[test]
fn dev_stdout_on_a_pipe_is_refused_and_the_link_kept() {
    let dir = setup();
    // `common::run` captures standard output through a pipe, so /dev/stdout leads to a FIFO.
    let (code, out, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "/dev/stdout"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("it is a FIFO (named pipe), not a regular file"),
        "{err}"
    );
    assert_eq!(out, "");
    let link = std::fs::symlink_metadata("/dev/stdout").expect("/dev/stdout");
    assert!(link.file_type().is_symlink(), "/dev/stdout was replaced");
}

#[test]
fn a_fifo_and_a_directory_are_refused() {
    let dir = setup();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let (code, _, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "pipe"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "plan: pipe: not written: it is a FIFO (named pipe), not a regular file (write `-` for standard output)\n"
    );
    assert!(std::fs::metadata(&fifo)
        .expect("fifo")
        .file_type()
        .is_fifo());

    std::fs::create_dir(dir.path().join("out")).expect("mkdir");
    let (code, _, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "out"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("it is a directory, not a regular file"),
        "{err}"
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn the_plan_itself_is_never_the_output_however_it_is_spelt() {
    let dir = setup();
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::os::unix::fs::symlink("p.plan", dir.path().join("alias.plan")).expect("symlink");
    for out in ["p.plan", "./sub/../p.plan", "alias.plan"] {
        let (code, _, err) = common::run(
            dir.path(),
            &["compile", "p.plan", "--to", "json", "-o", out],
        );
        assert_eq!(code, 2, "{out}: {err}");
        assert_eq!(
            err,
            format!("plan: {out}: not written: it is the input `p.plan` itself; choose another output file\n")
        );
        let text = std::fs::read_to_string(dir.path().join("p.plan")).expect("read");
        assert_eq!(text, CLEAN, "-o {out} overwrote the plan");
    }
}

#[test]
fn an_imported_file_is_never_the_output() {
    let dir = setup();
    std::fs::write(
        dir.path().join("registry.plan"),
        "owners { 发改局 \"遂宁市安居区发展和改革局\" }\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("q.plan"),
        "use \"registry.plan\"\nmeasure 粮食 \"提升农业现代化水平\" { owner 发改局 }\n",
    )
    .expect("write");
    let (code, _, err) = common::run(
        dir.path(),
        &["compile", "q.plan", "--to", "json", "-o", "registry.plan"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("it is the input `registry.plan` itself"),
        "{err}"
    );
}

#[test]
fn a_replaced_file_keeps_its_mode_and_a_new_one_gets_the_umasks() {
    let dir = setup();
    let out = dir.path().join("out.json");
    std::fs::write(&out, "old").expect("write");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (code, _, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "out.json"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&out), 0o644, "tempfile's 0600 leaked into the output");
    assert!(std::fs::read_to_string(&out)
        .expect("read")
        .contains("粮食总产量"));

    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o664)).expect("chmod");
    let (code, _, _) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "toml", "-o", "out.json"],
    );
    assert_eq!(code, 0);
    assert_eq!(mode(&out), 0o664);

    // A new file: 0666 less the umask, like any program's `open(2)`.
    let status = Command::new("sh")
        .arg("-c")
        .arg("umask 027 && exec \"$0\" compile p.plan --to json -o new.json")
        .arg(env!("CARGO_BIN_EXE_plan"))
        .current_dir(dir.path())
        .status()
        .expect("sh runs");
    assert!(status.success());
    assert_eq!(mode(&dir.path().join("new.json")), 0o640);
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_read_only_file_is_refused_unless_forced() {
    let dir = setup();
    let out = dir.path().join("out.json");
    std::fs::write(&out, "old").expect("write");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (code, _, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "out.json"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "plan: out.json: not written: the file is read-only (`--force` replaces it)\n"
    );
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "old");

    let (code, _, err) = common::run(
        dir.path(),
        &[
            "compile", "p.plan", "--to", "json", "-o", "out.json", "--force",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&out)
        .expect("read")
        .contains("粮食总产量"));
    assert_eq!(mode(&out), 0o444, "forced, it stays read-only");

    // fmt too: a read-only plan is not rewritten.
    let plan = dir.path().join("ro.plan");
    std::fs::write(&plan, UNFORMATTED).expect("write");
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let (code, _, err) = common::run(dir.path(), &["fmt", "ro.plan"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(std::fs::read_to_string(&plan).expect("read"), UNFORMATTED);
}

/// Root ignores permissions, so the refusal must come from the mode, not from a failed
/// write; as a normal user the same words come out. Runs the case as `nobody` when the
/// tests run as root (CI) and `setpriv` is there.
#[test]
fn a_read_only_file_is_refused_for_a_normal_user_too() {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !is_root {
        return; // the test above already runs as this normal user
    }
    if Command::new("setpriv").arg("--version").output().is_err() {
        common::missing_tool("setpriv (util-linux)");
        return;
    }
    let dir = setup();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    std::fs::set_permissions(
        dir.path().join("p.plan"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    let out = dir.path().join("out.json");
    std::fs::write(&out, "old").expect("write");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let run = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_plan"))
        .args(["compile", "p.plan", "--to", "json", "-o", "out.json"])
        .env("LANG", "C.UTF-8")
        .current_dir(dir.path())
        .output()
        .expect("setpriv runs");
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "plan: out.json: not written: the file is read-only (`--force` replaces it)\n"
    );
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "old");
}

#[test]
fn fmt_formats_where_a_symlink_points_and_keeps_the_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("real")).expect("mkdir");
    let real = dir.path().join("real/owners.plan");
    std::fs::write(&real, UNFORMATTED).expect("write");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = dir.path().join("owners.plan");
    std::os::unix::fs::symlink("real/owners.plan", &link).expect("symlink");
    let (code, _, err) = common::run(dir.path(), &["fmt", "owners.plan"]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&real).expect("read"), FORMATTED);
    assert_eq!(mode(&real), 0o640);
    assert_eq!(leftovers(&dir.path().join("real")), Vec::<String>::new());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_dangling_symlink_is_refused() {
    let dir = setup();
    std::os::unix::fs::symlink("nowhere/out.json", dir.path().join("out.json")).expect("symlink");
    let (code, _, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "out.json"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "plan: out.json: not written: it is a symbolic link to a file that does not exist\n"
    );
}

#[test]
fn hard_links_are_refused_or_with_force_rewritten_in_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.plan");
    let b = dir.path().join("b.plan");
    std::fs::write(&a, UNFORMATTED).expect("write");
    std::fs::hard_link(&a, &b).expect("link");
    let (code, _, err) = common::run(dir.path(), &["fmt", "a.plan"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "plan: a.plan: not written: the file has 2 hard links and replacing it would separate them (`--force` rewrites it in place)\n"
    );
    assert_eq!(std::fs::read_to_string(&a).expect("read"), UNFORMATTED);

    let (code, _, err) = common::run(dir.path(), &["fmt", "--force", "a.plan"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&b).expect("read"), FORMATTED);
    assert_eq!(
        std::fs::metadata(&a).expect("a").nlink(),
        2,
        "the link was broken"
    );
}

#[test]
fn a_dash_is_standard_output() {
    let dir = setup();
    let (code, out, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "-"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"粮食总产量\""), "{out}");
    assert!(!dir.path().join("-").exists());
}

#[test]
fn a_temporary_file_of_a_killed_run_is_removed_next_time_and_a_recent_one_reported() {
    let dir = setup();
    let stale = dir.path().join(".out.json.plan-tmp-Ab3dE9");
    std::fs::write(&stale, "half a file").expect("write");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|f| f.set_modified(old))
        .expect("set mtime");
    let recent = dir.path().join(".other.json.plan-tmp-Zz9yX8");
    std::fs::write(&recent, "being written").expect("write");

    let (code, _, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "out.json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!stale.exists(), "the stale temporary file is still there");
    assert!(
        recent.exists(),
        "a recent temporary file may be another run's"
    );
    assert!(
        err.contains("plan: removed `./.out.json.plan-tmp-Ab3dE9`, a temporary file left by an interrupted run"),
        "{err}"
    );
    assert!(
        err.contains("`./.other.json.plan-tmp-Zz9yX8` is a temporary file of another run"),
        "{err}"
    );
    assert_eq!(
        leftovers(dir.path()),
        vec![".other.json.plan-tmp-Zz9yX8".to_string()]
    );
}

#[test]
fn refusals_are_worded_in_chinese_too() {
    let dir = setup();
    let (code, _, err) = common::run(
        dir.path(),
        &[
            "compile", "p.plan", "--to", "json", "-o", "p.plan", "--lang", "zh",
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "plan: p.plan: 未写入：它就是输入文件“p.plan”本身，请换一个输出文件\n"
    );
}

/// Issue 16, as the issue did it: `kill -9` a compile while it writes. What is left is one
/// temporary file named after its target (never the target itself, half written); the
/// next run in that folder reports it and leaves it (another run may be writing it), and
/// once it is older than a minute the next run removes it and says so.
#[test]
fn a_compile_killed_while_writing_leaves_a_named_temporary_file_that_a_later_run_removes() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 50,000 measures: about 30 MB of JSON, long enough to write that the kill lands in it.
    let mut text = String::from(
        "plan \"大计划\" { issued 2025-01-10 period 2025..2030 }\nowners { 甲 \"甲单位\" }\n",
    );
    for i in 0..50_000 {
        text.push_str(&format!(
            "measure m{i} \"措施{i}\" {{\n  owner 甲\n  target 指标{} >= {i} 万吨 by 2027\n}}\n",
            i % 50
        ));
    }
    std::fs::write(dir.path().join("big.plan"), &text).expect("write");
    std::fs::write(dir.path().join("p.plan"), CLEAN).expect("write");
    let mut killed = false;
    for _attempt in 0..3 {
        let mut child = common::plan()
            .args(["compile", "big.plan", "--to", "json", "-o", "out.json"])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("plan runs");
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(120) {
            if !leftovers(dir.path()).is_empty() {
                child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on unix
                killed = true;
                break;
            }
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            std::thread::yield_now();
        }
        let _ = child.wait();
        if killed {
            break;
        }
        let _ = std::fs::remove_file(dir.path().join("out.json"));
    }
    assert!(
        killed,
        "the compile finished before its temporary file was seen, three times"
    );
    let left = leftovers(dir.path());
    assert_eq!(left.len(), 1, "{left:?}");
    let name = left[0].clone();
    assert!(name.starts_with(".out.json.plan-tmp-"), "{name}");
    assert!(
        !dir.path().join("out.json").exists(),
        "a half-written target"
    );

    let (code, _, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "small.json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("`./{name}` is a temporary file of another run")),
        "{err}"
    );
    assert_eq!(leftovers(dir.path()), vec![name.clone()]);

    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(dir.path().join(&name))
        .and_then(|f| f.set_modified(old))
        .expect("set mtime");
    let (code, _, err) = common::run(
        dir.path(),
        &["compile", "p.plan", "--to", "json", "-o", "small.json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "plan: removed `./{name}`, a temporary file left by an interrupted run"
        )),
        "{err}"
    );
    assert!(leftovers(dir.path()).is_empty());
}
