//! Every example in every command's `--help` runs as written, against the
//! bundled example journal: a documented example that fails is a defect.
//! Each runs in a fresh directory holding `journal.sec` and `team.sec`
//! (copies of `examples/2024-q1.sec`), `alice/` and `bob/` (one each),
//! `in.sec`, a timer running since 08:00 (the clock is 18:00), and for
//! `import` `calendar.ics` and `secl.rules`; `$HOME` is
//! that directory, so `~/…` stays inside it. What
//! follows `>` or `|` (output for another program) and a trailing comment
//! (two spaces, then prose) is left out; `< FILE` becomes standard input.
//! `init` runs in an empty directory, and an example whose comment says it
//! may exit 1 may.

mod common;

use std::fs;
use std::path::Path;

use common::{root, secl};

/// The commands whose `--help` shows examples.
const COMMANDS: &[&str] = &[
    "check",
    "balance",
    "register",
    "targets",
    "review",
    "tags",
    "export",
    "fmt",
    "add",
    "import",
    "start",
    "stop",
    "status",
    "chart",
    "init",
    "completions",
    "man",
];

/// The example lines of `secl COMMAND --help`.
fn examples(command: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let output = secl(dir.path()).args([command, "--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    help.lines()
        .skip_while(|line| *line != "Examples:")
        .skip(1)
        .take_while(|line| line.starts_with("  secl "))
        .map(|line| line.trim().to_string())
        .collect()
}

/// An example split into arguments (single quotes group words), without
/// the leading `secl`, what goes to other programs, or a trailing comment;
/// and the file given as standard input, if any.
fn arguments(example: &str) -> (Vec<String>, Option<String>) {
    let command = example.split("  ").next().unwrap();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in command.chars() {
        match c {
            '\'' => quoted = !quoted,
            '#' if !quoted && word.is_empty() => {
                panic!("`{example}`: an unquoted # starts a shell comment; quote it")
            }
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    assert_eq!(words.first().map(String::as_str), Some("secl"), "{example}");
    let mut args = Vec::new();
    let mut stdin = None;
    let mut rest = words.into_iter().skip(1);
    while let Some(word) = rest.next() {
        match word.as_str() {
            ">" | "|" | "&&" => break,
            "<" => stdin = rest.next(),
            _ => args.push(word),
        }
    }
    (args, stdin)
}

/// A directory laid out for the examples: a journal root whose journal
/// reaches every `.sec` file below it, and two people's roots beside it.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let journal = root().join("examples/2024-q1.sec");
    let copy = |to: &Path| {
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&journal, to).unwrap();
    };
    for name in ["journal.sec", "alice/journal.sec", "bob/journal.sec"] {
        copy(&dir.path().join(name));
    }
    let mut root_text = fs::read_to_string(dir.path().join("journal.sec")).unwrap();
    // A timer running since 08:00 on "today", for `stop` and `status`.
    root_text.push_str("\ninclude team.sec\ninclude in.sec\n\n2024-04-10\n  08:00-?      okr\n");
    fs::write(dir.path().join("journal.sec"), root_text).unwrap();
    fs::write(dir.path().join("team.sec"), "2024-04-01\n  1h  Strategy\n").unwrap();
    fs::write(dir.path().join("in.sec"), "2024-04-02\n  1h   Strategy\n").unwrap();
    // For `import`: a calendar export and rules beside the journal.
    fs::copy(
        root().join("tests/fixtures/import/google.ics"),
        dir.path().join("calendar.ics"),
    )
    .unwrap();
    fs::write(
        dir.path().join("secl.rules"),
        "skip (?i)lunch\nmatch (?i)sync Execution\ndefault Strategy\n",
    )
    .unwrap();
    dir
}

#[test]
fn every_help_example_runs() {
    let mut failures = Vec::new();
    let mut count = 0;
    for command in COMMANDS {
        let examples = examples(command);
        assert!(
            !examples.is_empty(),
            "`secl {command} --help` shows no examples"
        );
        for example in examples {
            count += 1;
            // `init` never overwrites, so it gets an empty directory.
            let dir = if *command == "init" {
                tempfile::tempdir().unwrap()
            } else {
                workspace()
            };
            let (args, stdin) = arguments(&example);
            // An example that says it may exit 1 (for CI) may.
            let allowed = if example.contains("exit 1 when") {
                &[0, 1][..]
            } else {
                &[0][..]
            };
            let mut cmd = secl(dir.path());
            cmd.args(&args)
                .env("HOME", dir.path())
                .env("SECL_FILE", dir.path().join("journal.sec"))
                .env("SECL_TODAY", "2024-04-10")
                .env("SECL_NOW", "2024-04-10T18:00");
            if let Some(file) = stdin {
                cmd.pipe_stdin(dir.path().join(file)).unwrap();
            }
            let output = cmd.output().unwrap();
            if !output
                .status
                .code()
                .is_some_and(|code| allowed.contains(&code))
            {
                failures.push(format!(
                    "{example}\n  exit {:?}: {}",
                    output.status.code(),
                    String::from_utf8_lossy(&output.stderr).trim()
                ));
            }
        }
    }
    assert!(count >= 24, "only {count} examples found");
    assert!(
        failures.is_empty(),
        "help examples that fail:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_splitter_reads_quotes_redirections_and_comments() {
    assert_eq!(
        arguments("secl add 45m 'Risk assessment' vendor review '#soc2'"),
        (
            ["add", "45m", "Risk assessment", "vendor", "review", "#soc2"]
                .map(String::from)
                .to_vec(),
            None
        )
    );
    assert_eq!(
        arguments("secl fmt - < in.sec > out.sec  format standard input"),
        (
            ["fmt", "-"].map(String::from).to_vec(),
            Some("in.sec".into())
        )
    );
    assert_eq!(
        arguments("secl export -o timedot > t.timedot && hledger -f t.timedot bal"),
        (["export", "-o", "timedot"].map(String::from).to_vec(), None)
    );
}
