//! A secrets-only run skips parsing the files the raw-byte prefilter clears; it must
//! report exactly what the whole pipeline reports. Checked on a generated corpus (the
//! benchmark's generator, another seed) and on every Ruby fixture, for the security
//! category and for each credential rule alone.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use connlint_linter::diagnostics::Category;
use connlint_linter::secrets::{fake, Prefilter};
use connlint_linter::syntax::SourceFile;
use connlint_linter::{lint, RuleSelector, Settings};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ruby_files(dir: &Path, out: &mut Vec<PathBuf>) {
    out.extend(
        ignore::WalkBuilder::new(dir)
            .standard_filters(false)
            .build()
            .filter_map(Result::ok)
            .map(ignore::DirEntry::into_path)
            .filter(|p| p.extension().is_some_and(|e| e == "rb")),
    );
}

/// The generated corpus (3 MB) plus the fixtures, with their credential templates
/// expanded the way the rule tests expand them.
fn inputs() -> &'static [SourceFile] {
    static INPUTS: OnceLock<Vec<SourceFile>> = OnceLock::new();
    INPUTS.get_or_init(generate)
}

fn generate() -> Vec<SourceFile> {
    let corpus = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prefilter-corpus");
    let _ = std::fs::remove_dir_all(&corpus);
    let status = Command::new("python3")
        .arg(root().join("benches/gen_corpus.py"))
        .args(["--mb", "3", "--seed", "23", "--out"])
        .arg(&corpus)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs the corpus generator");
    assert!(status.success(), "corpus generator failed");
    let mut paths = Vec::new();
    ruby_files(&corpus, &mut paths);
    let generated = paths.len();
    assert!(generated > 20, "only {generated} generated files");
    ruby_files(&root().join("fixtures"), &mut paths);
    paths.sort();
    paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            SourceFile::new(path.display().to_string(), fake::expand(&text, i as u64))
        })
        .collect()
}

fn json(source: &SourceFile, settings: &Settings) -> String {
    serde_json::to_string(&lint(source, settings)).unwrap()
}

/// One credential in each spelling the prefilter reads, alone in a connector, so each
/// of its tests is exercised on its own: (where, code).
const CONSTRUCTS: &[(&str, &str)] = &[
    ("apply", "headers('X-Api-Key' => '%%alnum:24%%')"),
    (
        "apply",
        "headers(\"Authorization\" => \"Bearer %%alnum:32%%\")",
    ),
    ("apply", "password('%%alnum:20%%')"),
    ("apply", "password \"%%alnum:20%%\""),
    (
        "execute",
        "get('https://api.acme.example/v1/items?api_key=%%alnum:24%%')",
    ),
    (
        "execute",
        "request.basic_auth(connection['user'], '%%alnum:20%%')",
    ),
    ("execute", "request['X-Api-Key'] = '%%alnum:24%%'"),
    ("execute", "params(token: %q(%%alnum:24%%))"),
    ("execute", "params(key: 'sk_live_%%alnum:24%%')"),
    ("authorization", "client_secret: '%%alnum:40%%',"),
    ("authorization", "client_id: 'YOUR_CLIENT_ID',"),
    (
        "authorization",
        "'client_secret' => lambda { '%%alnum:40%%' },",
    ),
    ("connection", "api_key: -> { '%%alnum:24%%' },"),
    ("fields", "{ name: 'api_key', label: 'API key' }"),
    ("fields", "{ 'name' => 'password', 'type' => 'password' }"),
    ("fields", "{ name: :token }"),
    ("fields", "{\n  name: 'secret',\n  hint: 'See {docs}'\n}"),
    (
        "fields",
        "{ name: 'secret', control_type: 'password', default: '%%alnum:24%%' }",
    ),
];

fn construct(place: &str, code: &str) -> String {
    let slot = |name: &str| if name == place { code } else { "" };
    format!(
        "{{\n  title: 'Acme',\n  connection: {{\n    {}\n    fields: [{}],\n    \
         authorization: {{\n      {}\n      type: 'custom_auth',\n      \
         apply: lambda do |connection|\n        {}\n      end\n    }}\n  }},\n  \
         actions: {{\n    search: {{\n      execute: lambda do |connection, input|\n        \
         {}\n      end\n    }}\n  }}\n}}\n",
        slot("connection"),
        slot("fields"),
        slot("authorization"),
        slot("apply"),
        slot("execute"),
    )
}

#[test]
fn each_spelling_is_kept_by_the_prefilter() {
    let security = Settings::new(&[RuleSelector::Category(Category::Security)], &[], &[]).unwrap();
    let full = Settings::new(&[RuleSelector::Category(Category::Security)], &[], &[])
        .unwrap()
        .without_prefilter();
    for (i, (place, code)) in CONSTRUCTS.iter().enumerate() {
        let text = fake::expand(&construct(place, code), i as u64);
        let source = SourceFile::new("connector.rb", text);
        let expected = json(&source, &full);
        assert_ne!(expected, "[]", "no finding for {code}");
        assert_eq!(json(&source, &security), expected, "{code}");
    }
}

#[test]
fn secrets_only_runs_report_what_the_whole_pipeline_reports() {
    let files = inputs();
    let selections: Vec<RuleSelector> = [
        "hardcoded-secret",
        "hardcoded-credential",
        "hardcoded-oauth-client-credential",
        "placeholder-credential",
        "unmasked-credential-field",
    ]
    .into_iter()
    .map(RuleSelector::Rule)
    .chain([RuleSelector::Category(Category::Security)])
    .collect();
    for selector in selections {
        let fast = Settings::new(std::slice::from_ref(&selector), &[], &[]).unwrap();
        assert!(fast.prefilters(), "{selector:?} does not use the prefilter");
        let full = Settings::new(std::slice::from_ref(&selector), &[], &[])
            .unwrap()
            .without_prefilter();
        let mut findings = 0;
        for source in files {
            let expected = json(source, &full);
            assert_eq!(
                json(source, &fast),
                expected,
                "{selector:?} on {}",
                source.path()
            );
            findings += usize::from(expected != "[]");
        }
        assert!(findings > 0, "{selector:?} found nothing to compare");
    }
}

#[test]
fn the_prefilter_clears_most_generated_connectors() {
    let all = Prefilter {
        sites: true,
        fields: true,
        formats: true,
    };
    let engine = Settings::default();
    let files = inputs();
    let generated: Vec<&SourceFile> = files
        .iter()
        .filter(|f| f.path().contains("prefilter-corpus"))
        .collect();
    let cleared = generated
        .iter()
        .filter(|f| !all.needs_tree(f.text(), engine.secrets()))
        .count();
    // The generator plants a credential in about 2% of actions, so big connectors hold
    // one; the rest must be cleared or the fast path is not one.
    assert!(
        cleared * 2 > generated.len(),
        "cleared {cleared} of {} generated files",
        generated.len()
    );
    assert!(!Settings::default().prefilters(), "all rules need the tree");
}
