#![no_main]
//! `cargo +nightly fuzz run lsp`: see plan_fuzz::lsp for what must hold.

libfuzzer_sys::fuzz_target!(|data: &[u8]| plan_fuzz::lsp(data));
