//! The wasm module the npm package ships: the engine of `backend_health`
//! linked without the standard library.
//!
//! Leaving `std` out is what keeps the module small. With it, any panic
//! site, even one that can never run, links `std`'s panic machinery and
//! through it the whole formatting library; here the panic handler below
//! replaces it and formats nothing in release builds.
//!
//! This crate holds only what a final wasm binary needs and a library must
//! not define: the panic handler. Everything exported to JavaScript lives in
//! `backend_health::web`, whose tests run on the standard library in
//! wasm-bindgen's test runner.

#![cfg_attr(target_arch = "wasm32", no_std)]

#[cfg(target_arch = "wasm32")]
extern crate backend_health;

/// Release builds: stop at once. The engine never panics on any input (its
/// tests check that), so this is only the backstop the language requires.
#[cfg(all(target_arch = "wasm32", not(debug_assertions)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// Debug builds (the `wasm-dev` profile): say what panicked and where in
/// the console, then stop.
#[cfg(all(target_arch = "wasm32", debug_assertions))]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    debug::report(info);
    core::arch::wasm32::unreachable()
}

#[cfg(all(target_arch = "wasm32", debug_assertions))]
mod debug {
    extern crate alloc;

    use alloc::string::ToString;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = console, js_name = error)]
        fn console_error(message: &str);
    }

    pub fn report(info: &core::panic::PanicInfo<'_>) {
        console_error(&["backend-health panicked: ", &info.to_string()].concat());
    }
}
