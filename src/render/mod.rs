//! Rendering: turning reports and diagnostics into text, JSON, CSV and the
//! formats CI systems read. Renderers write to any `io::Write` and never
//! look at the terminal themselves: colour is decided once, by the caller.

pub mod balance;
pub mod csv;
pub mod diagnostics;
pub mod export;
pub mod numbers;
pub mod register;
pub mod table;
pub mod targets;

/// `--color`: when to use colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set and non-empty.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream that is (`terminal`) or is not a terminal.
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                terminal && !no_color
            }
        }
    }
}
