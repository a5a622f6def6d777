use crate::{declare_rule, PackageContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a custom connector's listing (`<name>.custom_adapter.json`, what
    /// `workato push` uploads beside the source) that does not match its package: no
    /// `<name>.custom_adapter.rb` beside it, a `title` other than the connector's, a
    /// `logo_file_name` with no logo in the package, or a logo type other than PNG,
    /// JPEG or GIF. The description itself is judged by the listing rules, as README.md
    /// is in an SDK project.
    ///
    /// ## Why is this bad?
    /// The listing is the connector's page in the community library: its title and logo
    /// are what users see first, and a listing without its source installs nothing.
    ///
    /// ## Example
    /// ```json acme.custom_adapter.json
    /// {"title": "Acme CRM", "description": null, "logo_file_name": "acme.png", "logo_content_type": "image/svg+xml"}
    /// ```
    ///
    /// Use instead:
    /// ```json acme.custom_adapter.json
    /// {"title": "Acme CRM", "description": "Acme CRM contacts and deals. Support: help@acme.example", "logo_file_name": "acme.png", "logo_content_type": "image/png"}
    /// ```
    pub struct InvalidPackageMetadata {
        name: "invalid-package-metadata",
        category: Listing,
        severity: Warning,
        scope: Package,
    }
}

const LOGO_TYPES: &[&str] = &["image/png", "image/jpeg", "image/jpg", "image/gif"];

impl Rule for InvalidPackageMetadata {
    fn check_package(&self, ctx: &mut PackageContext) {
        for adapter in &ctx.package.adapters {
            let Some((path, listing)) = &adapter.listing else {
                continue;
            };
            let stem = &adapter.stem;
            let Some((_, source)) = &adapter.source else {
                ctx.report(
                    path,
                    None,
                    format!("custom connector listing without its source `{stem}.custom_adapter.rb`"),
                    "ship the connector's source beside its listing, as `workato push` and a package export do",
                );
                continue;
            };
            let title = source.as_ref().and_then(|f| f.title_text.as_deref());
            match (&listing.title, title) {
                (Some((listed, range)), Some(title)) if listed.trim() != title.trim() => {
                    ctx.report(
                        path,
                        Some(*range),
                        format!("listing title `{listed}` is not the connector's title `{title}`"),
                        "give the listing the connector's `title` (`workato push` takes it from the connector)",
                    );
                }
                (None, _) => {
                    ctx.report(path, None, "custom connector listing has no `title`", "add the connector's `title`");
                }
                _ => {}
            }
            if let Some((name, range)) = &listing.logo_file_name {
                if !name.is_empty() && adapter.logos.is_empty() {
                    ctx.report(
                        path,
                        Some(*range),
                        format!("listing names logo `{name}`, but the package has no `{stem}.custom_adapter.png` (or `.jpg`)"),
                        "ship the logo beside the listing, or remove `logo_file_name`",
                    );
                }
            }
            if let Some((kind, range)) = &listing.logo_content_type {
                if !LOGO_TYPES.contains(&kind.to_ascii_lowercase().as_str()) {
                    ctx.report(
                        path,
                        Some(*range),
                        format!("logo type `{kind}` is not PNG, JPEG or GIF"),
                        "use a PNG or JPEG logo",
                    );
                }
            }
        }
    }
}
