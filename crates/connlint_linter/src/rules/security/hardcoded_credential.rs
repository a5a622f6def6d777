use connlint_diagnostics::{redact, Severity};
use connlint_syntax::{Kinds, Node};

use crate::secrets::{
    entropy, is_code_position, oauth_position, reads_like_words, value_class, Site, SiteKind,
    ValueClass,
};
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports credentials written as literals in credential positions: secret-named keys
    /// (`api_key: '…'`, `'X-Api-Key' => '…'`, `headers('Authorization' => 'Bearer …')`),
    /// `password('…')` in basic auth, `?api_key=…` in URLs, and the `default:` of a
    /// secret-named field. Inside `connection:` and in request headers it is an error;
    /// elsewhere a warning, and outside request arguments only high-entropy values count.
    ///
    /// ## Why is this bad?
    /// A credential in the source is shared with everyone who installs the connector and
    /// cannot be rotated without a new release. Values must come from connection fields
    /// the user fills in.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: {
    ///     authorization: {
    ///       type: 'api_key',
    ///       apply: lambda do |connection|
    ///         headers('X-Api-Key' => 'q8Rw2NcX7kLp4ZsT1vYb')
    ///       end
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
    ///     fields: [{ name: 'api_key', control_type: 'password', optional: false }],
    ///     authorization: {
    ///       type: 'api_key',
    ///       apply: lambda do |connection|
    ///         headers('X-Api-Key' => connection['api_key'])
    ///       end
    ///     }
    ///   }
    /// }
    /// ```
    pub struct HardcodedCredential {
        name: "hardcoded-credential",
        category: Security,
        severity: Error,
    }
}

/// Long and random enough to be a generated key rather than a word or an id.
fn strong(value: &str) -> bool {
    value.len() >= 12 && entropy(value) >= 3.0 && !reads_like_words(value)
}

/// The severity a site's literal gets, or why it is not reported.
fn judge(site: &Site, src: &str) -> Result<Severity, &'static str> {
    let s = &site.surroundings;
    let words_outside_connection =
        !site.in_connection && !s.in_headers && reads_like_words(site.value);
    match site.kind {
        SiteKind::ClientId | SiteKind::ClientSecret if oauth_position(site, src) => {
            Err("in an OAuth position: hardcoded-oauth-client-credential reports it")
        }
        // A client secret anywhere else (a spec's settings hash) is a generic secret.
        SiteKind::ClientSecret if strong(site.value) => Ok(Severity::Warning),
        SiteKind::ClientId | SiteKind::ClientSecret => {
            Err("an OAuth value outside OAuth positions, not random")
        }
        _ if words_outside_connection => Err("reads like words, outside the connection"),
        SiteKind::User
            if !(strong(site.value) && entropy(site.value) >= 3.5 && site.value.len() >= 16) =>
        {
            Err("a user name, not a key")
        }
        SiteKind::User | SiteKind::Password | SiteKind::FieldDefault | SiteKind::UrlParam => {
            Ok(if site.in_connection {
                Severity::Error
            } else {
                Severity::Warning
            })
        }
        SiteKind::SecretKey if site.in_connection || s.in_headers => Ok(Severity::Error),
        SiteKind::SecretKey if s.in_call_arguments => Ok(if strong(site.value) {
            Severity::Error
        } else {
            Severity::Warning
        }),
        SiteKind::SecretKey if strong(site.value) => Ok(Severity::Warning),
        SiteKind::SecretKey => Err("low entropy outside a credential position"),
    }
}

impl Rule for HardcodedCredential {
    fn kinds(&self, k: &Kinds) -> Vec<u16> {
        vec![k.pair, k.call, k.string, k.assignment]
    }

    fn check_node<'a>(&self, node: Node<'a>, ctx: &mut Context<'a>) {
        let src = ctx.text();
        for site in ctx.sites(node).iter() {
            let candidate = || format!("credential in {} `{}`", site.label, redact(site.value));
            if !is_code_position(site) {
                ctx.explain(site.range.start, candidate, || {
                    format!("dropped: in {}", site.surroundings.place.describe())
                });
                continue;
            }
            match value_class(site.value) {
                ValueClass::Candidate => {}
                ValueClass::Placeholder(reason) => {
                    ctx.explain(site.range.start, candidate, || {
                        format!("dropped: {reason} (see placeholder-credential)")
                    });
                    continue;
                }
                ValueClass::Masked | ValueClass::Convention | ValueClass::Empty => {
                    ctx.explain(site.range.start, candidate, || {
                        "dropped: masked, empty or a documented convention".to_owned()
                    });
                    continue;
                }
            }
            match judge(site, src) {
                Err(reason) => {
                    ctx.explain(site.range.start, candidate, || format!("dropped: {reason}"))
                }
                Ok(severity) => {
                    ctx.explain(site.range.start, candidate, || {
                        format!("reported as {severity}")
                    });
                    let message = format!(
                        "hardcoded credential `{}` in {}",
                        redact(site.value),
                        site.label
                    );
                    ctx.report(site.range, message)
                        .severity(severity)
                        .secret(site.range)
                        .help("read the value from a connection field (`connection['api_key']`) marked `control_type: 'password'`");
                }
            }
        }
    }
}
