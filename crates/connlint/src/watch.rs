//! `check --watch`: a scan, then another each time something under the linted paths
//! changes, until the user interrupts it.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::CheckArgs;

/// Events closer together than this are one change: an editor's save is several
/// (write, rename, attributes), and a checkout is many.
const SETTLE: Duration = Duration::from_millis(200);

pub fn run(args: &CheckArgs) -> Result<ExitCode, String> {
    if args.reads_stdin() {
        return Err("--watch lints files; standard input does not change".to_owned());
    }
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = sender.send(event);
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for path in &paths {
        watcher
            .watch(path, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
    }
    let cache = crate::cache::root().and_then(|root| std::path::absolute(root).ok());
    let clear = std::io::stdout().is_terminal();
    loop {
        if clear {
            print!("\x1b[2J\x1b[H");
        }
        if let Err(message) = crate::check::run(args) {
            eprintln!("connlint: error: {message}");
        }
        if !args.quiet {
            eprintln!("connlint: watching for changes (Ctrl-C to stop)");
        }
        let _ = std::io::stdout().flush();
        loop {
            let event = events
                .recv()
                .map_err(|_| "the file watcher stopped".to_owned())?;
            if changes_input(&event, cache.as_deref()) {
                break;
            }
        }
        while events.recv_timeout(SETTLE).is_ok() {}
    }
}

/// Whether an event can change the scan's result: not a read (the scan's own reads
/// are events too), not the result cache the scan writes, not git's bookkeeping.
fn changes_input(event: &notify::Result<notify::Event>, cache: Option<&Path>) -> bool {
    let Ok(event) = event else {
        return true;
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|path| {
        // The first scan may have made the cache folder: resolved at each event.
        let in_cache = cache
            .and_then(|c| std::fs::canonicalize(c).ok())
            .is_some_and(|c| {
                std::fs::canonicalize(path.parent().unwrap_or(path)).is_ok_and(|p| p.starts_with(c))
            });
        !in_cache
            && !path
                .components()
                .any(|c| matches!(c.as_os_str().to_str(), Some(".git" | ".connlint_cache")))
    })
}
