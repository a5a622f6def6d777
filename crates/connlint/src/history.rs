//! `connlint check --history`: the security rules over every blob in a repository's
//! history. Commits are walked oldest first and trees already seen are skipped, so each
//! blob is met once, at the commit that introduced it; blobs are then read and linted in
//! parallel, each as the kind of file its path says. `run` reads as its phases: collect
//! the sightings, lint them, keep each finding at its first sighting and place it
//! against HEAD, then report.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use connlint_linter::diagnostics::{Origin, Repository, Severity};
use connlint_linter::secrets::may_add_credential;
use connlint_linter::syntax::SourceFile;
use connlint_linter::{lint_detailed, Diagnostic, LintResult, RuleId};
use gix::bstr::{BStr, ByteSlice};
use gix::hash::ObjectId;
use rayon::prelude::*;

use crate::config::{render_error, Config, Configs};
use crate::report::{self, Finished};
use crate::CheckArgs;

/// Blobs that hold a Git LFS pointer instead of the file.
const LFS_POINTER: &[u8] = b"version https://git-lfs.github.com/spec/v1";

/// A blob met for the first time: where, and in which commit.
struct Sighting {
    blob: ObjectId,
    path: String,
    commit: usize,
    /// The path's blob in the commit's first parent: what this version changed.
    previous: Option<ObjectId>,
}

/// A commit of the walk, oldest first.
struct Commit {
    id: ObjectId,
    first_parent: Option<ObjectId>,
    author_date: String,
}

/// What the walk could not read or chose not to: reported, never dropped silently.
#[derive(Default)]
struct Skipped {
    submodules: Vec<String>,
    lfs: usize,
    binary: usize,
    large: usize,
    not_utf8: usize,
    /// Versions whose added lines hold nothing credential-like: not parsed.
    unchanged: usize,
}

fn git_error(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: {e}")
}

/// The revisions to walk: every ref, or `A..B` (what is not in A but in B). The word
/// `pre-push` reads the range pre-commit passes to pre-push hooks.
fn tips(
    repo: &gix::Repository,
    range: Option<&str>,
) -> Result<(Vec<ObjectId>, Vec<ObjectId>), String> {
    let range = match range {
        Some("pre-push") => {
            // pre-commit ≥ 2 names them FROM/TO, older releases ORIGIN/SOURCE; it sets
            // none on a first push of a branch with no commit on the remote, when
            // everything reachable is new.
            let var = |a: &str, b: &str| std::env::var(a).or_else(|_| std::env::var(b)).ok();
            let from = var("PRE_COMMIT_FROM_REF", "PRE_COMMIT_SOURCE");
            let to = var("PRE_COMMIT_TO_REF", "PRE_COMMIT_ORIGIN");
            from.zip(to).map(|(from, to)| format!("{from}..{to}"))
        }
        other => other.map(str::to_owned),
    };
    let resolve = |spec: &str| -> Result<ObjectId, String> {
        let id = repo
            .rev_parse_single(spec)
            .map_err(|e| git_error(&format!("cannot resolve `{spec}`"), e))?;
        let commit = id
            .object()
            .and_then(|o| o.peel_to_commit())
            .map_err(|e| git_error(&format!("`{spec}` is not a commit"), e))?;
        Ok(commit.id)
    };
    if let Some(range) = range {
        let (from, to) = range.split_once("..").ok_or_else(|| {
            format!("--history-range takes A..B (commits in B and not in A), got `{range}`")
        })?;
        let to = if to.is_empty() { "HEAD" } else { to };
        // A new branch is pushed against the null id: everything in it is new.
        let hidden = if from.is_empty() || from.bytes().all(|b| b == b'0') {
            Vec::new()
        } else {
            vec![resolve(from)?]
        };
        return Ok((vec![resolve(to)?], hidden));
    }
    let mut tips = Vec::new();
    let references = repo
        .references()
        .map_err(|e| git_error("cannot read refs", e))?;
    for reference in references
        .all()
        .map_err(|e| git_error("cannot read refs", e))?
    {
        let Ok(mut reference) = reference else {
            continue;
        };
        // Tags of trees or blobs, and refs to missing objects, have no history to walk.
        if let Ok(commit) = reference.peel_to_commit() {
            tips.push(commit.id);
        }
    }
    if let Ok(head) = repo.head_id() {
        tips.push(head.detach());
    }
    tips.sort();
    tips.dedup();
    Ok((tips, Vec::new()))
}

