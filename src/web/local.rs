//! Statics for the one thread the engine runs on.
//!
//! `thread_local!` needs the standard library, which the wasm build leaves
//! out; wasm32 without the `atomics` feature has a single thread, so a plain
//! static is enough there, and this wrapper is what lets it hold a `RefCell`.

#[cfg(target_feature = "atomics")]
compile_error!("the engine's statics assume one thread: build without the atomics feature");

/// A static value used from the engine's one thread only.
pub struct Local<T>(T);

// SAFETY: without the `atomics` target feature (rejected above) a wasm32
// module runs on one thread, so no two threads ever see this value.
unsafe impl<T> Sync for Local<T> {}

impl<T> Local<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Local<T> {
        Local(value)
    }

    /// Runs `f` on the value, like `LocalKey::with`.
    pub fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}
