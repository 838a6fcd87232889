//! One module per subcommand: each takes the validated [`App`](crate::app::App),
//! its own arguments and the terminal, and returns an exit status.

pub mod balance;
pub mod check;
pub mod export;
pub mod register;
pub mod tags;
pub mod targets;
