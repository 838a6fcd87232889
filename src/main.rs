//! The `secl` binary: everything happens in [`secl::run`].

use std::process::ExitCode;

fn main() -> ExitCode {
    // `COMPLETE=bash secl` (and zsh, fish, …): the dynamic completion
    // script, and the completions it asks for, which read the journal.
    clap_complete::CompleteEnv::with_factory(<secl::cli::Cli as clap::CommandFactory>::command)
        .complete();
    secl::run(std::env::args_os())
}
