//! Panics outside the per-file guard (fixes, project rules, rendering, the server's
//! requests) must end in a message and exit code 2, never Rust's bare exit 101. The
//! hook records what panicked and where, silently; whoever catches the unwind reports
//! it, naming the file being worked on when there is one.

use std::cell::RefCell;
use std::sync::Mutex;

static LAST: Mutex<Option<String>> = Mutex::new(None);

thread_local! {
    static WORKING_ON: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default hook (which would print the panic, possibly with source text)
/// with one that keeps the message and location for [`describe`].
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let file = WORKING_ON.with_borrow(Clone::clone);
        let file = file
            .map(|f| format!(" while working on {f}"))
            .unwrap_or_default();
        let one_line = message.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Ok(mut last) = LAST.lock() {
            *last = Some(format!("{one_line}{location}{file}"));
        }
    }));
}

/// Runs `work` with `path` named as what this thread is working on.
pub fn working_on<T>(path: &str, work: impl FnOnce() -> T) -> T {
    let before = WORKING_ON.with_borrow_mut(|w| w.replace(path.to_owned()));
    let out = work();
    WORKING_ON.with_borrow_mut(|w| *w = before);
    out
}

/// What the last panic was, for a message.
pub fn describe() -> String {
    LAST.lock()
        .ok()
        .and_then(|mut l| l.take())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// In debug builds, panics where `CONNLINT_TEST_PANIC` names `stage`: how the tests
/// reach the guards around fixes, project rules, rendering and server requests.
pub fn test_point(stage: &str) {
    if cfg!(debug_assertions) && std::env::var("CONNLINT_TEST_PANIC").is_ok_and(|s| s == stage) {
        panic!("test panic at {stage}");
    }
}
