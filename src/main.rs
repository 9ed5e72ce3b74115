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
/// kernel to back its arena with 2 MB pages, and on a virtual machine whose host takes back
/// the guest's free memory (free page reporting: the CI runners and cloud desktops plan
/// runs on), a fresh 2 MB page is one the host must supply anew and zero: checking one
/// 30 MB plan spent 0.6 s of its 1.6 s in the kernel. Small pages come from memory the
/// guest already holds: the same check, started cold, 30% faster with 1 and 2 threads; a
/// plan of many files touches little fresh memory and does not change (issue 15,
/// docs/performance.md). Best effort: an older kernel that refuses changes nothing.
#[cfg(target_os = "linux")]
fn small_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes an integer and touches no memory of ours; it only
    // sets a flag of this process, inherited by nothing we rely on.
    let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn small_pages() {}
