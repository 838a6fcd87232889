//! Rendering: turning reports and diagnostics into text, JSON, CSV and the
//! formats CI systems read. Renderers write to any `io::Write` and never
//! look at the terminal themselves: colour is decided once, by the caller.

pub mod balance;
pub mod chart;
pub mod csv;
pub mod diagnostics;
pub mod export;
pub mod html;
pub mod numbers;
pub mod register;
pub mod review;
pub mod review_html;
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

/// The semantic palette every report uses: styles by meaning, so that a
/// report never picks a raw colour.
pub struct Palette {
    /// Column headers.
    pub header: owo_colors::Style,
    /// Top-level rows (domains).
    pub domain: owo_colors::Style,
    /// Total lines.
    pub total: owo_colors::Style,
    /// Zeros, dates, periods with no time.
    pub muted: owo_colors::Style,
    /// Increases.
    pub rise: owo_colors::Style,
    /// Decreases.
    pub fall: owo_colors::Style,
    /// A target met.
    pub ok: owo_colors::Style,
    /// A target narrowly missed.
    pub near: owo_colors::Style,
    /// A target clearly missed.
    pub far: owo_colors::Style,
}

/// The palette.
pub const PALETTE: Palette = Palette {
    header: owo_colors::Style::new().bold(),
    domain: owo_colors::Style::new().bold(),
    total: owo_colors::Style::new().bold(),
    muted: owo_colors::Style::new().dimmed(),
    rise: owo_colors::Style::new().green(),
    fall: owo_colors::Style::new().red(),
    ok: owo_colors::Style::new().green(),
    near: owo_colors::Style::new().yellow(),
    far: owo_colors::Style::new().red(),
};

/// A report period in JSON: `{"label", "first", "last"}` (grammar.md, Reports).
#[derive(serde::Serialize)]
pub struct JsonPeriod {
    label: String,
    first: String,
    last: String,
}

impl From<&crate::period::Column> for JsonPeriod {
    fn from(column: &crate::period::Column) -> JsonPeriod {
        JsonPeriod {
            label: column.label.clone(),
            first: column.span.first.to_string(),
            last: column.span.last.to_string(),
        }
    }
}