/// Every commit to scan, oldest first.
fn commits(
    repo: &gix::Repository,
    tips: Vec<ObjectId>,
    hidden: Vec<ObjectId>,
) -> Result<Vec<Commit>, String> {
    use gix::revision::walk::Sorting;
    use gix::traverse::commit::simple::CommitTimeOrder;
    let walk = repo
        .rev_walk(tips)
        .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
        .with_hidden(hidden)
        .all()
        .map_err(|e| git_error("cannot walk the history", e))?;
    let mut out = Vec::new();
    for info in walk {
        let info = info.map_err(|e| git_error("cannot walk the history", e))?;
        let commit = repo
            .find_commit(info.id)
            .map_err(|e| git_error(&format!("commit {} is missing", info.id), e))?;
        let author_date = commit
            .author()
            .ok()
            .and_then(|a| a.time().ok())
            .map(|t| t.format_or_unix(gix::date::time::format::ISO8601_STRICT))
            .unwrap_or_default();
        out.push(Commit {
            id: info.id,
            first_parent: commit.parent_ids().next().map(gix::Id::detach),
            author_date,
        });
    }
    out.reverse();
    Ok(out)
}

/// The blobs of the lintable paths of every commit's tree, each at its first sighting.
fn sightings(
    repo: &gix::Repository,
    commits: &[Commit],
    skipped: &mut Skipped,
) -> Result<Vec<Sighting>, String> {
    let mut seen_trees: HashSet<ObjectId> = HashSet::new();
    let mut seen_blobs: HashSet<ObjectId> = HashSet::new();
    let mut out = Vec::new();
    for (index, commit) in commits.iter().enumerate() {
        let tree = repo
            .find_commit(commit.id)
            .and_then(|c| c.tree_id())
            .map_err(|e| git_error(&format!("cannot read the tree of {}", commit.id), e))?;
        let mut stack = vec![(tree.detach(), String::new())];
        while let Some((id, prefix)) = stack.pop() {
            if !seen_trees.insert(id) {
                continue;
            }
            let tree = repo.find_tree(id).map_err(|e| {
                git_error(&format!("tree {id} of commit {} is missing", commit.id), e)
            })?;
            for entry in tree.iter() {
                let entry = entry.map_err(|e| git_error(&format!("tree {id} is corrupt"), e))?;
                let path = join(&prefix, entry.filename());
                let mode = entry.mode();
                if mode.is_tree() {
                    stack.push((entry.object_id(), path));
                } else if mode.is_commit() {
                    if !skipped.submodules.contains(&path) {
                        skipped.submodules.push(path);
                    }
                } else if mode.is_blob()
                    && crate::walk::is_lintable(Path::new(&path))
                    && seen_blobs.insert(entry.object_id())
                {
                    let previous = commit
                        .first_parent
                        .and_then(|parent| blob_at(repo, parent, &path));
                    out.push(Sighting {
                        blob: entry.object_id(),
                        path,
                        commit: index,
                        previous,
                    });
                }
            }
        }
    }
    Ok(out)
}

fn join(prefix: &str, name: &BStr) -> String {
    let name = name.to_str_lossy();
    if prefix.is_empty() {
        name.into_owned()
    } else {
        format!("{prefix}/{name}")
    }
}

/// What linting one blob produced.
struct Linted {
    sighting: usize,
    diagnostics: Vec<Diagnostic>,
    text: String,
}

/// A blob not linted, and the counter it goes to.
type Skip = fn(&mut Skipped);

/// A linted blob's findings and (when it has some) its text; or why it was not linted;
/// or the error that kept it from being read.
type Outcome = Result<Result<(Vec<Diagnostic>, String), Skip>, String>;

enum Read {
    Text(String),
    Skip(Skip),
}

