use connlint_syntax::lex::Token;
use connlint_syntax::{Kinds, Node};

use crate::secrets::{
    may_be_site,
    in_token_request, is_code_position, looks_fake, value_class, Role, SiteKind, ValueClass,
};
use crate::{declare_rule, Context, Rule, Settings};

declare_rule! {
    /// ## What it does
    /// Reports placeholders left in a connector's credential positions:
    /// `'YOUR_CLIENT_ID'`, `'REPLACE_WITH_SECRET'`, `'<api-key>'`, `'xxxx'`, all-caps
    /// names, prose, test words and sequences (`'test-api-key'`, `'abc123'`). Specs and
    /// helper files are not read: fake values belong there.
    ///
    /// ## Why is this bad?
    /// A placeholder is not a leak, but a connector that sends `YOUR_CLIENT_ID` to the
    /// API cannot work as published. The value belongs in a connection field.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     authorization: {
    ///       type: 'oauth2',
    ///       client_id: 'YOUR_CLIENT_ID'
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     fields: [{ name: 'client_id', optional: false }],
    ///     authorization: {
    ///       type: 'oauth2',
    ///       client_id: ->(connection) { connection['client_id'] }
    ///     }
    ///   }
    /// }
    /// ```
    pub struct PlaceholderCredential {
        name: "placeholder-credential",
        category: Security,
        severity: Warning,
    }
}

/// Placeholders longer than this are shown shortened.
const SHOWN: usize = 40;

impl Rule for PlaceholderCredential {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.pair, k.call, k.string, k.assignment]
    }

    fn tree_free(&self) -> bool {
        true
    }

    fn needs_tree(&self, token: &Token, _settings: &Settings) -> bool {
        matches!(token, Token::Literal(literal) if may_be_site(literal))
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let src = ctx.text();
        // The message speaks of a connector that cannot work: specs and helpers hold
        // fake values on purpose.
        if ctx.connector.is_none() || ctx.credential_facts().role == Role::Test {
            return;
        }
        for site in ctx.sites(node).iter() {
            let reason = match value_class(site.value) {
                ValueClass::Placeholder(reason) => reason,
                ValueClass::Candidate if looks_fake(site.value) => "test words or a sequence",
                _ => continue,
            };
            if !is_code_position(site) {
                continue;
            }
            let position = match site.kind {
                SiteKind::ClientId | SiteKind::ClientSecret => {
                    site.in_authorization || in_token_request(site, src)
                }
                SiteKind::FieldDefault => true,
                _ => site.in_connection || site.surroundings.in_call_arguments,
            };
            if !position {
                continue;
            }
            let mut shown: String = site.value.chars().take(SHOWN).collect();
            if site.value.chars().count() > SHOWN {
                shown.push('…');
            }
            ctx.report(site.range, format!("placeholder `{shown}` in {} ({reason}): the connector cannot work as published", site.label))
                .help("take the value from a connection field the user fills in, e.g. `connection['client_id']`");
        }
    }
}
