mod contact;
mod invalid_listing_metadata;
mod missing_listing_description;
mod missing_support_contact;
mod unfilled_listing_template;

pub use invalid_listing_metadata::InvalidListingMetadata;
pub use missing_listing_description::MissingListingDescription;
pub use missing_support_contact::MissingSupportContact;
pub use unfilled_listing_template::UnfilledListingTemplate;
