//! secl: a plain-text time ledger. Journals of `.sec` files are read,
//! parsed, resolved against a taxonomy of work, checked, and reported.
//!
//! Data flows one way: `load` (files) → `parse` (lines) → `journal`
//! (declarations, resolution) → `report` (numbers) → `render` (text, JSON).
//! Diagnostics are collected on the side (`diag`) and never stop the flow.

#![warn(missing_docs)]

pub mod app;
pub mod chunked;
pub mod cli;
pub mod commands;
pub mod diag;
pub mod edit;
pub mod fmt;
pub mod import;
pub mod journal;
pub mod lint;
pub mod load;
pub mod logs;
pub mod lsp;
pub mod parse;
pub mod period;
pub mod query;
pub mod render;
pub mod report;
pub mod resolve;
pub mod roots;
pub mod source;
pub mod taxonomy;
pub mod timer;
pub mod write;

pub use app::run;
