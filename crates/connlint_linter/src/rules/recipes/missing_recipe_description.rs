use connlint_syntax::json::Json;
use connlint_syntax::TextRange;

use crate::{declare_rule, PackageFileContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a recipe without a `name`, or without a `description` a user can read: a
    /// missing, `null` or empty one, one that only repeats the name, or one shorter than
    /// three words.
    ///
    /// ## Why is this bad?
    /// Workato's guide asks that a community recipe be simple and understandable: its
    /// name and description are all a user reads before installing it.
    ///
    /// ## Example
    /// ```json
    /// {"name": "Sync contacts", "description": "Sync contacts", "code": {"keyword": "trigger"}}
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// {"name": "Sync contacts", "description": "Copies new Acme contacts to Salesforce every hour.", "code": {"keyword": "trigger"}}
    /// ```
    pub struct MissingRecipeDescription {
        name: "missing-recipe-description",
        category: Recipes,
        severity: Warning,
    }
}

const MIN_WORDS: usize = 3;

fn text<'j>(json: Option<&'j Json>) -> &'j str {
    json.and_then(Json::as_str).map_or("", str::trim)
}

impl Rule for MissingRecipeDescription {
    fn check_package_file(&self, ctx: &mut PackageFileContext) {
        let Some(recipe) = ctx.recipe() else {
            return;
        };
        let start = TextRange::new(recipe.root.range.start, recipe.root.range.start + 1);
        let name = text(recipe.name);
        if name.is_empty() {
            let at = recipe.name.map_or(start, |n| n.range);
            ctx.report(at, "recipe has no name")
                .help("name the recipe after what it does: `Sync new Acme contacts to Salesforce`");
        }
        let description = text(recipe.description);
        let at = recipe.description.map_or(start, |d| d.range);
        let help = "describe in a sentence or two what the recipe does, with which connectors, and what a user must set up";
        if description.is_empty() {
            ctx.report(at, "recipe has no description").help(help);
        } else if description.eq_ignore_ascii_case(name) {
            ctx.report(at, "recipe description only repeats its name").help(help);
        } else {
            let words = description
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            if words < MIN_WORDS {
                ctx.report(at, format!("recipe description is shorter than a sentence ({words} words)"))
                    .help(help);
            }
        }
    }
}
