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
pub mod review;
pub mod tags;
pub mod targets;
pub mod timer;

use crate::app::UsageError;
use crate::period::{Column, DateSpan, Unit};
use crate::report::{MAX_COLUMNS, column_count, columns};

/// A report's columns (see [`columns`]), refused when `--by` would cut
/// the span into more than [`MAX_COLUMNS`].
pub fn report_columns(
    span: Option<DateSpan>,
    unit: Option<Unit>,
) -> Result<Vec<Column>, UsageError> {
    if let (Some(span), Some(unit)) = (span, unit)
        && column_count(span, unit, MAX_COLUMNS) > MAX_COLUMNS
    {
        return Err(UsageError::new(
            format!(
                "`--by {}` cuts {} into more than {MAX_COLUMNS} columns",
                unit.name(),
                span.label()
            ),
            "use a coarser unit (--by week, month, quarter or year) or a shorter period",
        ));
    }
    Ok(columns(span, unit))
}
