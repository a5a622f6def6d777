mod internal_error;
mod invalid_suppression;
mod io_error;
mod missing_title;
mod syntax_error;
mod unknown_top_level_key;
mod unused_suppression;

pub use internal_error::InternalError;
pub use invalid_suppression::InvalidSuppression;
pub use io_error::IoError;
pub use missing_title::MissingTitle;
pub use syntax_error::SyntaxError;
pub use unknown_top_level_key::UnknownTopLevelKey;
pub use unused_suppression::UnusedSuppression;
