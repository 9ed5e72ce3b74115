#![no_main]
//! `cargo +nightly fuzz run compile`: see plan_fuzz::compile for what must hold.

libfuzzer_sys::fuzz_target!(|data: &[u8]| plan_fuzz::compile(data));
