//! The browser driver: the only code that touches `fetch`, timers, page
//! events and `wasm_bindgen`. It runs the core's monitor and hands
//! JavaScript plain objects and `BackendHealthError`s.

mod convert;
mod engine;
mod error;
mod handle;
mod js;
mod local;
mod owned;
mod probe;

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicUsize, Ordering};

use wasm_bindgen::prelude::*;

pub use convert::register_json_reader;
pub use error::register_error_class;
pub use handle::Handle;

use crate::core::{classify, ErrorKind};

/// The heap: talc takes about half the code of the standard library's
/// dlmalloc and grows the wasm memory as it needs. The engine runs on one
/// thread, which is what its unsynchronised cell requires (checked when the
/// static is built).
#[global_allocator]
static ALLOCATOR: Counted<talc::wasm::WasmDynamicTalc> =
    Counted(talc::wasm::new_wasm_dynamic_allocator());

/// Bytes currently allocated on the heap, for leak checks: the wasm memory
/// only ever grows, so it shows the high-water mark, while this shows what
/// is live now.
static IN_USE: AtomicUsize = AtomicUsize::new(0);

/// An allocator that counts the bytes live in the one it wraps.
struct Counted<A>(A);

// SAFETY: every method forwards to the wrapped allocator with the same
// arguments and only adds bookkeeping on the side.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counted<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        let ptr = unsafe { self.0.alloc(layout) };
        if !ptr.is_null() {
            IN_USE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged; `ptr` came from this allocator.
        unsafe { self.0.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged; `ptr` came from this allocator.
        let grown = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !grown.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            IN_USE.fetch_add(new_size, Ordering::Relaxed);
        }
        grown
    }
}

/// Bytes live on the engine's heap now: a diagnostic for leak tests.
#[wasm_bindgen(js_name = heapInUse)]
pub fn heap_in_use() -> u32 {
    IN_USE.load(Ordering::Relaxed) as u32
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
