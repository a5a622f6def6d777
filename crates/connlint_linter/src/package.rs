//! Workato packages: what `workato push` uploads (`<name>.custom_adapter.rb/json/png`)
//! and what a recipe export holds (`*.recipe.json`, `*.connection.json` and custom
//! connectors), as a directory or a zip. Each JSON file is linted alone, like a Ruby
//! file ([`lint_package_file`]); what spans files (a recipe's custom connector is in the
//! package, a shipped connector is used) is judged by [`lint_package`] from the facts
//! each file left. Both are pure: the CLI reads the files and the zip.

use connlint_diagnostics::Range;
use connlint_syntax::json::Json;
use connlint_syntax::recipe::{is_custom_provider, Problem, Recipe};
use connlint_syntax::{JsonError, SourceFile, TextRange};
use serde::{Deserialize, Serialize};

use crate::reporter::{to_range, Reporter};
use crate::PackagePart;
use crate::{ConnectorFacts, Diagnostic, DiagnosticBuilder, RuleMeta, Settings};

/// What the package rules need of one package JSON file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PackageFacts {
    Recipe(RecipeFacts),
    Connection(ConnectionFacts),
    Adapter(Box<AdapterFacts>),
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecipeFacts {
    /// The custom connectors the recipe uses, once each.
    pub uses: Vec<CustomUse>,
    /// Providers of its steps.
    pub providers: Vec<String>,
}

/// A custom connector a recipe uses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomUse {
    pub provider: String,
    /// The connection's file (`account_id.zip_name` of its `config` entry).
    pub connection_file: Option<String>,
    /// Its `config` entry, or the first step that uses it.
    pub range: Range,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectionFacts {
    /// The custom connector's file (`provider.zip_name`); `None` for a built-in.
    pub adapter_file: Option<String>,
    /// The connector's name (`provider.name`, or `provider` itself).
    pub provider: Option<String>,
}

/// A custom connector's listing (`<name>.custom_adapter.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdapterFacts {
    pub title: Option<(String, Range)>,
    /// `None` when absent or `null`.
    pub description: Option<String>,
    /// The `description` member, or the start of the file without one.
    pub description_range: Range,
    pub logo_file_name: Option<(String, Range)>,
    pub logo_content_type: Option<(String, Range)>,
}

/// What a package-file rule sees: the file, its JSON (or why it is none), and the
/// recipe in it.
pub struct PackageFileContext<'a, 't> {
    pub source: &'a SourceFile,
    pub part: PackagePart,
    pub parsed: Result<&'a Json<'t>, &'a JsonError>,
    /// For a recipe file with JSON: the recipe, or why it has no recipe's shape.
    pub recipe: Option<Result<&'a Recipe<'a, 't>, &'a Problem>>,
    pub settings: &'a Settings,
    pub(crate) rule: &'static RuleMeta,
    pub(crate) reporter: Reporter<'a>,
}

impl<'a, 't> PackageFileContext<'a, 't> {
    /// With `--explain`: why the candidate at byte `at` was kept or dropped.
    pub fn explain(
        &mut self,
        at: usize,
        candidate: impl FnOnce() -> String,
        outcome: impl FnOnce() -> String,
    ) {
        self.reporter.explain(at, candidate, outcome);
    }

    pub fn json(&self) -> Option<&'a Json<'t>> {
        self.parsed.ok()
    }

    /// The recipe, when the file is one with the shape of an export.
    pub fn recipe(&self) -> Option<&'a Recipe<'a, 't>> {
        self.recipe.and_then(Result::ok)
    }

    pub fn report(
        &mut self,
        range: TextRange,
        message: impl Into<String>,
    ) -> DiagnosticBuilder<'_> {
        self.reporter.report(self.rule, range, message)
    }
}

fn str_at<'j>(json: &'j Json, path: &[&str]) -> Option<&'j Json<'j>> {
    let mut at = json;
    for key in path {
        at = at.get(key)?;
    }
    Some(at)
}

