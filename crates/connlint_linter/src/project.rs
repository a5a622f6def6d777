//! Connector projects: a connector file and the files beside it (README.md,
//! Connector_details.md, connlint.toml, master.key, settings, spec/cassettes). The CLI
//! reads the files; [`crate::lint_project`] judges them without I/O, like [`crate::lint`].

use connlint_diagnostics::{Position, Range};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::{Diagnostic, RuleMeta};

/// The `[listing]` table of `connlint.toml`: the fields of Workato's community library
/// publish form.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ListingOptions {
    pub app_name: Option<Spanned<String>>,
    /// The listing description, when it is not README.md.
    pub description_file: Option<Spanned<String>>,
    pub category_tags: Option<Spanned<Vec<String>>>,
    pub search_keywords: Option<Spanned<Vec<String>>>,
    pub prevent_direct_installation: Option<Spanned<bool>>,
    pub landing_page_url: Option<Spanned<String>>,
    pub source_hidden: Option<Spanned<bool>>,
    pub logo: Option<Spanned<String>>,
}

/// What a connector file says that project rules need.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ConnectorFacts {
    /// Where the `title` key is (or the connector hash, without one).
    pub title: Option<Range>,
    /// The `title`, when it is a literal.
    #[serde(default)]
    pub title_text: Option<String>,
    /// Texts users read besides the listing: `custom_action_help`, connection field
    /// hints and help.
    pub help_texts: Vec<String>,
}

/// A file's display path and text.
#[derive(Clone, Debug)]
pub struct ProjectFile {
    pub path: String,
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct Project {
    /// Display path of the connector file.
    pub connector: String,
    pub facts: ConnectorFacts,
    /// The listing description: README.md, or `description-file`.
    pub description: Option<ProjectFile>,
    /// Connector_details.md (partner repositories).
    pub details: Option<ProjectFile>,
    /// connlint.toml, for diagnostics that point into `[listing]`.
    pub config: Option<ProjectFile>,
    pub listing: Option<ListingOptions>,
    /// Whether a logo file named by `logo` exists, resolved by the CLI.
    pub logo_exists: Option<bool>,
    /// A logo among the images beside the connector (`logo.png`, or one named for a
    /// logo, an icon or the app), by its file name.
    pub logo_file: Option<String>,
    /// `master.key` beside the connector, and whether git ignores it.
    pub master_key: Option<(String, bool)>,
    /// Plain (unencrypted) settings files beside the connector.
    pub plain_settings: Vec<ProjectFile>,
    /// VCR cassettes that are not encrypted: where the project's VCR configuration
    /// records them (`tape_library/` by default) and `cassettes` folders under `spec/`.
    pub plain_cassettes: Vec<String>,
    /// In a package, the custom connector's listing (`*.custom_adapter.json`) and where
    /// its `description` is: findings about the description point there, since its text
    /// is a JSON string, not a file.
    pub listing_file: Option<(String, Range)>,
}

/// Where project rules report.
pub struct ProjectContext<'a> {
    pub project: &'a Project,
    pub(crate) rule: &'static RuleMeta,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl ProjectContext<'_> {
    /// Reports on `path` at `range` (the start of the file when `None`).
    pub fn report(
        &mut self,
        path: &str,
        range: Option<Range>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let anchor = match &self.project.listing_file {
            Some((listing, anchor)) if listing == path => Some(*anchor),
            _ => range,
        };
        let d = crate::reporter::located(self.rule, path, anchor, message.into(), help.into());
        self.diagnostics.push(d);
    }

    /// Reports on the listing description when there is one, else on the connector's
    /// title: where the fix belongs.
    pub fn report_listing(&mut self, message: impl Into<String>, help: impl Into<String>) {
        let project = self.project;
        if let Some((listing, _)) = &project.listing_file {
            return self.report(&listing.clone(), None, message, help);
        }
        match &project.description {
            Some(file) => self.report(&file.path.clone(), None, message, help),
            None => self.report(
                &project.connector.clone(),
                project.facts.title,
                message,
                help,
            ),
        }
    }

    /// A range inside a file's text, from byte offsets.
    pub fn range_in(text: &str, span: std::ops::Range<usize>) -> Range {
        let index = connlint_syntax::LineIndex::new(text);
        let position = |offset: usize| {
            let (line, column) = index.line_column(text, offset);
            Position {
                line,
                column,
                offset,
            }
        };
        Range {
            start: position(span.start),
            end: position(span.end),
        }
    }
}
