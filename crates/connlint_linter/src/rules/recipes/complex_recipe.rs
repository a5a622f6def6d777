use connlint_syntax::TextRange;

use crate::{declare_rule, PackageFileContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a recipe with more steps than `max-steps` (30) or blocks nested deeper
    /// than `max-depth` (6), limits set in the `[recipes]` table of `connlint.toml`.
    ///
    /// ## Why is this bad?
    /// Workato's guide asks that a community recipe be simple and understandable: it
    /// showcases a connector, and a user who installs it must be able to follow it.
    /// Split a long recipe into callable recipes; flatten a chain of nested `if`/`else`.
    ///
    /// ## Example
    /// ```json
    /// {"name": "Deep", "code": {"keyword": "trigger", "block": [{"keyword": "if", "block": [{"keyword": "if", "block": [{"keyword": "if", "block": [{"keyword": "if", "block": [{"keyword": "if", "block": [{"keyword": "if", "block": [{"keyword": "action"}]}]}]}]}]}]}]}}
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// {"name": "Flat", "code": {"keyword": "trigger", "block": [{"keyword": "if", "block": [{"keyword": "action"}]}]}}
    /// ```
    pub struct ComplexRecipe {
        name: "complex-recipe",
        category: Recipes,
        severity: Info,
    }
}

impl Rule for ComplexRecipe {
    fn check_package_file(&self, ctx: &mut PackageFileContext) {
        let Some(recipe) = ctx.recipe() else {
            return;
        };
        let limits = ctx.settings.recipe_limits;
        let steps = recipe.steps.len();
        if steps > limits.max_steps {
            let at = recipe.steps[0].json.range;
            ctx.report(
                TextRange::new(at.start, at.start + 1),
                format!("recipe has {steps} steps, over the limit of {}", limits.max_steps),
            )
            .help("split it into callable recipes that each do one thing (`max-steps` in `[recipes]` of connlint.toml sets the limit)");
        }
        if let Some(deepest) = recipe.steps.iter().max_by_key(|s| s.depth) {
            if deepest.depth > limits.max_depth {
                let at = deepest.get("keyword").map_or(deepest.json.range, |k| k.range);
                ctx.report(
                    at,
                    format!(
                        "{} is nested {} blocks deep, over the limit of {}",
                        deepest.label(),
                        deepest.depth,
                        limits.max_depth
                    ),
                )
                .help("flatten nested `if`/`else` chains and move deep branches into callable recipes (`max-depth` in `[recipes]`)");
            }
        }
    }
}
