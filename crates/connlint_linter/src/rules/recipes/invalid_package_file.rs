use connlint_syntax::TextRange;

use crate::{declare_rule, PackageFileContext, PackagePart, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a package file (`*.recipe.json`, `*.connection.json`,
    /// `*.custom_adapter.json`) that is not valid JSON, and a recipe that does not have
    /// the shape of an export: wrapped in an extra `recipe` key, without a `code` object,
    /// with a step that is no object, has no `keyword` or an unknown one, or a `block`
    /// or `config` that is no array.
    ///
    /// ## Why is this bad?
    /// Workato refuses to import such a package, and every other check of the file is
    /// blind where its shape is wrong. connlint does not re-check recipe structure in
    /// depth (datapills, step numbering): Workato's `wk lint` does that.
    ///
    /// ## Example
    /// ```json
    /// {"recipe": {"name": "Sync contacts", "code": {"keyword": "trigger"}}}
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// {"name": "Sync contacts", "code": {"keyword": "trigger"}, "config": []}
    /// ```
    pub struct InvalidPackageFile {
        name: "invalid-package-file",
        category: Recipes,
        severity: Error,
    }
}

impl Rule for InvalidPackageFile {
    fn check_package_file(&self, ctx: &mut PackageFileContext) {
        let what = match ctx.part {
            PackagePart::Recipe => "recipe",
            PackagePart::Connection => "connection",
            PackagePart::Adapter => "custom connector listing",
        };
        if let Err(error) = ctx.parsed {
            let end = (error.offset + 1).min(ctx.source.text().len());
            let range = TextRange::new(error.offset, end.max(error.offset));
            let message = format!("{what} is not valid JSON: {}", error.message);
            ctx.report(range, message)
                .help("Workato cannot import the package; re-export it or fix the JSON by hand");
            return;
        }
        let Some(recipe) = ctx.recipe else {
            return;
        };
        let problems = match recipe {
            Err(problem) => vec![problem.clone()],
            Ok(recipe) => recipe.problems.clone(),
        };
        for problem in problems {
            ctx.report(problem.range, format!("recipe: {}", problem.message))
                .help("export the recipe again from Workato, or give it the shape of an export");
        }
    }
}
