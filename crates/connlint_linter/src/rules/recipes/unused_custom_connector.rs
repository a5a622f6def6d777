use crate::{declare_rule, PackageContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a custom connector a package ships (`<name>.custom_adapter.rb`) that no
    /// recipe of the package uses, when the package has recipes.
    ///
    /// ## Why is this bad?
    /// Community recipes showcase the connector they ship with: a recipe package whose
    /// connector no step calls shows nothing of it, and the connector goes to every
    /// user who installs the recipes for nothing.
    ///
    /// ## Example
    /// ```json
    /// {"name": "Log time", "code": {"keyword": "trigger", "provider": "clock"}}
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// {"name": "Sync", "code": {"keyword": "trigger", "provider": "acme_connector_1_2"}}
    /// ```
    pub struct UnusedCustomConnector {
        name: "unused-custom-connector",
        category: Recipes,
        severity: Warning,
        scope: Package,
    }
}

impl Rule for UnusedCustomConnector {
    fn check_package(&self, ctx: &mut PackageContext) {
        let package = ctx.package;
        if package.recipes.is_empty() {
            return;
        }
        for adapter in &package.adapters {
            let Some((source, _)) = &adapter.source else {
                continue;
            };
            let used = package
                .recipes
                .iter()
                .flat_map(|(_, r)| &r.uses)
                .filter_map(|u| package.resolve(u).ok())
                .any(|a| a.stem == adapter.stem);
            if !used {
                let (path, range) = match &adapter.listing {
                    Some((path, facts)) => (path, facts.title.as_ref().map(|t| t.1)),
                    None => (source, None),
                };
                ctx.report(
                    path,
                    range,
                    format!(
                        "custom connector `{}` is shipped, but no recipe in the package uses it",
                        adapter.stem
                    ),
                    "add a recipe that showcases the connector, or leave it out of the package",
                );
            }
        }
    }
}
