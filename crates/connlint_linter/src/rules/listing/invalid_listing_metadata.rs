use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Checks the `[listing]` table of `connlint.toml`, which mirrors Workato's publish
    /// form: `app-name` not empty, at least one `category-tags` entry, at most three
    /// `search-keywords`, a `landing-page-url` over https when
    /// `prevent-direct-installation` is on, and a `logo` file that exists and is PNG or
    /// SVG.
    ///
    /// ## Why is this bad?
    /// The publish form refuses these values; finding them in CI saves a failed
    /// submission.
    ///
    /// ## Example
    /// ```toml
    /// [listing]
    /// app-name = "Brightdesk"
    /// search-keywords = ["tickets", "helpdesk", "support", "crm"]
    /// prevent-direct-installation = true
    /// logo = "logo.jpg"
    /// ```
    ///
    /// Use instead:
    /// ```toml
    /// [listing]
    /// app-name = "Brightdesk"
    /// category-tags = ["Customer service"]
    /// search-keywords = ["tickets", "helpdesk", "support"]
    /// prevent-direct-installation = true
    /// landing-page-url = "https://brightdesk.io/workato"
    /// logo = "logo.png"
    /// ```
    pub struct InvalidListingMetadata {
        name: "invalid-listing-metadata",
        category: Listing,
        severity: Error,
        scope: Project,
    }
}

/// Keywords the publish form accepts.
const MAX_KEYWORDS: usize = 3;

impl Rule for InvalidListingMetadata {
    fn check_project(&self, ctx: &mut ProjectContext) {
        let p = ctx.project;
        let (Some(listing), Some(config)) = (&p.listing, &p.config) else {
            return;
        };
        let mut problems: Vec<(std::ops::Range<usize>, String, &str)> = Vec::new();
        if let Some(name) = listing
            .app_name
            .as_ref()
            .filter(|n| n.get_ref().trim().is_empty())
        {
            problems.push((
                name.span(),
                "`app-name` is empty".into(),
                "name the app as users know it",
            ));
        }
        if let Some(tags) = listing
            .category_tags
            .as_ref()
            .filter(|t| t.get_ref().is_empty())
        {
            problems.push((
                tags.span(),
                "`category-tags` is empty".into(),
                "pick at least one category",
            ));
        }
        if let Some(words) = listing
            .search_keywords
            .as_ref()
            .filter(|w| w.get_ref().len() > MAX_KEYWORDS)
        {
            problems.push((
                words.span(),
                format!(
                    "{} `search-keywords`; the listing takes at most {MAX_KEYWORDS}",
                    words.get_ref().len()
                ),
                "keep the three that users search for most",
            ));
        }
        if let Some(prevent) = listing
            .prevent_direct_installation
            .as_ref()
            .filter(|p| *p.get_ref())
        {
            match &listing.landing_page_url {
                None => problems.push((
                    prevent.span(),
                    "`prevent-direct-installation` needs a `landing-page-url`".into(),
                    "add `landing-page-url = \"https://…\"` where users request access",
                )),
                Some(url) if !url.get_ref().starts_with("https://") => problems.push((
                    url.span(),
                    "`landing-page-url` must be an https URL".into(),
                    "use a full `https://` link",
                )),
                Some(_) => {}
            }
        }
        if let Some(logo) = &listing.logo {
            let name = logo.get_ref().to_ascii_lowercase();
            if !(name.ends_with(".png") || name.ends_with(".svg")) {
                problems.push((
                    logo.span(),
                    format!("logo `{}` is not PNG or SVG", logo.get_ref()),
                    "use a PNG or SVG logo",
                ));
            } else if p.logo_exists == Some(false) {
                problems.push((
                    logo.span(),
                    format!("logo file `{}` does not exist", logo.get_ref()),
                    "the path is relative to connlint.toml",
                ));
            }
        }
        for (span, message, help) in problems {
            let range = ProjectContext::range_in(&config.text, span);
            ctx.report(&config.path, Some(range), message, help);
        }
    }
}
