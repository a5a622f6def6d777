mod internal_error;
mod io_error;
mod missing_title;
mod syntax_error;
mod unknown_top_level_key;

pub use internal_error::InternalError;
pub use io_error::IoError;
pub use missing_title::MissingTitle;
pub use syntax_error::SyntaxError;
pub use unknown_top_level_key::UnknownTopLevelKey;
