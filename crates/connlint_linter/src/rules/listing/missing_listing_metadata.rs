use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Says, once per connector project without a `[listing]` table in `connlint.toml`,
    /// what Workato's publish form will ask for that nothing in the project records:
    /// category tags, and a logo when no `logo.png` or `logo.svg` sits beside the
    /// connector. With `[listing]`, `invalid-listing-metadata` checks the values instead.
    ///
    /// ## Why is this bad?
    /// A community-library submission needs at least one category and a logo; the
    /// publish form is the first place that says so, after the connector is done.
    /// Recording them in `[listing]` lets connlint check them (a logo that exists and
    /// is PNG or SVG, at most three search keywords) on every run.
    ///
    /// ## Example
    /// ```toml
    /// fail-on = "warning"
    /// ```
    ///
    /// Use instead:
    /// ```toml
    /// fail-on = "warning"
    ///
    /// [listing]
    /// app-name = "Brightdesk"
    /// category-tags = ["Customer service"]
    /// logo = "logo.png"
    /// ```
    pub struct MissingListingMetadata {
        name: "missing-listing-metadata",
        category: Listing,
        severity: Info,
        scope: Project,
    }
}

impl Rule for MissingListingMetadata {
    fn check_project(&self, ctx: &mut ProjectContext) {
        let p = ctx.project;
        // A package's listing has its own checks (`invalid-package-metadata`).
        if p.listing.is_some() || p.listing_file.is_some() {
            return;
        }
        let (message, help) = match &p.logo_file {
            Some(logo) => (
                "no category tags for the listing: the publish form needs at least one".to_owned(),
                format!(
                    "record them in connlint.toml: `[listing]` with `category-tags = [\"…\"]` (and `logo = \"{logo}\"`), and connlint checks them before you publish"
                ),
            ),
            None => (
                "no category tags and no logo for the listing: the publish form needs both".to_owned(),
                "add a logo (PNG or SVG) beside the connector and a `[listing]` table to connlint.toml with `category-tags = [\"…\"]` and `logo = \"logo.png\"`; connlint then checks them before you publish".to_owned(),
            ),
        };
        ctx.report_listing(message, help);
    }
}
