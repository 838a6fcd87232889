//! The `secl` binary: everything happens in [`secl::run`].

use std::process::ExitCode;

fn main() -> ExitCode {
    secl::run(std::env::args_os())
}
