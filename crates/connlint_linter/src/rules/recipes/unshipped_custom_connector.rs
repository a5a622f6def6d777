use crate::{declare_rule, PackageContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a recipe that uses a custom connector the package does not ship: the
    /// recipe's `config` (an entry with `account_id.custom: true`) or a step names a
    /// custom connector, and the package lacks its connection file
    /// (`account_id.zip_name`), or the connector that connection points at
    /// (`provider.zip_name`, a `*.custom_adapter.json` with its `.rb` source).
    ///
    /// ## Why is this bad?
    /// Workato's guide: every custom connector a community recipe uses must be published
    /// to the community by its author. A recipe whose connector is not in the package
    /// cannot be installed; one that uses somebody else's private connector cannot be
    /// listed. Whether the connector is published under your name cannot be checked
    /// offline: connlint checks that the package ships it.
    ///
    /// ## Example
    /// ```json
    /// {"config": [{"provider": "acme_connector_1_2", "account_id": {"custom": true, "zip_name": "acme_account.connection.json"}}]}
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// {"config": [{"provider": "acme_connector_1_2", "account_id": {"custom": true, "zip_name": "acme_account.connection.json"}}]}
    /// ```
    /// with `acme_account.connection.json`, `acme.custom_adapter.json` and
    /// `acme.custom_adapter.rb` in the package.
    pub struct UnshippedCustomConnector {
        name: "unshipped-custom-connector",
        category: Recipes,
        severity: Error,
        scope: Package,
    }
}

impl Rule for UnshippedCustomConnector {
    fn check_package(&self, ctx: &mut PackageContext) {
        let package = ctx.package;
        for (path, recipe) in &package.recipes {
            for custom in &recipe.uses {
                if let Err(why) = package.resolve(custom) {
                    ctx.report(
                        path,
                        Some(custom.range),
                        format!("recipe {why}"),
                        "export the recipe with its custom connector (the package holds the connection file and the connector's `.custom_adapter.rb/json`), or use only connectors you publish",
                    );
                }
            }
        }
    }
}
