//! The JavaScript globals the driver calls, looked up when called rather
//! than once at load, so that fake timers and fetch mocks installed later
//! (and Node, where there is no `window`) work.

use alloc::string::String;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, in whatever scope the engine runs.
    #[wasm_bindgen(catch, js_name = fetch)]
    pub fn fetch(input: &str, init: &JsValue) -> Result<Promise, JsValue>;

    /// The global `setTimeout`; Node returns an object, browsers a number.
    #[wasm_bindgen(catch, js_name = setTimeout)]
    pub fn set_timeout(handler: &Function, ms: f64) -> Result<JsValue, JsValue>;

    /// The global `clearTimeout`.
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    pub fn clear_timeout(handle: &JsValue) -> Result<(), JsValue>;
}

/// The current time in ms since the epoch, by the global `Date.now`.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A property of `target`, or `undefined` when it is missing, `target` is
/// not an object, or reading it throws.
///
/// Primitives are answered without asking `Reflect.get`, which throws on
/// them: a caught exception leaves one slot of wasm-bindgen's value table
/// behind each time, which over thousands of monitors is a leak.
pub fn get(target: &JsValue, key: &str) -> JsValue {
    if !target.is_object() && !target.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets a property on a plain object the engine created itself.
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a data property on a fresh, extensible object cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// The global object: `window`, a worker's `self`, or Node's `globalThis`.
pub fn global() -> JsValue {
    js_sys::global().into()
}

/// `navigator.onLine === false`: the one reliable offline signal.
pub fn is_offline() -> bool {
    get(&get(&global(), "navigator"), "onLine") == JsValue::FALSE
}

/// Whether `document.visibilityState` says hidden (false outside a page).
pub fn is_hidden() -> bool {
    get(&get(&global(), "document"), "visibilityState") == JsValue::from_str("hidden")
}

/// A number property as `Option<f64>`.
pub fn number(target: &JsValue, key: &str) -> Option<f64> {
    get(target, key).as_f64()
}

/// A string property as `Option<String>`.
pub fn string(target: &JsValue, key: &str) -> Option<String> {
    get(target, key).as_string()
}
