//! The browser driver: the only code that touches `fetch`, timers, page
//! events and `wasm_bindgen`. It runs the core's monitor and hands
//! JavaScript plain objects and `BackendHealthError`s.

mod convert;
mod engine;
mod error;
mod handle;
mod js;
mod owned;
mod probe;

use wasm_bindgen::prelude::*;

pub use error::register_error_class;
pub use handle::Handle;

use crate::core::{classify, ErrorKind};

/// The heap: talc takes about half the code of the standard library's
/// dlmalloc and grows the wasm memory as it needs. The engine runs on one
/// thread, which is what its unsynchronised cell requires (checked when the
/// static is built).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Installs a panic hook that prints a readable message, in debug builds
/// only; release builds abort without one and leave it out of the binary.
#[wasm_bindgen(start)]
fn on_load() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
}

/// Classifies `{ status, headers?, body? }` (headers a plain object with
/// lowercase names; body a string or an already parsed object) exactly as a
/// probe's answer would be, without any network.
///
/// # Errors
/// An `invalid-option` error when `status` is not a whole number 0-999.
#[wasm_bindgen(js_name = classifyResponse)]
pub fn classify_response(input: JsValue) -> Result<JsValue, JsValue> {
    if !input.is_object() {
        return Err(error::make(
            ErrorKind::InvalidOption,
            "classifyResponse takes an object { status, headers?, body? }",
            None,
        ));
    }
    let status = convert::status(&input, "classifyResponse")?;
    let headers = convert::headers(&js::get(&input, "headers"));
    let body = convert::body(&js::get(&input, "body"), headers.content_type.as_deref());
    let mut observation = crate::core::Observation::response(status).with_body(body);
    observation.headers = headers;
    Ok(convert::classification(&classify(
        observation,
        js::now_ms(),
    )))
}

/// How many engines are alive in this page: a diagnostic for leak tests.
#[wasm_bindgen(js_name = liveEngines)]
pub fn live_engines() -> u32 {
    engine::live_engines()
}
