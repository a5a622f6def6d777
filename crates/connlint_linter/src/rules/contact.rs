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

fn is_example_domain(domain: &str) -> bool {
    let domain = domain.to_ascii_lowercase();
    domain.ends_with(".example")
        || domain.ends_with(".test")
        || domain.ends_with(".invalid")
        || EXAMPLE_DOMAINS
            .iter()
            .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
}

/// The first support contact in `text`: an email address or mailto link on a real
/// domain, or an http(s) link to support, help, docs or a contact page that is not an
/// API endpoint.
pub(crate) fn find_contact(text: &str) -> Option<String> {
    for caps in email().captures_iter(text) {
        let domain = caps.get(1).map_or("", |m| m.as_str());
        let whole = caps.get(0).map_or("", |m| m.as_str());
        if !is_example_domain(domain) && !whole.to_ascii_lowercase().contains("noreply") {
            return Some(whole.to_owned());
        }
    }
    for caps in url().captures_iter(text) {
        let host = caps.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
        let path = caps.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase();
        if host.starts_with("api.")
            || path.contains("/api/")
            || path.contains("/contacts")
            || is_example_domain(&host)
        {
            continue;
        }
        let target = format!("{host}{path}");
        if SUPPORT_WORDS.iter().any(|w| target.contains(w)) {
            return Some(caps.get(0).map_or("", |m| m.as_str()).to_owned());
        }
    }
    None
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
        ] {
            assert!(find_contact(no).is_none(), "{no}");
        }
    }
}
