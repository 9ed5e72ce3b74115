//! The `plan` binary: parse the arguments, run, map to an exit code (0 ok, 1 findings,
//! 2 usage or I/O failure).

use std::process::ExitCode;

use clap::Parser;

/// mimalloc, not the system allocator: a check allocates and frees millions of small tree
/// nodes and names (issue 15; docs/performance.md says what it gained). The library leaves
/// the choice to whoever links it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    small_pages();
    let cli = match plan::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(plan::cli::exit::FAILURE),
            };
        }
    };
    plan::cli::run(cli)
}

/// Ask Linux for ordinary 4 KB pages, not transparent huge pages. mimalloc advises the
/// kernel to back its arena with 2 MB pages. On a virtual machine that hands its free
/// memory back to the host (virtio-balloon free page reporting, as on the Firecracker
/// machines this project is built and tested on), a fresh 2 MB page is one the host must
/// supply and zero anew: a cold `plan check` of one 30 MB plan spent 0.6 s of its 1.6 s in
/// the kernel. Free page reporting hands back whole free 2 MB blocks, the very blocks a
/// huge page needs; small pages mostly come from memory the guest still holds. The same
/// check ran 1.37× faster with 1 thread and 1.71× with 2, its peak memory 6% lower; many
/// small files touch little fresh memory and do not change (issue 15,
/// docs/performance.md). On a machine without that cost, huge pages would save a few TLB
/// misses on one big file, no more. Best effort: a kernel that refuses leaves things as
/// they were. Not mimalloc's `no_thp` feature: that only drops mimalloc's advice, and a
/// kernel set to THP `always` (RHEL's default) still hands out huge pages. This is the
/// call mimalloc itself makes for its `allow_thp` option, which it reads from the
/// environment before `main` runs.
#[cfg(target_os = "linux")]
fn small_pages() {
    // prctl is variadic and the kernel reads each argument as an unsigned long: pass them
    // at that width, not as 32-bit integer literals.
    let (on, unused): (libc::c_ulong, libc::c_ulong) = (1, 0);
    // SAFETY: PR_SET_THP_DISABLE takes integers only and touches no memory of ours; it
    // sets a flag of this process (a child would inherit it; plan starts none).
    let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused) };
}

#[cfg(not(target_os = "linux"))]
fn small_pages() {}
