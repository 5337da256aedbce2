//! The engine behind one endpoint in one page: it runs the core monitor,
//! owns its one timer, its one request and its page-signal listeners, and
//! is shared by every handle created for the same endpoint and options.
//!
//! Everything that calls back into JavaScript (listeners, check callbacks)
//! runs after the engine's borrow is released, so a callback may call any
//! method of any handle, including `free`.

use alloc::rc::{Rc, Weak};
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::AbortController;

use super::convert;
use super::error;
use super::js;
use super::local::Local;
use super::owned::{Listener, Timer};
use super::probe::{self, RequestConfig};
use crate::core::text::concat;
use crate::core::{
    CancelReason, ErrorKind, Handover, Monitor, Observation, Step, Ticket, Transport,
};

/// A shared engine.
pub type Shared = Rc<RefCell<Engine>>;

/// A registered engine and its key; the registry does not keep it alive.
type Entry = (String, Weak<RefCell<Engine>>);

/// Every engine by its key (endpoint, options, request): a page has a
/// handful, so a list is smaller than a map and as fast.
static REGISTRY: Local<RefCell<Vec<Entry>>> = Local::new(RefCell::new(Vec::new()));
static LIVE: Local<Cell<u32>> = Local::new(Cell::new(0));

/// How many engines are alive in this page.
pub fn live_engines() -> u32 {
    LIVE.with(Cell::get)
}

struct Flight {
    ticket: Ticket,
    controller: AbortController,
}

/// The state of one shared engine.
pub struct Engine {
    key: String,
    endpoint: String,
    request: RequestConfig,
    monitor: Monitor,
    timer: Timer,
    flight: Option<Flight>,
    listeners: Vec<Listener>,
    subscribers: Vec<(u32, Function)>,
    next_subscriber: u32,
    waiting_checks: Vec<Function>,
    starters: u32,
    notified_revision: u64,
}

/// Callbacks to run once the engine is no longer borrowed.
#[derive(Default)]
struct Effects {
    listeners: Vec<Function>,
    checks: Vec<Function>,
    snapshot: Option<JsValue>,
}

impl Effects {
    fn run(self) {
        let Some(snapshot) = self.snapshot else {
            return;
        };
        // A listener that throws must not keep the others from hearing.
        for f in self.listeners.iter().chain(&self.checks) {
            let _ = f.call1(&JsValue::NULL, &snapshot);
        }
    }
}

/// The engine for `endpoint` with `monitor`'s options and `request`, whose
/// fingerprints `options_key` holds: the live one when another handle has
/// it, else a new one.
pub fn acquire(
    endpoint: &str,
    options_key: &str,
    monitor: Monitor,
    request: RequestConfig,
) -> Shared {
    let key = concat(&[endpoint, "\u{0}", options_key]);
    let existing = REGISTRY.with(|r| {
        let registry = r.borrow();
        let found = registry.iter().find(|(k, _)| *k == key);
        found.and_then(|(_, engine)| engine.upgrade())
    });
    if let Some(shared) = existing {
        return shared;
    }
    let shared = Rc::new_cyclic(|weak: &Weak<RefCell<Engine>>| {
        let weak = weak.clone();
        let timer = Timer::new(move || {
            if let Some(shared) = weak.upgrade() {
                shared.borrow_mut().timer.fired();
                pump(&shared);
            }
        });
        RefCell::new(Engine {
            key: key.clone(),
            endpoint: endpoint.into(),
            request,
            monitor,
            timer,
            flight: None,
            listeners: Vec::new(),
            subscribers: Vec::new(),
            next_subscriber: 1,
            waiting_checks: Vec::new(),
            starters: 0,
            notified_revision: 0,
        })
    });
    REGISTRY.with(|r| {
        let mut registry = r.borrow_mut();
        registry.retain(|(k, _)| *k != key);
        registry.push((key, Rc::downgrade(&shared)));
    });
    LIVE.with(|n| n.set(n.get() + 1));
    shared
}

/// Runs the monitor until it waits: sends, cancels, arms the timer, and
/// tells listeners about a changed snapshot.
pub fn pump(shared: &Shared) {
    let effects = {
        let mut engine = shared.borrow_mut();
        let mut effects = Effects::default();
        engine.drive(shared, &mut effects);
        engine.collect(&mut effects);
        effects
    };
    effects.run();
}

impl Engine {
    fn drive(&mut self, shared: &Shared, effects: &mut Effects) {
        // Each step changes the monitor's state, so this ends; the bound is
        // a second guarantee that no input can make it spin.
        for _ in 0..16 {
            let now = js::now_ms();
            match self.monitor.poll(now) {
                Step::Probe(ticket) => self.send(ticket, shared),
                Step::Cancel(ticket, reason) => self.cancel(ticket, reason, effects),
                Step::WaitUntil(at) => return self.timer.arm(at - now),
                Step::Paused => return self.timer.clear(),
            }
        }
    }

    fn send(&mut self, ticket: Ticket, shared: &Shared) {
        let (promise, controller) = match self.request.send(&self.endpoint) {
            Ok(sent) => sent,
            Err(_) => {
                // No fetch in this scope: an answer like a refused connection.
                let now = js::now_ms();
                self.monitor
                    .complete(ticket, Observation::failed(Transport::NetworkError), now);
                return;
            }
        };
        let config = self.request.clone();
        let weak = Rc::downgrade(shared);
        let signal_owner = controller.clone();
        self.flight = Some(Flight { ticket, controller });
        wasm_bindgen_futures::spawn_local(async move {
            let observation = probe::observe(config, promise, signal_owner).await;
            if let Some(shared) = weak.upgrade() {
                settle(&shared, ticket, observation);
            }
        });
    }

