//! Timers and event listeners as owned values: each holds its closure and
//! cancels or removes itself when dropped, so nothing outlives its engine.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::EventTarget;

use super::js;
use crate::core::number::within;

/// One re-armable `setTimeout` with one callback, cleared on drop.
pub struct Timer {
    callback: Closure<dyn FnMut()>,
    handle: Option<JsValue>,
}

/// The longest delay `setTimeout` takes; longer ones fire at once.
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

impl Timer {
    /// A timer that calls `callback` when it fires.
    pub fn new(callback: impl FnMut() + 'static) -> Timer {
        Timer {
            callback: Closure::new(callback),
            handle: None,
        }
    }

    /// Fires after `delay_ms`, replacing any earlier arming.
    pub fn arm(&mut self, delay_ms: f64) {
        self.clear();
        let function: &Function = self.callback.as_ref().unchecked_ref();
        let delay = within(delay_ms, 0.0, MAX_TIMEOUT_MS);
        self.handle = js::set_timeout(function, delay).ok();
    }

    /// Forgets the handle of a timer that has just fired.
    pub fn fired(&mut self) {
        self.handle = None;
    }

    /// Cancels the pending firing, if any.
    pub fn clear(&mut self) {
        if let Some(handle) = self.handle.take() {
            let _ = js::clear_timeout(&handle);
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.clear();
    }
}

/// An event listener that removes itself when dropped.
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut()>,
}

impl Listener {
    /// Listens for `event` on `target`, or `None` when `target` is not an
    /// event target (Node has no `window`).
    pub fn new(
        target: &JsValue,
        event: &'static str,
        callback: impl FnMut() + 'static,
    ) -> Option<Listener> {
        let is_target = js::get(target, "addEventListener").is_function();
        if !is_target {
            return None;
        }
        let target: EventTarget = target.clone().unchecked_into();
        let callback = Closure::<dyn FnMut()>::new(callback);
        target
            .add_event_listener_with_callback(event, callback.as_ref().unchecked_ref())
            .ok()?;
        Some(Listener {
            target,
            event,
            callback,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let function: &Function = self.callback.as_ref().unchecked_ref();
        let _ = self
            .target
            .remove_event_listener_with_callback(self.event, function);
    }
}
