mod hardcoded_credential;
mod hardcoded_oauth_client_credential;
mod hardcoded_secret;
mod placeholder_credential;
mod plain_settings_file;
mod unencrypted_cassette;
mod unignored_master_key;
mod unmasked_credential_field;

pub(crate) use hardcoded_credential::judge;
pub use hardcoded_credential::{scan_text_credentials, HardcodedCredential};
pub use hardcoded_oauth_client_credential::HardcodedOauthClientCredential;
pub use hardcoded_secret::{scan_plain_text, HardcodedSecret};
pub use placeholder_credential::PlaceholderCredential;
pub use plain_settings_file::PlainSettingsFile;
pub use unencrypted_cassette::UnencryptedCassette;
pub use unignored_master_key::UnignoredMasterKey;
pub use unmasked_credential_field::UnmaskedCredentialField;