fn read_blob(repo: &gix::Repository, id: ObjectId, max_size: u64) -> Result<Read, String> {
    let header = repo
        .find_header(id)
        .map_err(|e| git_error(&format!("blob {id} is missing"), e))?;
    if header.size() > max_size {
        return Ok(Read::Skip(|s| s.large += 1));
    }
    let blob = repo
        .find_blob(id)
        .map_err(|e| git_error(&format!("blob {id} is missing"), e))?;
    let bytes = &blob.data;
    if bytes.starts_with(LFS_POINTER) {
        return Ok(Read::Skip(|s| s.lfs += 1));
    }
    if bytes.contains(&0) {
        return Ok(Read::Skip(|s| s.binary += 1));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Read::Text(text.to_owned())),
        Err(_) => Ok(Read::Skip(|s| s.not_utf8 += 1)),
    }
}

/// The lines of `text` that `previous` does not have.
fn added_lines(text: &str, previous: &str) -> String {
    let old: HashSet<&str> = previous.lines().collect();
    let mut out = String::new();
    for line in text.lines().filter(|l| !old.contains(l)) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Reads and lints one blob version, unless it only changed lines that cannot bring a
/// credential (see `may_add_credential`): most of a connector's history is edits to
/// hints, fields and code, and a parse per version would cost what the scan is for.
fn lint_blob(
    repo: &gix::Repository,
    root: &Path,
    sighting: &Sighting,
    config: &Config,
    max_size: u64,
) -> Outcome {
    let text = match read_blob(repo, sighting.blob, max_size)? {
        Read::Text(text) => text,
        Read::Skip(count) => return Ok(Err(count)),
    };
    if let Some(previous) = sighting.previous {
        if let Ok(Read::Text(old)) = read_blob(repo, previous, max_size) {
            if !may_add_credential(&added_lines(&text, &old)) {
                return Ok(Err(|s| s.unchanged += 1));
            }
        }
    }
    let source =
        SourceFile::new(sighting.path.clone(), text).with_location(root.join(&sighting.path));
    let LintResult { diagnostics, .. } =
        report::isolate(&sighting.path, || lint_detailed(&source, &config.settings));
    // Only findings need the text (their secret values, snippets): the rest is dropped
    // here, so memory follows the findings, not the history.
    let text = if diagnostics.is_empty() {
        String::new()
    } else {
        source.into_text()
    };
    Ok(Ok((diagnostics, text)))
}

/// The repository's address for SARIF: its `origin` remote, or the work tree.
fn repository_uri(repo: &gix::Repository) -> String {
    if let Some(url) = repo.find_remote("origin").ok().and_then(|r| {
        r.url(gix::remote::Direction::Fetch)
            .map(|u| u.to_bstring().to_string())
    }) {
        return url;
    }
    let root = repo.workdir().unwrap_or_else(|| repo.git_dir());
    let absolute = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    format!("file://{}", absolute.to_string_lossy().replace('\\', "/"))
}

/// The blob at `path` in `commit`, if the path is a file there.
fn blob_at(repo: &gix::Repository, commit: ObjectId, path: &str) -> Option<ObjectId> {
    let tree = repo.find_commit(commit).ok()?.tree().ok()?;
    let entry = tree.lookup_entry_by_path(path).ok()??;
    entry.mode().is_blob().then(|| entry.object_id())
}

/// HEAD's first-parent line, oldest first: where "removed in" is looked for.
fn first_parents(repo: &gix::Repository, head: ObjectId) -> Vec<ObjectId> {
    let Ok(walk) = repo.rev_walk([head]).first_parent_only().all() else {
        return Vec::new();
    };
    let mut line: Vec<ObjectId> = walk.filter_map(Result::ok).map(|info| info.id).collect();
    line.reverse();
    line
}

/// A finding's secret values, and what became of them.
struct Fate {
    values: Vec<String>,
    held: bool,
    removed_in: Option<ObjectId>,
}

/// Follows each finding's secret along HEAD's first-parent line (oldest first), reading
/// each version of its path once and searching it once for every finding's values (one
/// automaton: a path with many findings and many versions stays linear). At the end
/// `held` says whether HEAD's version holds the values, and `removed_in` is the commit
/// whose version last stopped holding them.
fn follow(
    repo: &gix::Repository,
    line: &[ObjectId],
    path: &str,
    fates: &mut [&mut Fate],
    max_size: u64,
) {
    let values: Vec<String> = fates.iter().flat_map(|f| f.values.clone()).collect();
    let Ok(automaton) = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&values)
    else {
        return;
    };
    // Which of `values` a version holds; for the blob last read.
    let mut last: Option<(Option<ObjectId>, Vec<bool>)> = None;
    for &commit in line {
        let blob = blob_at(repo, commit, path);
        if last.as_ref().is_none_or(|(b, _)| *b != blob) {
            let text = match blob.map(|b| read_blob(repo, b, max_size)) {
                Some(Ok(Read::Text(text))) => text,
                _ => String::new(),
            };
            let mut present = vec![false; values.len()];
            for m in automaton.find_overlapping_iter(&text) {
                present[m.pattern().as_usize()] = true;
            }
            last = Some((blob, present));
        }
        let present = last.as_ref().map_or(&[][..], |(_, p)| p.as_slice());
        let mut at = 0;
        for fate in fates.iter_mut() {
            let n = fate.values.len();
            let holds = n > 0
                && present
                    .get(at..at + n)
                    .is_some_and(|p| p.iter().all(|&x| x));
            at += n;
            if holds {
                fate.held = true;
                fate.removed_in = None;
            } else if fate.held {
                fate.held = false;
                fate.removed_in = Some(commit);
            }
        }
    }
}

