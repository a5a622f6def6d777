//! The secrets engine: provider formats as data (`rules/secrets/*.toml`), found with one
//! keyword pass per file and byte-oriented regexes for the detectors whose keywords hit,
//! then filtered by entropy, checksums and placeholder checks.

mod assess;
mod collect;
mod detectors;
pub mod fake;
mod judge;
mod merge;
mod position;
mod recipe;
mod ruby;
mod sites;
mod state;
mod text;
mod values;
mod vocabulary;

pub use assess::{
    assess, looks_fake, name_strength, shape_of, Assessment, Binding, Evidence, Role, Shape, Sink,
    Strength,
};
pub(crate) use collect::{comment_may_collect, may_collect, Collected, FileFacts};
pub use detectors::Candidate;
pub use detectors::{
    may_add_credential, Checksum, Detector, DetectorError, SecretsEngine, Verdict,
};
pub(crate) use judge::{explained_as, judge, role_help};
pub(crate) use merge::{merge_ruby, merge_text};
pub use position::{surroundings_of, surroundings_of_range, Place, Surroundings};
pub(crate) use recipe::recipe_values;
pub(crate) use ruby::Position;
pub(crate) use sites::{
    in_token_request, is_code_position, may_be_site, oauth_position, siblings, Site, SiteKind,
};
pub(crate) use state::FileState;
pub use values::{entropy, is_secret_name, reads_like_words, value_class, ValueClass};