    fn cancel(&mut self, ticket: Ticket, reason: CancelReason, effects: &mut Effects) {
        if let Some(flight) = self.flight.take_if(|f| f.ticket == ticket) {
            let why = error::make(ErrorKind::Engine, reason.as_str(), None);
            flight.controller.abort_with_reason(&why);
        }
        effects.checks.append(&mut self.waiting_checks);
    }

    /// Queues the snapshot for listeners when it changed since they last
    /// heard, and for the check callbacks that are due.
    fn collect(&mut self, effects: &mut Effects) {
        let revision = self.monitor.revision();
        let changed = revision != self.notified_revision;
        if !changed && effects.checks.is_empty() {
            return;
        }
        effects.snapshot = Some(convert::snapshot(self.monitor.snapshot()));
        if changed {
            self.notified_revision = revision;
            effects.listeners = self.subscribers.iter().map(|(_, f)| f.clone()).collect();
        }
    }

    /// The current snapshot as a JavaScript object.
    pub fn snapshot(&self) -> JsValue {
        convert::snapshot(self.monitor.snapshot())
    }

    /// Adds a listener; returns its id.
    pub fn subscribe(&mut self, listener: Function) -> u32 {
        let id = self.next_subscriber;
        self.next_subscriber += 1;
        self.subscribers.push((id, listener));
        id
    }

    /// Removes a listener.
    pub fn unsubscribe(&mut self, id: u32) {
        self.subscribers.retain(|(sid, _)| *sid != id);
    }

    /// Asks for a probe now; `done` hears the snapshot after it settles.
    pub fn request_check(&mut self, done: Function) {
        self.monitor.request_check(js::now_ms());
        self.waiting_checks.push(done);
    }

    /// This engine's state, for another tab that takes over.
    pub fn handover(&self) -> JsValue {
        convert::handover(&self.monitor.handover())
    }

    /// Takes over another tab's state.
    pub fn adopt(&mut self, handover: Handover) {
        self.monitor.adopt(handover, js::now_ms());
    }

    /// Hands over a passive observation from the app's own traffic.
    pub fn observe_passive(&mut self, observation: Observation) {
        self.monitor.observe_passive(observation, js::now_ms());
    }
}

/// One more handle wants the engine running.
pub fn start(shared: &Shared) {
    {
        let mut engine = shared.borrow_mut();
        engine.starters += 1;
        if engine.starters == 1 {
            let now = js::now_ms();
            engine.monitor.set_visible(!js::is_hidden(), now);
            engine.monitor.set_online(!js::is_offline(), now);
            engine.listeners = page_listeners(shared);
            engine.monitor.start(now);
        }
    }
    pump(shared);
}

/// One handle no longer wants the engine running; the last one out stops
/// it, which cancels its request and removes its timer and listeners.
pub fn stop(shared: &Shared) {
    {
        let mut engine = shared.borrow_mut();
        engine.starters = engine.starters.saturating_sub(1);
        if engine.starters > 0 {
            return;
        }
        engine.monitor.stop();
        engine.listeners.clear();
    }
    pump(shared);
}

/// A probe's outcome arrived.
fn settle(shared: &Shared, ticket: Ticket, observation: Observation) {
    let effects = {
        let mut engine = shared.borrow_mut();
        let mut effects = Effects::default();
        if engine.flight.as_ref().is_some_and(|f| f.ticket == ticket) {
            engine.flight = None;
            effects.checks.append(&mut engine.waiting_checks);
        }
        engine.monitor.complete(ticket, observation, js::now_ms());
        engine.drive(shared, &mut effects);
        engine.collect(&mut effects);
        effects
    };
    effects.run();
}

/// Listeners for the page's signals; none where the scope has no events.
fn page_listeners(shared: &Shared) -> Vec<Listener> {
    let global = js::global();
    let document = js::get(&global, "document");
    let on = |target: &JsValue, event: &'static str, apply: fn(&mut Monitor, f64)| {
        let weak = Rc::downgrade(shared);
        Listener::new(target, event, move || {
            if let Some(shared) = weak.upgrade() {
                apply(&mut shared.borrow_mut().monitor, js::now_ms());
                pump(&shared);
            }
        })
    };
    [
        on(&global, "online", |m, now| m.set_online(true, now)),
        on(&global, "offline", |m, now| m.set_online(false, now)),
        on(&global, "focus", |m, now| m.focus(now)),
        on(&document, "visibilitychange", |m, now| {
            m.set_visible(!js::is_hidden(), now)
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Some(flight) = self.flight.take() {
            let why = error::make(ErrorKind::Engine, "disposed", None);
            flight.controller.abort_with_reason(&why);
        }
        let key = core::mem::take(&mut self.key);
        REGISTRY.with(|r| {
            let mut registry = r.borrow_mut();
            registry.retain(|(k, engine)| *k != key || engine.upgrade().is_some());
        });
        LIVE.with(|n| n.set(n.get().saturating_sub(1)));
        // Pending check callbacks hear the last snapshot.
        let snapshot = convert::snapshot(self.monitor.snapshot());
        for done in self.waiting_checks.drain(..) {
            let _ = done.call1(&JsValue::NULL, &snapshot);
        }
    }
}