fn short(id: &ObjectId) -> String {
    id.to_hex_with_len(7).to_string()
}

fn notes(skipped: &Skipped) -> Vec<String> {
    let mut out = Vec::new();
    if !skipped.submodules.is_empty() {
        out.push(format!(
            "submodules are not scanned (their history is their own repository; run connlint \
             there): {}",
            skipped.submodules.join(", ")
        ));
    }
    for (n, what) in [
        (
            skipped.lfs,
            "Git LFS pointers skipped (the files live in the LFS store, not in git)",
        ),
        (skipped.binary, "binary blobs skipped"),
        (skipped.large, "blobs over --max-file-size skipped"),
        (skipped.not_utf8, "blobs that are not UTF-8 skipped"),
    ] {
        if n > 0 {
            out.push(format!("{n} {what}"));
        }
    }
    out
}

pub fn run(args: &CheckArgs, configs: &mut Configs) -> Result<ExitCode, String> {
    let (repo, root, mut messages) = open(args)?;
    let (tips, hidden) = tips(&repo, args.history_range.as_deref())?;
    let commits = commits(&repo, tips, hidden)?;
    let mut skipped = Skipped::default();
    let sightings = sightings(&repo, &commits, &mut skipped)?;
    let path_configs = path_configs(&sightings, &root, configs)?;

    let scan = lint_all(&repo, &root, &sightings, &path_configs, args, &mut skipped);
    let (found, sources) = first_sightings(scan.linted, &sightings, &commits);
    let head = repo.head_id().ok().map(|id| id.detach());
    let diagnostics = place(&repo, head, found, &sightings, &commits, args.max_file_size)?;

    messages.extend(notes(&skipped));
    let mut stderr = std::io::stderr().lock();
    for message in &messages {
        let _ = writeln!(stderr, "connlint: note: {message}");
    }
    if skipped.unchanged > 0 {
        let _ = writeln!(
            stderr,
            "connlint: {} blob versions linted; {} more changed only lines without \
             credential names, provider keywords or random-looking runs, and were not parsed",
            scan.files, skipped.unchanged
        );
    }
    for error in &scan.errors {
        let _ = writeln!(stderr, "connlint: error: {error}");
    }
    drop(stderr);
    let fail_on: HashMap<String, Severity> = path_configs
        .iter()
        .map(|(path, config)| ((*path).to_owned(), config.fail_on))
        .collect();
    let repository = Repository {
        uri: repository_uri(&repo),
        head: head.map(|h| h.to_string()).unwrap_or_default(),
        branch: repo
            .head_name()
            .ok()
            .flatten()
            .map(|name| name.shorten().to_string()),
    };
    let code = report::finish(Finished {
        args,
        diagnostics,
        sources,
        files: scan.files,
        fail_on,
        explanations: String::new(),
        repository: Some(&repository),
    })?;
    // A blob that could not be read is a commit not fully scanned: never a clean exit.
    Ok(if scan.errors.is_empty() {
        code
    } else {
        ExitCode::from(2)
    })
}

