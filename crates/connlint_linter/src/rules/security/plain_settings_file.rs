use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a plain `settings.yaml` (or `.yml`) with values beside the connector.
    /// Template slots filled in by CI (`{{CLIENT_ID}}`, `<token>`, `${TOKEN}`) and
    /// placeholders (`YOUR_API_KEY`, `password`) are not values.
    ///
    /// ## Why is this bad?
    /// The SDK's settings file holds connection credentials for tests. In plain text it
    /// is one `git add .` away from being published; the SDK encrypts it as
    /// `settings.yaml.enc` with `master.key`.
    ///
    /// ## Example
    /// ```text
    /// connector.rb
    /// settings.yaml       # api_key: …
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// connector.rb
    /// settings.yaml.enc   # workato edit settings.yaml.enc
    /// ```
    pub struct PlainSettingsFile {
        name: "plain-settings-file",
        category: Security,
        severity: Warning,
        scope: Project,
        tags: [Leak],
    }
}

impl Rule for PlainSettingsFile {
    fn check_project(&self, ctx: &mut ProjectContext) {
        for file in &ctx.project.plain_settings {
            ctx.report(
                &file.path,
                None,
                "plain settings file with values beside the connector",
                "encrypt it: `workato edit settings.yaml.enc`, then delete the plain file",
            );
        }
    }
}
