//! The rules, one file per rule under a folder per category. This list is the
//! registry: it declares each rule's module and the order rules are listed in
//! (`connlint rules`, the README table, SARIF). Adding a rule is its file, its line
//! here and its fixtures; everything else the engine needs is in its `declare_rule!`.

pub(crate) mod contact;
mod helpers;

crate::declare_all_rules! {
    correctness {
        syntax_error::SyntaxError,
        missing_title::MissingTitle,
        unknown_top_level_key::UnknownTopLevelKey,
        duplicate_key::DuplicateKey,
        invalid_auth_type::InvalidAuthType,
        multi_auth_without_selected::MultiAuthWithoutSelected,
        insecure_url::InsecureUrl,
        missing_execute::MissingExecute,
        missing_poll_or_webhook::MissingPollOrWebhook,
        missing_dedup::MissingDedup,
        webhook_key_with_subscribe::WebhookKeyWithSubscribe,
        missing_webhook_unsubscribe::MissingWebhookUnsubscribe,
        undefined_method::UndefinedMethod,
        unused_method::UnusedMethod,
        undefined_object_definition::UndefinedObjectDefinition,
        unused_object_definition::UnusedObjectDefinition,
        undefined_pick_list::UndefinedPickList,
        unused_pick_list::UnusedPickList,
        toggle_field_without_hint::ToggleFieldWithoutHint,
        multiselect_without_delimiter::MultiselectWithoutDelimiter,
        object_without_properties::ObjectWithoutProperties,
        array_without_of::ArrayWithoutOf,
        unknown_control_type::UnknownControlType,
        unknown_field_key::UnknownFieldKey,
        password_type_instead_of_control_type::PasswordTypeInsteadOfControlType,
        debug_output::DebugOutput,
        invisible_character::InvisibleCharacter,
        invalid_suppression::InvalidSuppression,
        unused_suppression::UnusedSuppression,
        io_error::IoError,
        template_file::TemplateFile,
        internal_error::InternalError,
    }
    security {
        hardcoded_oauth_client_credential::HardcodedOauthClientCredential,
        hardcoded_credential::HardcodedCredential,
        hardcoded_secret::HardcodedSecret,
        placeholder_credential::PlaceholderCredential,
        unmasked_credential_field::UnmaskedCredentialField,
        unignored_master_key::UnignoredMasterKey,
        plain_settings_file::PlainSettingsFile,
        unencrypted_cassette::UnencryptedCassette,
    }
    documentation {
        missing_description::MissingDescription,
        missing_help::MissingHelp,
        missing_learn_more_url::MissingLearnMoreUrl,
        missing_custom_action_help::MissingCustomActionHelp,
        missing_field_label_or_hint::MissingFieldLabelOrHint,
        missing_connection_field_hint::MissingConnectionFieldHint,
        missing_sample_output::MissingSampleOutput,
        missing_test::MissingTest,
    }
    style {
        action_title_style::ActionTitleStyle,
    }
    listing {
        missing_support_contact::MissingSupportContact,
        unfilled_listing_template::UnfilledListingTemplate,
        missing_listing_description::MissingListingDescription,
        invalid_listing_metadata::InvalidListingMetadata,
        missing_listing_metadata::MissingListingMetadata,
        invalid_package_metadata::InvalidPackageMetadata,
    }
    recipes {
        invalid_package_file::InvalidPackageFile,
        credential_in_connection_file::CredentialInConnectionFile,
        unshipped_custom_connector::UnshippedCustomConnector,
        unused_custom_connector::UnusedCustomConnector,
        missing_recipe_description::MissingRecipeDescription,
        complex_recipe::ComplexRecipe,
        uncommented_recipe_steps::UncommentedRecipeSteps,
    }
}