/// The repository the one path is in, its root, and what the scan must say about it.
fn open(args: &CheckArgs) -> Result<(gix::Repository, PathBuf, Vec<String>), String> {
    if args.paths.len() > 1 {
        return Err("--history scans one repository: give one path inside it".to_owned());
    }
    let start = args
        .paths
        .first()
        .map_or_else(|| PathBuf::from("."), Clone::clone);
    let mut repo = gix::discover(&start).map_err(|e| {
        format!(
            "{} is not in a git repository ({e}); --history reads a repository's commits",
            start.display()
        )
    })?;
    repo.object_cache_size_if_unset(16 * 1024 * 1024);
    let mut messages = Vec::new();
    if repo.is_shallow().unwrap_or(false) {
        messages.push(
            "this is a shallow clone: commits before its boundary are not in it and were not \
             scanned (`git fetch --unshallow` to scan them)"
                .to_owned(),
        );
    }
    let root = repo
        .workdir()
        .map_or_else(|| repo.git_dir().to_path_buf(), Path::to_path_buf);
    Ok((repo, root, messages))
}

/// The configuration of each path the history holds, resolved once per path.
fn path_configs<'s>(
    sightings: &'s [Sighting],
    root: &Path,
    configs: &mut Configs,
) -> Result<HashMap<&'s str, Arc<Config>>, String> {
    let mut path_configs: HashMap<&str, Arc<Config>> = HashMap::new();
    for sighting in sightings {
        if !path_configs.contains_key(sighting.path.as_str()) {
            let config = configs
                .for_file(&root.join(&sighting.path))
                .map_err(|e| render_error(&e))?;
            path_configs.insert(&sighting.path, config);
        }
    }
    Ok(path_configs)
}

/// What linting the blobs gave: the versions with their findings (in sighting order),
/// the blobs that could not be read, and how many versions were linted.
struct Scan {
    linted: Vec<Linted>,
    errors: Vec<String>,
    files: usize,
}

/// Lints, in parallel, every sighting whose path its configuration does not exclude.
fn lint_all(
    repo: &gix::Repository,
    root: &Path,
    sightings: &[Sighting],
    path_configs: &HashMap<&str, Arc<Config>>,
    args: &CheckArgs,
    skipped: &mut Skipped,
) -> Scan {
    let wanted: Vec<(usize, &Sighting)> = sightings
        .iter()
        .enumerate()
        .filter(|(_, s)| !path_configs[s.path.as_str()].is_excluded(&root.join(&s.path)))
        .collect();
    let sync = repo.clone().into_sync();
    let results: Vec<(usize, Outcome)> = wanted
        .into_par_iter()
        .map_init(
            || sync.to_thread_local(),
            |repo, (index, sighting)| {
                let config = &path_configs[sighting.path.as_str()];
                let result = lint_blob(repo, root, sighting, config, args.max_file_size);
                (index, result)
            },
        )
        .collect();
    let mut scan = Scan {
        linted: Vec::new(),
        errors: Vec::new(),
        files: 0,
    };
    for (sighting, result) in results {
        match result {
            Ok(Ok((diagnostics, text))) => {
                scan.files += 1;
                scan.linted.push(Linted {
                    sighting,
                    diagnostics,
                    text,
                });
            }
            Ok(Err(count)) => count(skipped),
            Err(message) => scan.errors.push(message),
        }
    }
    scan.linted.sort_by_key(|l| l.sighting);
    scan
}

/// A finding at the version that first had it, with its sighting and the values to
/// follow to HEAD.
type Found = (Diagnostic, usize, Fate);

