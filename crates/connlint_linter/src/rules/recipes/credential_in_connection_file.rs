use connlint_diagnostics::redact;
use connlint_syntax::json::{Json, Value};

use crate::secrets::{looks_fake, name_strength, value_class, Strength, ValueClass};
use crate::{declare_rule, PackageFileContext, PackagePart, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a credential in a package's connection file (`*.connection.json`): a
    /// member named like a password, token, key or secret, at any depth, with a value.
    ///
    /// ## Why is this bad?
    /// A connection file in an export holds the connection's name, its connector and its
    /// folder: Workato never exports credentials, and whoever installs the package
    /// connects with their own. A credential in it was added by hand, and is published
    /// with the package.
    ///
    /// ## Example
    /// ```json acme_account.connection.json
    /// {"name": "Acme account", "provider": "acme", "api_key": "k7Qw9zR2xT5mB8nV3cL6"}
    /// ```
    ///
    /// Use instead:
    /// ```json acme_account.connection.json
    /// {"name": "Acme account", "provider": "acme", "root_folder": false}
    /// ```
    pub struct CredentialInConnectionFile {
        name: "credential-in-connection-file",
        category: Recipes,
        severity: Error,
        tags: [Leak],
    }
}

impl Rule for CredentialInConnectionFile {
    fn check_package_file(&self, ctx: &mut PackageFileContext) {
        if ctx.part != PackagePart::Connection {
            return;
        }
        let Some(json) = ctx.json() else {
            return;
        };
        let mut stack: Vec<&Json> = vec![json];
        while let Some(value) = stack.pop() {
            match &value.value {
                Value::Object(members) => {
                    for member in members {
                        let secret_name = name_strength(&member.key) >= Strength::Medium;
                        match (&member.value.value, secret_name) {
                            (Value::String(text, inner), true) => {
                                if !matches!(value_class(text), ValueClass::Candidate) || looks_fake(text) {
                                    continue;
                                }
                                ctx.report(
                                    *inner,
                                    format!("connection file holds credential `{}` in `{}`", redact(text), member.key),
                                )
                                .secret(*inner)
                                .help("remove it: an export holds only the connection's name, connector and folder; users connect with their own credentials");
                            }
                            _ => stack.push(&member.value),
                        }
                    }
                }
                Value::Array(elements) => stack.extend(elements),
                _ => {}
            }
        }
    }
}
