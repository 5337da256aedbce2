//! Errors as JavaScript sees them: `Error` objects named
//! `BackendHealthError` with a stable `kind`, built through the class the
//! TypeScript layer registers so that `instanceof` works.

use core::cell::RefCell;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;

use super::js;
use super::local::Local;
use crate::core::{Error, ErrorKind, Problem};

static ERROR_CLASS: Local<RefCell<Option<Function>>> = Local::new(RefCell::new(None));

/// Makes the engine build its errors with `ctor` (called as
/// `new ctor(message)`); without it they are plain `Error`s with the same
/// `name`, `kind` and `httpStatus`.
#[wasm_bindgen(js_name = registerErrorClass)]
pub fn register_error_class(ctor: Function) {
    ERROR_CLASS.with(|class| *class.borrow_mut() = Some(ctor));
}

/// A `BackendHealthError` of `kind` with `message`.
pub fn make(kind: ErrorKind, message: &str, http_status: Option<u16>) -> JsValue {
    let args = Array::of1(&JsValue::from_str(message));
    let constructed = ERROR_CLASS.with(|class| {
        class
            .borrow()
            .as_ref()
            .and_then(|ctor| Reflect::construct(ctor, &args).ok())
    });
    let error = constructed.unwrap_or_else(|| js_sys::Error::new(message).into());
    js::set(&error, "name", &JsValue::from_str("BackendHealthError"));
    js::set(&error, "kind", &JsValue::from_str(kind.as_str()));
    let status = http_status.map_or(JsValue::NULL, JsValue::from);
    js::set(&error, "httpStatus", &status);
    error
}

/// The JavaScript error for a core error.
pub fn from_core(error: &Error) -> JsValue {
    make(error.kind(), &error.message(), None)
}

/// The JavaScript error for a probe's problem.
pub fn from_problem(problem: &Problem) -> JsValue {
    make(problem.kind, &problem.message, problem.http_status)
}

/// An error about a bad argument from JavaScript.
pub fn invalid(message: &str) -> JsValue {
    make(ErrorKind::InvalidOption, message, None)
}
