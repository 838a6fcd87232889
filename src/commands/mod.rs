//! One module per subcommand: each takes the validated [`App`](crate::app::App),
//! its own arguments and the terminal, and returns an exit status.

pub mod check;
pub mod tags;
