//! `plan check` checks files in parallel; what it prints must be exactly what a serial
//! run prints.

mod common;

fn run(dir: &std::path::Path, threads: &str, format: &str) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let out = common::plan()
        .args(["check", "--format", format, "plans", "missing.plan"])
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("plan runs");
    (out.status.code(), out.stdout, out.stderr)
}

#[test]
fn parallel_output_is_the_serial_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plans = dir.path().join("plans");
    let fixture = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ci/格式.plan"),
    )
    .expect("fixture");
    // Files of different sizes, in nested folders, with a broken one and a clean one.
    for i in 0..60 {
        let sub = plans.join(format!("区{}", i % 7));
        std::fs::create_dir_all(&sub).expect("folder");
        let text = match i % 5 {
            0 => "measure 粮食 { target 粮食总产量 >= }\n".to_string(),
            1 => "plan \"空\" { issued 2025-01-10  period 2025 }\n".to_string(),
            _ => fixture
                .repeat(1 + i % 3)
                .replace("measure 工业", &format!("measure 工业{i}")),
        };
        std::fs::write(sub.join(format!("计划{i:02}.plan")), text).expect("plan");
    }
    for format in ["human", "json", "sarif", "github", "gitlab"] {
        let serial = run(dir.path(), "1", format);
        let parallel = run(dir.path(), "4", format);
        assert_eq!(serial.0, Some(2), "missing.plan is an I/O failure");
        assert!(!serial.1.is_empty());
        assert!(
            serial == parallel,
            "--format {format}: parallel output differs"
        );
    }
}
