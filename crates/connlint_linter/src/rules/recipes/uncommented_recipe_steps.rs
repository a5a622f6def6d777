use crate::{declare_rule, PackageFileContext, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a recipe with more than `comment-steps-over` (10) steps whose action
    /// steps have no comment, once per recipe, with each such step labelled.
    ///
    /// ## Why is this bad?
    /// In a long recipe, `Search records` three times says nothing of why. A comment on
    /// each step is what makes a community recipe understandable to the user who
    /// installs it.
    ///
    /// ## Example
    /// ```json
    /// {"name": "Long", "code": {"keyword": "trigger", "block": [{"keyword": "action", "number": 1}, {"keyword": "action", "number": 2}, {"keyword": "action", "number": 3}, {"keyword": "action", "number": 4}, {"keyword": "action", "number": 5}, {"keyword": "action", "number": 6}, {"keyword": "action", "number": 7}, {"keyword": "action", "number": 8}, {"keyword": "action", "number": 9}, {"keyword": "action", "number": 10}, {"keyword": "action", "number": 11}]}}
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// {"name": "Short", "code": {"keyword": "trigger", "block": [{"keyword": "action", "number": 1}]}}
    /// ```
    pub struct UncommentedRecipeSteps {
        name: "uncommented-recipe-steps",
        category: Recipes,
        severity: Info,
    }
}

/// Labels shown in one finding; the message gives the count.
const MAX_LABELS: usize = 10;

impl Rule for UncommentedRecipeSteps {
    fn check_package_file(&self, ctx: &mut PackageFileContext) {
        let Some(recipe) = ctx.recipe() else {
            return;
        };
        if recipe.steps.len() <= ctx.settings.recipe_limits.comment_steps_over {
            return;
        }
        let actions: Vec<_> = recipe
            .steps
            .iter()
            .filter(|s| s.keyword == Some("action"))
            .collect();
        let bare: Vec<_> = actions.iter().filter(|s| !s.has_comment()).collect();
        let Some(first) = bare.first() else {
            return;
        };
        let at = |s: &connlint_syntax::recipe::Step| s.get("keyword").map_or(s.json.range, |k| k.range);
        let mut builder = ctx
            .report(
                at(first),
                format!(
                    "{} of {} action steps have no comment in a recipe of {} steps",
                    bare.len(),
                    actions.len(),
                    recipe.steps.len()
                ),
            )
            .help("add a comment to each step that says why it is there (the step's comment in the recipe editor)");
        for step in bare.iter().skip(1).take(MAX_LABELS) {
            builder = builder.label(at(step), format!("{}: no comment", step.label()));
        }
    }
}
