mod hardcoded_credential;
mod hardcoded_oauth_client_credential;
mod hardcoded_secret;
mod placeholder_credential;
mod unmasked_credential_field;

pub use hardcoded_credential::HardcodedCredential;
pub use hardcoded_oauth_client_credential::HardcodedOauthClientCredential;
pub use hardcoded_secret::{scan_plain_text, HardcodedSecret};
pub use placeholder_credential::PlaceholderCredential;
pub use unmasked_credential_field::UnmaskedCredentialField;
