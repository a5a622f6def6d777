use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Says, once per connector project without a `[listing]` table in `connlint.toml`,
    /// what Workato's publish form will ask for that nothing in the project records:
    /// category tags, unless the README or `Connector_details.md` names them under a
    /// `Categories` heading, and a logo, unless an image beside the connector is one
    /// (`logo.png`, or named for a logo, an icon or the app: `fyle.png` in `fyle/`).
    /// With `[listing]`, `invalid-listing-metadata` checks the values instead.
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
        let categories = [&p.description, &p.details].into_iter().flatten().any(|f| names_categories(&f.text));
        let (message, help) = match (&p.logo_file, categories) {
            (Some(_), true) => return,
            (Some(logo), false) => (
                "no category tags for the listing: the publish form needs at least one".to_owned(),
                format!(
                    "record them in connlint.toml: `[listing]` with `category-tags = [\"…\"]` (and `logo = \"{logo}\"`), and connlint checks them before you publish"
                ),
            ),
            (None, true) => (
                "no logo for the listing: the publish form needs one".to_owned(),
                "add a logo (PNG or SVG) beside the connector and record it in connlint.toml: `[listing]` with `logo = \"logo.png\"` and the category tags the README names; connlint then checks them before you publish".to_owned(),
            ),
            (None, false) => (
                "no category tags and no logo for the listing: the publish form needs both".to_owned(),
                "add a logo (PNG or SVG) beside the connector and a `[listing]` table to connlint.toml with `category-tags = [\"…\"]` and `logo = \"logo.png\"`; connlint then checks them before you publish".to_owned(),
            ),
        };
        ctx.report_listing(message, help);
    }
}

/// Whether a listing text names its categories: a `Categories` heading or label
/// (`## Categories`, `**Category tags:** Finance`) with something under or after it.
fn names_categories(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        let label = line.trim_start_matches(['#', '*', '_', '-', ' ']).to_ascii_lowercase();
        let heading = line.starts_with(['#', '*', '_']);
        if !label.starts_with("categor") || !heading && !label.contains(':') {
            continue;
        }
        let after_colon = label.split_once(':').map(|(_, rest)| rest.trim_matches(['*', '_', ' ']));
        if after_colon.is_some_and(|rest| !rest.is_empty()) {
            return true;
        }
        while lines.next_if(|l| l.is_empty()).is_some() {}
        if lines.peek().is_some_and(|next| !next.starts_with('#')) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::names_categories;

    #[test]
    fn categories_named_in_a_readme() {
        assert!(names_categories("# Zone\n\n## Categories\n\n- Finance and accounting\n"));
        assert!(names_categories("**Category tags:** Finance, Sales"));
        assert!(!names_categories("## Categories\n\n## Support\nsupport@zone.example"));
        assert!(!names_categories("Categories:"));
        assert!(!names_categories("# Zone\nCategorised by customer, invoices sync.\nNightly.\n"));
    }
}
