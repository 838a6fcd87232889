//! One module per subcommand: each takes the validated [`App`](crate::app::App),
//! its own arguments and the terminal, and returns an exit status.

pub mod add;
pub mod balance;
pub mod chart;
pub mod check;
pub mod export;
pub mod fmt;
pub mod import;
pub mod init;
pub mod register;
pub mod tags;
pub mod targets;
