#![no_main]
//! `cargo +nightly fuzz run import`: see plan_fuzz::import for what must hold.

libfuzzer_sys::fuzz_target!(|data: &[u8]| plan_fuzz::import(data));