/// One finding per secret: the same fingerprint in forty versions of a file is one
/// entry, at the commit that first had it. Also the text of each version that keeps a
/// finding, by the path it is shown at.
fn first_sightings(
    linted: Vec<Linted>,
    sightings: &[Sighting],
    commits: &[Commit],
) -> (Vec<Found>, HashMap<String, String>) {
    let mut reported: HashSet<(String, RuleId, String)> = HashSet::new();
    let mut found: Vec<Found> = Vec::new();
    let mut sources = HashMap::new();
    for l in linted {
        let sighting = &sightings[l.sighting];
        let mut kept = false;
        for mut d in l.diagnostics {
            let key = (
                d.path.clone(),
                d.rule,
                d.fingerprint.clone().unwrap_or_else(|| d.message.clone()),
            );
            if !reported.insert(key) {
                continue;
            }
            let values = d
                .secrets
                .iter()
                .filter_map(|&(start, end)| l.text.get(start..end).map(str::to_owned))
                .collect();
            // An edit to an old blob fixes nothing: rotating the key does.
            d.fix = None;
            kept = true;
            found.push((
                d,
                l.sighting,
                Fate {
                    values,
                    held: false,
                    removed_in: None,
                },
            ));
        }
        if kept {
            let commit = &commits[sighting.commit];
            let shown = format!("{}@{}", sighting.path, short(&commit.id));
            sources.insert(shown, l.text);
        }
    }
    (found, sources)
}

/// What became of each finding by `head`: its message says so, and its origin records
/// it. Sorted.
fn place(
    repo: &gix::Repository,
    head: Option<ObjectId>,
    mut found: Vec<Found>,
    sightings: &[Sighting],
    commits: &[Commit],
    max_file_size: u64,
) -> Result<Vec<Diagnostic>, String> {
    let line = head.map(|h| first_parents(repo, h)).unwrap_or_default();
    let in_head: HashSet<ObjectId> = match head {
        Some(h) => repo
            .rev_walk([h])
            .all()
            .map_err(|e| git_error("cannot walk the history of HEAD", e))?
            .filter_map(Result::ok)
            .map(|info| info.id)
            .collect(),
        None => HashSet::new(),
    };
    let mut by_path: HashMap<String, Vec<&mut Fate>> = HashMap::new();
    for (_, sighting, fate) in &mut found {
        by_path
            .entry(sightings[*sighting].path.clone())
            .or_default()
            .push(fate);
    }
    for (path, fates) in &mut by_path {
        follow(repo, &line, path, fates, max_file_size);
    }
    let head_blob = |path: &str| head.and_then(|h| blob_at(repo, h, path));
    let mut diagnostics = Vec::new();
    for (mut d, sighting, fate) in found {
        let sighting = &sightings[sighting];
        let commit = &commits[sighting.commit];
        // Credential findings follow their values; other rules' findings their blob.
        let present_at_head = if fate.values.is_empty() {
            head_blob(&sighting.path) == Some(sighting.blob)
        } else {
            fate.held
        };
        let removed_in = fate.removed_in.filter(|_| !present_at_head);
        let fate_text = match (removed_in, present_at_head) {
            (_, true) => "still at HEAD".to_owned(),
            (Some(removed), false) => format!(
                "removed in {} but still in history: rotate the key and rewrite history",
                short(&removed)
            ),
            (None, false) if in_head.contains(&commit.id) => {
                "gone from HEAD but still in history: rotate the key and rewrite history".to_owned()
            }
            (None, false) => "only on refs HEAD does not contain (another branch or tag): \
                              rotate the key and delete or rewrite them"
                .to_owned(),
        };
        d.message = format!(
            "{} (introduced in {} ({}); {fate_text})",
            d.message,
            short(&commit.id),
            commit.author_date.get(..10).unwrap_or(&commit.author_date)
        );
        d.origin = Some(Origin {
            commit: commit.id.to_string(),
            blob: sighting.blob.to_string(),
            author_date: commit.author_date.clone(),
            present_at_head,
            removed_in: removed_in.map(|r| r.to_string()),
        });
        diagnostics.push(d);
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(diagnostics)
}
