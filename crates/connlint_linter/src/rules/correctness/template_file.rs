use crate::{declare_rule, Rule};

declare_rule! {
    /// ## What it does
    /// Says, once, that a `.rb` file is a template for another tool — it starts with
    /// `{{` (Go, Handlebars, Jinja) or `<%` (ERB) — and was not linted as Ruby.
    ///
    /// ## Why is this bad?
    /// It is not: a generator's template (`connector.tmpl.rb`) is no connector until it
    /// is rendered, and reading it as Ruby would give a syntax error per template tag.
    /// Lint the rendered file instead.
    pub struct TemplateFile {
        name: "template-file",
        category: Correctness,
        severity: Info,
        scope: Driver,
    }
}

impl Rule for TemplateFile {}
