mod missing_connection_field_hint;
mod missing_custom_action_help;
mod missing_description;
mod missing_field_label_or_hint;
mod missing_help;
mod missing_learn_more_url;
mod missing_sample_output;
mod missing_test;

pub use missing_connection_field_hint::MissingConnectionFieldHint;
pub use missing_custom_action_help::MissingCustomActionHelp;
pub use missing_description::MissingDescription;
pub use missing_field_label_or_hint::MissingFieldLabelOrHint;
pub use missing_help::MissingHelp;
pub use missing_learn_more_url::MissingLearnMoreUrl;
pub use missing_sample_output::MissingSampleOutput;
pub use missing_test::MissingTest;
