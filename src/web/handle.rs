//! `Monitor`, the class JavaScript creates: a handle on a shared engine.
//! Handles for the same endpoint and equal options share one engine, which
//! runs while any of them is started and stops when the last one stops or
//! is freed.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::convert;
use super::engine::{self, Shared};
use super::error;
use super::probe::RequestConfig;
use crate::core::text::concat;
use crate::core::{Monitor as CoreMonitor, Options, OptionsInput, SplitMix64};

/// A health monitor handle.
#[wasm_bindgen(js_name = Monitor)]
pub struct Handle {
    engine: Shared,
    options_key: String,
    started: bool,
    subscriptions: Vec<u32>,
}

#[wasm_bindgen(js_class = Monitor)]
impl Handle {
    /// A handle on the engine for `endpoint` with `options` (the core's
    /// camelCase options) and `request` (`{ headers?, credentials? }`).
    ///
    /// # Errors
    /// A `BackendHealthError` of kind `invalid-option` naming the option and
    /// its rule, or saying the endpoint is empty.
    #[wasm_bindgen(constructor)]
    pub fn new(endpoint: String, options: JsValue, request: JsValue) -> Result<Handle, JsValue> {
        if endpoint.trim().is_empty() {
            return Err(error::invalid(
                "the endpoint is empty: pass the URL of the health endpoint, e.g. '/readyz'",
            ));
        }
        let input = OptionsInput::from_json(convert::json(&options));
        let input = input.map_err(|e| error::from_core(&e))?;
        let options = Options::from_input(&input).map_err(|e| error::from_core(&e))?;
        let request = RequestConfig::from_js(&request, options.method, options.max_body_bytes)?;
        let options_key = concat(&[&options.fingerprint(), "\u{0}", &request.fingerprint()]);
        let monitor = CoreMonitor::new(options, seeded_rng()).map_err(|e| error::from_core(&e))?;
        Ok(Handle {
            engine: engine::acquire(&endpoint, &options_key, monitor, request),
            options_key,
            started: false,
            subscriptions: Vec::new(),
        })
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> JsValue {
        self.engine.borrow().snapshot()
    }

    /// Calls `listener(snapshot)` on every change; returns an id for
    /// `unsubscribe`.
    pub fn subscribe(&mut self, listener: Function) -> u32 {
        let id = self.engine.borrow_mut().subscribe(listener);
        self.subscriptions.push(id);
        id
    }

    /// Removes a listener added through this handle.
    pub fn unsubscribe(&mut self, id: u32) {
        if let Some(at) = self.subscriptions.iter().position(|s| *s == id) {
            self.subscriptions.swap_remove(at);
            self.engine.borrow_mut().unsubscribe(id);
        }
    }

    /// Starts this handle; the engine runs while any handle is started.
    pub fn start(&mut self) {
        if !self.started {
            self.started = true;
            engine::start(&self.engine);
        }
    }

    /// Stops this handle.
    pub fn stop(&mut self) {
        if self.started {
            self.started = false;
            engine::stop(&self.engine);
        }
    }

    /// Probes now, or joins the probe in flight; `done(snapshot)` is called
    /// once that probe has settled.
    pub fn check(&self, done: Function) {
        self.engine.borrow_mut().request_check(done);
        engine::pump(&self.engine);
    }

    /// Takes a passive observation `{ transport, status?, headers? }` from
    /// the app's own traffic.
    ///
    /// # Errors
    /// An `invalid-option` error when the observation is malformed.
    pub fn report(&self, observation: JsValue) -> Result<(), JsValue> {
        let observation = convert::passive(&observation)?;
        self.engine.borrow_mut().observe_passive(observation);
        engine::pump(&self.engine);
        Ok(())
    }

    /// The engine's state as plain data that can be posted to another tab:
    /// `{ snapshot, successes, notBefore, nextProbe }`.
    pub fn handover(&self) -> JsValue {
        self.engine.borrow().handover()
    }

    /// Takes over the state another tab's engine handed over: the snapshot
    /// (listeners hear it), the streak counters, `Retry-After` and the next
    /// probe's time, which a later `start` keeps.
    ///
    /// # Errors
    /// An `invalid-option` error naming the malformed field; nothing is
    /// applied then.
    pub fn adopt(&self, handover: JsValue) -> Result<(), JsValue> {
        let handover = convert::handover_from(&handover)?;
        self.engine.borrow_mut().adopt(handover);
        engine::pump(&self.engine);
        Ok(())
    }

    /// A text equal for two handles exactly when their options and request
    /// options mean the same, however they were written (`{}` and
    /// `{ interval: 10000 }` alike): what tabs compare to share a stream.
    #[wasm_bindgen(js_name = optionsKey)]
    pub fn options_key(&self) -> String {
        self.options_key.clone()
    }

    /// How many live handles share this handle's engine.
    #[wasm_bindgen(js_name = sharedBy)]
    pub fn shared_by(&self) -> u32 {
        Rc::strong_count(&self.engine) as u32
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.stop();
        let mut engine = self.engine.borrow_mut();
        for id in self.subscriptions.drain(..) {
            engine.unsubscribe(id);
        }
    }
}

/// A generator seeded from `Math.random`, so pages opened together spread
/// their probes differently.
fn seeded_rng() -> SplitMix64 {
    let high = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let low = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    SplitMix64::with_seed(high << 32 | low)
}
