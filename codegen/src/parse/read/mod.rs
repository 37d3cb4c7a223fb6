//! Readers: one per markup, each lowering a page to the one document model
//! ([`super::doc`]). What a page means is found over the model, never here;
//! a reader only decides what the markup says is a heading, a table, a list
//! or a code block, and where each starts.

pub mod asciidoc;
pub mod flattened;
pub mod html;
pub(crate) mod lines;
pub mod markdown;
pub mod rst;
