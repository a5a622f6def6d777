//! What counts as a way to reach support, shared by the listing rules.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

fn build(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .expect("contact patterns are valid")
}

fn email() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| build(r"(?:mailto:)?[a-z0-9._%+\-]+@((?:[a-z0-9\-]+\.)+[a-z]{2,})"))
}

fn url() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| build(r#"https?://([a-z0-9.\-]+)(/[^\s)>\]"'`]*)?"#))
}

/// Domains used in examples and templates, never real support addresses.
const EXAMPLE_DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "email.com",
    "domain.com",
    "test.com",
    "company.com",
    "yourcompany.com",
    "acme.com",
    "mail.com",
];

/// Words in a URL that say it leads to people or documentation.
const SUPPORT_WORDS: &[&str] = &[
    "support",
    "help",
    "docs",
    "documentation",
    "developer",
    "contact-us",
    "contactus",
    "/contact",
    "kb",
    "knowledge",
    "community",
    "faq",
    "servicedesk",
    "zendesk.com",
    "freshdesk.com",
    "intercom.help",
];

/// Documentation that is nobody's support desk for this connector: Workato's own docs,
/// Ruby's and its test tools', badges and licences.
const OTHER_PARTIES: &[&str] = &[
    "workato.com",
    "rspec.info",
    "ruby-doc.org",
    "rubygems.org",
    "rubyonrails.org",
    "rubydoc.info",
    "developer.mozilla.org",
    "shields.io",
    "semver.org",
    "keepachangelog.com",
    "choosealicense.com",
    "opensource.org",
    "creativecommons.org",
    "pre-commit.com",
];

fn is_other_party(host: &str) -> bool {
    OTHER_PARTIES
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// A repository's issue tracker (`https://github.com/acme/acme-connector/issues`): where
/// users of an open-source connector ask for help.
fn is_issue_tracker(host: &str, path: &str) -> bool {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    matches!(host, "github.com" | "www.github.com" | "gitlab.com")
        && parts.len() >= 3
        && parts[2] == "issues"
        && !parts[0].eq_ignore_ascii_case("workato")
}

fn is_example_domain(domain: &str) -> bool {
    let domain = domain.to_ascii_lowercase();
    domain.ends_with(".example")
        || domain.ends_with(".test")
        || domain.ends_with(".invalid")
        || EXAMPLE_DOMAINS
            .iter()
            .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
}

/// A way to reach support that a listing gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Contact {
    /// An email on a real domain, the connector's support, help, docs or contact page,
    /// or its issue tracker.
    Real(String),
    /// A contact on a domain of examples and templates (`support@example.com`).
    Placeholder(String),
}

/// The first support contact in `text`: an email address or mailto link on a real
/// domain, an http(s) link to support, help, docs or a contact page that is not an API
/// endpoint nor another party's documentation (Workato's, Ruby's), or a repository's
/// issue tracker. Without one, the first such contact on a placeholder domain.
pub(crate) fn find_contact_or_placeholder(text: &str) -> Option<Contact> {
    let mut placeholder = None;
    for caps in email().captures_iter(text) {
        let domain = caps.get(1).map_or("", |m| m.as_str());
        let whole = caps.get(0).map_or("", |m| m.as_str());
        if whole.to_ascii_lowercase().contains("noreply") {
            continue;
        }
        if !is_example_domain(domain) {
            return Some(Contact::Real(whole.to_owned()));
        }
        // `support@example.com` is a template's contact; `user@example.com` an example.
        let local = whole
            .trim_start_matches("mailto:")
            .split('@')
            .next()
            .unwrap_or("");
        if ["support", "help", "contact", "info", "service"]
            .iter()
            .any(|w| local.to_ascii_lowercase().contains(w))
        {
            placeholder.get_or_insert_with(|| whole.to_owned());
        }
    }
    for caps in url().captures_iter(text) {
        let host = caps.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
        // A sentence's full stop is not part of the link.
        let path = caps.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase();
        let path = path.trim_end_matches(['.', ',', ';', ':']);
        let whole = caps.get(0).map_or("", |m| m.as_str());
        let whole = whole.trim_end_matches(['.', ',', ';', ':']);
        if is_issue_tracker(&host, path) {
            return Some(Contact::Real(whole.to_owned()));
        }
        if host.starts_with("api.")
            || path.contains("/api/")
            || path.contains("/contacts")
            || is_other_party(&host)
        {
            continue;
        }
        let target = format!("{host}{path}");
        if !SUPPORT_WORDS.iter().any(|w| target.contains(w)) {
            continue;
        }
        if is_example_domain(&host) {
            placeholder.get_or_insert_with(|| whole.to_owned());
        } else {
            return Some(Contact::Real(whole.to_owned()));
        }
    }
    placeholder.map(Contact::Placeholder)
}

/// The first real support contact in `text` (see [`find_contact_or_placeholder`]).
pub(crate) fn find_contact(text: &str) -> Option<String> {
    match find_contact_or_placeholder(text)? {
        Contact::Real(contact) => Some(contact),
        Contact::Placeholder(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::find_contact;

    #[test]
    fn contacts_and_traps() {
        for yes in [
            "Questions? support@brightdesk.io",
            "Write to <mailto:help@ledgerline.co>",
            "See https://help.brightdesk.io/hc/en-us",
            "Docs: https://brightdesk.io/docs/workato",
            "https://www.brightdesk.io/contact-us",
            "Report problems at https://github.com/brightdesk/workato-connector/issues.",
        ] {
            assert!(find_contact(yes).is_some(), "{yes}");
        }
        for no in [
            "Unsupported operation",
            "The supportID field of a ticket",
            "Calls https://api.brightdesk.io/v2/contacts",
            "Additional contacts are synced",
            "Email user@example.com or jane@email.com",
            "https://brightdesk.io/pricing",
            "https://www.acme.com/support",
            "See https://docs.workato.com/developing-connectors/sdk.html",
            "Tests use https://rspec.info/documentation/",
            "https://github.com/workato/workato-connector-sdk/issues",
        ] {
            assert!(find_contact(no).is_none(), "{no}");
        }
        assert_eq!(
            super::find_contact_or_placeholder("Support: support@example.com"),
            Some(super::Contact::Placeholder(
                "support@example.com".to_owned()
            ))
        );
        assert_eq!(
            super::find_contact_or_placeholder("Requester: user@example.com"),
            None
        );
    }
}
