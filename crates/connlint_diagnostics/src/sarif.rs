//! SARIF 2.1.0, as GitHub code scanning reads it: the rules with their documentation in
//! the tool driver, results with regions in Unicode code points, and the connlint
//! fingerprint as `partialFingerprints` so alerts follow code that moves.

use serde_json::{json, Value};

use crate::report::{Repository, RuleDescriptor};
use crate::{Diagnostic, RuleCode, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Lines and columns only: `charOffset` would count in the run's `columnKind` (code
/// points) too, and the diagnostic's offsets are bytes.
fn region(range: &crate::Range) -> Value {
    json!({
        "startLine": range.start.line,
        "startColumn": range.start.column,
        "endLine": range.end.line,
        "endColumn": range.end.column.max(1),
    })
}

fn location(path: &str, range: &crate::Range, message: Option<&str>) -> Value {
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": path.replace('\\', "/") },
            "region": region(range),
        }
    });
    if let Some(text) = message {
        loc["message"] = json!({ "text": text });
    }
    loc
}

pub(crate) fn result<R: RuleCode>(d: &Diagnostic<R>, rule_index: Option<usize>) -> Value {
    let mut message = d.shown_message().into_owned();
    if let Some(help) = &d.help {
        message.push_str(&format!(" (help: {help})"));
    }
    let mut r = json!({
        "ruleId": d.rule.name(),
        "level": level(d.severity),
        "message": { "text": message },
        "locations": [location(&d.path, &d.range, None)],
    });
    if let Some(index) = rule_index {
        r["ruleIndex"] = json!(index);
    }
    if let Some(fingerprint) = &d.fingerprint {
        r["partialFingerprints"] = json!({ "connlint/v1": fingerprint });
    }
    if let Some(origin) = &d.origin {
        let mut properties = json!({
            "commit": origin.commit,
            "blob": origin.blob,
            "authorDate": origin.author_date,
            "presentAtHead": origin.present_at_head,
        });
        if let Some(removed) = &origin.removed_in {
            properties["removedIn"] = json!(removed);
        }
        r["properties"] = properties;
    }
    if let Some(validation) = &d.validation {
        r["properties"]["validation"] = json!(validation);
    }
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(&e.range),
                    "insertedContent": { "text": e.content },
                })
            })
            .collect();
        r["fixes"] = json!([{
            "description": { "text": format!("{} ({})", fix.message, match fix.applicability {
                crate::Applicability::Safe => "safe",
                crate::Applicability::Unsafe => "unsafe",
            }) },
            "artifactChanges": [{
                "artifactLocation": { "uri": d.path.replace('\\', "/") },
                "replacements": replacements,
            }],
        }]);
    }
    if !d.labels.is_empty() {
        r["relatedLocations"] = Value::Array(
            d.labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let mut loc = location(&d.path, &l.range, Some(&l.message));
                    loc["id"] = json!(i);
                    loc
                })
                .collect(),
        );
    }
    r
}

/// The SARIF log with `findings` (a string) where its results go: see `Document`.
pub(crate) fn frame(
    rules: &[RuleDescriptor],
    repository: Option<&Repository>,
    findings: &str,
) -> String {
    let rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            let mut rule = json!({
                "id": r.name,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.summary },
                "help": { "text": r.docs, "markdown": r.docs },
                "defaultConfiguration": { "level": level(r.default_severity) },
                "properties": { "tags": [r.category.as_str()] },
            });
            if let Some(url) = &r.url {
                rule["helpUri"] = json!(url);
            }
            rule
        })
        .collect();
    let mut doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "connlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": findings,
        }]
    });
    if let Some(repo) = repository {
        let mut provenance = json!({ "repositoryUri": repo.uri, "revisionId": repo.head });
        if let Some(branch) = &repo.branch {
            provenance["branch"] = json!(branch);
        }
        doc["runs"][0]["versionControlProvenance"] = json!([provenance]);
    }
    serde_json::to_string_pretty(&doc).expect("SARIF serializes")
}
