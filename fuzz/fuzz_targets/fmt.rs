#![no_main]
//! `cargo +nightly fuzz run fmt`: see plan_fuzz::fmt for what must hold.

libfuzzer_sys::fuzz_target!(|data: &[u8]| plan_fuzz::fmt(data));
