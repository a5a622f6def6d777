use crate::{declare_rule, ProjectContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a connector project without a listing description (README.md beside the
    /// connector, or the `description-file` of `[listing]`), with one shorter than a
    /// sentence, or with one that only tells how to work on the repository: every
    /// section with prose is under a setup heading ("Getting started", "Running
    /// tests", "Pre-requisites" …), as in the README a partner repository starts with.
    ///
    /// ## Why is this bad?
    /// `workato push` uploads README.md as the connector's description in the community
    /// library; without it the listing says nothing about what the connector does.
    ///
    /// ## Example
    /// ```markdown
    /// # Brightdesk
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// # Brightdesk
    ///
    /// Create, update and search Brightdesk tickets, and trigger recipes on new ones.
    /// Support: support@brightdesk.io
    /// ```
    pub struct MissingListingDescription {
        name: "missing-listing-description",
        category: Listing,
        severity: Warning,
        scope: Project,
    }
}

/// A sentence's worth of words, headings and markup aside.
const MIN_WORDS: usize = 6;

/// Heading words of sections about working on the repository rather than about the
/// connector: what Workato's partner-repository README and SDK project READMEs hold.
const SETUP_HEADINGS: &[&str] = &[
    "setting up", "set up", "setup", "prerequisite", "pre-requisite", "requirement",
    "getting started", "install", "local", "running", "run ", "test", "rspec", "develop",
    "contribut", "code styl", "formatting", "lint", "rubocop", "build", "deploy",
    "release", "cli", "connection settings", "settings file", "license", "changelog",
    "folder structure", "directory structure", "repository", "how to push", "vcr",
];

/// What only a section on working with the SDK holds: its commands and files.
const SETUP_MARKERS: &[&str] = &[
    "workato exec", "workato push", "workato generate", "workato oauth2", "workato edit",
    "workato new", "bundle exec", "bundle install", "gem install", "rspec", "master.key",
    "settings.yaml", "rubocop", "unit test", "on terminal", "in the terminal",
    "command palette",
];

fn is_setup(heading: &str, body: &[&str]) -> bool {
    let heading = heading.to_lowercase();
    SETUP_HEADINGS.iter().any(|w| heading.contains(w))
        || body.iter().any(|line| {
            let line = line.to_lowercase();
            SETUP_MARKERS.iter().any(|m| line.contains(m))
        })
}

/// Words of prose in `text`: not headings, not code.
fn prose_words(lines: &[&str]) -> usize {
    let mut fenced = false;
    let mut words = 0;
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced || trimmed.starts_with('#') || line.starts_with("    ") {
            continue;
        }
        words += trimmed
            .split('`')
            .step_by(2)
            .flat_map(str::split_whitespace)
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
    }
    words
}

/// The headings of a description whose prose is all under setup headings (installing
/// the SDK, running tests, settings files), when it has any such section; `None` when
/// some section describes the connector.
fn only_setup(text: &str) -> Option<Vec<&str>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut sections: Vec<(Option<&str>, Vec<&str>)> = vec![(None, Vec::new())];
    let mut fenced = false;
    for line in &lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        }
        if !fenced && trimmed.starts_with('#') {
            sections.push((Some(trimmed.trim_start_matches('#').trim()), Vec::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push(line);
        }
    }
    let mut setup = Vec::new();
    let mut describing = 0;
    for (heading, body) in &sections {
        match heading {
            Some(h) if is_setup(h, body) => setup.push(*h),
            _ => describing += prose_words(body),
        }
    }
    (!setup.is_empty() && describing < MIN_WORDS).then_some(setup)
}

impl Rule for MissingListingDescription {
    fn check_project(&self, ctx: &mut ProjectContext) {
        let Some(file) = &ctx.project.description else {
            if ctx.project.listing_file.is_some() {
                ctx.report_listing(
                    "connector has no listing description (`description` of its listing is empty or null)",
                    "set `description` (`workato push` takes README.md or --description): what it does, for whom, and how to get support",
                );
            } else {
                ctx.report_listing(
                    "connector has no listing description (README.md)",
                    "add a README.md beside the connector: what it does, for whom, and how to get support",
                );
            }
            return;
        };
        let words = file
            .text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(str::split_whitespace)
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        if let Some(setup) = only_setup(&file.text).filter(|_| words >= MIN_WORDS) {
            let shown: Vec<String> = setup.iter().take(3).map(|h| format!("\"{h}\"")).collect();
            let more = if setup.len() > 3 { ", …" } else { "" };
            ctx.report_listing(
                format!(
                    "listing description only tells how to set up the repository ({}{more}), not what the connector does",
                    shown.join(", ")
                ),
                "start the README with what the connector does, for whom, and how to get support; `workato push` publishes it as the listing",
            );
        } else if words < MIN_WORDS {
            let message = if words == 0 && file.text.trim_start().starts_with('#') {
                "listing description is only a heading".to_owned()
            } else {
                format!("listing description is shorter than a sentence ({words} words)")
            };
            ctx.report_listing(
                message,
                "describe what the connector does, for whom, and how to get support",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::only_setup;

    #[test]
    fn setup_only_descriptions() {
        let described = "# Brightdesk\n\nCreate, update and search Brightdesk tickets from recipes.\n\n\
                         ## Getting started\n```bash\nbundle install\n```\n";
        assert_eq!(only_setup(described), None);
        let setup = "# Brightdesk\n\n## Installation\nRun `bundle install` and then the tests with rspec.\n\n\
                     ## Usage\n```bash\nworkato exec test\n```\n";
        assert_eq!(only_setup(setup), Some(vec!["Installation", "Usage"]));
        let no_sections = "Create, update and search Brightdesk tickets from recipes.";
        assert_eq!(only_setup(no_sections), None);
        // A shell comment in a fenced block is no heading.
        let fenced = "# Brightdesk\n\nSync Brightdesk tickets and users with your CRM.\n\n## Tests\n```bash\n# run all\nrspec\n```\n";
        assert_eq!(only_setup(fenced), None);
    }
}
