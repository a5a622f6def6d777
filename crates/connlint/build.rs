//! Names the commit in `connlint --version`: `CONNLINT_COMMIT` from the environment (a
//! build from an sdist, which has no `.git`), else `git rev-parse --short HEAD` when the
//! package root is a git checkout, else nothing.

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

fn main() {
    println!("cargo:rerun-if-env-changed=CONNLINT_COMMIT");
    let from_env = std::env::var("CONNLINT_COMMIT").ok();
    let mut commit = from_env
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    // Only this package's own checkout: an unpacked sdist inside another repository
    // must not take that repository's commit.
    if commit.is_none() && Path::new(".git").exists() {
        commit = git(&["rev-parse", "--short", "HEAD"]);
        // HEAD moves when a branch is checked out; the branch's ref (loose or packed)
        // moves on every commit. A path that does not exist would rerun every build.
        let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
        watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
        for name in watched {
            if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
                if Path::new(&path).exists() {
                    println!("cargo:rerun-if-changed={path}");
                }
            }
        }
    }
    let version = env!("CARGO_PKG_VERSION");
    match commit {
        Some(commit) => {
            println!("cargo:rustc-env=CONNLINT_COMMIT={commit}");
            println!("cargo:rustc-env=CONNLINT_VERSION={version} ({commit})");
        }
        None => println!("cargo:rustc-env=CONNLINT_VERSION={version}"),
    }
}
