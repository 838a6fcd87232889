//! `.pre-commit-hooks.yaml` (the hooks a journal repository can use) and the YAML snippets of
//! `docs/ci.md`: all parsed as YAML, checked field by field, and their `secl` commands run.

mod common;

use std::path::Path;

use regex::Regex;
use serde::Deserialize;
use serde_norway::Value;

fn read(path: &str) -> String {
    std::fs::read_to_string(common::root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A hook as pre-commit reads it; unknown keys (a misspelt `pass_filenames`) are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hook {
    id: String,
    name: String,
    description: Option<String>,
    entry: String,
    language: String,
    files: String,
    /// pre-commit's default is true.
    pass_filenames: Option<bool>,
    /// `language: rust` needs pre-commit 2.21.0 or later.
    minimum_pre_commit_version: String,
}

fn hooks() -> Vec<Hook> {
    serde_norway::from_str(&read(".pre-commit-hooks.yaml"))
        .unwrap_or_else(|e| panic!(".pre-commit-hooks.yaml: {e}"))
}

#[test]
fn hooks_file_declares_secl_check_and_secl_fmt() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["secl-check", "secl-fmt"]);

    let check = &hooks[0];
    assert_eq!(check.entry, "secl check");
    // It checks the default input, the whole journal, not the files being committed (grammar.md, "Day checks": they span the files of a log).
    assert_eq!(check.pass_filenames, Some(false));

    let fmt = &hooks[1];
    assert_eq!(fmt.entry, "secl fmt --check");
    assert_ne!(
        fmt.pass_filenames,
        Some(false),
        "secl-fmt must get the file names"
    );

    for hook in &hooks {
        assert_eq!(hook.language, "rust", "{}", hook.id);
        assert_eq!(hook.minimum_pre_commit_version, "2.21.0", "{}", hook.id);
        assert_eq!(hook.files, r"\.sec$", "{}", hook.id);
        assert!(!hook.name.is_empty() && hook.description.as_ref().is_some_and(|d| !d.is_empty()));
        // pre-commit matches `files` with Python's re.search against paths from the repo root.
        let files = Regex::new(&hook.files).unwrap();
        for path in ["journal.sec", "2024/q1.sec", "team/ana.sec"] {
            assert!(files.is_match(path), "{} skips {path}", hook.id);
        }
        for path in [
            "journal.secx",
            "journal.sec.bak",
            "sec",
            "platform.taxonomy",
            "README.md",
        ] {
            assert!(!files.is_match(path), "{} runs on {path}", hook.id);
        }
    }
}

/// A small journal repository whose first entry is `entry`, with a target that is met, so every
/// documented command has something to do.
fn journal(dir: &Path, entry: &str) {
    std::fs::create_dir_all(dir.join("2024")).unwrap();
    std::fs::write(
        dir.join("main.sec"),
        "taxonomy sec\ntarget Strategy  >=10%\ninclude 2024/*.sec\n",
    )
    .unwrap();
    let text = format!("2024-01-15\n{entry}\n  30m  Culture\n");
    std::fs::write(dir.join("2024/01.sec"), text).unwrap();
}

/// As `secl fmt` writes it.
const GOOD: &str = "  1h   Strategy  ; plan";
/// An unknown tag.
const BROKEN: &str = "  1h   Stratgy  ; plan";
/// Fine, but not in the canonical layout.
const MESSY: &str = "  1h Strategy ; plan";

/// Runs a hook's entry the way pre-commit does: in the repository root, followed by the file
/// names when `pass_filenames` is on.
fn run_hook(hook: &Hook, dir: &Path, files: &[&str]) -> (i32, String, String) {
    let mut args: Vec<&str> = hook.entry.split_whitespace().collect();
    assert_eq!(args.remove(0), "secl", "{}", hook.entry);
    if hook.pass_filenames != Some(false) {
        args.extend(files);
    }
    common::run(dir, &args)
}

