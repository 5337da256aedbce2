//! Tells a single-page app whether its backend can serve it right now.
//!
//! [`core`] holds every decision (options, classification, health body
//! formats, backoff, the monitor state machine) and knows nothing of
//! browsers; the browser driver in `web` is compiled for wasm32 only.
//!
//! On wasm32 the crate uses `core` and `alloc` alone, so that the module
//! the npm package ships (linked by the `backend-health-wasm` crate in
//! `wasm/`, which adds the panic handler) carries none of the standard
//! library's panic and formatting machinery. Natively it has `std` as usual.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;
