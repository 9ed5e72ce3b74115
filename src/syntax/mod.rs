//! Source text to syntax tree: the grammar (grammar/plan.pest), the typed AST, and syntax
//! errors in words a planner understands.

pub mod ast;
pub mod errors;
pub mod keywords;
pub mod parser;
pub mod prescan;

pub use errors::{Expected, Instead, SyntaxError, SyntaxProblem};
pub use parser::{parse, parse_whole, Staged, Unstaged, MAX_NESTING};
