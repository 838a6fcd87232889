//! Value parsers that tell shells what to offer: the units after `--by`,
//! the formats after `-o`, period words in a period's place. clap's
//! generated bash, zsh and fish scripts complete an argument from its
//! parser's possible values (and with none, complete file names). The
//! values are hidden from `--help`, whose text already names them.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::{Error, ErrorKind};
use clap::{Arg, Command};

use crate::period::Unit;

/// Period words a shell offers in a period's place; each parses as
/// written (`last-month` is `last month`).
pub const PERIOD_WORDS: &[&str] = &[
    "today",
    "yesterday",
    "this-week",
    "this-month",
    "this-quarter",
    "this-year",
    "last-week",
    "last-month",
    "last-quarter",
    "last-year",
    "last-7-days",
    "last-30-days",
];

/// A text argument whose likely values a shell should offer; any text is
/// accepted (a period, a query term, a file name), the command checks it.
#[derive(Clone, Copy, Debug)]
pub struct Offer(pub &'static [&'static str]);

impl TypedValueParser for Offer {
    type Value = String;

    fn parse_ref(&self, cmd: &Command, arg: Option<&Arg>, value: &OsStr) -> Result<String, Error> {
        value.to_str().map(str::to_string).ok_or_else(|| {
            let name = arg.map_or_else(|| "value".to_string(), ToString::to_string);
            Error::raw(
                ErrorKind::InvalidUtf8,
                format!("{name} is not valid UTF-8\n"),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|&v| PossibleValue::new(v))))
    }
}

/// `--by UNIT`: day, week, month, quarter or year (and their adverbs,
/// accepted but not offered).
#[derive(Clone, Copy, Debug)]
pub struct UnitParser;

impl TypedValueParser for UnitParser {
    type Value = Unit;

    fn parse_ref(&self, cmd: &Command, arg: Option<&Arg>, value: &OsStr) -> Result<Unit, Error> {
        // clap words the error of a plain function parser; keep its wording.
        let parse = |text: &str| {
            Unit::parse(text).ok_or_else(|| {
                format!("`{text}` is not a unit: use day, week, month, quarter or year")
            })
        };
        parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            Unit::ALL.iter().map(|u| PossibleValue::new(u.name())),
        ))
    }
}

/// What a shell needs beyond clap's generated script: fish completes a
/// positional argument with file names whatever its values, so each
/// subcommand whose positional offers values gets a line that offers them
/// (and no files). Empty for the other shells.
pub fn extra_completions(shell: clap_complete::Shell, cli: &Command) -> String {
    if shell != clap_complete::Shell::Fish {
        return String::new();
    }
    let mut lines = String::new();
    for sub in cli.get_subcommands() {
        let offered: Vec<String> = sub
            .get_positionals()
            .filter_map(|arg| arg.get_value_parser().possible_values())
            .flatten()
            .map(|value| value.get_name().to_string())
            .collect();
        if !offered.is_empty() {
            lines.push_str(&format!(
                "complete -c {} -n \"__fish_{}_using_subcommand {}\" -f -a \"{}\"\n",
                cli.get_name(),
                cli.get_name(),
                sub.get_name(),
                offered.join(" ")
            ));
        }
    }
    lines
}
