#![no_main]
//! `cargo +nightly fuzz run check`: see plan_fuzz::check for what must hold.

libfuzzer_sys::fuzz_target!(|data: &[u8]| plan_fuzz::check(data));
