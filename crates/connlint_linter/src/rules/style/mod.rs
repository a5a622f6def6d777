mod action_title_style;

pub use action_title_style::ActionTitleStyle;
