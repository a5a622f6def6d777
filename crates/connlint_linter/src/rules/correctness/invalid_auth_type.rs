use connlint_diagnostics::{Applicability, Severity};

use crate::rules::helpers::suggest;
use crate::{declare_rule, Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports an authorization `type` outside `basic_auth`, `api_key`, `oauth2`,
    /// `custom_auth`, `multi` and `none` (in multi-auth options too, where only the first
    /// four are allowed), with the type that was most likely meant. `none` is the SDK's
    /// default type and the one Workato's on-prem guide uses for connectors without
    /// authentication.
    ///
    /// ## Why is this bad?
    /// The documented types are what Workato's connection page and reviewers expect;
    /// another spelling is a typo or a leftover from older SDK versions. It is `info`,
    /// not an error: the SDK gem itself (`lib/workato/connector/sdk/connection.rb`)
    /// defaults the type to `none`, treats any type matching `/oauth2/i` as OAuth 2
    /// (`'Oauth2'` works) and runs `apply` for every other type as custom auth
    /// (`'custom'`, `'basic'` work), so the connector usually still authorizes — a hand
    /// review of public connectors found most findings of this rule harmless. One case is
    /// a `warning`: a type meant as OAuth 2 that `/oauth2/i` does not match (`'oauth'`,
    /// `'OAuth 2.0'`): the SDK runs it as custom auth, so no OAuth flow ever starts.
    ///
    /// ## Example
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: { authorization: { type: 'Oauth2' } }
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```ruby
    /// {
    ///   title: 'Acme',
    ///   connection: { authorization: { type: 'oauth2' } }
    /// }
    /// ```
    pub struct InvalidAuthType {
        name: "invalid-auth-type",
        category: Correctness,
        severity: Info,
        fixable: true,
    }
}

/// The SDK's types (`none` is its default when `type` is absent, and what Workato's
/// on-prem guide writes for connectors without authentication); options may use the
/// first four.
const TYPES: &[&str] = &[
    "basic_auth",
    "api_key",
    "oauth2",
    "custom_auth",
    "multi",
    "none",
];

/// Names people write for the real types.
const ALIASES: &[(&str, &str)] = &[
    ("custom", "custom_auth"),
    ("basic", "basic_auth"),
    ("apikey", "api_key"),
    ("oauth", "oauth2"),
    ("oauth20", "oauth2"),
    ("oauth2.0", "oauth2"),
    ("token", "api_key"),
    ("noauth", "none"),
];

/// The type most likely meant, and whether it differs from what was written only in
/// case (then changing it cannot change meaning).
fn intended(written: &str, allowed: &[&'static str]) -> Option<(&'static str, bool)> {
    let lower = written.to_ascii_lowercase();
    if let Some(t) = allowed.iter().find(|t| **t == lower) {
        return Some((t, true));
    }
    let alias = ALIASES
        .iter()
        .find(|(a, _)| *a == lower.replace(['-', ' ', '_'], "") || *a == lower)
        .map(|(_, t)| *t)
        .filter(|t| allowed.contains(t));
    alias
        .or_else(|| suggest(written, allowed.iter().copied()))
        .map(|t| (t, false))
}

fn suggestion(written: &str, allowed: &[&'static str]) -> String {
    match intended(written, allowed) {
        Some((t, _)) => format!("did you mean `'{t}'`?"),
        None => format!("use one of: {}", allowed.join(", ")),
    }
}

impl Rule for InvalidAuthType {
    fn check_file(&self, ctx: &mut Context) {
        let Some(auth) = ctx.connector.and_then(|c| c.authorization()) else {
            return;
        };
        let mut checks = vec![(auth.auth_type, TYPES)];
        checks.extend(auth.options.iter().map(|o| (o.auth_type, &TYPES[..4])));
        for (written, allowed) in checks {
            let Some(written) = written else {
                continue;
            };
            if !allowed.contains(&written.text) {
                let help = suggestion(written.text, allowed);
                let meant = intended(written.text, allowed).map(|(t, _)| t);
                let lost_oauth = meant == Some("oauth2")
                    && !written.text.to_ascii_lowercase().contains("oauth2");
                let report = if lost_oauth {
                    // The whole point goes in the message: concise output shows no help.
                    ctx.report(
                        written.range,
                        format!(
                            "authorization type `{}` is not OAuth 2 to the SDK (it runs as custom auth): did you mean `'oauth2'`?",
                            written.text
                        ),
                    )
                    .severity(Severity::Warning)
                } else {
                    ctx.report(
                        written.range,
                        format!("invalid authorization type `{}`", written.text),
                    )
                }
                .help(help);
                if let Some((t, case_only)) = intended(written.text, allowed) {
                    let applicability = if case_only {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    };
                    report.fix(
                        applicability,
                        format!("write `'{t}'`"),
                        vec![(written.range, t.to_owned())],
                    );
                }
            }
        }
    }
}
