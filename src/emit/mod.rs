//! Output: findings for people (`human`) and machines (`report`), and the compiled plan
//! (`compiled`, as JSON or TOML).

pub mod compiled;
pub mod human;
pub mod report;