pub(crate) fn facts_of(
    source: &SourceFile,
    part: PackagePart,
    json: &Json,
    recipe: Option<&Recipe>,
) -> PackageFacts {
    let text = |j: &Json| j.as_str().map(str::to_owned);
    let spanned = |j: Option<&Json>| {
        j.and_then(|j| Some((j.as_str()?.to_owned(), to_range(source, j.range))))
    };
    match part {
        PackagePart::Recipe => {
            let mut facts = RecipeFacts::default();
            let Some(recipe) = recipe else {
                return PackageFacts::Recipe(facts);
            };
            for entry in &recipe.config {
                let Some(provider) = entry.provider else {
                    continue;
                };
                if (entry.custom || is_custom_provider(provider))
                    && !facts.uses.iter().any(|u| u.provider == provider)
                {
                    facts.uses.push(CustomUse {
                        provider: provider.to_owned(),
                        connection_file: entry.connection_file.map(str::to_owned),
                        range: to_range(source, entry.json.range),
                    });
                }
            }
            for step in &recipe.steps {
                let Some(provider) = step.provider else {
                    continue;
                };
                if !facts.providers.iter().any(|p| p == provider) {
                    facts.providers.push(provider.to_owned());
                }
                if is_custom_provider(provider)
                    && !facts.uses.iter().any(|u| u.provider == provider)
                {
                    let at = step.get("provider").map_or(step.json.range, |p| p.range);
                    facts.uses.push(CustomUse {
                        provider: provider.to_owned(),
                        connection_file: None,
                        range: to_range(source, at),
                    });
                }
            }
            PackageFacts::Recipe(facts)
        }
        PackagePart::Connection => {
            let provider = json.get("provider");
            PackageFacts::Connection(ConnectionFacts {
                adapter_file: provider.and_then(|p| p.get("zip_name")).and_then(text),
                provider: provider.and_then(|p| text(p).or_else(|| p.get("name").and_then(text))),
            })
        }
        PackagePart::Adapter => {
            let description = json.get("description");
            let member = json
                .members()
                .and_then(|m| m.iter().find(|m| m.key == "description"))
                .map(|m| TextRange::new(m.key_range.start, m.value.range.end));
            PackageFacts::Adapter(Box::new(AdapterFacts {
                title: spanned(str_at(json, &["title"])),
                description: description.and_then(text).filter(|d| !d.trim().is_empty()),
                description_range: to_range(source, member.unwrap_or(TextRange::new(0, 0))),
                logo_file_name: spanned(json.get("logo_file_name")),
                logo_content_type: spanned(json.get("logo_content_type")),
            }))
        }
    }
}

/// A custom connector in a package: `<stem>.custom_adapter.*`.
#[derive(Clone, Debug, Default)]
pub struct PackageAdapter {
    /// `<stem>` of its files.
    pub stem: String,
    /// `<stem>.custom_adapter.json` and what it says.
    pub listing: Option<(String, AdapterFacts)>,
    /// `<stem>.custom_adapter.rb`, with its connector's facts when it holds one.
    pub source: Option<(String, Option<ConnectorFacts>)>,
    /// Image files beside it (`<stem>.custom_adapter.png`).
    pub logos: Vec<String>,
}

/// The package files of one directory tree or zip, for the package rules.
#[derive(Clone, Debug, Default)]
pub struct Package {
    /// The directory or zip, as shown.
    pub root: String,
    pub recipes: Vec<(String, RecipeFacts)>,
    pub connections: Vec<(String, ConnectionFacts)>,
    pub adapters: Vec<PackageAdapter>,
}

/// A file's name after its last `/` (or a zip's `!/`).
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\', '!']).next().unwrap_or(path)
}

impl Package {
    /// The connection file a recipe names, by file name (exports name files, not paths).
    pub fn connection(&self, file: &str) -> Option<&(String, ConnectionFacts)> {
        let name = file_name(file);
        self.connections.iter().find(|(p, _)| file_name(p) == name)
    }

    /// The custom connector a `*.custom_adapter.json` name points at.
    pub fn adapter(&self, file: &str) -> Option<&PackageAdapter> {
        let stem = file_name(file).strip_suffix(".custom_adapter.json")?;
        self.adapters.iter().find(|a| a.stem == stem)
    }

    /// The adapter a recipe's custom connector resolves to, or why it does not.
    pub fn resolve(&self, custom: &CustomUse) -> Result<&PackageAdapter, String> {
        let Some(file) = &custom.connection_file else {
            return Err(format!(
                "uses custom connector `{}` but names no connection file for it (`account_id.zip_name` in `config`)",
                custom.provider
            ));
        };
        let Some((_, connection)) = self.connection(file) else {
            return Err(format!(
                "uses custom connector `{}` through `{file}`, which is not in the package",
                custom.provider
            ));
        };
        let Some(adapter_file) = &connection.adapter_file else {
            return Err(format!(
                "uses custom connector `{}` through `{file}`, whose connector is no custom connector file (`provider.zip_name`)",
                custom.provider
            ));
        };
        match self.adapter(adapter_file) {
            Some(adapter) if adapter.source.is_some() => Ok(adapter),
            _ => Err(format!(
                "uses custom connector `{}` whose source `{}` is not in the package",
                custom.provider,
                adapter_file.replace(".json", ".rb")
            )),
        }
    }
}

/// Where package rules report.
pub struct PackageContext<'a> {
    pub package: &'a Package,
    pub(crate) rule: &'static RuleMeta,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl PackageContext<'_> {
    /// Reports on `path` at `range` (the start of the file when `None`).
    pub fn report(
        &mut self,
        path: &str,
        range: Option<Range>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = crate::reporter::located(self.rule, path, range, message.into(), help.into());
        self.diagnostics.push(d);
    }
}
