//! Shell completion offers values, not file names, after `--by`,
//! `--format`, `-o` and in a period's place: the generated bash, zsh and
//! fish scripts are inspected, and bash's is driven for real.

mod common;

use std::process::Command;

use common::run;

/// `secl completions SHELL`.
fn script(shell: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["completions", shell]);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

#[test]
fn zsh_offers_units_formats_and_periods() {
    let zsh = script("zsh");
    for wanted in [
        ":UNIT:(day week month quarter year)",
        "--output=[Output format (text, json, csv, html) or a file whose extension names it]:FORMAT|FILE:(text json csv html)",
        ":FORMAT|FILE:(timedot ledger)",
        "--format=[Output format]:FORMAT:((human\\:",
        ":PERIOD:(today yesterday this-week this-month",
        "last-7-days",
    ] {
        assert!(zsh.contains(wanted), "zsh lacks {wanted}");
    }
}

#[test]
fn fish_offers_units_formats_and_periods() {
    let fish = script("fish");
    let line = |subcommand: &str, option: &str| -> String {
        fish.lines()
            .find(|l| l.contains(&format!("using_subcommand {subcommand}\"")) && l.contains(option))
            .unwrap_or_else(|| panic!("no {subcommand} {option} in fish"))
            .to_string()
    };
    let by = line("balance", "-l by ");
    assert!(by.contains("-f -a") && by.contains("quarter"), "{by}");
    let output = line("register", "-l output");
    assert!(
        output.contains("-f -a") && output.contains("csv"),
        "{output}"
    );
    let format = line("check", "-l format");
    assert!(format.contains("-f -a \"human"), "{format}");
    // The positional period of balance: period words, no file names.
    assert!(
        fish.lines()
            .any(|l| l.contains("using_subcommand balance\" -f -a \"today")
                && l.contains("last-month")),
        "fish offers no period words for balance"
    );
}

/// Sources the bash script and asks `_secl` for the words after `line`
/// (whose last word is the one being completed).
fn bash_complete(line: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secl.bash");
    std::fs::write(&path, script("bash")).unwrap();
    let words: Vec<String> = line.iter().map(|w| format!("'{w}'")).collect();
    let driver = format!(
        "source '{}'\n\
         COMP_WORDS=({})\n\
         COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n\
         COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}\n\
         _secl secl \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        path.display(),
        words.join(" ")
    );
    let output = Command::new("bash")
        .arg("-c")
        .arg(driver)
        .current_dir(dir.path())
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_values_for_real() {
    assert_eq!(
        bash_complete(&["secl", "balance", "--by", ""]),
        ["day", "week", "month", "quarter", "year"]
    );
    assert_eq!(
        bash_complete(&["secl", "balance", "-o", ""]),
        ["text", "json", "csv", "html"]
    );
    assert_eq!(
        bash_complete(&["secl", "export", "-o", ""]),
        ["timedot", "ledger"]
    );
    assert_eq!(
        bash_complete(&["secl", "check", "--format", ""]),
        ["human", "short", "short-bytes", "json", "github", "sarif"]
    );
    assert_eq!(
        bash_complete(&["secl", "balance", "last-m"]),
        ["last-month"]
    );
    assert_eq!(
        bash_complete(&["secl", "targets", "this-q"]),
        ["this-quarter"]
    );
}

/// Every offered period word is a period.
#[test]
fn offered_period_words_parse() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("j.sec"), "2024-01-15  1h  Strategy\n").unwrap();
    let zsh = script("zsh");
    let start = zsh.find(":PERIOD:(").unwrap() + ":PERIOD:(".len();
    let words = &zsh[start..start + zsh[start..].find(')').unwrap()];
    assert!(words.split(' ').count() >= 10, "{words}");
    for word in words.split(' ') {
        let (code, _, stderr) = run(
            dir.path(),
            &["--today", "2024-01-20", "balance", word, "-o", "json"],
        );
        assert_eq!(code, 0, "{word}: {stderr}");
    }
}