#[test]
fn hook_entries_pass_a_good_journal_and_fail_a_bad_one() {
    let hooks = hooks();
    let (check, fmt) = (&hooks[0], &hooks[1]);

    let good = tempfile::tempdir().unwrap();
    journal(good.path(), GOOD);
    let (code, stdout, stderr) = run_hook(check, good.path(), &["2024/01.sec"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("no problems in 2 files"), "{stderr}");
    let (code, stdout, stderr) = run_hook(fmt, good.path(), &["main.sec", "2024/01.sec"]);
    assert_eq!(code, 0, "{stdout}{stderr}");

    let broken = tempfile::tempdir().unwrap();
    journal(broken.path(), BROKEN);
    // Even when only main.sec is committed, the whole journal is checked.
    let (code, stdout, _) = run_hook(check, broken.path(), &["main.sec"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("Stratgy"), "{stdout}");

    let messy = tempfile::tempdir().unwrap();
    journal(messy.path(), MESSY);
    let (code, stdout, stderr) = run_hook(fmt, messy.path(), &["main.sec"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let (code, stdout, stderr) = run_hook(fmt, messy.path(), &["main.sec", "2024/01.sec"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("-{MESSY}")) && stdout.contains(&format!("+{GOOD}")),
        "{stdout}"
    );
    let (code, stdout, stderr) = run_hook(check, messy.path(), &["2024/01.sec"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

/// The ```yaml blocks of a Markdown text, fences indented or not, without their indentation.
fn yaml_blocks(markdown: &str) -> Vec<(usize, String)> {
    let fence = Regex::new(r"^([ \t]*)```yaml[ \t]*$").unwrap();
    let mut blocks = Vec::new();
    let mut lines = markdown.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let Some(caps) = fence.captures(line) else {
            continue;
        };
        let indent = caps[1].to_string();
        let mut block = String::new();
        loop {
            let (_, line) = lines
                .next()
                .unwrap_or_else(|| panic!("line {}: unclosed", n + 1));
            if line.trim_end() == format!("{indent}```") {
                break;
            }
            block.push_str(
                line.strip_prefix(indent.as_str())
                    .unwrap_or(line.trim_start()),
            );
            block.push('\n');
        }
        blocks.push((n + 1, block));
    }
    blocks
}

fn docs_blocks() -> Vec<(usize, Value)> {
    let blocks = yaml_blocks(&read("docs/ci.md"));
    assert!(
        blocks.len() >= 5,
        "only {} yaml blocks in docs/ci.md",
        blocks.len()
    );
    blocks
        .into_iter()
        .map(|(line, block)| {
            let value = serde_norway::from_str(&block)
                .unwrap_or_else(|e| panic!("docs/ci.md, the yaml block at line {line}: {e}"));
            (line, value)
        })
        .collect()
}

#[test]
fn docs_ci_yaml_blocks_parse() {
    docs_blocks();
}

fn find<'a>(blocks: &'a [(usize, Value)], key: &str) -> Vec<&'a Value> {
    blocks
        .iter()
        .map(|(_, v)| v)
        .filter(|v| v.get(key).is_some())
        .collect()
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value:?}"))
}

#[test]
fn docs_github_workflow() {
    let blocks = docs_blocks();
    let workflows = find(&blocks, "jobs");
    assert_eq!(workflows.len(), 1);
    let workflow = workflows[0];
    assert!(workflow.get("on").is_some(), "the workflow has no `on`");
    assert_eq!(workflow["permissions"]["security-events"], "write");
    let url = text(&workflow["env"]["SECL_GIT"]);
    assert!(
        url.starts_with(env!("CARGO_PKG_REPOSITORY")),
        "secl's address, as Cargo.toml writes it: {url}"
    );

    let steps = workflow["jobs"]["secl"]["steps"].as_sequence().unwrap();
    let run = |needle: &str| {
        steps
            .iter()
            .find(|s| {
                s.get("run")
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.contains(needle))
            })
            .unwrap_or_else(|| panic!("no step runs {needle:?}"))
    };
    let install = run("cargo install --locked --git \"$SECL_GIT\"");
    assert_eq!(install["id"], "install");
    let check = run("secl check --format github");
    assert!(check.get("continue-on-error").is_none());
    let sarif = run("secl check --format sarif > secl.sarif");
    assert_eq!(sarif["continue-on-error"], true);
    let upload = steps
        .iter()
        .find(|s| {
            s.get("uses")
                .is_some_and(|u| u == "github/codeql-action/upload-sarif@v3")
        })
        .expect("an upload-sarif step");
    assert_eq!(upload["with"]["sarif_file"], "secl.sarif");
    for step in [sarif, upload] {
        assert!(text(&step["if"]).contains("!cancelled()"), "{step:?}");
    }
    run("secl targets --strict");
}

#[test]
fn docs_gitlab_job() {
    let blocks = docs_blocks();
    let jobs: Vec<&Value> = blocks
        .iter()
        .filter_map(|(_, v)| v.get("secl"))
        .filter(|job| job.get("image").is_some())
        .collect();
    assert_eq!(jobs.len(), 1);
    let job = jobs[0];
    assert_eq!(job["image"], "rust:latest");
    let before: Vec<&str> = job["before_script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(text)
        .collect();
    assert!(
        before
            .iter()
            .any(|l| l.starts_with("cargo install --locked --git")),
        "{before:?}"
    );
    let script: Vec<&str> = job["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(text)
        .collect();
    assert!(script.contains(&"secl check --format short"), "{script:?}");
}

#[test]
fn docs_pre_commit_configs_use_the_hooks() {
    let ids: Vec<String> = hooks().into_iter().map(|h| h.id).collect();
    let blocks = docs_blocks();
    let configs = find(&blocks, "repos");
    assert!(configs.len() >= 2);
    let mut remote = 0;
    for config in configs {
        for repo in config["repos"].as_sequence().unwrap() {
            let hooks = repo["hooks"].as_sequence().unwrap();
            let used: Vec<&str> = hooks.iter().map(|h| text(&h["id"])).collect();
            assert_eq!(used, ids, "{repo:?}");
            if repo["repo"] == "local" {
                // A local hook repeats the published one but for `language: system`.
                for (hook, published) in hooks.iter().zip(self::hooks()) {
                    assert_eq!(text(&hook["entry"]), published.entry);
                    assert_eq!(text(&hook["files"]), published.files);
                    assert_eq!(hook["language"], "system");
                    let pass = hook.get("pass_filenames").and_then(Value::as_bool);
                    assert_eq!(
                        pass.unwrap_or(true),
                        published.pass_filenames.unwrap_or(true)
                    );
                }
            } else {
                assert_eq!(
                    text(&repo["repo"]),
                    env!("CARGO_PKG_REPOSITORY"),
                    "{repo:?}"
                );
                assert!(repo.get("rev").is_some(), "{repo:?}");
                remote += 1;
            }
        }
    }
    assert!(remote >= 1);
}

/// Every `secl …` command in the snippets (a `run:` line, a `script:` item or a hook's entry)
/// runs, and succeeds on a good journal.
#[test]
fn docs_secl_commands_run() {
    fn commands(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.extend(
                s.lines()
                    .map(str::trim)
                    .filter(|l| l.starts_with("secl "))
                    .map(str::to_string),
            ),
            Value::Sequence(items) => items.iter().for_each(|v| commands(v, out)),
            Value::Mapping(map) => map.values().for_each(|v| commands(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for (_, block) in docs_blocks() {
        commands(&block, &mut found);
    }
    found.sort();
    found.dedup();
    assert!(found.len() >= 5, "{found:?}");
    let dir = tempfile::tempdir().unwrap();
    journal(dir.path(), GOOD);
    for command in &found {
        // A redirection is the shell's business.
        let command = command.split(" > ").next().unwrap();
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let (code, stdout, stderr) = common::run(dir.path(), &args);
        assert_eq!(code, 0, "`{command}` failed:\n{stdout}{stderr}");
    }
}
